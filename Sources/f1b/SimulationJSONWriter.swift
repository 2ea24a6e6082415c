import Exact
import Simulation

/// `f1b simulate --json`: one object; the row lists are tidy (one row per
/// class, time, dimension and bin), ready for a data frame.
enum SimulationJSONWriter {
    /// Raised whenever a key changes meaning or goes away (the Python bridge checks it).
    static let schema = 1

    static func json(_ run: SimulationRun) -> String {
        let s = run.summary
        var pairs: [(String, JSON)] = [
            ("schema", .int(schema)),
            ("name", .string(run.name)),
            ("setup", setup(s.setup, stateSize: s.stateSize, precision: run.precision)),
            ("moments", .array(s.moments.map { m in
                .object([("class", .string(m.positive ? "positive" : "negative")), ("time", .int(m.time)),
                         ("dimension", .int(m.dimension)), ("mean", .number(m.mean)),
                         ("sd", .number(m.standardDeviation))])
            })),
            ("histograms", .array(histogramRows(s).map { row in .object(zip(SimulationCSVWriter.columns, row).map { ($0, $1) }) })),
            // K = 2: the joint states of the first paths of each class (Figure 4's bottom row).
            ("scatter", .array(s.scatter.flatMap { sample in
                [(true, sample.positive), (false, sample.negative)].flatMap { positive, points in
                    points.map { p in
                        JSON.object([("class", .string(positive ? "positive" : "negative")), ("time", .int(sample.time)),
                                     ("s1", .number(Double(p[0]))), ("s2", .number(Double(p[1])))])
                    }
                }
            })),
            ("fitted", .array(s.fitted.map { f in
                .object([("time", .int(f.time)), ("beta", .array(f.fit.beta.map(JSON.number))), ("gamma", .number(f.fit.gamma)),
                         ("training_error", estimate(f.fit.training)), ("test_error", estimate(f.fit.test))])
            })),
        ]
        if let c = s.fileClassifier {
            pairs.append(("file_classifier", .object([
                ("beta", .array(c.classifier.beta.map { .string($0.description) })), ("gamma", .string(c.classifier.gamma.description)),
                ("error", estimate(c.total)), ("positive_error", estimate(c.positive)), ("negative_error", estimate(c.negative)),
            ])))
        } else {
            pairs.append(("file_classifier", .null))
        }
        return JSON.object(pairs).serialized
    }

    static func setup(_ s: SimulationSetup, stateSize: Int, precision: SimulationPrecision) -> JSON {
        .object([("n", .int(s.length)), ("paths_per_class", .int(s.pathsPerClass)), ("seed", .string(String(s.seed))),
                 ("flag_at", s.flagPosition.map(JSON.int) ?? .null), ("times", .array(s.times.map(JSON.int))),
                 ("state_size", .int(stateSize)), ("precision", .string(precision.rawValue))])
    }

    static func estimate(_ e: ErrorEstimate) -> JSON {
        .object([("errors", .int(e.errors)), ("trials", .int(e.trials)), ("rate", .number(e.rate)),
                 ("lower", .number(e.lower)), ("upper", .number(e.upper)), ("confidence", .number(e.confidence))])
    }

    /// Rows in `SimulationCSVWriter.columns` order.
    static func histogramRows(_ s: SimulationSummary) -> [[JSON]] {
        s.histograms.flatMap { h in
            [(true, h.positive), (false, h.negative)].flatMap { positive, counts in
                counts.indices.map { i in
                    [.string(positive ? "positive" : "negative"), .int(h.time), .int(h.dimension), .int(i),
                     .number(h.binLower(i)), .number(h.binLower(i + 1)), .int(counts[i])]
                }
            }
        }
    }
}

/// `f1b simulate --csv FILE`: the histograms, one row per class, time, dimension and bin.
enum SimulationCSVWriter {
    static let columns = ["class", "time", "dimension", "bin", "bin_lower", "bin_upper", "count"]

    static func histograms(_ s: SimulationSummary) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for row in SimulationJSONWriter.histogramRows(s) {
            out += row.map { value -> String in
                if case .string(let text) = value { return text }
                return value.serialized
            }.joined(separator: ",") + "\n"
        }
        return out
    }
}

extension SimulationJSONWriter {
    /// A Flagged-m-Bit simulation.
    static func json(_ name: String, _ r: FlaggedBitsSimulation) -> String {
        JSON.object([
            ("schema", .int(schema)), ("name", .string(name)), ("flagged_bits", .int(r.flaggedBits)), ("n", .int(r.length)), ("paths", .int(r.paths)),
            ("seed", .string(String(r.seed))), ("seconds", .number(r.seconds)),
            ("readouts", .array(r.readouts.map { o in
                .object([("readout", .int(o.index)), ("file", o.fileError.map(estimate) ?? .null), ("fitted", estimate(o.fitted.test))])
            })),
            ("any_wrong", r.anyWrong.map(estimate) ?? .null),
        ]).serialized
    }
}
