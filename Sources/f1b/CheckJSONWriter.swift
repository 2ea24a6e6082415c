import Exact
import F1B
import Verification

/// Formats a `CheckReport` as the JSON object ARCHITECTURE.md documents. Exact values are strings
/// ("p/q"); paths are named by L (1-based) and their information bits (±1).
enum CheckJSONWriter {
    static func json(_ report: CheckReport) -> String {
        var pairs: [(String, JSON)] = [
            ("name", .string(report.name)),
            ("verdict", .string(report.verdict.rawValue)),
            ("results", .array(report.results.map(result))),
            ("all_n", report.allLengths.map { all in
                .object([("verdict", .string(all.verdict.rawValue)),
                         ("from", all.from.map(JSON.int) ?? .null),
                         ("reason", .string(all.reason)),
                         ("invariant", .array(all.invariant.map(layer))),
                         ("cover", all.cover.map(cover) ?? .null)])
            } ?? .null),
        ]
        if let expectation = report.expectation {
            pairs.append(("expect", .object([
                ("n", .string(expectation.lengths.description)),
                ("verdict", .string(expectation.verdict.rawValue)),
                ("confirmed", report.expectationConfirmed.map(JSON.bool) ?? .null),
            ])))
        }
        return JSON.object(pairs).serialized
    }

    static func exact(_ r: Rational) -> JSON { .string(r.description) }
    /// An enclosure as ["lower", "upper"], exact endpoints.
    static func interval(_ x: Interval) -> JSON { .array([exact(x.lower), exact(x.upper)]) }
    static func vector(_ v: [Rational]) -> JSON { .array(v.map(exact)) }

    /// The every-n certificate of covers: boxes per phase, each a list of [lower, upper] per state entry.
    static func cover(_ c: CoverInvariant) -> JSON {
        func boxes(_ b: [[Interval]]) -> JSON { .array(b.map { .array($0.map(interval)) }) }
        return .object([("from", .int(c.from)), ("classifier", classifier(c.classifier)),
                        ("before_flag", boxes(c.before)), ("positive", boxes(c.positive)), ("negative", boxes(c.negative))])
    }

    static func layer(_ l: ReachableLayer) -> JSON {
        .object([("step", .int(l.step)),
                 ("before_flag", .array(l.beforeFlag.map(vector))),
                 ("positive", .array(l.positive.map(vector))),
                 ("negative", .array(l.negative.map(vector)))])
    }

    static func classifier(_ c: Classifier) -> JSON {
        .object([("beta", vector(c.beta)), ("gamma", exact(c.gamma))])
    }

    static func path(_ p: Path) -> [(String, JSON)] {
        [("L", .int(p.flagPosition)), ("bits", .array(p.informationBits.map { .int(Int($0)) })), ("label", .int(p.label))]
    }

    static func result(_ r: LengthResult) -> JSON {
        var pairs: [(String, JSON)] = [
            ("n", .int(r.length)),
            ("verdict", .string(r.verdict.rawValue)),
            ("arithmetic", .string(r.arithmetic.rawValue)),
            ("method", .string(r.method)),
            ("paths", .string(r.pathCount.description)),
            ("misclassified", r.misclassified.map { .string($0.description) } ?? .null),
            ("misclassified_at_least", r.misclassifiedAtLeast.map { .string($0.description) } ?? .null),
            ("pe", r.errorProbability.map(exact) ?? .null),
            ("classifier", r.classifier.map(classifier) ?? .null),
            ("classifier_source", r.classifier == nil ? .null : .string(r.classifierFound ? "found" : "file")),
            ("margin", r.margin.map { exact($0.value) } ?? .null),
            ("margin_tie", r.margin?.tie.map { .int($0.rawValue) } ?? .null),
            ("counterexample", r.counterexample.map(counterexample) ?? .null),
        ]
        if let distinct = r.distinctStates {
            pairs.append(("distinct_final_states", .object([("positive", .int(distinct.positive)),
                                                            ("negative", .int(distinct.negative))])))
        }
        if let other = r.separatingClassifier {
            pairs.append(("separating_classifier", .object([("beta", vector(other.classifier.beta)),
                                                            ("gamma", exact(other.classifier.gamma)),
                                                            ("margin", exact(other.margin))])))
        }
        if let precision = r.precision { pairs.append(("precision_bits", .int(precision))) }
        if let hulls = r.enclosures {
            pairs.append(("enclosures", .object([("positive", interval(hulls.positive)), ("negative", interval(hulls.negative))])))
        }
        if let undecided = r.undecided { pairs.append(("undecided", .string(undecided.description))) }
        if let c = r.cover {
            pairs.append(("cover", .object([("before_flag_boxes", .int(c.before)), ("positive_boxes", .int(c.positive)),
                                            ("negative_boxes", .int(c.negative)), ("partition_leaves", .int(c.leaves)),
                                            ("rounds", .int(c.rounds))])))
        }
        if let reason = r.reason { pairs.append(("reason", .string(reason))) }
        return .object(pairs)
    }

    /// A path with its final state and score: exact values, or enclosures [lower, upper].
    static func scored(_ p: ScoredPath) -> JSON {
        if let enclosure = p.finalEnclosure {
            return .object(path(p.path) + [("final_state", .array(enclosure.map(interval))),
                                           ("score", p.scoreEnclosure.map(interval) ?? .null)])
        }
        return .object(path(p.path) + [("final_state", vector(p.finalState)), ("score", p.score.map(exact) ?? .null)])
    }

    static func counterexample(_ c: Counterexample) -> JSON {
        switch c {
        case .misclassified(let paths):
            return .object([
                ("kind", .string("misclassified")),
                ("paths", .array(paths.map(scored))),
            ])
        case .interleaved(let positiveBelow, let negativeAbove, let positiveAbove, let negativeBelow):
            return .object([
                ("kind", .string("interleaved")),
                ("positive_below", scored(positiveBelow)), ("negative_above", scored(negativeAbove)),
                ("positive_above", scored(positiveAbove)), ("negative_below", scored(negativeBelow)),
            ])
        case .radon(let positive, let negative):
            func weighted(_ w: WeightedEnclosure) -> JSON {
                .object([("weight", exact(w.weight))] + path(w.path) + [("final_state", .array(w.finalEnclosure.map(interval)))])
            }
            return .object([
                ("kind", .string("radon")),
                ("positive", .array(positive.map(weighted))),
                ("negative", .array(negative.map(weighted))),
            ])
        case .inseparable(let positive, let negative, let point):
            func weighted(_ w: WeightedPath) -> JSON {
                .object([("weight", exact(w.weight))] + path(w.path) + [("final_state", vector(w.finalState))])
            }
            return .object([
                ("kind", .string("inseparable")),
                ("positive", .array(positive.map(weighted))),
                ("negative", .array(negative.map(weighted))),
                ("point", vector(point)),
            ])
        }
    }
}
