import Exact

extension Interval: CellScalar {
    /// Context: the working precision in bits.
    public typealias Context = Int

    /// The exact point `value`, rounding later results at `precision` bits.
    public init(exactly value: Rational, context precision: Int) { self.init(value, precision: precision) }

    public static var zero: Interval { Interval(0) }
    public static var one: Interval { Interval(1) }

    public mutating func negate() { self = -self }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    /// Every activation is nondecreasing, so f([a, b]) ⊆ [f(a)⁻, f(b)⁺]; g and
    /// relu are exact, tanh and σ certified enclosures.
    public mutating func activate(_ activation: Activation) {
        switch activation {
        case .hardclip:
            self = Interval(lower: Rational.apply(.hardclip, lower), upper: Rational.apply(.hardclip, upper), precision: precision)
        case .relu:
            self = Interval(lower: Rational.apply(.relu, lower), upper: Rational.apply(.relu, upper), precision: precision)
        case .tanh: self = Interval.tanh(self)
        case .sigmoid: self = Interval.sigmoid(self)
        }
    }
}
