/// Certified σ(x) = 1/(1 + e^(−x)) in Double lanes, with a proven error bound:
/// for every lane, |σ(x) − value| ≤ error.
///
/// With a = |x| clamped to 708 and (2^n, m̂) = `ExponentialKernel.reduced(−a)`
/// (n ∈ [−1021, 0], so 2^n and every result below are normal numbers):
///
///     ê = fl(2^n·m̂ + 2^n) ≈ e^(−a),   D̂ = fl(1 + ê),
///     value = fl(1/D̂) = σ(a) for x ≥ 0,   fl(ê/D̂) = σ(−a) for x < 0,
///
/// both free of cancellation. ê = e^(−a)(1 + γ) with |γ| ≤ γ_e =
/// (1 + B·e^ρ)(1 + u) − 1 ≈ 2.491u (B, ρ from the kernel: |1 + m̂ − e^(r*)| ≤ B
/// and e^(r*) ≥ e^(−ρ)). Then D̂ = (1 + e^(−a))(1 + γσ(−a))(1 + ε) with σ(−a) ≤ 1/2, so
///
///     fl(1/D̂) = σ(a)(1 + ε')/((1 + γσ(−a))(1 + ε)),
///     fl(ê/D̂) = σ(−a)(1 + γ)(1 + ε')/((1 + γσ(−a))(1 + ε)),
///
/// relative errors at most (1 + γ_e)(1 + u)/((1 − γ_e/2)(1 − u)) − 1 = κ ≈ 5.737u.
/// error = fl(κ'·|value| + 2⁻¹⁰²⁰) with κ' = 6u ≥ κ/((1 − κ)(1 − u)).
///
/// Saturation: for a > 708, σ(−a) < e^(−708) < 2⁻¹⁰²⁰, so value = 0 (x < 0)
/// with the absolute term as its error; value = 1 (x > 0), 1 − σ(a) < 2⁻¹⁰²⁰.
/// σ(±0) = 1/2 exactly (error 0). NaN gives NaN; ±∞ saturate. The tests
/// recompute the constants in exact arithmetic (`CertifiedKernelConstantsTests`).
public enum CertifiedSigmoid {
    /// κ' = 6u.
    public static let relativeError = 0x1.8p-51
    /// The absolute term, 2⁻¹⁰²⁰ ≥ e^(−708).
    public static let absoluteError = 0x1p-1020
    /// Above this |x|, the value is 0 or 1.
    public static let saturation = 708.0

    /// (value, error) with |σ(x) − value| ≤ error in every lane.
    @inlinable @inline(__always)
    public static func enclosure<V: DoubleLaneVector, R: BallRounding>(_ x: V, _: R.Type = RigorousRounding.self) -> (value: V, error: V) {
        let a = x.laneMagnitudes
        let saturated = a.lanes(above: 708)                              // false for NaN
        let (scale, m) = ExponentialKernel.reduced(-a.replacing(with: 708, whereLanes: saturated))
        let e = scale.addingProduct(m, scale)                           // ê
        let negative = x.signLanes                                       // −0 too: σ(−0) = ê/D̂ = 1/2
        var y = V(repeating: 1).replacing(with: e, whereLanes: negative) / (e + 1)
        y = y.replacing(with: V(repeating: 1).replacing(with: 0, whereLanes: negative), whereLanes: saturated)
        let error = V(repeating: 0x1p-1020 * R.enclosureErrors).addingProduct(y, V(repeating: 0x1.8p-51 * R.enclosureErrors))
        return (y, error.replacing(with: 0, whereLanes: x.zeroLanes))
    }

    /// σ on balls [m − r, m + r] (r ≥ 0), as a ball containing σ of every
    /// point: `meanValueBall`, and where some lane is wider than
    /// `MidpointRadius.wideRadius`, also the ball from bounds at both ends,
    /// taking the narrower per lane (`MidpointRadius.increasingBall`).
    @inlinable @inline(__always)
    public static func ball<V: DoubleLaneVector, R: BallRounding>(mid: V, radius: V, _ rounding: R.Type = RigorousRounding.self) -> (mid: V, radius: V) {
        MidpointRadius.increasingBall(mid: mid, radius: radius, range: 0, 1, rounding,
                                      enclosure: { enclosure($0, rounding) }, meanValue: { meanValueBall(mid: $0, radius: $1, rounding) })
    }

    /// σ on balls [m − r, m + r] (r ≥ 0), as a ball containing σ of every point
    /// (the mean-value form, one σ per lane):
    ///
    ///     σ'(ξ) = σ(ξ)(1 − σ(ξ)) = 1/(4 cosh²(ξ/2)) ≤ σ'(m)·e^|ξ−m|,
    ///     σ'(m) ≤ (v + e)(1 − v + e),   e^r ≤ 1 + r + r² for 0 ≤ r ≤ 1,
    ///
    /// with (v, e) = `enclosure(m)` (v ∈ [0, 1]), so the slope bound is
    /// Λ = min(1/4, (v + e)(1 − v + e)(1 + r + r²)) for r ≤ 1, else 1/4, and the
    /// radius e + r·Λ, rounded up (`MidpointRadius`: nine roundings on the
    /// longest product chain). A radius of 1/2 or more (or NaN) is replaced by
    /// the range [0, 1] itself.
    @inlinable @inline(__always)
    public static func meanValueBall<V: DoubleLaneVector, R: BallRounding>(mid: V, radius: V, _ rounding: R.Type) -> (mid: V, radius: V) {
        let (v, e) = enclosure(mid, rounding)
        let growth = radius.addingProduct(radius, radius) + 1                 // 1 + r + r²
        var slope = ((1 - v) + e) * (v + e) * growth
        slope = slope.replacing(with: 0.25, whereLanes: ~slope.lanes(below: 0.25) | radius.lanes(above: 1))
        let r = MidpointRadius.roundedUp(e.addingProduct(radius, slope), rounding)
        let wide = ~r.lanes(below: 0.5)
        return (v.replacing(with: 0.5, whereLanes: wide), r.replacing(with: 0.5, whereLanes: wide))
    }
}
