import Exact

extension DoubleInterval: CellScalar {
    /// The tightest Double interval around the exact parameter.
    public init(exactly value: Rational, context: Void) { self.init(enclosing: value) }

    public static var zero: DoubleInterval { DoubleInterval(0.0) }
    public static var one: DoubleInterval { DoubleInterval(1.0) }

    public mutating func negate() { self = -self }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    /// Every activation is nondecreasing, so f([a, b]) ⊆ [f(a)⁻, f(b)⁺]; g and
    /// relu are exact on Double endpoints, tanh and σ certified by Arb.
    public mutating func activate(_ activation: Activation) {
        switch activation {
        case .hardclip: self = DoubleInterval(lower: Swift.min(Swift.max(lower, -1), 1), upper: Swift.min(Swift.max(upper, -1), 1))
        case .relu: self = DoubleInterval(lower: Swift.max(lower, 0), upper: Swift.max(upper, 0))
        case .tanh: self = tanh
        case .sigmoid: self = sigmoid
        }
    }
}

extension DoubleInterval: Enclosure {
    public static var unitInterval: DoubleInterval { DoubleInterval(lower: 0, upper: 1) }
    public func point(_ c: Int) -> DoubleInterval { DoubleInterval(Double(c)) }
    public func isBelow(_ c: Int) -> Bool { upper < Double(c) }
    public func isAbove(_ c: Int) -> Bool { lower > Double(c) }
    /// lower/2 + upper/2 rounded to nearest: a Double between the bounds.
    public var centre: DoubleInterval { DoubleInterval(midpoint) }
}
