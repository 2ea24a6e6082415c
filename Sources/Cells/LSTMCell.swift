import Exact
import F1B

/// Long short-term memory with peepholes, as the paper adopts it from Gers &
/// Schmidhuber (2000) (eq. 4–9):
///
///     i_t = σ(W_i x_t + U_i d_{t−1} + V_i c_{t−1} + b_i)
///     f_t = σ(W_f x_t + U_f d_{t−1} + V_f c_{t−1} + b_f)
///     o_t = σ(W_o x_t + U_o d_{t−1} + V_o c_{t−1} + b_o)
///     c̃_t = tanh(W_c x_t + U_c d_{t−1} + V_c c_{t−1} + b_c)
///     c_t = i_t ⊙ c̃_t + f_t ⊙ c_{t−1}
///     d_t = o_t ⊙ tanh(c_t)
///
/// The full state is [c, d] (2K scalars); the classified state is c, as in the paper.
///
/// The frameworks' LSTM — PyTorch's `nn.LSTM` (gates i, f, g, o; g is c̃ here,
/// h is d), Flax's `LSTMCell`, Keras' `LSTM` — is this cell without peepholes
/// (V = 0), with each bias the sum of an input and a recurrent bias, and with
/// the output h classified: `hiddenFirst` puts h first in the full state,
/// [h, c], so that the classified state (always the first K entries) is h.
public struct LSTMCell<Scalar: CellScalar>: GatedCell, SplitStepCell {
    public let stateSize: Int
    public let initialState: [Scalar]
    @usableFromInline let input, forget, output, candidate: AffineMap<Scalar>
    /// Offsets of c and of d (h) in the full state.
    @usableFromInline let cellOffset, hiddenOffset: Int

    public var stateWidth: Int { 2 * stateSize }
    /// The recurrent parts of i, f, o and c̃, prepared once per state.
    public var scratchWidth: Int { 4 * stateSize }
    public var preparedWidth: Int { 4 * stateSize }

    /// `initial` is [c_0, d_0] (2K entries).
    public init(parameters p: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding) {
        self.init(parameters: p, initial: initial, encoding: encoding, hiddenFirst: false)
    }

    /// With `hiddenFirst`, `initial` is [h_0, c_0] and h is classified.
    public init(parameters p: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding, hiddenFirst: Bool) {
        precondition(Scalar.canEvaluate(.sigmoid) && Scalar.canEvaluate(.tanh))
        precondition(initial.count % 2 == 0)
        stateSize = initial.count / 2
        initialState = initial
        cellOffset = hiddenFirst ? stateSize : 0
        hiddenOffset = hiddenFirst ? 0 : stateSize
        func gate(_ g: String) -> AffineMap<Scalar> {
            AffineMap(W: p("W_\(g)"), U: p("U_\(g)"), V: p("V_\(g)"), b: p("b_\(g)"), encoding: encoding)
        }
        input = gate("i"); forget = gate("f"); output = gate("o"); candidate = gate("c")
    }

    @inlinable @inline(__always)
    public func prepare(_ state: [Scalar], scratch g: inout [Scalar]) {
        let K = stateSize, c = cellOffset, h = hiddenOffset
        // The recurrent parts of [i, f, o, c̃]; U reads d_{t−1} (at h), the peephole V reads c_{t−1} (at c).
        input.evaluateRecurrent(h: state, at: h, c: c, into: &g, at: 0)
        forget.evaluateRecurrent(h: state, at: h, c: c, into: &g, at: K)
        output.evaluateRecurrent(h: state, at: h, c: c, into: &g, at: 2 * K)
        candidate.evaluateRecurrent(h: state, at: h, c: c, into: &g, at: 3 * K)
    }

    @inlinable @inline(__always)
    public func finish(_ state: [Scalar], _ x: Scalar.Input, into next: inout [Scalar], scratch g: inout [Scalar]) {
        let K = stateSize, c = cellOffset, h = hiddenOffset
        for k in 0..<K {
            var i = input.adding(x, row: k, to: g[k]), f = forget.adding(x, row: k, to: g[K + k])
            var o = output.adding(x, row: k, to: g[2 * K + k]), candidateValue = candidate.adding(x, row: k, to: g[3 * K + k])
            i.activate(.sigmoid); f.activate(.sigmoid); o.activate(.sigmoid)
            candidateValue.activate(.tanh)
            next[c + k].assign(i * candidateValue)
            next[c + k].addProduct(f, state[c + k])
            var squashed = next[c + k]
            squashed.activate(.tanh)
            next[h + k].assign(o * squashed)
        }
    }
}
