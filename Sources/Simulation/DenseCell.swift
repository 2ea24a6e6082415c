import Cells
import Exact
import F1B

/// The F1B paper's Vanilla RNN, GRU and LSTM, and the frameworks' GRU and
/// LSTM, specialised for batches of paths: the equations of `VanillaCell`,
/// `GRUCell`, `ResetAfterGRUCell` and `LSTMCell` — the one definition, which the
/// tests hold this form to — rearranged so that a step's recurrent products for
/// N paths are one matrix product,
///
///     P = A · Z,   Z = [e(x_t); s_{t−1}]  ((4 + R) × N),   A = [D | U]  (rows × (4 + R)),
///
/// where e(x) is the one-hot code of the step's input (`StepInput.index`) and
/// D's column i holds the input term W x + b for input i, formed as `AffineMap`
/// forms it. Since exactly one entry of e(x) is 1, P = W x + b + U s_{t−1}; the
/// input rows also carry the gradient of W and b through the same product in
/// training. The gate arithmetic then runs over the N paths in vectors
/// (`DenseStep`).
///
/// Internal state layout: h (the Vanilla/GRU state, the LSTM's d or h) in rows
/// 0..<K, the LSTM's c in rows K..<2K; `classifiedRow` says where the
/// classified state starts. Products:
///
/// - Vanilla: rows a = W x + U h + b; s = f(a).
/// - GRU (paper): rows [r; z] from h; the candidate's rows from [e(x); r ⊙ h]
///   by a second product (`candidate`).
/// - GRU (frameworks): rows [r; z; m] with m = U_n h + b_hn (b_hn in all four
///   input columns); W_n x + b_in separately (`candidateDrive`).
/// - LSTM: rows [i; f; o; c̃] from h (and from c through V with peepholes).
public struct DenseCell: Sendable {
    public enum Kind: Sendable, Equatable {
        case vanilla(Activation)
        /// The paper's GRU (eq. 10–13).
        case gru
        /// The frameworks' GRU (`ResetAfterGRUCell`).
        case resetAfterGRU
        /// The LSTM; the paper's has peepholes V (reading c), the frameworks' not.
        case lstm(peepholes: Bool)
    }

    public let kind: Kind
    /// Whose equations (the Vanilla cell's are the same in both; its biases are not).
    public let convention: CellConvention
    /// How the flag bit enters the input terms.
    public let flags: FlagEncoding
    /// K.
    public let stateSize: Int
    /// Rows of the internal state: K, or 2K for the LSTM ([h; c]).
    public let stateWidth: Int
    /// First internal row of the classified state (K for an LSTM classifying c, else 0).
    public let classifiedRow: Int
    /// The initial state in the internal layout.
    public let initialState: [Float]
    /// Rows of the first product.
    package let firstRows: Int
    /// State rows the first product reads after the four input rows (K, or 2K with peepholes).
    package let readWidth: Int
    /// The first product's matrix A, firstRows × (4 + readWidth), row-major.
    package let first: FloatBuffer
    /// The paper GRU's candidate: K × (4 + K), applied to [e(x); r ⊙ h] (empty for the others).
    package let candidate: FloatBuffer
    /// The frameworks' GRU: W_n x + b_in, 4 × K (input-major).
    package let candidateDrive: [Float]

    /// The models this form serves (in both conventions).
    public static func supports(_ model: CellModel) -> Bool { [.vanilla, .gru, .lstm].contains(model) }

