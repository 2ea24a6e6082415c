import Exact
import F1B

/// The recurrent models f1b knows, with their parameter names as the paper writes them.
public enum CellModel: String, Sendable, CaseIterable {
    case vanilla, gru, lstm, pru

    /// Parameter names with their shapes at state dimension K. W-matrices are
    /// K×2 (information bit, flag bit); U, V are K×K; b is a vector of K
    /// (stored as K×1). Vectors are the biases, whose names start with "b".
    public func parameterShapes(stateSize K: Int) -> [ParameterShape] {
        func gate(_ g: String, peephole: Bool = false) -> [ParameterShape] {
            [.init("W_\(g)", K, 2), .init("U_\(g)", K, K)] + (peephole ? [.init("V_\(g)", K, K)] : []) + [.init("b_\(g)", K, 1)]
        }
        switch self {
        case .vanilla: return [.init("U", K, K), .init("W", K, 2), .init("b", K, 1)]
        case .gru: return gate("r") + gate("z") + gate("s")
        case .pru: return gate("z") + gate("s")
        case .lstm: return ["i", "f", "o", "c"].flatMap { gate($0, peephole: true) }
        }
    }

    /// Parameter names that multiply the input x_t (K×2, column 1 is the flag).
    public func inputWeightNames(stateSize K: Int) -> [String] {
        parameterShapes(stateSize: K).filter { $0.columns == 2 && $0.name.hasPrefix("W") }.map(\.name)
    }

    /// The bias paired with an input weight ("W_z" → "b_z", "W" → "b").
    public static func biasName(forInputWeight name: String) -> String {
        "b" + name.dropFirst()
    }

    /// Scalars in the full recurrent state: K, or 2K for the LSTM (c and d).
    public func stateWidth(stateSize K: Int) -> Int { self == .lstm ? 2 * K : K }

    /// The activations a cell of this model evaluates.
    public func activations(vanilla activation: Activation?) -> [Activation] {
        self == .vanilla ? [activation ?? .tanh] : [.sigmoid, .tanh]
    }
}

/// A parameter's name and shape; biases are vectors, everything else a matrix.
public struct ParameterShape: Sendable, Equatable {
    public var name: String
    public var rows: Int
    public var columns: Int
    public var isVector: Bool { name.hasPrefix("b") }

    public init(_ name: String, _ rows: Int, _ columns: Int) {
        self.name = name
        self.rows = rows
        self.columns = columns
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
    /// The full initial state: s_0, or [c_0, d_0] for the LSTM.
    public var initialState: [Rational]

    public init(model: CellModel, activation: Activation?, stateSize: Int, flags: FlagEncoding,
                parameters: [String: ExactMatrix], initialState: [Rational]) {
        self.model = model
        self.activation = activation
        self.stateSize = stateSize
        self.flags = flags
        self.parameters = parameters
        self.initialState = initialState
    }

    /// The named parameter, or zeros of its shape when omitted.
    public func parameter(_ name: String) -> ExactMatrix {
        if let m = parameters[name] { return m }
        guard let shape = model.parameterShapes(stateSize: stateSize).first(where: { $0.name == name }) else {
            preconditionFailure("\(model.rawValue) has no parameter \(name)")
        }
        return .zeros(shape.rows, shape.columns)
    }

    public var activations: [Activation] { model.activations(vanilla: activation) }

    /// The parameters with every omitted one filled in as zeros.
    public var allParameters: [String: ExactMatrix] {
        Dictionary(uniqueKeysWithValues: model.parameterShapes(stateSize: stateSize).map { ($0.name, parameter($0.name)) })
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
                              initial: initialState.map { V.Scalar(exactly: $0, context: context) }, flags: flags, visitor)
    }
}

extension CellModel {
    /// Builds a cell of this model from parameters already in the visitor's
    /// number system (exact ones with structural zeros, or trainable ones) and
    /// hands it over. Inlinable so the visitor's engine is specialized.
    @inlinable
    public func withCell<V: CellVisitor>(activation: Activation?, parameters p: (String) -> ParameterMatrix<V.Scalar>,
                                         initial: [V.Scalar], flags: FlagEncoding, _ visitor: V) -> V.Result {
        typealias S = V.Scalar
        switch self {
        case .vanilla:
            return visitor.visit(VanillaCell<S>(activation: activation ?? .tanh, W: p("W"), U: p("U"), b: p("b"),
                                                initial: initial, encoding: flags))
        case .gru: return visitor.visit(GRUCell<S>(parameters: p, initial: initial, encoding: flags))
        case .pru: return visitor.visit(PRUCell<S>(parameters: p, initial: initial, encoding: flags))
        case .lstm: return visitor.visit(LSTMCell<S>(parameters: p, initial: initial, encoding: flags))
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
            && a.initialState == b.initialState && a.allParameters == b.allParameters
    }
}
