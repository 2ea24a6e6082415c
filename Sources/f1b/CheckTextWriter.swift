import Constructions
import Exact
import F1B
import Verification

/// Formats a `CheckReport` for people: one block per n, then the verdict.
/// Exact numbers are printed exactly; double-precision runs are marked.
enum CheckTextWriter {
    static func text(_ report: CheckReport, construction c: Construction) -> String {
        let cell = c.cell
        let activation = cell.activation.map { " (\($0.rawValue))" } ?? ""
        var out = "\(report.name): \(cell.model.rawValue)\(activation), K = \(cell.stateSize), flags \(cell.flags.rawValue)\n"
        for r in report.results { out += block(r) }
        if let all = report.allLengths {
            out += "all n: \(all.verdict.rawValue.uppercased()) — \(all.reason)\n"
            for layer in all.invariant {
                out += "  invariant sets at step \(layer.step):\n"
                for (name, states) in [("before the flag", layer.beforeFlag), ("after, label +1", layer.positive), ("after, label −1", layer.negative)] {
                    let shown = states.prefix(8).map(vector).joined(separator: " ")
                    out += "    \(name) (\(states.count)): \(shown)\(states.count > 8 ? " …" : "")\n"
                }
            }
        }
        let checked = report.results.map(\.length)
        out += "verdict: \(report.verdict.rawValue.uppercased())"
        if report.allLengths?.verdict == .pass {
            out += " for every n ≥ 1"
        } else if !checked.isEmpty {
            out += " for n = \(SequenceLengths.list(checked))"
        }
        if let e = report.expectation {
            switch report.expectationConfirmed {
            case true?: out += " (expect: \(e.verdict.rawValue) — confirmed)"
            case false?: out += " (expect: \(e.verdict.rawValue) — NOT what the file claims)"
            case nil: out += " (expect: \(e.verdict.rawValue) — not decided)"
            }
        }
        return out + "\n"
    }

    /// The path count n·2^n, written out while it is short.
    static func count(_ r: LengthResult) -> String {
        let digits = r.pathCount.description
        return digits.count <= 24 ? digits : "\(r.length)·2^\(r.length)"
    }

    static func vector(_ v: [Rational]) -> String { "[" + v.map(\.description).joined(separator: ", ") + "]" }

    static func block(_ r: LengthResult) -> String {
        let approx = r.arithmetic == .double ? "≈" : ""
        var out = "n = \(r.length): \(r.verdict.rawValue.uppercased())  \(count(r)) paths, \(r.method), \(r.arithmetic.rawValue)\n"
        if let m = r.misclassified, let pe = r.errorProbability {
            out += "  misclassified: \(approx)\(m), Pe = \(approx)\(pe)\n"
        }
        if let c = r.classifier {
            out += "  classifier (\(r.classifierFound ? "found by exact linear programming" : "from file")): beta = \(vector(c.beta)), gamma = \(c.gamma)\n"
        }
        if let margin = r.margin {
            out += "  margin: \(approx)\(margin)"
            out += r.classifierFound
                ? " (every positive path has betaᵀs + gamma ≥ margin, every negative ≤ −margin; ‖beta‖₁ ≤ 1)\n"
                : " (least |betaᵀs + gamma| over all final states, every one on its correct side)\n"
        }
        if r.verdict == .pass, r.arithmetic == .exact {
            let distinct = r.distinctStates.map { ", \($0.positive + $0.negative) distinct final states" } ?? ""
            out += r.method == "exhaustive enumeration"
                ? "  certificate: every one of the \(count(r)) paths evaluated exactly\(distinct); all on their correct side\n"
                : "  certificate: the exact reachable sets cover all \(count(r)) paths\(distinct); all on their correct side\n"
        }
        switch r.counterexample {
        case .misclassified(let paths)?:
            out += "  counterexamples (first \(paths.count) in canonical order):\n"
            for p in paths {
                let score = p.score.map { "\(approx)\($0)" } ?? "?"
                let said = (p.score?.signum ?? 0) >= 0 ? "+1" : "−1"
                out += "    L = \(p.path.flagPosition), bits \(p.path.bitString) (label \(p.path.label > 0 ? "+1" : "−1")): s_n = \(approx)\(vector(p.finalState)), score \(score) → classified \(said)\n"
            }
        case .inseparable(let positive, let negative, let point)?:
            out += "  no linear classifier exists; certificate (convex weights, final states):\n"
            for w in positive {
                out += "    + \(w.weight) × s(L = \(w.path.flagPosition), bits \(w.path.bitString)) = \(approx)\(vector(w.finalState))\n"
            }
            for w in negative {
                out += "    − \(w.weight) × s(L = \(w.path.flagPosition), bits \(w.path.bitString)) = \(approx)\(vector(w.finalState))\n"
            }
            out += "    both weighted sums equal \(approx)\(vector(point))\n"
        case nil: break
        }
        if let other = r.separatingClassifier {
            out += "  note: the file's classifier fails, but beta = \(vector(other.classifier.beta)), gamma = \(other.classifier.gamma) separates every final state (margin \(approx)\(other.margin))\n"
        }
        if let reason = r.reason { out += "  \(r.verdict == .inconclusive ? "inconclusive" : "note"): \(reason)\n" }
        return out
    }
}
