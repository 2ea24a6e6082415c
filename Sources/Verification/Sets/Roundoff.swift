/// Rigorous bounds on the rounding error of binary64 arithmetic, for the set
/// representations whose coefficients are Doubles (`NoiseForm`, `Zonotope`).
///
/// The model (IEEE 754, round to nearest, no overflow): every operation gives
/// fl(x) = x(1 + θ) + η with |θ| ≤ u = 2⁻⁵³, |η| ≤ 2⁻¹⁰⁷⁵ (underflow), θη = 0;
/// an fma rounds once. So |fl(x) − x| ≤ u|x| + 2⁻¹⁰⁷⁵ ≤ 2u|fl(x)| + 2⁻¹⁰⁷⁴
/// (|x| ≤ (|fl(x)| + η)/(1 − u)). Non-finite values make every bound +∞.
enum Roundoff {
    /// x + y rounded up, x, y ≥ 0: fl(x + y) is within half an ulp of the sum, its successor above it.
    @inline(__always)
    static func sumUp(_ x: Double, _ y: Double) -> Double {
        let s = x + y
        return s.isFinite ? s.nextUp : .infinity
    }

    /// x·y rounded up, x, y ≥ 0, with 0·∞ = 0 (zero times a bounded real, however large).
    @inline(__always)
    static func productUp(_ x: Double, _ y: Double) -> Double {
        if x == 0 || y == 0 { return 0 }
        let p = x * y
        // Below 2⁻⁹⁶⁰ the relative bound fails (underflow): add the smallest normal.
        return p.isFinite ? (p.magnitude < 0x1p-960 ? p.nextUp + 0x1p-1022 : p.nextUp) : .infinity
    }

    /// max(x − y, 0) rounded up, x, y ≥ 0.
    @inline(__always)
    static func differenceUp(_ x: Double, _ y: Double) -> Double {
        let d = x - y
        return d.isFinite ? Swift.max(0, d.nextUp) : .infinity
    }

    /// Sums rounded results to bound the errors of the operations that produced them.
    ///
    /// After `record(r)` for the rounded result r of each of `count` operations,
    /// `bound` ≥ Σ |fl(xᵢ) − xᵢ| ≤ 2u Σ|rᵢ| + count·2⁻¹⁰⁷⁴. The recorded sum m̂ is
    /// itself computed in floating point; for count·u < 1/4, Σ|rᵢ| ≤ 2m̂, so
    /// 4u·m̂ + (count + 1)·2⁻¹⁰⁷⁴, rounded up, is a bound (4u = 2⁻⁵¹ scales exactly
    /// but for underflow, which the extra 2⁻¹⁰⁷⁴ covers).
    struct Accumulator {
        var magnitude = 0.0
        var count = 0

        @inline(__always)
        mutating func record(_ rounded: Double) {
            magnitude += rounded.magnitude
            count += 1
        }

        var bound: Double {
            guard magnitude.isFinite else { return .infinity }
            return (magnitude * 0x1p-51 + Double(count + 1) * 0x1p-1074).nextUp
        }
    }

    /// An upper bound on Σ|xᵢ| from the floating-point sum ŝ of the count terms
    /// |xᵢ|: recursive summation of nonnegative terms errs by at most
    /// γ_{count}·Σ ≤ 2·count·u·Σ, so Σ ≤ ŝ(1 + count·2⁻⁵¹) for count·u < 1/4 (and
    /// each addition's underflow error, 2⁻¹⁰⁷⁵, is covered by the added count·2⁻¹⁰⁷⁴).
    @inline(__always)
    static func sumBound(_ computed: Double, count: Int) -> Double {
        guard computed.isFinite else { return .infinity }
        if computed == 0 { return 0 }
        return (computed * (1 + Double(count) * 0x1p-51) + Double(count) * 0x1p-1074).nextUp.nextUp
    }
}