    /// Builds the form from the model's parameters by name, each row-major in
    /// its `parameterShapes` shape (`parameter`), and the full initial state in
    /// the cell's own order (s_0; [c_0, d_0] for the paper's LSTM; [h_0, c_0] or
    /// [c_0, h_0] for the frameworks'). Nil for a model it does not serve.
    public init?(model: CellModel, activation: Activation?, stateSize K: Int, flags: FlagEncoding,
                 convention: CellConvention, classifiesHidden: Bool, initialState: [Float],
                 parameter: (String) -> [Float]) {
        guard Self.supports(model), K >= 1 else { return nil }
        stateSize = K
        self.convention = convention
        self.flags = flags
        func drives(_ w: String, _ biases: [String]) -> [Float] {
            // Two biases are used summed, as ParameterMatrix.sum sums them.
            let b = biases.count == 1 ? parameter(biases[0]) : zip(parameter(biases[0]), parameter(biases[1])).map { $0 + $1 }
            return Self.inputTerms(W: parameter(w), b: b, rows: K, encoding: flags)
        }
        let pytorch = convention == .pytorch
        switch model {
        case .vanilla:
            kind = .vanilla(activation ?? .tanh)
            stateWidth = K
            classifiedRow = 0
            readWidth = K
            firstRows = K
            first = FloatBuffer(Self.augmented(drives: [drives("W", pytorch ? ["b_ih", "b_hh"] : ["b"])], recurrent: [[parameter("U")]], rows: K))
            candidate = FloatBuffer(count: 0)
            candidateDrive = []
        case .gru where !pytorch:
            kind = .gru
            stateWidth = K
            classifiedRow = 0
            readWidth = K
            firstRows = 2 * K
            first = FloatBuffer(Self.augmented(drives: [drives("W_r", ["b_r"]), drives("W_z", ["b_z"])],
                                   recurrent: [[parameter("U_r")], [parameter("U_z")]], rows: K))
            candidate = FloatBuffer(Self.augmented(drives: [drives("W_s", ["b_s"])], recurrent: [[parameter("U_s")]], rows: K))
            candidateDrive = []
        case .gru:
            kind = .resetAfterGRU
            stateWidth = K
            classifiedRow = 0
            readWidth = K
            firstRows = 3 * K
            let hn = parameter("b_hn")
            first = FloatBuffer(Self.augmented(drives: [drives("W_r", ["b_ir", "b_hr"]), drives("W_z", ["b_iz", "b_hz"]),
                                                     (0..<4).flatMap { _ in hn }],
                                   recurrent: [[parameter("U_r")], [parameter("U_z")], [parameter("U_n")]], rows: K))
            candidate = FloatBuffer(count: 0)
            candidateDrive = drives("W_n", ["b_in"])
        default:
            // LSTM: gates i, f, o and the candidate (c in the paper, g in the frameworks).
            kind = .lstm(peepholes: !pytorch)
            stateWidth = 2 * K
            classifiedRow = pytorch && classifiesHidden ? 0 : K
            readWidth = pytorch ? K : 2 * K
            firstRows = 4 * K
            let gates = pytorch ? ["i", "f", "o", "g"] : ["i", "f", "o", "c"]
            first = FloatBuffer(Self.augmented(drives: gates.map { g in drives("W_\(g)", pytorch ? ["b_i\(g)", "b_h\(g)"] : ["b_\(g)"]) },
                                   recurrent: gates.map { g in pytorch ? [parameter("U_\(g)")] : [parameter("U_\(g)"), parameter("V_\(g)")] },
                                   rows: K))
            candidate = FloatBuffer(count: 0)
            candidateDrive = []
        }
        precondition(initialState.count == stateWidth)
        // The cell's order → [h; c]: the paper's LSTM is [c, d]; the frameworks' [h, c] or, classifying c, [c, h].
        if case .lstm = kind, !(pytorch && classifiesHidden) {
            self.initialState = Array(initialState[K...] + initialState[..<K])
        } else {
            self.initialState = initialState
        }
    }

    /// From a construction's cell: each exact parameter as the Float nearest
    /// its Double rounding (as `FloatLanes` enters it). Nil for a model this form does not serve.
    public init?(_ cell: CellSpecification) {
        self.init(model: cell.model, activation: cell.activation, stateSize: cell.stateSize, flags: cell.flags,
                  convention: cell.convention, classifiesHidden: cell.classifiesHidden,
                  initialState: cell.initialState.map { Float(Double($0)) },
                  parameter: { cell.parameter($0).entries.map { Float(Double($0)) } })
    }

    /// Where internal state row i lives in the cell's full state.
    public func fullIndex(ofRow i: Int) -> Int {
        guard case .lstm = kind else { return i }
        // Internal [h; c]; the full state is [c, h] unless the frameworks' LSTM classifies h.
        return classifiedRow == 0 ? i : (i + stateSize) % stateWidth
    }

    /// (W x + b)_k for the four inputs, input-major (4 × rows), as `AffineMap`
    /// forms it: W[k, 0], negated for X^I = −1, then ± W[k, 1] for a flag of ±1, then + b[k].
    static func inputTerms(W: [Float], b: [Float], rows K: Int, encoding: FlagEncoding) -> [Float] {
        StepInput.all.flatMap { input in
            let flag = encoding.value(flagged: input.flagged)
            return (0..<K).map { k -> Float in
                var drive = W[2 * k]
                if input.informationBit < 0 { drive = -drive }
                if flag == 1 { drive = drive + W[2 * k + 1] } else if flag == -1 { drive = drive - W[2 * k + 1] }
                return drive + b[k]
            }
        }
    }

    /// Stacks gate blocks of `rows` rows: row r of block g is
    /// [D_g[0][r], …, D_g[3][r], U_g[r, ·], V_g[r, ·]] (the recurrent matrices side by side).
    static func augmented(drives: [[Float]], recurrent: [[[Float]]], rows K: Int) -> [Float] {
        var a: [Float] = []
        for (d, matrices) in zip(drives, recurrent) {
            for r in 0..<K {
                for i in 0..<4 { a.append(d[i * K + r]) }
                for m in matrices { a.append(contentsOf: m[(r * K)..<((r + 1) * K)]) }
            }
        }
        return a
    }

    /// Columns of the first product's matrix.
    package var firstColumns: Int { 4 + readWidth }

    /// Gate rows a step keeps (for training's backward pass; the simulator reuses one step's):
    /// Vanilla a; GRU r, z, s̃; frameworks' GRU r, z, m, n; LSTM i, f, o, c̃, tanh c.
    package var gateRows: Int {
        switch kind {
        case .vanilla: return stateSize
        case .gru: return 3 * stateSize
        case .resetAfterGRU: return 4 * stateSize
        case .lstm: return 5 * stateSize
        }
    }

    /// Floats of the matrix products per path and step (2 per multiply-add).
    public var flopsPerStep: Int { 2 * (firstRows * firstColumns + candidate.count) }
}
