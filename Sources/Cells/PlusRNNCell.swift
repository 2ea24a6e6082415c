import Exact
import F1B

/// The intersection RNN (+RNN) of Collins, Sohl-Dickstein and Sussillo (2017,
/// eq. 15–20), one layer, with the input first projected to K units as the
/// reference implementation (TensorFlow's `IntersectionRNNCell`,
/// `num_in_proj`) does, since y_t mixes the input itself in:
///
///     x̂_t = W_p x_t + b_p                                 projection (K×2, K)
///     y^in_t = relu(W_y x̂_t + U_y h_{t−1} + b_y)
///     h^in_t = tanh(W_h x̂_t + U_h h_{t−1} + b_h)
///     g^y_t = σ(W_gy x̂_t + U_gy h_{t−1} + b_gy)
///     g^h_t = σ(W_gh x̂_t + U_gh h_{t−1} + b_gh)
///     y_t = g^y_t ⊙ x̂_t + (1 − g^y_t) ⊙ y^in_t
///     h_t = g^h_t ⊙ h_{t−1} + (1 − g^h_t) ⊙ h^in_t
///
/// Here W_y, W_h, W_gy, W_gh are K×K (they read x̂). The full state is [y, h];
/// y, the layer's output, is classified. y_t reads h_{t−1} and x_t, never
/// y_{t−1}, so y_0 plays no part (it is 0). Since x̂ is affine in x, each
/// pre-activation is W x̂ + b = (W W_p) x + (W b_p + b): the cell composes the
/// maps once, in its number system.
public struct PlusRNNCell<Scalar: CellScalar>: RecurrentCell {
    public let stateSize: Int
    public let initialState: [Scalar]
    @usableFromInline let projection, output, hidden, outputGate, hiddenGate: AffineMap<Scalar>

    public var stateWidth: Int { 2 * stateSize }
    /// x̂, y^in, h^in, g^y, g^h.
    public var scratchWidth: Int { 5 * stateSize }

    public init(parameters p: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding) {
        precondition(Scalar.canEvaluate(.sigmoid) && Scalar.canEvaluate(.tanh) && Scalar.canEvaluate(.relu))
        precondition(initial.count % 2 == 0)
        let K = initial.count / 2
        stateSize = K
        initialState = initial
        let Wp = p("W_p"), bp = p("b_p")
        projection = AffineMap(W: Wp, U: .zeros(rows: K, columns: K), b: bp, encoding: encoding)
        // (W W_p) x + (W b_p + b); the recurrent weights read h, the second half of the state.
        func composed(_ gate: String) -> AffineMap<Scalar> {
            let W = p("W_\(gate)")
            return AffineMap(W: .product(W, Wp), U: .zeros(rows: K, columns: K), V: p("U_\(gate)"),
                             b: .sum(.product(W, bp), p("b_\(gate)")), encoding: encoding)
        }
        output = composed("y"); hidden = composed("h"); outputGate = composed("gy"); hiddenGate = composed("gh")
    }

    @inlinable @inline(__always)
    public func step(_ state: [Scalar], _ x: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar]) {
        let K = stateSize
        // The V terms of the composed maps read h at offset K of the state.
        projection.evaluate(x, h: state, at: 0, into: &scratch, at: 0)
        output.evaluate(x, h: state, at: 0, c: K, into: &scratch, at: K)
        hidden.evaluate(x, h: state, at: 0, c: K, into: &scratch, at: 2 * K)
        outputGate.evaluate(x, h: state, at: 0, c: K, into: &scratch, at: 3 * K)
        hiddenGate.evaluate(x, h: state, at: 0, c: K, into: &scratch, at: 4 * K)
        let one = Scalar.one
        for k in 0..<K {
            scratch[K + k].activate(.relu)
            scratch[2 * K + k].activate(.tanh)
            scratch[3 * K + k].activate(.sigmoid)
            scratch[4 * K + k].activate(.sigmoid)
            let gy = scratch[3 * K + k]
            next[k].assign(gy * scratch[k])
            next[k].addProduct(one - gy, scratch[K + k])
        }
        retainingCombination(scratch, g: 4 * K, candidate: 2 * K, count: K, previous: state, into: &next, at: K)
    }
}
