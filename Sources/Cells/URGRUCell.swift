import Exact
import F1B

/// The GRU with the refine gate of Gu et al. (2020) on its retention gate, in
/// the F1B paper's GRU otherwise (reset before U_s); UR-GRU when trained from
/// the uniform gate initialisation, R-GRU from the standard one:
///
///     r_t = σ(W_r x_t + U_r s_{t−1} + b_r)                reset
///     f_t = σ(W_f x_t + U_f s_{t−1} + b_f)                retention (the paper's 1 − z)
///     q_t = σ(W_q x_t + U_q s_{t−1} + b_q)                refine
///     g_t = q_t ⊙ (1 − (1 − f_t)²) + (1 − q_t) ⊙ f_t²     Gu's eq. 12
///     s̃_t = tanh(W_s x_t + U_s (r_t ⊙ s_{t−1}) + b_s)
///     s_t = g_t ⊙ s_{t−1} + (1 − g_t) ⊙ s̃_t
///
/// Gu et al. give the refine gate for the LSTM's forget gate and say the same
/// change applies to the GRU without writing it out; this is that reading: the
/// refine gate acts on the *retention*, so it can hold the state longer than f
/// alone (refining the write gate z instead would be another cell). The refine
/// gate is named q here, since the GRU's r is its reset gate.
public struct URGRUCell<Scalar: CellScalar>: RecurrentCell {
    public let stateSize: Int
    public let initialState: [Scalar]
    @usableFromInline let reset, retention, refinement, candidate: AffineMap<Scalar>

    public var stateWidth: Int { stateSize }
    /// f (then g), q and s̃ (r ⊙ s_{t−1} is formed in `next`).
    public var scratchWidth: Int { 3 * stateSize }

    public init(parameters p: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding) {
        precondition(Scalar.canEvaluate(.sigmoid) && Scalar.canEvaluate(.tanh))
        stateSize = initial.count
        initialState = initial
        reset = AffineMap(W: p("W_r"), U: p("U_r"), b: p("b_r"), encoding: encoding)
        retention = AffineMap(W: p("W_f"), U: p("U_f"), b: p("b_f"), encoding: encoding)
        refinement = AffineMap(W: p("W_q"), U: p("U_q"), b: p("b_q"), encoding: encoding)
        candidate = AffineMap(W: p("W_s"), U: p("U_s"), b: p("b_s"), encoding: encoding)
    }

    @inlinable @inline(__always)
    public func step(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar]) {
        let K = stateSize
        reset.evaluate(input, h: state, at: 0, into: &next, at: 0)
        retention.evaluate(input, h: state, at: 0, into: &scratch, at: 0)
        refinement.evaluate(input, h: state, at: 0, into: &scratch, at: K)
        for k in 0..<K {
            next[k].activate(.sigmoid)
            next[k] = next[k] * state[k]
            scratch[k].activate(.sigmoid)
            scratch[K + k].activate(.sigmoid)
        }
        refine(&scratch, f: 0, r: K, count: K)
        candidate.evaluate(input, h: next, at: 0, into: &scratch, at: 2 * K)
        for k in 0..<K { scratch[2 * K + k].activate(.tanh) }
        retainingCombination(scratch, g: 0, candidate: 2 * K, count: K, previous: state, into: &next)
    }
}
