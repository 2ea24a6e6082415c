import Exact
import F1B

/// Prototypical recurrent unit (the paper's eq. 14–16):
///
///     z_t = σ(W_z x_t + U_z s_{t−1} + b_z)
///     s̃_t = tanh(W_s x_t + U_s s_{t−1} + b_s)
///     s_t = z_t ⊙ s̃_t + (1 − z_t) ⊙ s_{t−1}
public struct PRUCell<Scalar: CellScalar>: GatedCell {
    public let stateSize: Int
    public let initialState: [Scalar]
    @usableFromInline let update, candidate: AffineMap<Scalar>

    public var stateWidth: Int { stateSize }
    /// z and s̃.
    public var scratchWidth: Int { 2 * stateSize }

    public init(parameters p: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding) {
        precondition(Scalar.canEvaluate(.sigmoid) && Scalar.canEvaluate(.tanh))
        stateSize = initial.count
        initialState = initial
        update = AffineMap(W: p("W_z"), U: p("U_z"), b: p("b_z"), encoding: encoding)
        candidate = AffineMap(W: p("W_s"), U: p("U_s"), b: p("b_s"), encoding: encoding)
    }

    @inlinable @inline(__always)
    public func step(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar]) {
        let K = stateSize
        update.evaluate(input, h: state, at: 0, into: &scratch, at: 0)
        candidate.evaluate(input, h: state, at: 0, into: &scratch, at: K)
        for k in 0..<K {
            scratch[k].activate(.sigmoid)
            scratch[K + k].activate(.tanh)
        }
        gatedCombination(scratch, z: 0, candidate: K, previous: state, into: &next)
    }
}
