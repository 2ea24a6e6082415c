import Constructions
import Exact
import F1B
import Verification

/// Formats a `CheckReport` for people: one block per n, then the verdict.
/// Exact numbers are printed exactly; double-precision runs are marked.
enum CheckTextWriter {
    static func text(_ report: CheckReport, construction c: Construction) -> String {
        header(c) + tail(report, streamed: [])
    }

    /// The first line: the construction and its cell.
    static func header(_ c: Construction) -> String {
        let cell = c.cell
        let activation = cell.activation.map { " (\($0.rawValue))" } ?? ""
        return "\(c.name): \(cell.model.rawValue)\(activation), K = \(cell.stateSize), flags \(cell.flags.rawValue)\n"
    }

    /// Everything after the header, leaving out the blocks of the n already
    /// printed as they were decided (`streamed`).
    static func tail(_ report: CheckReport, streamed: Set<Int>) -> String {
        var out = ""
        for r in report.results where !streamed.contains(r.length) { out += block(r) }
        if let all = report.allLengths {
            out += "all n: \(all.verdict.rawValue.uppercased()) — \(all.reason)\n"
            if let c = all.cover {
                out += "  invariant boxes from step \(c.from) (exact endpoints; all of them in --json):\n"
                for (name, boxes) in [("before the flag", c.before), ("after, label +1", c.positive), ("after, label −1", c.negative)] {
                    let shown = boxes.prefix(4).map { "[" + $0.map { $0.decimalDescription(significantDigits: 6) }.joined(separator: " × ") + "]" }
                    out += "    \(name) (\(boxes.count)): \(shown.joined(separator: " "))\(boxes.count > 4 ? " …" : "")\n"
                }
            }
            for layer in all.invariant {
                out += "  invariant sets at step \(layer.step):\n"
                for (name, states) in [("before the flag", layer.beforeFlag), ("after, label +1", layer.positive), ("after, label −1", layer.negative)] {
                    let shown = states.prefix(8).map(vector).joined(separator: " ")
                    out += "    \(name) (\(states.count)): \(shown)\(states.count > 8 ? " …" : "")\n"
                }
            }
        }
        let checked = report.results.map(\.length)
        if Set(report.results.map(\.verdict)).count > 1 {
            out += "summary:"
            for verdict in [Verdict.pass, .fail, .inconclusive] {
                let ns = report.results.filter { $0.verdict == verdict }.map(\.length)
                if !ns.isEmpty { out += " \(verdict.rawValue) at n = \(SequenceLengths.list(ns));" }
            }
            out.removeLast()
            out += "\n"
        }
        out += "verdict: \(report.verdict.rawValue.uppercased())"
        if report.allLengths?.verdict == .pass {
            out += " for every n ≥ 1"
        } else if !checked.isEmpty {
            out += " for n = \(SequenceLengths.list(checked))"
        }
        if let e = report.expectation {
            let claim = "expect: \(e.verdict.rawValue) for n = \(e.lengths)"
            switch report.expectationConfirmed {
            case true?: out += " (\(claim) — confirmed)"
            case false?: out += " (\(claim) — NOT what the file claims)"
            case nil: out += " (\(claim) — not decided by this check)"
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

    /// A path's bits, abbreviated past 64 (the JSON output has them all).
    static func bits(_ p: Path) -> String {
        let s = p.bitString
        return s.count <= 64 ? s : "\(s.prefix(24))…\(s.suffix(24)) (\(s.count) bits; all in --json)"
    }

    static func describe(_ p: ScoredPath) -> String {
        let label = p.path.classLabel.symbol
        let head = "L = \(p.path.flagPosition), bits \(bits(p.path)) (label \(label))"
        if let enclosure = p.finalEnclosure {
            let state = enclosure.map { $0.decimalDescription() }.joined(separator: ", ")
            guard let score = p.scoreEnclosure else { return "\(head): s_n ∈ \(state)" }
            let said: String
            switch Classification.certify(score, label: .positive) {
            case .correct: said = ClassLabel.positive.symbol
            case .wrong: said = ClassLabel.negative.symbol
            case .undecided: said = "?"
            }
            return "\(head): s_n ∈ \(state), score ∈ \(score.decimalDescription()) → classified \(said)"
        }
        guard let score = p.score else { return "\(head): s_n = \(vector(p.finalState))" }
        let said = Classification.output(score.scoreSign)?.symbol ?? "?"
        return "\(head): s_n = \(vector(p.finalState)), score \(score) → classified \(said)"
    }

    static func number(_ r: LengthResult, _ x: Rational) -> String {
        r.arithmetic == .exact ? x.description : x.decimalString(significantDigits: 12, .down)
    }

    static func block(_ r: LengthResult) -> String {
        let arithmetic = r.precision.map { "\(r.arithmetic.rawValue) (\($0) bits)" } ?? r.arithmetic.rawValue
        var out = "n = \(r.length): \(r.verdict.rawValue.uppercased())  \(count(r)) paths, \(r.method), \(arithmetic)\n"
        if let m = r.misclassified, let pe = r.errorProbability {
            out += "  misclassified: \(m), Pe = \(pe)\n"
        }
        if let c = r.classifier {
            let source = !r.classifierFound ? "from file" : r.arithmetic == .exact ? "found by exact linear programming" : "found from certified bounds"
            out += "  classifier (\(source)): beta = \(vector(c.beta)), gamma = \(c.gamma)\n"
        }
        if let margin = r.margin {
            out += r.arithmetic == .intervals ? "  margin ≥ \(number(r, margin.value))" : "  margin: \(margin.value)"
            out += r.classifierFound
                ? " (every positive path has betaᵀs + gamma ≥ margin, every negative ≤ −margin; ‖beta‖₁ ≤ 1)"
                : " (least signed margin label·(betaᵀs + gamma) over all final states)"
            switch margin.tie {
            case .positive?: out += "; a +1 path lies on the hyperplane, and C counts betaᵀs + gamma = 0 as +1: correct"
            case .negative?: out += "; a −1 path lies on the hyperplane, and C counts betaᵀs + gamma = 0 as +1: misclassified"
            case nil: break
            }
            out += "\n"
        }
        if let hulls = r.enclosures, r.verdict == .pass {
            out += "  certificate: every positive final state lies in \(hulls.positive.decimalDescription()), every negative one in \(hulls.negative.decimalDescription())\n"
        }
        if let c = r.cover, r.verdict == .pass {
            out += "  certificate: covers of the reachable sets by \(c.positive) boxes (+1) and \(c.negative) boxes (−1), each certified on its side (\(c.before) boxes before the flag; a partition of \(c.leaves) leaves, \(c.rounds) round\(c.rounds == 1 ? "" : "s"))\n"
        }
        if r.verdict == .pass, r.arithmetic == .intervals, r.method == "exhaustive enumeration" {
            out += "  certificate: every one of the \(count(r)) paths' final enclosures is on its correct side\n"
        }
        if r.verdict == .pass, r.arithmetic == .exact {
            let distinct = r.distinctStates.map { ", \($0.positive + $0.negative) distinct final states" } ?? ""
            out += r.method == "exhaustive enumeration"
                ? "  certificate: every one of the \(count(r)) paths evaluated exactly\(distinct); all on their correct side\n"
                : "  certificate: the exact reachable sets cover all \(count(r)) paths\(distinct); all on their correct side\n"
        }
        switch r.counterexample {
        case .misclassified(let paths)?:
            out += "  counterexamples (\(r.arithmetic == .intervals ? "certified" : "first \(paths.count) in canonical order")):\n"
            for p in paths { out += "    \(describe(p))\n" }
        case .interleaved(let positiveBelow, let negativeAbove, let positiveAbove, let negativeBelow)?:
            out += "  no threshold classifier exists; certificate (K = 1):\n"
            out += "    positive below negative: \(describe(positiveBelow))\n                             \(describe(negativeAbove))\n"
            out += "    positive above negative: \(describe(positiveAbove))\n                             \(describe(negativeBelow))\n"
        case .radon(let positive, let negative)?:
            out += "  no linear classifier exists; certificate (Radon, \(positive.count + negative.count) paths): for every state in these enclosures, the hull of the +1 states meets the hull of the −1 states\n"
            for (sign, group) in [("+", positive), ("−", negative)] {
                for w in group {
                    let state = w.finalEnclosure.map { $0.decimalDescription() }.joined(separator: ", ")
                    out += "    \(sign) \(w.weight.decimalString(significantDigits: 6, .down)) × s(L = \(w.path.flagPosition), bits \(bits(w.path))) ∈ \(state)\n"
                }
            }
        case .inseparable(let positive, let negative, let point)?:
            out += "  no linear classifier exists; certificate (convex weights, final states):\n"
            for w in positive {
                out += "    + \(w.weight) × s(L = \(w.path.flagPosition), bits \(bits(w.path))) = \(vector(w.finalState))\n"
            }
            for w in negative {
                out += "    − \(w.weight) × s(L = \(w.path.flagPosition), bits \(bits(w.path))) = \(vector(w.finalState))\n"
            }
            out += "    both weighted sums equal \(vector(point))\n"
        case nil: break
        }
        if let other = r.separatingClassifier {
            out += "  note: the file's classifier fails, but beta = \(vector(other.classifier.beta)), gamma = \(other.classifier.gamma) separates every final state (margin \(other.margin))\n"
        }
        if let reason = r.reason { out += "  \(r.verdict == .inconclusive ? "inconclusive" : "note"): \(reason)\n" }
        return out
    }
}
