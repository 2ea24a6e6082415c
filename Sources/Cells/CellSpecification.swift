import Exact
import F1B

/// Whose equations a cell follows where the literature differs: the file's
/// `convention` key.
public enum CellConvention: String, Sendable, CaseIterable {
    /// The F1B paper's (eq. 3–16): one bias per gate; the GRU's update gate
    /// weighs the candidate and its reset gate acts on s_{t−1} before U_s; the
    /// LSTM has peepholes and classifies c.
    case paper
    /// The frameworks' — PyTorch's `nn.RNN`/`nn.GRU`/`nn.LSTM`, and the same
    /// equations in Flax's cells and Keras' `SimpleRNN`/`GRU(reset_after=True)`/
    /// `LSTM`: an input and a recurrent bias per gate (b_i…, b_h…); the GRU's
    /// update gate weighs the old state and its reset gate multiplies the
    /// recurrent product (`ResetAfterGRUCell`); the LSTM has no peepholes,
    /// gates named i, f, g, o, and classifies h (or c).
    case pytorch
}

/// The recurrent models f1b knows, with their parameter names as their papers write them:
/// the F1B paper's four (Vanilla, GRU, PRU, LSTM) and the companion papers'
/// UGRNN and +RNN (Collins et al. 2017) and the refined GRU and LSTM (Gu et al. 2020).
public enum CellModel: String, Sendable, CaseIterable {
    case vanilla, gru, lstm, pru, ugrnn
    case plusRNN = "plus-rnn"
    case urGRU = "ur-gru"
    case urLSTM = "ur-lstm"

    /// Whether the model exists in the convention (only the F1B paper's Vanilla, GRU and LSTM have framework forms).
    public func exists(in convention: CellConvention) -> Bool {
        convention == .paper || [.vanilla, .gru, .lstm].contains(self)
    }

    /// Whether the file chooses the cell's activation (Vanilla's f, UGRNN's candidate s).
    public var hasActivation: Bool { self == .vanilla || self == .ugrnn }

    /// The activations the `activation` key may name for this model.
    public var allowedActivations: [Activation] { self == .ugrnn ? [.tanh, .relu] : Activation.allCases }

    /// Whether the full state has a second half (the LSTMs' c and h, the +RNN's y and h).
    public var hasTwoHalves: Bool { self == .lstm || self == .urLSTM || self == .plusRNN }

    /// Parameter names with their shapes and roles at state dimension K.
    /// W-matrices are K×2 (information bit, flag bit); U, V are K×K; b is a
    /// vector of K (stored as K×1). In the frameworks' convention each gate g
    /// has an input bias b_ig and a recurrent one b_hg (Vanilla: b_ih, b_hh),
    /// as PyTorch names them. The roles, not the names, say what each is.
    public func parameterShapes(stateSize K: Int, convention: CellConvention = .paper) -> [ParameterShape] {
        func gate(_ g: String, peephole: Bool = false) -> [ParameterShape] {
            let biases: [ParameterShape] = convention == .paper ? [.init("b_\(g)", K, 1, .inputBias(gate: g))]
                : [.init("b_i\(g)", K, 1, .inputBias(gate: g)), .init("b_h\(g)", K, 1, .recurrentBias(gate: g))]
            return [.init("W_\(g)", K, 2, .inputWeight(gate: g)), .init("U_\(g)", K, K, .recurrentWeight(gate: g))]
                + (peephole ? [.init("V_\(g)", K, K, .peepholeWeight(gate: g))] : []) + biases
        }
        let one = ParameterRole.vanillaGate
        switch (self, convention) {
        case (.vanilla, .paper):
            return [.init("U", K, K, .recurrentWeight(gate: one)), .init("W", K, 2, .inputWeight(gate: one)), .init("b", K, 1, .inputBias(gate: one))]
        case (.vanilla, .pytorch):
            return [.init("U", K, K, .recurrentWeight(gate: one)), .init("W", K, 2, .inputWeight(gate: one)),
                    .init("b_ih", K, 1, .inputBias(gate: one)), .init("b_hh", K, 1, .recurrentBias(gate: one))]
        case (.gru, .paper): return gate("r") + gate("z") + gate("s")
        case (.gru, .pytorch): return gate("r") + gate("z") + gate("n")
        case (.pru, _): return gate("z") + gate("s")
        case (.lstm, .paper): return ["i", "f", "o", "c"].flatMap { gate($0, peephole: true) }
        case (.lstm, .pytorch): return ["i", "f", "g", "o"].flatMap { gate($0) }
        case (.ugrnn, _): return gate("g") + gate("c")
        case (.urGRU, _): return gate("r") + gate("f") + gate("q") + gate("s")
        case (.urLSTM, _): return gate("f") + gate("r") + gate("u") + gate("o")
        case (.plusRNN, _):
            // The projection reads x (K×2); the gates read the projected input (K×K).
            return [.init("W_p", K, 2, .inputWeight(gate: "p")), .init("b_p", K, 1, .inputBias(gate: "p"))]
                + ["y", "h", "gy", "gh"].flatMap {
                    [ParameterShape("W_\($0)", K, K, .projectedInputWeight(gate: $0)), .init("U_\($0)", K, K, .recurrentWeight(gate: $0)),
                     .init("b_\($0)", K, 1, .inputBias(gate: $0))]
                }
        }
    }

