import Cells
import Exact

/// Mean and variance of the final state S_n over one class of F1B(n) paths
/// (X^I_L = +1 or −1), for the recursion of `GatedRecursion`.
///
/// Definitions (stated in the report): paths of a class are equally likely,
/// L uniform on 1…n and the other bits fair and independent.
/// - unconditional: μ = E[S_n], σ² = E[S_n²] − μ² over all the class's paths,
///   i.e. the total variance E[Var(S_n | L)] + Var(E[S_n | L]);
/// - conditional on L: μ_L = E[S_n | L], v_L = Var(S_n | L).
public struct ClassMoments: Sendable {
    public var mean: Interval
    public var variance: Interval
    /// (1/n)·Σ_L min(1, v_L / μ_L²) for L with μ_L on the class's side, 1 for
    /// the others: the Chebyshev bound on the class's error conditional on L, averaged.
    public var conditionalChebyshev: Interval
}

/// Moments for every n up to a limit, in one sweep.
///
/// Before the flag (t < L), E[S_t] = m_t and E[S_t²] = q_t with
///     m_t = A·m_{t−1},   q_t = A²·q_{t−1} + (1 − A)²B².
/// After it, with M_t = Σ_{L ≤ t} E[S_t | L] and Q_t = Σ_{L ≤ t} E[S_t² | L],
///     M_t = A·M_{t−1} + (1 − A)·m_{t−1} + σ·A·B,
///     Q_t = A²·Q_{t−1} + (t − 1)(1 − A)²B² + (1 − A)²q_{t−1} + 2σ(1 − A)AB·m_{t−1} + A²B²,
/// where σ = ±1 is the class (X^I_L). Then μ = M_n/n, σ² = Q_n/n − μ².
public struct MomentSweep<Scalar: BoundScalar> {
    public let recursion: GatedRecursion<Scalar>
    let context: Scalar.Context

    public init(_ recursion: GatedRecursion<Scalar>, context: Scalar.Context) {
        self.recursion = recursion
        self.context = context
    }

    func constant(_ r: Rational) -> Scalar { Scalar(exactly: r, context: context) }

    /// (mean, variance) of S_n for the class `sign`, for n = 1…limit.
    public func unconditional(sign: Int, through limit: Int) -> [(mean: Scalar, variance: Scalar)] {
        let A = recursion.A, B = recursion.B
        let oneMinusA = Scalar.one - A
        let noise = oneMinusA * oneMinusA * B * B
        let flagged = constant(Rational(sign)) * A * B
        var m = recursion.s0, q = recursion.s0 * recursion.s0
        var M = Scalar.zero, Q = Scalar.zero
        var out: [(mean: Scalar, variance: Scalar)] = []
        for t in stride(from: 1, through: limit, by: 1) {
            let carried: Scalar = A * M
            let newM: Scalar = carried + oneMinusA * m + flagged
            let decayed: Scalar = A * A * Q
            let fresh: Scalar = constant(Rational(t - 1)) * noise
            let loaded: Scalar = oneMinusA * oneMinusA * q
            let cross: Scalar = constant(2) * oneMinusA * flagged * m
            let newQ: Scalar = decayed + fresh + loaded + cross + flagged * flagged
            m = A * m
            q = A * A * q + noise
            M = newM
            Q = newQ
            let inverse = constant(Rational(1, t))
            let mean: Scalar = M * inverse
            let second: Scalar = Q * inverse
            out.append((mean, second - mean * mean))
        }
        return out
    }

    /// Conditional on L = 1…n: μ_L = (1 − A)A^{n−1}s0 + σ·A·B·A^{n−L} and
    /// v_L = (1 − A)²B²·G(n − L) + (1 − A)⁴B²A^{2(n−L)}·G(L − 1), G(m) = Σ_{k<m} A^{2k}.
    public func conditional(sign: Int, length n: Int) -> [(mean: Scalar, variance: Scalar)] {
        let A = recursion.A, B = recursion.B
        let oneMinusA = Scalar.one - A
        var powers = [Scalar.one]                      // A^k
        var geometric = [Scalar.zero]                  // G(k) = Σ_{j<k} A^{2j}
        for k in 1...n {
            powers.append(powers[k - 1] * A)
            geometric.append(geometric[k - 1] + powers[k - 1] * powers[k - 1])
        }
        let start = oneMinusA * powers[n - 1] * recursion.s0
        let signed = constant(Rational(sign)) * A * B
        let noise = oneMinusA * oneMinusA * B * B
        return (1...n).map { L in
            let after: Scalar = powers[n - L]
            let mean: Scalar = start + signed * after
            let later: Scalar = noise * geometric[n - L]
            let earlierWeight: Scalar = oneMinusA * oneMinusA * after * after
            let earlier: Scalar = noise * earlierWeight * geometric[L - 1]
            return (mean, later + earlier)
        }
    }
}
