import Constructions
import Exact
import Proofs
import Reports
import Verification

/// `f1b prove` on the terminal: the region, then one line per n, then the verdict.
enum ProveTextWriter {
    static func text(_ r: ProofReport, statement s: Statement, files: [String]) -> String {
        let cell = s.origin.cell
        var out = "\(s.name): \(cell.model.rawValue)\(cell.activation.map { " (\($0.rawValue))" } ?? ""), K = \(cell.stateSize), flags \(cell.flags.rawValue)\n"
        out += "region: " + s.free.map { p in "\(p.name) ∈ [\(p.lower.map(\.description) ?? "−∞"), \(p.upper.map(\.description) ?? "∞")]" }.joined(separator: ", ")
        if !s.constraints.isEmpty { out += "; " + s.constraints.map(\.text).joined(separator: ", ") }
        out += "\nclaim: \(s.claim.rawValue) F1B(n) for n = \(s.lengths)\(s.origin.classifier == nil ? " (any classifier)" : " (the file's classifier)")\n"
        for p in r.results {
            out += "n = \(p.length): \(word(p.outcome)) — \(p.reason ?? "") [\(p.method), \(TimeFormat.seconds(p.seconds))]\n"
            if let f = p.fractions {
                out += "  region decided: " + RateText.percent(f.proved) + " for the claim, " + RateText.percent(f.refuted)
                    + " against it, " + RateText.percent(f.undecided) + " undecided (\(counted(p.boxes ?? 0, "box", plural: "boxes")))\n"
            }
            if let c = p.counterexample {
                out += "  counterexample: " + c.point.keys.sorted().map { "\($0) = \(c.point[$0]!)" }.joined(separator: ", ")
                out += "; f1b check at n = \(c.check.length): \(c.check.verdict.rawValue.uppercased()) (\(c.check.procedure.title))\n"
            }
        }
        if let e = r.everyLength {
            out += "all n: \(word(e.outcome)) — \(e.reason)\n"
        }
        for f in files { out += "written: \(f)\n" }
        return out + "statement: \(word(r.outcome))\n"
    }

    static func word(_ o: ProofReport.Outcome) -> String {
        switch o {
        case .proved: return "PROVED"
        case .refuted: return "REFUTED"
        case .undecided: return "UNDECIDED"
        }
    }

}

enum RateText {
    static func percent(_ x: Double) -> String {
        x == 0 ? "0%" : x == 1 ? "100%" : String(format: "%.4g%%", min(100 * x, 99.99))
    }
}

/// `f1b prove --json`.
enum ProveJSONWriter {
    /// Raised whenever a key changes meaning or goes away (readers check it).
    static let schema = 1

    static func json(_ r: ProofReport) -> String {
        func outcome(_ o: ProofReport.Outcome) -> JSON { .string(ProveTextWriter.word(o).lowercased()) }
        let results: [JSON] = r.results.map { p in
            .object([
                ("n", .int(p.length)), ("outcome", outcome(p.outcome)), ("method", .string(p.method)),
                ("reason", p.reason.map(JSON.string) ?? .null), ("seconds", .number(p.seconds)),
                ("fractions", p.fractions.map { .object([("proved", .number($0.proved)), ("refuted", .number($0.refuted)),
                                                        ("undecided", .number($0.undecided))]) } ?? .null),
                ("boxes", p.boxes.map(JSON.int) ?? .null),
                ("counterexample", p.counterexample.map { c in
                    .object([("point", .object(c.point.keys.sorted().map { ($0, .string(c.point[$0]!.description)) })),
                             ("check", .string(c.check.verdict.rawValue)), ("check_method", .string(c.check.procedure.title))])
                } ?? .null),
            ])
        }
        return JSON.object([
            ("schema", .int(schema)),
            ("name", .string(r.name)), ("claim", .string(r.claim.rawValue)), ("outcome", outcome(r.outcome)),
            ("results", .array(results)),
            ("all_n", r.everyLength.map { e in
                .object([("outcome", outcome(e.outcome)), ("stationary_from", e.stationaryFrom.map(JSON.int) ?? .null), ("reason", .string(e.reason))])
            } ?? .null),
        ]).serialized
    }
}
