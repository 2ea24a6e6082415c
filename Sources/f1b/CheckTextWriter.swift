import Constructions
import Exact
import F1B
import Reports
import Verification

/// Formats a `CheckReport` for people: one block per n, the every-n part, then
/// the verdict line. Exact numbers are printed exactly (long fractions with a
/// decimal beside); certified bounds are printed rounded outward.
enum CheckTextWriter {
    static func text(_ report: CheckReport, construction c: Construction) -> String {
        header(c) + tail(report, streamed: [])
    }

    /// The first line: the construction, its cell and the test.
    static func header(_ c: Construction) -> String {
        let cell = c.cell
        let activation = cell.activation.map { " (\($0.rawValue))" } ?? ""
        let test = c.flaggedBits > 1 ? ", Flagged-\(c.flaggedBits)-Bit test (readout j classifies the j-th flagged bit)" : ""
        let convention = cell.convention == .pytorch ? ", convention pytorch" : ""
        return "\(c.name): \(cell.model.rawValue)\(activation), K = \(cell.stateSize), flags \(cell.flags.rawValue)\(convention)\(test)\n"
    }

    /// Everything after the header, leaving out the blocks of the n already
    /// printed as they were decided (`streamed`).
    static func tail(_ report: CheckReport, streamed: Set<Int>) -> String {
        var out = ""
        for r in report.results where !streamed.contains(r.length) { out += block(r) }
        if let every = report.everyLength { out += everyLength(every) }
        if let stop = report.interruption {
            out += "stopped early: \(stop); what is above was decided before that\n"
        }
        return out + verdictLine(report) + "\n"
    }

    // MARK: Every n

    static func everyLength(_ e: EveryLengthResult) -> String {
        var out = "every n: \(e.verdict.rawValue.uppercased()) — \(e.summary)"
        if let by = e.procedure { out += " [\(by.title)]" }
        out += "\n"
        guard let certificate = e.certificate else { return out }
        switch certificate.kind {
        case .cover(let c, _):
            out += "  invariant boxes from step \(c.from) (exact endpoints; all of them in --json):\n"
            for (name, boxes) in [("before the flag", c.before), ("after, label +1", c.positive), ("after, label −1", c.negative)] {
                let shown = boxes.prefix(4).map { "[" + $0.map { $0.decimalDescription(significantDigits: 6) }.joined(separator: " × ") + "]" }
                out += "    \(name) (\(boxes.count)): \(shown.joined(separator: " "))\(boxes.count > 4 ? " …" : "")\n"
            }
        case .repeatingSets(_, let layers):
            for layer in layers {
                out += "  invariant sets at step \(layer.step):\n"
                for (name, states) in [("before the flag", layer.beforeFlag), ("after, label +1", layer.positive), ("after, label −1", layer.negative)] {
                    let shown = states.prefix(8).map(vector).joined(separator: " ")
                    out += "    \(name) (\(states.count)): \(shown)\(states.count > 8 ? " …" : "")\n"
                }
            }
        case .zonotopeInvariant(let c):
            out += "  invariant parallelotopes from step \(c.from), l ≤ W·s ≤ u (l and u rounded outward; W, l, u exactly in --json):\n"
            for (name, p) in [("before the flag", c.before), ("after, label +1", c.positive), ("after, label −1", c.negative)] {
                let shown = (0..<min(p.dimension, 4)).map { i in
                    DoubleInterval(lower: p.lower[i], upper: p.upper[i]).exact.decimalDescription(significantDigits: 6)
                }
                out += "    \(name): \(shown.joined(separator: " "))\(p.dimension > 4 ? " …" : "")\n"
            }
        case .invariantIntervals, .repeatingCovers, .sets:
            break
        }
        return out
    }

    // MARK: Verdict line

    /// Says exactly which lengths pass, which fail and which are undecided.
    static func verdictLine(_ report: CheckReport) -> String {
        var out = "verdict: \(report.verdict.rawValue.uppercased())"
        let passes = report.results.filter { $0.verdict == .pass }.map(\.length)
        let fails = report.results.filter { $0.verdict == .fail }.map(\.length)
        let open = report.results.filter { $0.verdict == .inconclusive }.map(\.length)
        if let every = report.everyLength {
            switch every.verdict {
            case .pass: out += " for every n ≥ 1"
            case .fail, .inconclusive: out += " — \(every.summary)"
            }
        } else if fails.isEmpty && open.isEmpty {
            out += " for n = \(SequenceLengths.list(passes))"
        } else {
            var parts: [String] = []
            if !passes.isEmpty { parts.append("passes at n = \(SequenceLengths.list(passes))") }
            if !fails.isEmpty { parts.append("fails at n = \(SequenceLengths.list(fails))") }
            if !open.isEmpty { parts.append("undecided at n = \(SequenceLengths.list(open))") }
            out += " — " + parts.joined(separator: "; ")
        }
        if let e = report.expectation {
            let claim = "expect: \(e.verdict.rawValue) for n = \(e.lengths)"
            switch report.expectationConfirmed {
            case true?: out += " (\(claim) — confirmed)"
            case false?: out += " (\(claim) — NOT what the file claims)"
            case nil:
                let missing = report.undecidedClaims
                out += missing.isEmpty ? " (\(claim) — not decided by this check)"
                    : " (\(claim) — not confirmed: n = \(SequenceLengths.list(missing)) not decided by this check)"
            }
        }
        return out
    }

