import Cells
import Exact
import F1B

/// An inductive certificate for every n, in certified interval arithmetic,
/// for the K = 1 cells enclosure propagation handles.
///
/// Let R_b(t), R₊(t), R₋(t) be the states reachable after t steps before the
/// flag, and after it with label +1 and −1; F1B(n)'s final states are R₊(n)
/// and R₋(n). If intervals H_b, H₊, H₋ contain R_b(t), R₊(t), R₋(t) and
///
///     F(H_b, x) ⊆ H_b   for the unflagged inputs x,
///     F(H_b, (+1, flag)) ⊆ H₊,  F(H₊, x) ⊆ H₊,
///     F(H_b, (−1, flag)) ⊆ H₋,  F(H₋, x) ⊆ H₋,
///
/// then by induction R_q(t′) ⊆ H_q for every t′ ≥ t, so a classifier that
/// puts H₊ and H₋ on their own sides is correct for every n ≥ t. The images
/// are interval evaluations of the cell on the whole interval, which enclose
/// the true images. The hulls of the propagated enclosures are widened a
/// little before the test, since the reachable sets are still creeping
/// outward toward their limit.
struct IntervalInvariant: Sendable {
    var before: Interval
    var positive: Interval
    var negative: Interval
    /// Puts `positive` on the +1 side and `negative` on the −1 side, certified.
    var classifier: Classifier

    /// The invariant at the propagation's current depth, or nil.
    static func find<C: RecurrentCell>(_ sweep: EnclosurePropagation<C>, classifier given: Classifier?) -> IntervalInvariant? {
        func hull(_ phase: Phase) -> Interval {
            let least = sweep.bound(phase, .least).enclosure, greatest = sweep.bound(phase, .greatest).enclosure
            return Interval(lower: least.lower, upper: greatest.upper, precision: least.precision)
        }
        for shift in [40, 30, 20, 12] {
            func widened(_ h: Interval) -> Interval {
                // δ = 2^−shift · (1 + width), a dyadic rational.
                let delta = (Rational(1) + (h.upper - h.lower)) / Rational(BigInteger.powerOfTwo(shift))
                return Interval(lower: (h.lower - delta).rounded(toSignificantBits: h.precision, .down),
                                upper: (h.upper + delta).rounded(toSignificantBits: h.precision, .up), precision: h.precision)
            }
            let hb = widened(hull(.beforeFlag)), hp = widened(hull(.positive)), hn = widened(hull(.negative))
            let boxes: [Phase: Interval] = [.beforeFlag: hb, .positive: hp, .negative: hn]
            let closed = Phase.allCases.allSatisfy { target in
                EnclosurePropagation<C>.sources(of: target).allSatisfy { source, input in
                    boxes[target]!.contains(sweep.image(boxes[source]!, input))
                }
            }
            guard closed, let classifier = separating(hp, hn, given: given) else { continue }
            return IntervalInvariant(before: hb, positive: hp, negative: hn, classifier: classifier)
        }
        return nil
    }

    /// The given classifier if it separates the boxes (certified), else a
    /// threshold between disjoint boxes, else nil.
    static func separating(_ p: Interval, _ n: Interval, given: Classifier?) -> Classifier? {
        if let c = given {
            func score(_ x: Interval) -> Interval { Interval(c.beta[0]) * x + Interval(c.gamma) }
            let correct = Classification.certify(score(p), label: .positive) == .correct
                && Classification.certify(score(n), label: .negative) == .correct
            return correct ? c : nil
        }
        if p.lower > n.upper { return Classifier(beta: [1], gamma: -(p.lower + n.upper) / 2) }
        if n.lower > p.upper { return Classifier(beta: [-1], gamma: (n.lower + p.upper) / 2) }
        return nil
    }
}

/// `f1b check --n all` for a K = 1 tanh/σ cell: propagate enclosures step by
/// step, deciding each n on the way, until an `IntervalInvariant` holds.
struct EnclosureAllLengths: CellVisitor {
    typealias Scalar = Interval
    let classifier: Classifier?
    let precision: Int
    let maximumDepth: Int
    let derivative: @Sendable (Interval, StepInput) -> Interval
    var context: Int { precision }

    func visit<C: RecurrentCell>(_ cell: C) -> (AllLengthsResult, [LengthResult]) where C.Scalar == Interval {
        var sweep = EnclosurePropagation(cell: cell, derivative: derivative)
        var results: [LengthResult] = []
        for n in 1...maximumDepth {
            guard sweep.advance() else {
                return (AllLengthsResult(verdict: .inconclusive, from: nil, reason: sweep.stopReason ?? "propagation stopped"), results)
            }
            let result = sweep.decision(classifier: classifier, precision: precision)
            results.append(result)
            switch result.verdict {
            case .fail:
                return (AllLengthsResult(verdict: .fail, from: n, reason: "fails at n = \(n) (certified)"), results)
            case .inconclusive:
                return (AllLengthsResult(verdict: .inconclusive, from: nil,
                                         reason: "n = \(n) is not decided: \(result.reason ?? "enclosures overlap")"), results)
            case .pass:
                break
            }
            if let invariant = IntervalInvariant.find(sweep, classifier: classifier) {
                let reason = "n = 1…\(n) pass by enclosure propagation, and from step \(n) the intervals "
                    + "before ⊆ \(invariant.before.decimalDescription(significantDigits: 12)), "
                    + "after +1 ⊆ \(invariant.positive.decimalDescription(significantDigits: 12)), "
                    + "after −1 ⊆ \(invariant.negative.decimalDescription(significantDigits: 12)) are mapped into themselves "
                    + "by every input (certified interval images), and the classifier β = \(invariant.classifier.beta[0]), "
                    + "γ = \(invariant.classifier.gamma) puts the last two on their own sides: every n passes"
                return (AllLengthsResult(verdict: .pass, from: 1, reason: reason), results)
            }
        }
        return (AllLengthsResult(verdict: .inconclusive, from: nil,
                                 reason: "no invariant intervals found within \(maximumDepth) steps (--max-depth); every n up to it passes"),
                results)
    }
}
