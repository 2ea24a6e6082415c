import Constructions
import Exact
import Verification

/// Text and JSON of a Flagged-m-Bit check (format only).
enum FlaggedBitsWriter {
    static func text(_ c: Construction, _ results: [FlaggedBitsLengthResult], _ all: FlaggedBitsAllLengths?) -> String {
        var out = "\(c.name): \(c.cell.model.rawValue), K = \(c.cell.stateSize), Flagged-\(c.flaggedBits)-Bit test "
        out += "(\(c.flaggedBits) flags; readout j classifies the j-th flagged bit)\n"
        for r in results {
            out += "n = \(r.length): \(r.verdict.rawValue.uppercased()) — \(r.method), \(r.arithmetic.rawValue), \(r.pathCount) paths"
            if let d = r.distinctFinalStates { out += ", \(d) distinct final states" }
            out += "\n"
            if let reason = r.reason { out += "  \(reason)\n" }
            for readout in r.readouts {
                out += "  readout \(readout.index): "
                if let classifier = readout.classifier {
                    out += "β = [\(classifier.beta.map(\.description).joined(separator: ", "))], γ = \(classifier.gamma)"
                    out += readout.classifierFound ? " (found: separates exactly)" : ""
                } else {
                    out += "no linear classifier separates the j-th bit's two classes"
                }
                if let wrong = readout.misclassified, let pe = readout.errorProbability {
                    out += "; misclassified \(wrong), Pe = \(pe)"
                }
                if let path = readout.counterexample { out += "; e.g. \(path)" }
                out += "\n"
            }
        }
        if let all {
            out += "every n: \(all.verdict.rawValue.uppercased()) — \(all.reason)\n"
        }
        return out
    }

    static func json(_ c: Construction, _ results: [FlaggedBitsLengthResult], _ all: FlaggedBitsAllLengths?) -> JSON {
        let verdicts = results.map(\.verdict) + (all.map { [$0.verdict] } ?? [])
        return .object([
            ("name", .string(c.name)), ("flagged_bits", .int(c.flaggedBits)), ("verdict", .string(Verdict.combined(verdicts).rawValue)),
            ("results", .array(results.map { r in
                .object([
                    ("n", .int(r.length)), ("verdict", .string(r.verdict.rawValue)), ("method", .string(r.method)),
                    ("arithmetic", .string(r.arithmetic.rawValue)), ("paths", .string(r.pathCount.description)),
                    ("distinct_final_states", r.distinctFinalStates.map { .int($0) } ?? .null),
                    ("reason", r.reason.map { .string($0) } ?? .null),
                    ("readouts", .array(r.readouts.map { o in
                        .object([
                            ("readout", .int(o.index)),
                            ("classifier", o.classifier.map { .object([("beta", .array($0.beta.map { .string($0.description) })), ("gamma", .string($0.gamma.description))]) } ?? .null),
                            ("classifier_source", .string(o.classifier == nil ? "none" : o.classifierFound ? "found" : "file")),
                            ("misclassified", o.misclassified.map { .string($0.description) } ?? .null),
                            ("pe", o.errorProbability.map { .string($0.description) } ?? .null),
                            ("counterexample", o.counterexample.map { .object([("flags_at", .array($0.flagPositions.map { .int($0) })), ("bits", .string($0.bitString))]) } ?? .null),
                        ])
                    })),
                ])
            })),
            ("all_n", all.map { .object([("verdict", .string($0.verdict.rawValue)), ("from", $0.from.map { .int($0) } ?? .null), ("reason", .string($0.reason))]) } ?? .null),
        ])
    }
}