    /// Parameter names that multiply the input x_t (K×2, column 1 is the flag).
    public func inputWeightNames(stateSize K: Int, convention: CellConvention = .paper) -> [String] {
        parameterShapes(stateSize: K, convention: convention).filter { isInputWeight($0) }.map(\.name)
    }

    /// Whether the parameter multiplies x_t itself: a K×2 W-matrix — except in
    /// the +RNN, whose W_y, W_h, W_gy, W_gh read the projection x̂ (and are
    /// K×2 too when K = 2) and only W_p reads x.
    public func isInputWeight(_ shape: ParameterShape) -> Bool {
        if case .inputWeight = shape.role { return true }
        return false
    }

    /// The name of the parameter with this role, or nil when the cell has none
    /// (`.inputBias(gate: "z")` → "b_z", or "b_iz" in the frameworks' convention).
    public func parameterName(_ role: ParameterRole, stateSize K: Int = 1, convention: CellConvention = .paper) -> String? {
        parameterShapes(stateSize: K, convention: convention).first { $0.role == role }?.name
    }

    /// The bias added to an input weight's term, found by role ("W_z" → "b_z",
    /// "W" → "b"; in the frameworks' convention the input bias: "W_z" → "b_iz", "W" → "b_ih").
    public func bias(forInputWeight name: String, convention: CellConvention = .paper) -> String? {
        guard let weight = parameterShapes(stateSize: 1, convention: convention).first(where: { $0.name == name }),
              case .inputWeight(let gate) = weight.role else { return nil }
        return parameterName(.inputBias(gate: gate), convention: convention)
    }

    /// Scalars in the full recurrent state: K, or 2K for the cells with two halves.
    public func stateWidth(stateSize K: Int) -> Int { hasTwoHalves ? 2 * K : K }

    /// The activations a cell of this model evaluates.
    public func activations(vanilla activation: Activation?) -> [Activation] {
        switch self {
        case .vanilla: return [activation ?? .tanh]
        case .ugrnn: return [.sigmoid, activation ?? .tanh]
        case .plusRNN: return [.sigmoid, .tanh, .relu]
        default: return [.sigmoid, .tanh]
        }
    }
}

/// What a parameter does in the cell equations, and in which gate: the typed
/// meaning of a name such as "W_z" or "b_hf". A gate is named by its letter as
/// the parameter names write it (z, r, s, i, f, o, c, …; the +RNN's p, y, h,
/// gy, gh); the Vanilla cell's one update is `vanillaGate`.
public enum ParameterRole: Sendable, Hashable {
    /// W: multiplies x_t (K×2, columns information bit, flag bit).
    case inputWeight(gate: String)
    /// U: multiplies the previous (hidden) state.
    case recurrentWeight(gate: String)
    /// V: the LSTM's peephole, multiplying c_{t−1}.
    case peepholeWeight(gate: String)
    /// The +RNN's gate weights, multiplying the projected input x̂ = W_p x + b_p.
    case projectedInputWeight(gate: String)
    /// b: added to the gate's input term (the paper's one bias per gate; the frameworks' b_i…).
    case inputBias(gate: String)
    /// The frameworks' second bias b_h…, added to the gate's recurrent term.
    case recurrentBias(gate: String)

    /// The gate of the Vanilla cell's one update (W, U, b).
    public static let vanillaGate = ""

