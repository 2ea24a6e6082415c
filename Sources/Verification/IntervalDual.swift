import Cells
import Exact

/// Forward-mode dual numbers over certified intervals: `value` encloses f(s)
/// and `derivative` encloses f′(s) for every s in the seed interval. Running a
/// cell's one generic definition in this number system encloses ∂F/∂s over a
/// whole interval of states, which is what certifies that an update is monotone.
///
///     (a, a′) ± (b, b′) = (a ± b, a′ ± b′)
///     (a, a′) · (b, b′) = (a·b, a′·b + a·b′)
///     tanh: (t, (1 − t²)·a′),  σ: (s, s(1 − s)·a′)  with t, s enclosures of f(a)
///     g, relu: derivative factor 1 inside the linear piece, 0 outside, [0, 1] across a kink
public struct IntervalDual: CellScalar {
    public typealias Context = Int
    public var value: Interval
    public var derivative: Interval

    public init(value: Interval, derivative: Interval) {
        self.value = value
        self.derivative = derivative
    }

    public init(exactly value: Rational, context precision: Int) {
        self.init(value: Interval(value, precision: precision), derivative: Interval(0))
    }

    public static var zero: IntervalDual { IntervalDual(value: Interval(0), derivative: Interval(0)) }
    public static var one: IntervalDual { IntervalDual(value: Interval(1), derivative: Interval(0)) }

    public static func + (a: IntervalDual, b: IntervalDual) -> IntervalDual {
        IntervalDual(value: a.value + b.value, derivative: a.derivative + b.derivative)
    }
    public static func - (a: IntervalDual, b: IntervalDual) -> IntervalDual {
        IntervalDual(value: a.value - b.value, derivative: a.derivative - b.derivative)
    }
    public static func * (a: IntervalDual, b: IntervalDual) -> IntervalDual {
        IntervalDual(value: a.value * b.value, derivative: a.derivative * b.value + a.value * b.derivative)
    }
    public mutating func negate() { self = IntervalDual(value: -value, derivative: -derivative) }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    public mutating func activate(_ activation: Activation) {
        let factor: Interval
        let precision = value.precision
        var v = value
        v.activate(activation)
        switch activation {
        case .hardclip:
            if value.lower > -1 && value.upper < 1 { factor = Interval(1) }
            else if value.upper < -1 || value.lower > 1 { factor = Interval(0) }
            else { factor = Interval(lower: 0, upper: 1) }
        case .relu:
            if value.lower.signum > 0 { factor = Interval(1) }
            else if value.upper.signum < 0 { factor = Interval(0) }
            else { factor = Interval(lower: 0, upper: 1) }
        case .tanh:
            factor = Interval(1, precision: precision) - v.squared
        case .sigmoid:
            factor = v * (Interval(1, precision: precision) - v)
        }
        self = IntervalDual(value: v, derivative: factor * derivative)
    }
}
