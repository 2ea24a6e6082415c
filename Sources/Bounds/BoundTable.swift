import Cells
import Exact
import F1B
import Verification

/// Everything the Chebyshev route and the exact answer say at one n, for the
/// classifier sign(S_n) (the paper's threshold 0). Values are enclosures
/// (points when A and B are exact).
public struct BoundRow: Sendable {
    public var length: Int
    /// Lemma 3: 1/(n·2^n); an error probability below it is zero.
    public var threshold: Rational
    public var positive: ClassMoments
    public var negative: ClassMoments
    /// Pe ≤ ½(σ₊²/μ₊² + σ₋²/μ₋²), each term capped at 1 (unconditional moments).
    public var chebyshev: Interval
    /// Pe ≤ ½(σ₊²/(σ₊² + μ₊²) + σ₋²/(σ₋² + μ₋²)) (one-sided).
    public var cantelli: Interval
    /// Pe ≤ ½ of the classes' conditional-on-L Chebyshev bounds, averaged over L.
    public var conditional: Interval
    public var chebyshevCertifies: Decision
    public var cantelliCertifies: Decision
    public var conditionalCertifies: Decision
    /// Least S_n over positive paths and greatest over negative ones, and the paths attaining them.
    public var worstPositive: Interval
    public var worstNegative: Interval
    public var worstPositivePath: Path
    public var worstNegativePath: Path
    /// Pe = 0 exactly.
    public var errorFree: Decision
    /// By enumeration of all n·2^n paths (n ≤ `BoundTable.enumerationLimit`):
    /// paths certainly misclassified, and paths undecided at this precision.
    public var enumerated: (misclassified: Int, undecided: Int)?

    public var exactPe: Rational? {
        guard let e = enumerated, e.undecided == 0 else { return nil }
        return Rational(numerator: BigInteger(e.misclassified), denominator: Path.count(length: length))
    }
}

public enum BoundTable {
    public static let enumerationLimit = 16

    /// One row per requested n.
    public static func rows<Scalar: BoundScalar>(_ r: GatedRecursion<Scalar>, context: Scalar.Context,
                                                 lengths: [Int], enumerateUpTo limit: Int = enumerationLimit) -> [BoundRow] {
        let sweep = MomentSweep(r, context: context)
        let top = lengths.max() ?? 0
        let positive = sweep.unconditional(sign: 1, through: top), negative = sweep.unconditional(sign: -1, through: top)
        return lengths.map { n in
            let pos = moments(positive[n - 1], sweep.conditional(sign: 1, length: n), sign: 1)
            let neg = moments(negative[n - 1], sweep.conditional(sign: -1, length: n), sign: -1)
            let threshold = Path.probability(length: n)
            let chebyshev = half(pos.bound, neg.bound), cantelli = half(pos.oneSided, neg.oneSided)
            let conditional = half(pos.moments.conditionalChebyshev, neg.moments.conditionalChebyshev)
            let worst = WorstCase(r, length: n)
            return BoundRow(
                length: n, threshold: threshold, positive: pos.moments, negative: neg.moments,
                chebyshev: chebyshev, cantelli: cantelli, conditional: conditional,
                chebyshevCertifies: .below(chebyshev, threshold), cantelliCertifies: .below(cantelli, threshold),
                conditionalCertifies: .below(conditional, threshold),
                worstPositive: worst.leastPositive.enclosure, worstNegative: worst.greatestNegative.enclosure,
                worstPositivePath: worst.leastPositivePath, worstNegativePath: worst.greatestNegativePath,
                errorFree: worst.errorFree,
                enumerated: n <= limit ? Scalar.misclassifiedPaths(r, length: n, context: context) : nil)
        }
    }

    /// Class moments and its bounds: Chebyshev σ²/μ² and Cantelli σ²/(σ² + μ²),
    /// each 1 (no information) unless μ is certainly on the class's side.
    static func moments<Scalar: BoundScalar>(_ unconditional: (mean: Scalar, variance: Scalar),
                                             _ conditional: [(mean: Scalar, variance: Scalar)], sign: Int)
        -> (moments: ClassMoments, bound: Interval, oneSided: Interval) {
        let (mean, variance, bound, oneSided) = bounds(unconditional, sign: sign)
        var total = Interval(0)
        for (m, v) in conditional { total = total + chebyshev(m.enclosure, v.enclosure, sign: sign) }
        let averaged = total / Interval(Rational(conditional.count))
        return (ClassMoments(mean: mean, variance: variance, conditionalChebyshev: averaged), bound, oneSided)
    }

    /// (μ, σ², Chebyshev, Cantelli) for one class from its unconditional moments.
    static func bounds<Scalar: BoundScalar>(_ unconditional: (mean: Scalar, variance: Scalar), sign: Int)
        -> (mean: Interval, variance: Interval, bound: Interval, oneSided: Interval) {
        let mean = unconditional.mean.enclosure
        // A variance is ≥ 0; its enclosure (a difference) may dip below: intersect with [0, ∞).
        let raw = unconditional.variance.enclosure
        let variance = Interval(lower: Swift.max(raw.lower, 0), upper: Swift.max(raw.upper, 0), precision: raw.precision)
        guard onSide(mean, sign) else { return (mean, variance, Interval(1), Interval(1)) }
        let squared = mean.squared
        return (mean, variance, capped(variance / squared), capped(variance / (variance + squared)))
    }

    static func chebyshev(_ mean: Interval, _ variance: Interval, sign: Int) -> Interval {
        onSide(mean, sign) ? capped(variance / mean.squared) : Interval(1)
    }

    static func onSide(_ mean: Interval, _ sign: Int) -> Bool {
        sign > 0 ? mean.lower.signum > 0 : mean.upper.signum < 0
    }

    /// min(1, x) on an enclosure.
    static func capped(_ x: Interval) -> Interval {
        Interval(lower: Swift.min(x.lower, 1), upper: Swift.min(x.upper, 1), precision: x.precision)
    }

    static func half(_ a: Interval, _ b: Interval) -> Interval { (a + b) / Interval(2) }
}

extension BoundScalar {
    /// Paths of F1B(n) the classifier sign(S_n) gets wrong, by enumeration.
    static func misclassifiedPaths(_ r: GatedRecursion<Self>, length n: Int, context: Context) -> (misclassified: Int, undecided: Int) {
        let zeroThreshold = Classifier(beta: [1], gamma: 0)
        if let exact = r as? GatedRecursion<Rational> {
            let t = ExhaustiveEnumerator(cell: exact).walk(length: n) {
                ExactTally<Rational>(stateSize: 1, classifier: zeroThreshold, collectStates: false)
            }
            return (t.misclassified, 0)
        }
        let intervals = r as! GatedRecursion<Interval>
        let precision = Swift.max(intervals.A.precision, intervals.B.precision, 64)
        let t = ExhaustiveEnumerator(cell: intervals).walk(length: n) {
            IntervalTally(stateSize: 1, classifier: zeroThreshold, precision: precision, boxLimit: 0, counterexampleLimit: 0)
        }
        return (t.wrong, t.undecided)
    }
}
