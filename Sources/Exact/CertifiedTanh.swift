/// Certified tanh in Double lanes, with a proven error bound: for every lane,
///
///     |tanh x − value| ≤ error.
///
/// With a = |x| (tanh is odd; the sign is copied back at the end):
///
/// - **a = 0**: value = x, error = 0 (exact).
/// - **0 < a < 2⁻²⁷**: value = a. |tanh a − a| ≤ a³/3 ≤ 2⁻⁵⁴/3 · a.
/// - **a > 18.5** (saturation): value = 1. 1 − tanh a = 2/(e^(2a) + 1) < 2e⁻³⁷
///   ≈ 1.54u ≤ κ·1.
/// - **Otherwise**, t = −2a ∈ [−37, −2⁻²⁶] exactly, (2^n, m̂) from
///   `ExponentialKernel.reduced(t)` (n ∈ [−53, 0]),
///
///       Ê = fl(2^n·m̂ + (2^n − 1))   (≈ E* = e^t − 1 ∈ (−1, 0); 2^n − 1 exact),
///       D̂ = fl(2 + Ê),   value = fl(−Ê / D̂)   (tanh a = −E*/(2 + E*)).
///
///   Ê = E*(1 + α): for n = 0, Ê = m̂ and |α| ≤ α₀ ≈ 1.513u (the kernel's
///   relative bound); for n ≤ −1, |Ê − E*| ≤ u|E*| + (1 + u)·2^n·B and
///   |E*| ≥ 1 − e^((n+1/2)/L) (t·L ≤ n + 1/2), so |α| ≤ α_n, largest at
///   n = −1 (≈ 2.800u; α₋₂ ≈ 1.408u covers every n ≤ −2). Since
///   2 + Ê = (2 + E*)(1 − α·tanh a),
///
///       value = tanh a · (1 + α)(1 + ε₁) / ((1 − α·tanh a)(1 + ε₂)),  |ε_i| ≤ u,
///
///   so the relative error is at most (1 + α)(1 + u)/((1 − ατ)(1 − u)) − 1 with
///   τ the largest tanh a of the case: tanh(1/(4L)) for n = 0, tanh(3/(4L)) for
///   n = −1, 1 beyond. The worst case (n = −1) gives κ ≈ 6.138u.
///
/// error = fl(κ'·|value| + η) with κ' = 6.25u ≥ κ/((1 − κ)(1 − u)): from
/// |tanh x − value| ≤ κ|tanh x| ≤ κ|value|/(1 − κ), and one rounding of the
/// fused operation (η covers a subnormal result). The tests recompute every
/// constant above in exact rational arithmetic (`CertifiedKernelConstantsTests`)
/// and check containment of mpmath and Arb references.
///
/// NaN gives NaN in both; ±∞ saturate.
public enum CertifiedTanh {
    /// κ' = 6.25u.
    public static let relativeError = 0x1.9p-51
    /// Above this |x|, value = ±1.
    public static let saturation = 18.5
    /// Below this |x|, value = x.
    public static let linear = 0x1p-27

    /// (value, error) with |tanh x − value| ≤ error in every lane.
    @inlinable @inline(__always)
    public static func enclosure<V: DoubleLaneVector, R: BallRounding>(_ x: V, _: R.Type = RigorousRounding.self) -> (value: V, error: V) {
        let a = x.laneMagnitudes
        let saturated = a.lanes(above: 18.5)                             // false for NaN
        let t = a.replacing(with: 18.5, whereLanes: saturated) * -2
        let (scale, m) = ExponentialKernel.reduced(t)
        let e = (scale - 1).addingProduct(m, scale)                     // Ê
        var y = (-e) / (e + 2)
        y = y.replacing(with: a, whereLanes: a.lanes(below: 0x1p-27))
        y = y.replacing(with: 1, whereLanes: saturated).withSigns(of: x)
        let error = V(repeating: 0x1p-1074 * R.enclosureErrors).addingProduct(y.laneMagnitudes, V(repeating: 0x1.9p-51 * R.enclosureErrors))
        return (y, error.replacing(with: 0, whereLanes: x.zeroLanes))
    }

    /// tanh on balls [m − r, m + r] (r ≥ 0), as a ball containing tanh of every
    /// point: `meanValueBall`, and where some lane is wider than
    /// `MidpointRadius.wideRadius`, also the ball from bounds at both ends,
    /// taking the narrower per lane (`MidpointRadius.increasingBall`).
    @inlinable @inline(__always)
    public static func ball<V: DoubleLaneVector, R: BallRounding>(mid: V, radius: V, _ rounding: R.Type = RigorousRounding.self) -> (mid: V, radius: V) {
        MidpointRadius.increasingBall(mid: mid, radius: radius, range: -1, 1, rounding,
                                      enclosure: { enclosure($0, rounding) }, meanValue: { meanValueBall(mid: $0, radius: $1, rounding) })
    }

    /// tanh on balls [m − r, m + r] (r ≥ 0), as a ball (mid, radius) containing
    /// tanh of every point — the mean-value form, one tanh per lane:
    ///
    ///     |tanh ξ − tanh m| ≤ r · sup_{|ξ−m|≤r} sech² ξ,
    ///     sech² ξ ≤ sech² m · e^(2|ξ−m|)        (cosh m ≤ cosh ξ · e^|m−ξ|),
    ///     sech² m = (1 − |tanh m|)(1 + |tanh m|) ≤ (1 − |v| + e)(1 + |v| + e),
    ///     e^w ≤ 1 + w + w² for 0 ≤ w ≤ 1,
    ///
    /// so with (v, e) = `enclosure(m)` and w = 2r, the slope bound is
    /// Λ = min(1, (1 − |v| + e)(1 + |v| + e)(1 + w + w²)) for w ≤ 1, else 1
    /// (tanh is 1-Lipschitz), and the radius e + r·Λ. The radius is a
    /// nonnegative expression in nonnegative operands with nine roundings on
    /// its longest product chain, so `MidpointRadius.roundedUp` makes the
    /// computed value an upper bound. A radius of 1 or more (or NaN) is
    /// replaced by the range [−1, 1] itself.
    @inlinable @inline(__always)
    public static func meanValueBall<V: DoubleLaneVector, R: BallRounding>(mid: V, radius: V, _ rounding: R.Type) -> (mid: V, radius: V) {
        let (v, e) = enclosure(mid, rounding)
        let magnitude = v.laneMagnitudes
        let w = radius + radius
        let growth = w.addingProduct(w, w) + 1                                // 1 + w + w²
        var slope = ((1 - magnitude) + e) * ((1 + magnitude) + e) * growth
        slope = slope.replacing(with: 1, whereLanes: ~slope.lanes(below: 1) | w.lanes(above: 1))
        let r = MidpointRadius.roundedUp(e.addingProduct(radius, slope), rounding)
        let wide = ~r.lanes(below: 1)
        return (v.replacing(with: 0, whereLanes: wide), r.replacing(with: 1, whereLanes: wide))
    }
}
