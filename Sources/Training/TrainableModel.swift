import Cells
import Exact
import F1B

/// A cell's parameters and a logistic-regression head, in Float, as training
/// changes them: P(flagged bit = +1 | s_n) = σ(βᵀ s_n + γ), s_n the classified
/// state (c for the LSTM). The initial state is held at zero.
public struct TrainableModel: Sendable, Equatable {
    public var model: CellModel
    public var activation: Activation?
    public var stateSize: Int
    public var flags: FlagEncoding
    /// Whose equations the cell follows (`CellConvention`); the frameworks' LSTM classifies h.
    public var convention: CellConvention
    /// Every parameter of the model, by paper name, row-major.
    public var parameters: [String: [Float]]
    public var beta: [Float]
    public var gamma: Float
    /// m of the Flagged-m-Bit test (1: F1B); readout 1 is (β, γ).
    public var flaggedBits: Int
    /// Readouts 2…m, each K weights then its offset.
    public var otherReadouts: [Float]

    public init(model: CellModel, activation: Activation?, stateSize: Int, flags: FlagEncoding = .plusMinus,
                convention: CellConvention = .paper, parameters: [String: [Float]], beta: [Float], gamma: Float,
                flaggedBits: Int = 1, otherReadouts: [Float] = []) {
        precondition(otherReadouts.count == (flaggedBits - 1) * (stateSize + 1))
        self.flaggedBits = flaggedBits
        self.otherReadouts = otherReadouts
        self.model = model
        self.activation = activation
        self.stateSize = stateSize
        self.flags = flags
        self.convention = convention
        self.parameters = parameters
        self.beta = beta
        self.gamma = gamma
    }

    public var shapes: [ParameterShape] { model.parameterShapes(stateSize: stateSize, convention: convention) }

    /// The frameworks' LSTM classifies h (PyTorch's output); the paper's, c.
    public var classifiesHidden: Bool { model == .lstm && convention == .pytorch }

    /// Readout j (0-based) as (β, γ).
    public func readout(_ j: Int) -> (beta: [Float], gamma: Float) {
        if j == 0 { return (beta, gamma) }
        let base = (j - 1) * (stateSize + 1)
        return (Array(otherReadouts[base..<(base + stateSize)]), otherReadouts[base + stateSize])
    }

    /// All trainable values in one canonical order: the parameters in
    /// `shapes` order, then β, then γ, then readouts 2…m (β then γ each).
    public var flat: [Float] {
        get { shapes.flatMap { parameters[$0.name]! } + beta + [gamma] + otherReadouts }
        set {
            var i = 0
            for shape in shapes {
                let count = shape.rows * shape.columns
                parameters[shape.name] = Array(newValue[i..<(i + count)])
                i += count
            }
            beta = Array(newValue[i..<(i + stateSize)])
            gamma = newValue[i + stateSize]
            otherReadouts = Array(newValue[(i + stateSize + 1)...])
        }
    }

    /// Names of the entries of `flat`, for messages ("U[1,2]", "beta[1]", "gamma").
    public var flatNames: [String] {
        shapes.flatMap { shape in
            (0..<shape.rows).flatMap { i in (0..<shape.columns).map { j in "\(shape.name)[\(i + 1),\(j + 1)]" } }
        } + (1...stateSize).map { "beta[\($0)]" } + ["gamma"]
            + (1..<flaggedBits).flatMap { j in (1...stateSize).map { "readout \(j + 1) beta[\($0)]" } + ["readout \(j + 1) gamma"] }
    }

    /// The LSTM's full state is [c, d].
    var stateWidth: Int { model.stateWidth(stateSize: stateSize) }

    /// Uniform on ±1/√K for every entry (PyTorch's default for its recurrent
    /// cells), β uniform on ±1/√K, γ = 0; then `initialization` (at sequence length n) on top.
    public static func initialized(model: CellModel, activation: Activation?, stateSize K: Int,
                                   flags: FlagEncoding = .plusMinus, convention: CellConvention = .paper,
                                   initialization: Initialization = .pytorch, length n: Int = 1,
                                   flaggedBits m: Int = 1, seed: UInt64) -> TrainableModel {
        var rng = SplitMix64.stream(0x7EA1, seed: seed)
        let bound = 1 / Float(K).squareRoot()
        func uniform() -> Float { (Float(rng.next() >> 40) / Float(1 << 24) * 2 - 1) * bound }
        var parameters: [String: [Float]] = [:]
        for shape in model.parameterShapes(stateSize: K, convention: convention) {
            parameters[shape.name] = (0..<(shape.rows * shape.columns)).map { _ in uniform() }
        }
        var initRNG = SplitMix64.stream(0x1417, seed: seed)
        initialization.apply(to: &parameters, model: model, convention: convention, stateSize: K, length: n, rng: &initRNG)
        let beta = (0..<K).map { _ in uniform() }
        // Drawn after everything F1B draws, so m = 1 starts where it always did.
        let others: [Float] = (1..<max(m, 1)).flatMap { _ -> [Float] in (0..<K).map { _ in uniform() } + [0] }
        return TrainableModel(model: model, activation: activation, stateSize: K, flags: flags, convention: convention, parameters: parameters,
                              beta: beta, gamma: 0, flaggedBits: m, otherReadouts: others)
    }
}
