import Exact
import F1B

/// Gated recurrent unit, in the paper's convention (eq. 10–13):
///
///     r_t = σ(W_r x_t + U_r s_{t−1} + b_r)
///     z_t = σ(W_z x_t + U_z s_{t−1} + b_z)
///     s̃_t = tanh(W_s x_t + U_s (r_t ⊙ s_{t−1}) + b_s)
///     s_t = z_t ⊙ s̃_t + (1 − z_t) ⊙ s_{t−1}
///
/// Unlike PyTorch, z weighs the candidate (not the old state), and r is applied
/// to s_{t−1} before U_s multiplies it (PyTorch applies it after).
public struct GRUCell<Scalar: CellScalar>: GatedCell {
    public let stateSize: Int
    public let initialState: [Scalar]
    @usableFromInline let reset, update, candidate: AffineMap<Scalar>

    public var stateWidth: Int { stateSize }
    /// z and s̃ (r ⊙ s_{t−1} is formed in `next` before the combination overwrites it).
    public var scratchWidth: Int { 2 * stateSize }

    public init(parameters p: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding) {
        precondition(Scalar.canEvaluate(.sigmoid) && Scalar.canEvaluate(.tanh))
        stateSize = initial.count
        initialState = initial
        reset = AffineMap(W: p("W_r"), U: p("U_r"), b: p("b_r"), encoding: encoding)
        update = AffineMap(W: p("W_z"), U: p("U_z"), b: p("b_z"), encoding: encoding)
        candidate = AffineMap(W: p("W_s"), U: p("U_s"), b: p("b_s"), encoding: encoding)
    }

    /// The update gate z_t = σ(W_z x_t + U_z s_{t−1} + b_z) at a state and an input
    /// (1 − z_t is what the state retains: Theorem 4's A off the flag).
    public func updateGate(_ state: [Scalar], _ input: Scalar.Input) -> [Scalar] {
        var z = [Scalar](repeating: state[0], count: stateSize)  // overwritten by the affine map
        update.evaluate(input, h: state, at: 0, into: &z, at: 0)
        for k in 0..<stateSize { z[k].activate(.sigmoid) }
        return z
    }

    @inlinable @inline(__always)
    public func step(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar]) {
        let K = stateSize
        // next[0..<K] ← r ⊙ s_{t−1}; scratch = [z, s̃].
        reset.evaluate(input, h: state, at: 0, into: &next, at: 0)
        update.evaluate(input, h: state, at: 0, into: &scratch, at: 0)
        for k in 0..<K {
            next[k].activate(.sigmoid)
            next[k] = next[k] * state[k]
            scratch[k].activate(.sigmoid)
        }
        candidate.evaluate(input, h: next, at: 0, into: &scratch, at: K)
        for k in 0..<K { scratch[K + k].activate(.tanh) }
        gatedCombination(scratch, z: 0, candidate: K, previous: state, into: &next)
    }
}
