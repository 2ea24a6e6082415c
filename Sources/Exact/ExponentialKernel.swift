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
/// evaluated by Horner's rule with fused multiply–adds; then r² = fl(r̂·r̂)
/// and m̂ = fl(r² · Q̂ + r̂) (one fused operation, so the leading term r̂
/// enters exactly and only the small term r²·Q̂ carries the polynomial's error).
///
/// - Truncation: |Σ_{k>12} r^k/(k+2)!| ≤ ρ¹³/15! / (1 − ρ/16).
/// - Coefficients: Σ_k |ĉ_k − 1/(k+2)!|·ρ^k.
/// - Horner (Higham §5.1, running with bounds instead of values): with
///   M_k = Σ_{i≥k} ĉ_i ρ^(i−k) bounding the exact partial values, the errors
///   E₁₂ = 0, E_k = ρE_{k+1} + u(ρ(M_{k+1} + E_{k+1}) + ĉ_k) bound
///   |q̂_k − q_k| (each step q̂_k = fl(q̂_{k+1}·r̂ + ĉ_k) adds u times its
///   argument's magnitude).
///
/// Together |Q̂ − Q(r̂)| ≤ δQ = E₀ + coefficients + truncation ≈ 0.67u and
/// |Q̂| ≤ Q̂max = M₀ + E₀ ≈ 0.563. Writing r² = r̂²(1 + ε₂), m̂ = (r²Q̂ + r̂)(1 + ε₃):
///
///     |m̂ − (e^r̂ − 1)| ≤ u·|e^r̂ − 1| + (1 + u)·r̂²·(δQ + u·Q̂max)      (Λ)
///
/// (plus 2η when r̂² underflows, which only matters as an absolute term).
///
/// **Bounds the callers use.**
///
/// - Absolute, every n: |1 + m̂ − e^(r*)| ≤ B = u(e^ρ − 1) + (1 + u)ρ²(δQ + uQ̂max)
///   + e^(ρ+δr)·δr + 2η ≈ 1.053u, from (Λ) and |e^r̂ − e^(r*)| ≤ e^(ρ+δr)·|r̂ − r*|.
/// - Relative, n = 0 and t ∈ [−ρ, 0) (tanh's small arguments, where e^t − 1 is
///   the quantity itself): |m̂ − (e^t − 1)| ≤ α₀|e^t − 1|, α₀ = u + (1 + u)·
///   (ρ/q(−ρ))·(δQ + uQ̂max) ≈ 1.506u, since t²/|e^t − 1| = |t|/q(t) with
///   q(t) = (e^t − 1)/t is largest at t = −ρ.
///
/// NaN propagates to m̂. Lanes with |t| > 709 give meaningless results; the
/// callers clamp first.
public enum ExponentialKernel {
    /// ĉ_k = fl(1/(k+2)!), k = 0…12: the coefficients of Q̂ (for the tests; the kernel spells them out).
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
        // Horner's rule for Q̂, 1/14! down to 1/2.
        @inline(__always) func step(_ q: V, _ c: Double) -> V { V(repeating: c).addingProduct(q, r) }
        var q = V(repeating: 1.0 / 87_178_291_200)
        q = step(q, 1.0 / 6_227_020_800); q = step(q, 1.0 / 479_001_600); q = step(q, 1.0 / 39_916_800)
        q = step(q, 1.0 / 3_628_800); q = step(q, 1.0 / 362_880); q = step(q, 1.0 / 40320)
        q = step(q, 1.0 / 5040); q = step(q, 1.0 / 720); q = step(q, 1.0 / 120)
        q = step(q, 1.0 / 24); q = step(q, 1.0 / 6); q = step(q, 1.0 / 2)
        let m = r.addingProduct(r * r, q)
        // 2^n in the exponent field: the low bits of `shifted` hold n + (bits of S).
        let exponent = (shifted.bitPatterns &+ V.MaskStorage(repeating: 1023 &- 0x4338_0000_0000_0000)) &<< 52
        return (V(bitPatterns: exponent), m)
    }
}