    /// The gate the parameter belongs to.
    public var gate: String {
        switch self {
        case .inputWeight(let g), .recurrentWeight(let g), .peepholeWeight(let g), .projectedInputWeight(let g),
             .inputBias(let g), .recurrentBias(let g):
            return g
        }
    }

    /// The same role in another gate (the paper's LSTM gate c is the frameworks' g).
    public func inGate(_ g: String) -> ParameterRole {
        switch self {
        case .inputWeight: return .inputWeight(gate: g)
        case .recurrentWeight: return .recurrentWeight(gate: g)
        case .peepholeWeight: return .peepholeWeight(gate: g)
        case .projectedInputWeight: return .projectedInputWeight(gate: g)
        case .inputBias: return .inputBias(gate: g)
        case .recurrentBias: return .recurrentBias(gate: g)
        }
    }

    /// Whether the parameter is a bias (a vector of K).
    public var isBias: Bool {
        switch self {
        case .inputBias, .recurrentBias: return true
        default: return false
        }
    }
}

/// A parameter's name, shape and role; biases are vectors, everything else a matrix.
public struct ParameterShape: Sendable, Equatable {
    public var name: String
    public var rows: Int
    public var columns: Int
    public var role: ParameterRole
    public var isVector: Bool { role.isBias }

    public init(_ name: String, _ rows: Int, _ columns: Int, _ role: ParameterRole) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.role = role
    }
}

/// Everything needed to build one cell in any number system: model, activation,
/// K, exact parameters, exact initial state, flag encoding.
public struct CellSpecification: Sendable {
    public var model: CellModel
    /// Vanilla only.
    public var activation: Activation?
    public var stateSize: Int
    public var flags: FlagEncoding
    /// By paper name; a missing name is the zero matrix of its shape.
    public var parameters: [String: ExactMatrix]
    /// The full initial state: s_0, or for the LSTM [c_0, d_0] (paper) or
    /// [h_0, c_0] / [c_0, h_0] (frameworks, classifying h / c).
    public var initialState: [Rational]
    public var convention: CellConvention
    /// LSTM in the frameworks' convention: whether h (PyTorch's output) is classified, or c.
    public var classifiesHidden: Bool

    public init(model: CellModel, activation: Activation?, stateSize: Int, flags: FlagEncoding,
                parameters: [String: ExactMatrix], initialState: [Rational], convention: CellConvention = .paper,
                classifiesHidden: Bool = false) {
        self.model = model
        self.activation = activation
        self.stateSize = stateSize
        self.flags = flags
        self.parameters = parameters
        self.initialState = initialState
        self.convention = convention
        self.classifiesHidden = classifiesHidden
    }

    public var parameterShapes: [ParameterShape] { model.parameterShapes(stateSize: stateSize, convention: convention) }

    /// The named parameter, or zeros of its shape when omitted.
    public func parameter(_ name: String) -> ExactMatrix {
        if let m = parameters[name] { return m }
        guard let shape = parameterShapes.first(where: { $0.name == name }) else {
            preconditionFailure("\(model.rawValue) (\(convention.rawValue)) has no parameter \(name)")
        }
        return .zeros(shape.rows, shape.columns)
    }

    public var activations: [Activation] { model.activations(vanilla: activation) }

    /// The parameters with every omitted one filled in as zeros.
    public var allParameters: [String: ExactMatrix] {
        Dictionary(uniqueKeysWithValues: parameterShapes.map { ($0.name, parameter($0.name)) })
    }

    /// Whether every activation is piecewise linear (so the cell is exact over ℚ).
    public var isPiecewiseLinear: Bool { activations.allSatisfy(\.isPiecewiseLinear) }

    public func canEvaluate<S: CellScalar>(in _: S.Type) -> Bool { activations.allSatisfy(S.canEvaluate) }

    /// Builds the cell in the visitor's number system and hands it over.
    /// Precondition: `canEvaluate(in: V.Scalar.self)`. Inlinable so the visitor's
    /// engine is specialized for the concrete cell.
    @inlinable
    public func withCell<V: CellVisitor>(_ visitor: V) -> V.Result {
        let context = visitor.context
        return model.withCell(activation: activation, parameters: { ParameterMatrix(self.parameter($0), context: context) },
                              initial: initialState.map { V.Scalar(exactly: $0, context: context) }, flags: flags,
                              convention: convention, classifiesHidden: classifiesHidden, visitor)
    }
}

