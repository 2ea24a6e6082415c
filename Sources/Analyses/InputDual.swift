import Cells
import Exact
import F1B

/// One step's input with a tangent direction: the input x_t = (X^I_t, X^F_t)
/// and dx_t/dθ = (informationTangent, flagTangent) for the one quantity θ
/// being differentiated against (nonzero at one step only).
public struct SeededInput: Sendable {
    public var step: StepInput
    public var informationTangent: Double
    public var flagTangent: Double
    /// X^F(on) − X^F(off): 2 for ±1 flags, 1 for {0, 1} flags.
    public var flagSpan: Double

    public init(_ step: StepInput, informationTangent: Double = 0, flagTangent: Double = 0, encoding: FlagEncoding) {
        self.step = step
        self.informationTangent = informationTangent
        self.flagTangent = flagTangent
        flagSpan = Double(encoding.value(flagged: true) - encoding.value(flagged: false))
    }
}

/// Forward-mode dual numbers over Double whose tangent is the derivative with
/// respect to the *input*: running a cell's one generic definition in this
/// number system gives ∂s_t/∂x_τ for the step τ whose input carries the seed.
///
///     (a, a′) ± (b, b′) = (a ± b, a′ ± b′),  (a, a′)·(b, b′) = (ab, a′b + ab′)
///     tanh: (y, (1 − y²)a′),  σ: (y, y(1 − y)a′)
///     g, relu: a′ inside the linear piece, 0 outside; exactly on a kink the
///     derivative does not exist — `kink` records it (with a′ carried on)
///
/// Every cell reads x only through its input terms W x + b, precomputed for
/// the four inputs; W x + b is affine in x, so its derivative comes exactly
/// from two of the four terms: ∂/∂X^I = (term(X^I = +1) − term(X^I = −1))/2,
/// ∂/∂X^F = (term(on) − term(off))/flagSpan.
public struct InputDual: CellScalar {
    public typealias Input = SeededInput
    public var value: Double
    public var tangent: Double
    /// Whether some activation on the way was evaluated exactly on a kink with a nonzero tangent.
    public var kink: Bool

    public init(value: Double, tangent: Double = 0, kink: Bool = false) {
        self.value = value
        self.tangent = tangent
        self.kink = kink
    }

    public init(exactly value: Rational, context: Void) { self.init(value: Double(value)) }

    public static func drive(_ drives: [InputDual], rows: Int, row k: Int, for input: SeededInput) -> InputDual {
        let i = input.step.index
        var tangent = 0.0
        if input.informationTangent != 0 {
            tangent += input.informationTangent * (drives[(i | 1) * rows + k].value - drives[(i & ~1) * rows + k].value) / 2
        }
        if input.flagTangent != 0 {
            tangent += input.flagTangent * (drives[(i | 2) * rows + k].value - drives[(i & ~2) * rows + k].value) / input.flagSpan
        }
        return InputDual(value: drives[i * rows + k].value, tangent: tangent)
    }

    public static var zero: InputDual { InputDual(value: 0) }
    public static var one: InputDual { InputDual(value: 1) }

    public static func + (a: InputDual, b: InputDual) -> InputDual {
        InputDual(value: a.value + b.value, tangent: a.tangent + b.tangent, kink: a.kink || b.kink)
    }
    public static func - (a: InputDual, b: InputDual) -> InputDual {
        InputDual(value: a.value - b.value, tangent: a.tangent - b.tangent, kink: a.kink || b.kink)
    }
    public static func * (a: InputDual, b: InputDual) -> InputDual {
        InputDual(value: a.value * b.value, tangent: a.tangent * b.value + a.value * b.tangent, kink: a.kink || b.kink)
    }
    public mutating func negate() {
        value = -value
        tangent = -tangent
    }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    public mutating func activate(_ activation: Activation) {
        var y = value
        y.activate(activation)
        let factor: Double
        switch activation {
        case .hardclip:
            if abs(value) == 1 && tangent != 0 { kink = true }
            factor = abs(value) <= 1 ? 1 : 0
        case .relu:
            if value == 0 && tangent != 0 { kink = true }
            factor = value >= 0 ? 1 : 0
        case .tanh: factor = 1 - y * y
        case .sigmoid: factor = y * (1 - y)
        }
        value = y
        tangent *= factor
    }
}
