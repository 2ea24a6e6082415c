import Exact
import F1B

/// The narrow number-system protocol every cell is written against: field
/// operations, in-place accumulation, and the activations the number system can
/// evaluate. `Rational` evaluates piecewise-linear activations exactly,
/// `Interval` encloses all of them (certified), `Double` evaluates all of them
/// (an estimate, used by tests and never for a verdict).
///
/// Deliberately narrower than swift-numerics' `Real`: exact and interval types
/// have no `exp` that returns a single value of their own kind.
public protocol CellScalar: Sendable, Equatable {
    /// What a number system needs to enter a value: nothing for exact and
    /// floating-point types, the working precision for intervals.
    associatedtype Context: Sendable = Void

    /// What one step feeds a cell in this number system: a single `StepInput`
    /// for scalar systems, one input per lane for `FloatLanes`.
    associatedtype Input: Sendable = StepInput

    /// The input term (W x + b)_k of row k for `input`, picked from the four
    /// precomputed terms `drives[StepInput.index · rows + k]`.
    static func drive(_ drives: [Self], rows: Int, row k: Int, for input: Input) -> Self

    /// The parameter `value`, entered into this number system (exactly where the
    /// system is exact; correctly rounded for floating point; as a point
    /// interval working at the context's precision for intervals).
    init(exactly value: Rational, context: Context)

    static var zero: Self { get }
    static var one: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self

    /// self ← self + a·b.
    mutating func addProduct(_ a: Self, _ b: Self)
    /// self ← other (lets exact types reuse their storage).
    mutating func assign(_ other: Self)
    /// self ← −self.
    mutating func negate()

    /// Whether `activation` can be evaluated in this number system.
    static func canEvaluate(_ activation: Activation) -> Bool
    /// self ← activation(self). Precondition: `canEvaluate(activation)`.
    mutating func activate(_ activation: Activation)

    /// An affine map's recurrent terms in the form `addRecurrentTerms` reads
    /// them: by default the terms themselves; `BallLanes` packs one Double
    /// coefficient per term instead of eight equal lanes.
    associatedtype RecurrentTerms: Sendable = [AffineTerm<Self>]
    static func recurrentTerms(_ terms: [AffineTerm<Self>]) -> RecurrentTerms

    /// The recurrent products of an affine map:
    /// out[outOffset + t.row] ← out[outOffset + t.row] + Σ_t t.coefficient · state[t.stateIndex(h:c:)]
    /// over the terms (grouped by row, rows ascending; at most `longestRow` in
    /// a row). The default adds the terms one at a time (`addProduct`); a
    /// number system may sum a whole row at once (`BallLanes`: one rounding
    /// bound per row, Rump's).
    static func addRecurrentTerms(_ terms: RecurrentTerms, longestRow: Int, state: [Self], h hOffset: Int, c cOffset: Int,
                                  into out: inout [Self], at outOffset: Int)
}

extension CellScalar where Input == StepInput {
    @inlinable @inline(__always)
    public static func drive(_ drives: [Self], rows: Int, row k: Int, for input: StepInput) -> Self {
        drives[input.index * rows + k]
    }
}

extension CellScalar where Context == Void {
    public init(exactly value: Rational) { self.init(exactly: value, context: ()) }
}

extension CellScalar {
    public mutating func assign(_ other: Self) { self = other }
    public mutating func addProduct(_ a: Self, _ b: Self) { self = self + a * b }

    /// activation(x) as a new value.
    public static func apply(_ activation: Activation, _ x: Self) -> Self {
        var y = x
        y.activate(activation)
        return y
    }
}

extension CellScalar where RecurrentTerms == [AffineTerm<Self>] {
    public static func recurrentTerms(_ terms: [AffineTerm<Self>]) -> [AffineTerm<Self>] { terms }

    @inlinable @inline(__always)
    public static func addRecurrentTerms(_ terms: [AffineTerm<Self>], longestRow: Int, state: [Self], h hOffset: Int, c cOffset: Int,
                                         into out: inout [Self], at outOffset: Int) {
        for term in terms {
            out[outOffset + term.row].addProduct(term.coefficient, state[term.stateIndex(h: hOffset, c: cOffset)])
        }
    }
}

extension Rational: CellScalar {
    public init(exactly value: Rational, context: Void) { self = value }
    public static var zero: Rational { Rational() }
    public static var one: Rational { Rational(1) }

    public static func canEvaluate(_ activation: Activation) -> Bool { activation.isPiecewiseLinear }

    public mutating func activate(_ activation: Activation) {
        switch activation {
        case .hardclip:
            if compare(1) > 0 { assign(1) } else if compare(-1) < 0 { assign(-1) }
        case .relu:
            if signum < 0 { assign(0) }
        case .tanh, .sigmoid:
            preconditionFailure("Rational cannot evaluate \(activation) exactly")
        }
    }
}
