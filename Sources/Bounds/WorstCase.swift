import Cells
import Exact
import F1B

/// The exact worst case of the recursion for classifier sign(S_n) (the paper's
/// threshold 0), for A ∈ (0, 1), B > 0.
///
/// S_n = (1 − A)A^{n−1}·s0 + Σ_t c_t X_t with every c_t > 0 (c_L = A·B·A^{n−L},
/// c_t = (1 − A)B·A^{n−t} after L, (1 − A)²B·A^{n−L}A^{L−1−t} before). The least
/// S_n over positive paths sets X_L = +1 and every other bit to −1:
///
///     min_L [ B·(2A^{n−L+1} + (1 − A)A^{n−1} − 1) ] + (1 − A)A^{n−1}s0,
///
/// least at L = 1: B·(A^{n−1}(1 + A) − 1) + (1 − A)A^{n−1}s0. The greatest over
/// negative paths is the mirror image: −B·(A^{n−1}(1 + A) − 1) + (1 − A)A^{n−1}s0.
/// Pe = 0 exactly iff the first is ≥ 0 and the second < 0.
public struct WorstCase<Scalar: BoundScalar> {
    public let leastPositive: Scalar
    public let greatestNegative: Scalar
    public let length: Int

    public init(_ r: GatedRecursion<Scalar>, length n: Int) {
        var power = Scalar.one
        for _ in 0..<(n - 1) { power = power * r.A }
        self.init(r, length: n, powerOfA: power)
    }

    /// The same, given A^{n−1} (a sweep over n keeps it).
    public init(_ r: GatedRecursion<Scalar>, length n: Int, powerOfA power: Scalar) {
        let oneMinusA: Scalar = Scalar.one - r.A
        let base: Scalar = oneMinusA * power * r.s0
        let grown: Scalar = power * (Scalar.one + r.A)
        let swing: Scalar = r.B * (grown - Scalar.one)
        leastPositive = base + swing
        greatestNegative = base - swing
        length = n
    }

    /// The positive path attaining the least final state: L = 1, bits + − − … −.
    public var leastPositivePath: Path { Path(flagPosition: 1, informationBits: [1] + Array(repeating: -1, count: length - 1)) }
    /// The negative path attaining the greatest final state: L = 1, bits − + + … +.
    public var greatestNegativePath: Path { Path(flagPosition: 1, informationBits: [-1] + Array(repeating: 1, count: length - 1)) }

    /// Whether Pe = 0 exactly (classifier sign(S_n)).
    public var errorFree: Decision {
        Decision.classifiedCorrectly(leastPositive.enclosure, .positive)
            && Decision.classifiedCorrectly(greatestNegative.enclosure, .negative)
    }
}