    // MARK: One n

    /// The path count n·2^n, written out while it is short.
    static func count(_ r: LengthResult) -> String {
        let digits = r.pathCount.description
        return digits.count <= 24 ? digits : "\(r.length)·2^\(r.length)"
    }

    static func vector(_ v: [Rational]) -> String { "[" + v.map(exact).joined(separator: ", ") + "]" }

    /// An exact value, with a decimal beside it when the fraction is long.
    static func exact(_ x: Rational) -> String {
        let s = x.description
        return s.count <= 24 || x.isInteger ? s : "\(s) (≈ \(x.decimalString(significantDigits: 12)))"
    }

    /// p/q ≈ decimal, reduced.
    static func fraction(_ x: Rational) -> String {
        x.isInteger ? x.description : "\(x.description.count <= 40 ? x.description : "a fraction") ≈ \(x.decimalString(significantDigits: 6))"
    }

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
        return "\(head): s_n = \(vector(p.finalState)), score \(exact(score)) → classified \(said)"
    }

    static func errors(_ r: LengthResult) -> String? {
        guard let errorCount = r.errorCount else { return nil }
        // n < m in Flagged-m-Bit: no paths, nothing to count.
        guard r.pathCount.signum > 0 else { return "no paths at this length (n < m): nothing to misclassify" }
        let paths = Rational(r.pathCount)
        switch errorCount {
        case .exact(let k):
            return "misclassified: \(k) of \(count(r)) paths, Pe = \(fraction(Rational(k) / paths))"
        case .bracket(let k, let u):
            return "misclassified: between \(k) and \(k + u) of \(count(r)) paths (\(u) undecided at \(counted(r.precision ?? 0, "bit"))), "
                + "Pe between \(fraction(Rational(k) / paths)) and \(fraction(Rational(k + u) / paths))"
        case .atLeast(let k):
            return "misclassified: at least \(k) (the paths certified below; not every path was examined), Pe ≥ \(fraction(Rational(k) / paths))"
        }
    }

    static func block(_ r: LengthResult) -> String {
        let arithmetic = r.precision.map { "\(r.arithmetic.rawValue) (\($0) bits where Double enclosures could not decide)" } ?? r.arithmetic.rawValue
        let paths = r.pathCount == BigInteger(1) ? "path" : "paths"
        var out = "n = \(r.length): \(r.verdict.rawValue.uppercased())  \(count(r)) \(paths), \(r.procedure.title), \(arithmetic)\n"
        if r.readouts.isEmpty, let errors = errors(r) { out += "  \(errors)\n" }
        for readout in r.readouts { out += "  " + describe(readout) + "\n" }
        if let certificate = r.certificate {
            if let c = certificate.classifier {
                let source = !certificate.classifierFound ? "from file" : r.arithmetic == .exact ? "found by exact linear programming" : "found from certified bounds"
                out += "  classifier (\(source)): beta = \(vector(c.beta)), gamma = \(exact(c.gamma))\n"
            }
            if let margin = certificate.margin { out += "  " + marginLine(margin, r, found: certificate.classifierFound) + "\n" }
            out += "  certificate: \(evidence(certificate, r))\n"
        }
        if let refutation = r.refutation {
            if let c = refutation.classifier { out += "  classifier (from file): beta = \(vector(c.beta)), gamma = \(exact(c.gamma))\n" }
            if let margin = refutation.margin { out += "  " + marginLine(margin, r, found: false) + "\n" }
            out += counterexample(refutation.counterexample, r)
            if let other = refutation.separatingClassifier {
                out += "  note: the file's classifier fails, but beta = \(vector(other.classifier.beta)), gamma = \(exact(other.classifier.gamma)) separates every final state (margin \(exact(other.margin)))\n"
            }
        }
        if r.verdict == .inconclusive, let reason = r.reason { out += "  inconclusive: \(reason)\n" }
        if r.verdict != .inconclusive, !r.attempts.isEmpty {
            out += "  before: " + r.attempts.map(\.description).joined(separator: "; ") + "\n"
        }
        return out
    }

    static func marginLine(_ margin: Margin, _ r: LengthResult, found: Bool) -> String {
        var out = r.arithmetic == .intervals ? "margin ≥ \(margin.value.decimalString(significantDigits: 12, .down))" : "margin: \(exact(margin.value))"
        out += found
            ? " (every positive path has betaᵀs + gamma ≥ margin, every negative ≤ −margin; ‖beta‖₁ ≤ 1)"
            : " (least signed margin label·(betaᵀs + gamma) over all final states)"
        switch margin.tie {
        case .positive? where r.arithmetic == .exact: out += "; a +1 path lies on the hyperplane, and C counts betaᵀs + gamma = 0 as +1: correct"
        case .negative? where r.arithmetic == .exact: out += "; a −1 path lies on the hyperplane, and C counts betaᵀs + gamma = 0 as +1: misclassified"
        default: break
        }
        return out
    }

    static func evidence(_ c: Certificate, _ r: LengthResult) -> String {
        let distinct = c.distinctStates.map { ", \($0.positive + $0.negative) distinct final states" } ?? ""
        switch c.evidence {
        case .everyPath:
            return r.arithmetic == .exact
                ? "every one of the \(count(r)) paths evaluated exactly\(distinct); all on their correct side"
                : "every one of the \(count(r)) paths' final enclosures is on its correct side"
        case .reachableSets:
            return "the exact reachable sets cover all \(count(r)) paths\(distinct); all on their correct side"
        case .extremeEnclosures(let positive, let negative):
            return "every positive final state lies in \(positive.decimalDescription()), every negative one in \(negative.decimalDescription())"
        case .cover(let s):
            return "covers of the reachable sets by \(counted(s.positive, "box", plural: "boxes")) (+1) and \(counted(s.negative, "box", plural: "boxes")) (−1), each certified on its side (\(counted(s.before, "box", plural: "boxes")) before the flag; a partition of \(counted(s.leaves, "leaf", plural: "leaves")), \(counted(s.rounds, "round")))"
        case .everyLengthCertificate:
            return "n lies in the range of the every-n certificate"
        case .sets(let description):
            return description
        case .zonotopes(let u):
            return "unions of zonotopes enclosing the reachable sets (\(u.positive) for +1, \(u.negative) for −1, \(u.before) before the flag; at most \(u.generators) generators each), every one certified on its side"
        }
    }

    static func describe(_ readout: ReadoutResult) -> String {
        var out = "readout \(readout.index): "
        if let classifier = readout.classifier {
            out += "beta = \(vector(classifier.beta)), gamma = \(exact(classifier.gamma))"
            out += readout.classifierFound ? " (found: separates exactly)" : ""
        } else {
            out += "no linear classifier separates this bit's two classes"
        }
        if let wrong = readout.misclassified, let pe = readout.errorProbability {
            out += "; misclassified \(wrong), Pe = \(fraction(pe))"
        }
        if let path = readout.counterexample { out += "; e.g. \(path)" }
        return out
    }

    static func counterexample(_ c: Counterexample, _ r: LengthResult) -> String {
        var out = ""
        switch c {
        case .misclassified(let paths):
            let first = r.errorCount?.exactValue != nil && r.arithmetic == .exact
            out += "  counterexamples (\(first ? "first \(paths.count) in canonical order" : "certified")):\n"
            for p in paths { out += "    \(describe(p))\n" }
        case .interleaved(let positiveBelow, let negativeAbove, let positiveAbove, let negativeBelow):
            out += "  no threshold classifier exists; certificate (K = 1):\n"
            out += "    positive below negative: \(describe(positiveBelow))\n                             \(describe(negativeAbove))\n"
            out += "    positive above negative: \(describe(positiveAbove))\n                             \(describe(negativeBelow))\n"
        case .radon(let positive, let negative):
            out += "  no linear classifier exists; certificate (Radon, \(positive.count + negative.count) paths): for every state in these enclosures, the hull of the +1 states meets the hull of the −1 states\n"
            for (sign, group) in [("+", positive), ("−", negative)] {
                for w in group {
                    let state = w.finalEnclosure.map { $0.decimalDescription() }.joined(separator: ", ")
                    out += "    \(sign) \(w.weight.decimalString(significantDigits: 6, .down)) × s(L = \(w.path.flagPosition), bits \(bits(w.path))) ∈ \(state)\n"
                }
            }
        case .inseparable(let positive, let negative, let point):
            out += "  no linear classifier exists; certificate (convex weights, final states):\n"
            for w in positive { out += "    + \(exact(w.weight)) × s(L = \(w.path.flagPosition), bits \(bits(w.path))) = \(vector(w.finalState))\n" }
            for w in negative { out += "    − \(exact(w.weight)) × s(L = \(w.path.flagPosition), bits \(bits(w.path))) = \(vector(w.finalState))\n" }
            out += "    both weighted sums equal \(vector(point))\n"
        case .readouts:
            break   // each readout's line already names its path
        }
        return out
    }
}
