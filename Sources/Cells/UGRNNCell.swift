import Exact
import F1B

/// The update-gate RNN of Collins, Sohl-Dickstein and Sussillo (2017, eq. 2–4):
///
///     c_t = s(W_c x_t + U_c h_{t−1} + b_c)        s = tanh or relu (`activation`)
///     g_t = σ(W_g x_t + U_g h_{t−1} + b_g)
///     h_t = g_t ⊙ h_{t−1} + (1 − g_t) ⊙ c_t
///
/// Collins' gate-bias hyper-parameter b^{fg} is part of b_g here. g *retains*
/// where the F1B paper's z writes: with s = tanh this is the PRU (eq. 14–16)
/// with z = 1 − g, i.e. W_z = −W_g, U_z = −U_g, b_z = −b_g (σ(−a) = 1 − σ(a)),
/// W_s = W_c, U_s = U_c, b_s = b_c.
public struct UGRNNCell<Scalar: CellScalar>: RecurrentCell {
    public let stateSize: Int
    public let initialState: [Scalar]
    public let activation: Activation
    @usableFromInline let gate, candidate: AffineMap<Scalar>

    public var stateWidth: Int { stateSize }
    /// g and c.
    public var scratchWidth: Int { 2 * stateSize }

    public init(activation: Activation, parameters p: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding) {
        precondition(Scalar.canEvaluate(.sigmoid) && Scalar.canEvaluate(activation))
        stateSize = initial.count
        initialState = initial
        self.activation = activation
        gate = AffineMap(W: p("W_g"), U: p("U_g"), b: p("b_g"), encoding: encoding)
        candidate = AffineMap(W: p("W_c"), U: p("U_c"), b: p("b_c"), encoding: encoding)
    }

    @inlinable @inline(__always)
    public func step(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar]) {
        let K = stateSize
        gate.evaluate(input, h: state, at: 0, into: &scratch, at: 0)
        candidate.evaluate(input, h: state, at: 0, into: &scratch, at: K)
        for k in 0..<K {
            scratch[k].activate(.sigmoid)
            scratch[K + k].activate(activation)
        }
        retainingCombination(scratch, g: 0, candidate: K, count: K, previous: state, into: &next)
    }
}
