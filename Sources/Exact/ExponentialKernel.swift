/// The reduced exponential every certified Double kernel builds on (tanh, σ,
/// exp): for t with |t| ≤ 709, in every lane,
///
///     e^t = 2^n · e^(r*),   r* = t − n·ln 2,   n = round(t·L),
///
/// returned as the exact power `scale` = 2^n and m̂ ≈ e^(r*) − 1, with the
/// error bounds below. The callers' bounds (`CertifiedTanh`, `CertifiedSigmoid`,
/// `CertifiedExponential`) are derived from these two and checked with exact
/// rational arithmetic and 256-bit Arb values in the tests
/// (`CertifiedKernelConstantsTests`).
///
/// Floating-point model (IEEE 754 binary64, round to nearest): u = 2⁻⁵³,
/// η = 2⁻¹⁰⁷⁴; an operation's result is exact when representable; otherwise
/// fl(v) = v(1 + δ), |δ| ≤ u, and |fl(v) − v| ≤ u|fl(v)| when |v| ≥ 2⁻¹⁰²²,
/// while |fl(v) − v| ≤ η/2 below (Higham, *Accuracy and Stability*, §2.1–2.2).
/// A fused multiply–add rounds once.
///
/// **Reduction.** s = fl(t·L + S) with L = fl(log₂ e), S = 1.5·2⁵²: the exact
/// t·L (|t·L| < 2⁵¹) is rounded to an integer in the low mantissa bits, so
/// n = s − S exactly and |t·L − n| ≤ 1/2; |n| ≤ 1023. With ln 2 split as
/// C₁ (32 significant bits) + C₂:
///
/// - r₁ = fl(t − n·C₁) is exact: for n = 0 it is t; otherwise |t| > 1/4, so t
///   and n·C₁ are multiples of 2⁻⁵⁴ and |t − n·C₁| < 1/2 is representable.
/// - r̂ = fl(r₁ − n·C₂), so |r̂ − r*| ≤ u|r̂| + |n|·Δ₃ =: δr, Δ₃ = |ln 2 − C₁ − C₂|
///   (< 1.2·10⁻²⁶). For n = 0, r̂ = r* = t exactly.
/// - |r*| ≤ ln 2·(1/2 + 709·|L − log₂ e|), so |r̂| ≤ ρ = 0.3466 (the tests
///   check ρ exceeds this by 2.6·10⁻⁵).
///
/// **Polynomial.** e^r − 1 = r + r²·Q(r), Q(r) = Σ_{k≥0} r^k/(k+2)!. Q̂ is
/// Q's Taylor polynomial of degree 12 with coefficients ĉ_k = fl(1/(k+2)!),
/// evaluated with fused multiply–adds as Q̂ = ĉ₀ + r̂(ĉ₁ + r̂·T̂): Horner's rule
/// for the two leading terms, whose roundings dominate the error, and Estrin's
/// scheme for T̂ = Σ ĉ_{k+2} r̂^k (pairs ĉ_k + ĉ_{k+1}·r̂ combined with
/// r² = fl(r̂·r̂), r⁴ = fl(r²·r²), r⁸ = fl(r⁴·r⁴)) — six dependent operations
/// after the powers where Horner's rule alone has twelve, which is what bounds
/// a lane's latency. Then m̂ = fl(r² · Q̂ + r̂) (one fused operation, so the
/// leading term r̂ enters exactly and only the small term r²·Q̂ carries the error).
///
/// - Truncation: |Σ_{k>12} r^k/(k+2)!| ≤ ρ¹³/15! / (1 − ρ/16).
/// - Coefficients: Σ_k |ĉ_k − 1/(k+2)!|·ρ^k.
/// - Evaluation (running error analysis, Higham §3.3, with bounds instead of
///   values): every node x of the scheme gets a magnitude bound M_x and an
///   error bound E_x ≥ |x̂ − x| (x exact from the exact r̂ and the ĉ_k): leaves
///   r̂ (M = ρ, E = 0) and ĉ_k (E = 0); for x = fl(a·b + c),
///   M_x = M_a·M_b + M_c and E_x = D + E_c + u·(M_x + D + E_c) with
///   D = M_a·E_b + E_a·M_b + E_a·E_b. All bounds grow with ρ, so |r̂| ≤ ρ
///   covers every lane.
///
/// Together |Q̂ − Q(r̂)| ≤ δQ = E_Q + coefficients + truncation ≈ 0.69u and
/// |Q̂| ≤ Q̂max = M_Q + E_Q ≈ 0.563. Writing r² = r̂²(1 + ε₂), m̂ = (r²Q̂ + r̂)(1 + ε₃):
///
///     |m̂ − (e^r̂ − 1)| ≤ u·|e^r̂ − 1| + (1 + u)·r̂²·(δQ + u·Q̂max)      (Λ)
///
/// (plus 2η when r̂², r⁴ or r⁸ underflow, which only matters as an absolute term).
///
/// **Bounds the callers use.**
///
/// - Absolute, every n: |1 + m̂ − e^(r*)| ≤ B = u(e^ρ − 1) + (1 + u)ρ²(δQ + uQ̂max)
///   + e^(ρ+δr)·δr + 2η ≈ 1.055u, from (Λ) and |e^r̂ − e^(r*)| ≤ e^(ρ+δr)·|r̂ − r*|.
/// - Relative, n = 0 and t ∈ [−ρ, 0) (tanh's small arguments, where e^t − 1 is
///   the quantity itself): |m̂ − (e^t − 1)| ≤ α₀|e^t − 1|, α₀ = u + (1 + u)·
///   (ρ/q(−ρ))·(δQ + uQ̂max) ≈ 1.513u, since t²/|e^t − 1| = |t|/q(t) with
///   q(t) = (e^t − 1)/t is largest at t = −ρ.
///
/// NaN propagates to m̂. Lanes with |t| > 709 give meaningless results; the
/// callers clamp first.
public enum ExponentialKernel {
    /// ĉ_k = fl(1/(k+2)!), k = 0…12: the coefficients of Q̂ (for the tests; the kernel spells them out in Estrin's order).
    public static let coefficients: [Double] = [
        1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320, 1.0 / 362_880,
        1.0 / 3_628_800, 1.0 / 39_916_800, 1.0 / 479_001_600, 1.0 / 6_227_020_800, 1.0 / 87_178_291_200,
    ]
    /// fl(log₂ e).
    public static let log2e = 0x1.71547652b82fep0
    /// ln 2 = C₁ + C₂ + Δ: C₁ has 32 significant bits, so n·C₁ is exact for |n| < 2²¹.
    public static let ln2High = 0x1.62e42fee00000p-1
    public static let ln2Low = 0x1.a39ef35793c76p-33
    /// 1.5·2⁵²: adding it rounds |v| < 2⁵¹ to an integer in the low mantissa bits.
    public static let shifter = 0x1.8p52
    /// ρ ≥ |r̂| for every |t| ≤ 709.
    public static let reducedBound = 0.3466

