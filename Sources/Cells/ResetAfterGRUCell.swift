import Exact
import F1B

/// Gated recurrent unit in the frameworks' convention — PyTorch's `nn.GRU`,
/// Flax's `GRUCell`, Keras' `GRU(reset_after=True)` — with an input and a
/// recurrent bias per gate, the reset gate applied *after* the recurrent
/// product, and the update gate weighing the old state:
///
///     r_t = σ(W_r x_t + b_ir + U_r h_{t−1} + b_hr)
///     z_t = σ(W_z x_t + b_iz + U_z h_{t−1} + b_hz)
///     n_t = tanh(W_n x_t + b_in + r_t ⊙ (U_n h_{t−1} + b_hn))
///     h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
///
/// (PyTorch writes W_ir, W_hr, … for W_r, U_r, …). Against the paper's GRU
/// (eq. 10–13, `GRUCell`): its z is 1 − z here, and σ(−a) = 1 − σ(a), so
/// negating W_z, U_z, b_iz and b_hz turns one into the other; r and n carry
/// over *when U_n is diagonal and b_hn = 0*, since then
/// r ⊙ (U_n h) = U_n (r ⊙ h). Otherwise no paper GRU has these equations: the
/// reset gate acts on different quantities.
public struct ResetAfterGRUCell<Scalar: CellScalar>: GatedCell, SplitStepCell {
    public let stateSize: Int
    public let initialState: [Scalar]
    @usableFromInline let reset, update, candidateInput, candidateRecurrent: AffineMap<Scalar>

    public var stateWidth: Int { stateSize }
    /// U_r h, U_z h and U_n h, prepared once per state.
    public var scratchWidth: Int { 3 * stateSize }
    public var preparedWidth: Int { 3 * stateSize }

    public init(parameters p: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding) {
        precondition(Scalar.canEvaluate(.sigmoid) && Scalar.canEvaluate(.tanh))
        let K = initial.count
        stateSize = K
        initialState = initial
        reset = AffineMap(W: p("W_r"), U: p("U_r"), b: .sum(p("b_ir"), p("b_hr")), encoding: encoding)
        update = AffineMap(W: p("W_z"), U: p("U_z"), b: .sum(p("b_iz"), p("b_hz")), encoding: encoding)
        candidateInput = AffineMap(W: p("W_n"), U: .zeros(rows: K, columns: K), b: p("b_in"), encoding: encoding)
        candidateRecurrent = AffineMap(W: .zeros(rows: K, columns: 2), U: p("U_n"), b: p("b_hn"), encoding: encoding)
    }

    @inlinable @inline(__always)
    public func prepare(_ state: [Scalar], scratch: inout [Scalar]) {
        let K = stateSize
        reset.evaluateRecurrent(h: state, at: 0, into: &scratch, at: 0)
        update.evaluateRecurrent(h: state, at: 0, into: &scratch, at: K)
        candidateRecurrent.evaluateRecurrent(h: state, at: 0, into: &scratch, at: 2 * K)
    }

    @inlinable @inline(__always)
    public func finish(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar]) {
        let K = stateSize
        let one = Scalar.one
        for k in 0..<K {
            var r = reset.adding(input, row: k, to: scratch[k])
            r.activate(.sigmoid)
            var z = update.adding(input, row: k, to: scratch[K + k])
            z.activate(.sigmoid)
            // candidateRecurrent has no W: its drive is b_hn whatever the input.
            var n = candidateInput.drive(input, row: k)
            n.addProduct(r, candidateRecurrent.adding(input, row: k, to: scratch[2 * K + k]))
            n.activate(.tanh)
            next[k].assign((one - z) * n)
            next[k].addProduct(z, state[k])
        }
    }
}
