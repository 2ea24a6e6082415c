import Simulation
import Bounds
import Exact
import F1B
import Reports

/// `f1b bound` for people: a line per n, then the routes and thresholds.
enum BoundTextWriter {
    static func d(_ x: Interval) -> String { x.isPoint ? x.lower.decimalString(significantDigits: 6, .down) : x.decimalDescription(significantDigits: 6) }

    static func text(_ r: BoundReport, monteCarlo: [Int: ErrorEstimate] = [:]) -> String {
        var out = "Theorem 4 recursion with \(r.source), S_0 = \(r.s0); classifier sign(S_n)\n"
        out += "Columns: 1/(n2^n) is Lemma 3's threshold; 'certifies' says whether the Chebyshev / Cantelli bound is below it, "
        out += "which proves Pe = 0 (yes, no, or ? when the enclosure straddles it); 'Pe = 0' is the exact worst case's answer.\n"
        out += "n     1/(n2^n)     Chebyshev Pe ≤        Cantelli Pe ≤         certifies  worst positive S_n      Pe = 0  enumerated Pe\(monteCarlo.isEmpty ? "" : "        Monte-Carlo Pe [95% CI]")\n"
        for row in r.rows {
            let enumerated = row.exactPe.map { $0.isZero ? "0" : $0.decimalString(significantDigits: 4) } ?? (row.enumerated.map { "≥\(counted($0.misclassified, "path")), \($0.undecided) undecided" } ?? "—")
            let certifies = "\(row.chebyshevCertifies.rawValue)/\(row.cantelliCertifies.rawValue)"
            out += "\(pad(String(row.length), 6))\(pad(row.threshold.decimalString(significantDigits: 4, .down), 13))\(pad(d(row.chebyshev), 22))\(pad(d(row.cantelli), 22))\(pad(certifies, 11))\(pad(d(row.worstPositive), 24))\(pad(row.errorFree.rawValue, 8))\(monteCarlo.isEmpty ? enumerated : pad(enumerated, 22) + SimulationTextWriter.estimate(monteCarlo[row.length]!))\n"
        }
        for route in Route.allCases {
            let ns = r.certified[route] ?? []
            out += "\(route.rawValue) route certifies Pe = 0 at n = \(ns.isEmpty ? "none" : SequenceLengths.list(ns).description) (scanned 1...\(r.certifiedThrough))\n"
        }
        out += "smallest gate A* at which each route certifies Pe = 0, as 1 − A* bracketed [certified, not certified]"
        out += " (the search starts at A = 1/2 and halves 1 − A):\n"
        for t in r.thresholds {
            out += "  n = \(pad(String(t.length), 5)) \(pad(t.route.rawValue, 11)) \(bracket(t))\(t.note.map { " (\($0))" } ?? "")\n"
        }
        return out
    }

    /// "1 − A* ∈ [x, y] a* ≤ z", or in words where an end was not reached.
    static func bracket(_ t: GateThreshold) -> String {
        let one = Rational(1)
        let a = t.logitUpper.map { " a* ≤ \($0.upper.decimalString(significantDigits: 6, .up))" } ?? ""
        switch (t.upper, t.lower) {
        case (let upper?, let lower?):
            return "1 − A* ∈ [\((one - upper).decimalString(significantDigits: 6, .down)), \((one - lower).decimalString(significantDigits: 6, .up))]\(a)"
        case (let upper?, nil):
            return "1 − A* ≥ \((one - upper).decimalString(significantDigits: 6, .down)): certified already at A = \(upper), no weaker gate tried\(a)"
        case (nil, let lower?):
            return "1 − A* < \((one - lower).decimalString(significantDigits: 6, .up)): no certified gate found"
        case (nil, nil):
            return "no gate decided"
        }
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}
