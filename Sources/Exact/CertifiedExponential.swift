/// Certified e^x in Double lanes: a lower and an upper bound per lane.
///
/// For x ∈ [−707, 709], (2^n, m̂) = `ExponentialKernel.reduced(x)` (n ∈
/// [−1020, 1023], so 2^n and the value are normal numbers) and
///
///     value = fl(2^n·m̂ + 2^n) = e^x (1 + γ),  |γ| ≤ γ_e = (1 + B·e^ρ)(1 + u) − 1 ≈ 2.491u,
///
/// (B, ρ from the kernel). error = fl(κ'·value + η) with κ' = 2.5u ≥
/// γ_e/((1 − γ_e)(1 − u)), and the bounds are value ∓ error rounded outward
/// (`OutwardRounding`). Outside that range e^x is increasing, so the bound at
/// the nearer end of the range serves: below −707 the lower bound is 0 (and the
/// upper one e^(−707)'s); above 709 the upper bound is +∞. e^0 = 1 exactly.
/// NaN gives NaN. The tests recompute the constants in exact arithmetic
/// (`CertifiedKernelConstantsTests`).
public enum CertifiedExponential {
    /// κ' = 2.5u.
    public static let relativeError = 0x1.4p-52

    /// Lower and upper bounds on e^x in every lane.
    @inlinable @inline(__always)
    public static func bounds<V: DoubleLaneVector, R: BallRounding>(_ x: V, _: R.Type = RigorousRounding.self) -> (lower: V, upper: V) {
        let below = x.lanes(below: -707), above = x.lanes(above: 709)
        let (scale, m) = ExponentialKernel.reduced(x.replacing(with: -707, whereLanes: below).replacing(with: 709, whereLanes: above))
        let y = scale.addingProduct(m, scale)
        let error = V(repeating: 0x1p-1074 * R.enclosureErrors).addingProduct(y, V(repeating: 0x1.4p-52 * R.enclosureErrors))
            .replacing(with: 0, whereLanes: x.zeroLanes)
        let lower = OutwardRounding.bound(y, plusOrMinus: error, direction: V(repeating: -1))
        let upper = OutwardRounding.bound(y, plusOrMinus: error, direction: V(repeating: 1))
        return (lower.replacing(with: 0, whereLanes: below | lower.lanes(below: 0)), upper.replacing(with: .infinity, whereLanes: above))
    }
}