    /// (2^n, m̂) for t in every lane, |t| ≤ 709: e^t = 2^n·e^(r*), m̂ ≈ e^(r*) − 1 within the bounds above.
    @inlinable @inline(__always)
    public static func reduced<V: DoubleLaneVector>(_ t: V) -> (scale: V, m: V) {
        let shifter = V(repeating: 0x1.8p52)
        let shifted = shifter.addingProduct(t, V(repeating: 0x1.71547652b82fep0))   // fl(t·L + S)
        let n = shifted - shifter
        let r1 = t.addingProduct(-n, V(repeating: 0x1.62e42fee00000p-1))              // exact
        let r = r1.addingProduct(-n, V(repeating: 0x1.a39ef35793c76p-33))
        // Q̂ = ĉ₀ + r̂(ĉ₁ + r̂·T̂): Horner's rule for the two leading terms (their
        // roundings dominate the error), Estrin's scheme for T̂ (ĉ₂ … ĉ₁₂).
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        @inline(__always) func pair(_ a: Double, _ b: Double) -> V { V(repeating: a).addingProduct(r, V(repeating: b)) }
        let q0 = pair(1.0 / 24, 1.0 / 120).addingProduct(r2, pair(1.0 / 720, 1.0 / 5040))
        let q1 = pair(1.0 / 40320, 1.0 / 362_880).addingProduct(r2, pair(1.0 / 3_628_800, 1.0 / 39_916_800))
        let q2 = pair(1.0 / 479_001_600, 1.0 / 6_227_020_800).addingProduct(r2, V(repeating: 1.0 / 87_178_291_200))
        let t = q0.addingProduct(r4, q1).addingProduct(r8, q2)
        let q = V(repeating: 1.0 / 2).addingProduct(r, V(repeating: 1.0 / 6).addingProduct(r, t))
        let m = r.addingProduct(r2, q)
        // 2^n in the exponent field: the low bits of `shifted` hold n + (bits of S).
        let exponent = (shifted.bitPatterns &+ V.MaskStorage(repeating: 1023 &- 0x4338_0000_0000_0000)) &<< 52
        return (V(bitPatterns: exponent), m)
    }
}
