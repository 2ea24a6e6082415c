import Simulation
import Bounds
import Exact
import F1B

/// `f1b bound` for people: a line per n, then the routes and thresholds.
enum BoundTextWriter {
    static func d(_ x: Interval) -> String { x.isPoint ? x.lower.decimalString(significantDigits: 6, .down) : x.decimalDescription(significantDigits: 6) }

    static func text(_ r: BoundReport, monteCarlo: [Int: ErrorEstimate] = [:]) -> String {
        var out = "Theorem 4 recursion with \(r.source), S_0 = \(r.s0); classifier sign(S_n)\n"
        out += "n     1/(n2^n)     Chebyshev Pe ≤        Cantelli Pe ≤         certifies  worst positive S_n      Pe = 0  enumerated Pe\(monteCarlo.isEmpty ? "" : "        Monte-Carlo Pe [95% CI]")\n"
        for row in r.rows {
            let enumerated = row.exactPe.map { $0.isZero ? "0" : $0.decimalString(significantDigits: 4, .down) } ?? (row.enumerated.map { "≥\($0.misclassified) paths, \($0.undecided) undecided" } ?? "—")
            let certifies = "\(row.chebyshevCertifies.rawValue)/\(row.cantelliCertifies.rawValue)"
            out += "\(pad(String(row.length), 6))\(pad(row.threshold.decimalString(significantDigits: 4, .down), 13))\(pad(d(row.chebyshev), 22))\(pad(d(row.cantelli), 22))\(pad(certifies, 11))\(pad(d(row.worstPositive), 24))\(pad(row.errorFree.rawValue, 8))\(monteCarlo.isEmpty ? enumerated : pad(enumerated, 22) + SimulationTextWriter.estimate(monteCarlo[row.length]!))\n"
        }
        for route in Route.allCases {
            let ns = r.certified[route] ?? []
            out += "\(route.rawValue) route certifies Pe = 0 at n = \(ns.isEmpty ? "none" : SequenceLengths.list(ns).description) (scanned 1...\(r.certifiedThrough))\n"
        }
        out += "smallest certifying gate A*, by route, as 1 − A* (bracketed):\n"
        for t in r.thresholds {
            let one = Rational(1)
            let bracket = "[\(t.upper.map { (one - $0).decimalString(significantDigits: 6, .down) } ?? "?"), \(t.lower.map { (one - $0).decimalString(significantDigits: 6, .up) } ?? "?")]"
            let a = t.logitUpper.map { " a* ≤ \($0.upper.decimalString(significantDigits: 6, .up))" } ?? ""
            out += "  n = \(pad(String(t.length), 5)) \(pad(t.route.rawValue, 11)) 1 − A* ∈ \(bracket)\(a)\(t.note.map { " (\($0))" } ?? "")\n"
        }
        return out
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}