extension CellModel {
    /// Builds a cell of this model from parameters already in the visitor's
    /// number system (exact ones with structural zeros, or trainable ones) and
    /// hands it over. Inlinable so the visitor's engine is specialized.
    @inlinable
    public func withCell<V: CellVisitor>(activation: Activation?, parameters p: (String) -> ParameterMatrix<V.Scalar>,
                                         initial: [V.Scalar], flags: FlagEncoding, convention: CellConvention = .paper,
                                         classifiesHidden: Bool = false, _ visitor: V) -> V.Result {
        typealias S = V.Scalar
        switch (self, convention) {
        case (.vanilla, .paper):
            return visitor.visit(VanillaCell<S>(activation: activation ?? .tanh, W: p("W"), U: p("U"), b: p("b"),
                                                initial: initial, encoding: flags))
        case (.vanilla, .pytorch):
            return visitor.visit(VanillaCell<S>(activation: activation ?? .tanh, W: p("W"), U: p("U"), b: .sum(p("b_ih"), p("b_hh")),
                                                initial: initial, encoding: flags))
        case (.gru, .paper): return visitor.visit(GRUCell<S>(parameters: p, initial: initial, encoding: flags))
        case (.gru, .pytorch): return visitor.visit(ResetAfterGRUCell<S>(parameters: p, initial: initial, encoding: flags))
        case (.pru, _): return visitor.visit(PRUCell<S>(parameters: p, initial: initial, encoding: flags))
        case (.ugrnn, _): return visitor.visit(UGRNNCell<S>(activation: activation ?? .tanh, parameters: p, initial: initial, encoding: flags))
        case (.urGRU, _): return visitor.visit(URGRUCell<S>(parameters: p, initial: initial, encoding: flags))
        case (.urLSTM, _): return visitor.visit(URLSTMCell<S>(parameters: p, initial: initial, encoding: flags, hiddenFirst: classifiesHidden))
        case (.plusRNN, _): return visitor.visit(PlusRNNCell<S>(parameters: p, initial: initial, encoding: flags))
        case (.lstm, .paper): return visitor.visit(LSTMCell<S>(parameters: p, initial: initial, encoding: flags))
        case (.lstm, .pytorch):
            // The paper's LSTM without peepholes: its gate c is the frameworks' g, each bias the sum of two.
            let K = initial.count / 2
            let paper = CellModel.lstm.parameterShapes(stateSize: K, convention: .paper)
            func framework(_ role: ParameterRole) -> ParameterMatrix<S> { p(CellModel.lstm.parameterName(role, stateSize: K, convention: .pytorch)!) }
            func named(_ name: String) -> ParameterMatrix<S> {
                let role = paper.first { $0.name == name }!.role
                let gate = role.gate == "c" ? "g" : role.gate
                switch role {
                case .peepholeWeight: return .zeros(rows: K, columns: K)
                case .inputBias, .recurrentBias: return .sum(framework(.inputBias(gate: gate)), framework(.recurrentBias(gate: gate)))
                default: return framework(role.inGate(gate))
                }
            }
            return visitor.visit(LSTMCell<S>(parameters: named, initial: initial, encoding: flags, hiddenFirst: classifiesHidden))
        }
    }
}

/// Receives a concrete cell from `CellSpecification.withCell` (Swift has no
/// generic closures; this is the usual visitor stand-in).
public protocol CellVisitor {
    associatedtype Scalar: CellScalar
    associatedtype Result
    /// How values enter the visitor's number system (the interval precision).
    var context: Scalar.Context { get }
    func visit<C: RecurrentCell>(_ cell: C) -> Result where C.Scalar == Scalar
}

extension CellVisitor where Scalar.Context == Void {
    public var context: Void { () }
}


extension CellSpecification: Equatable {
    /// Equal cells: an omitted parameter equals an explicit zero one.
    public static func == (a: CellSpecification, b: CellSpecification) -> Bool {
        a.model == b.model && a.activation == b.activation && a.stateSize == b.stateSize && a.flags == b.flags
            && a.convention == b.convention && a.classifiesHidden == b.classifiesHidden
            && a.initialState == b.initialState && a.allParameters == b.allParameters
    }
}
