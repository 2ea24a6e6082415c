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

