import Exact

/// A number system of certified enclosures (`Interval`, `DoubleInterval`):
/// running a cell in it encloses the image of a whole box of states, and
/// running it in its `EnclosureDual` encloses the derivatives over the box.
/// The requirements are what the dual's activation rule needs.
public protocol Enclosure: CellScalar {
    /// [0, 1].
    static var unitInterval: Self { get }
    /// The integer c as a point, at this enclosure's working precision.
    func point(_ c: Int) -> Self
    /// Encloses {x² : x in self} (tighter than self·self when it holds 0).
    var squared: Self { get }
    /// Every value < c.
    func isBelow(_ c: Int) -> Bool
    /// Every value > c.
    func isAbove(_ c: Int) -> Bool
    /// A point of the enclosure (the centre of mean-value forms).
    var centre: Self { get }
    /// Whether it is a single point.
    var isPoint: Bool { get }
    /// The common part of two enclosures of the same value (nil when they do not meet).
    func intersection(_ other: Self) -> Self?
}

extension Interval: Enclosure {
    public static var unitInterval: Interval { Interval(lower: 0, upper: 1) }
    public func point(_ c: Int) -> Interval { Interval(Rational(c), precision: precision) }
    public func isBelow(_ c: Int) -> Bool { upper.compare(c) < 0 }
    public func isAbove(_ c: Int) -> Bool { lower.compare(c) > 0 }
    public var centre: Interval { Interval(midpoint, precision: precision) }
    public func intersection(_ other: Interval) -> Interval? {
        let l = Swift.max(lower, other.lower), u = Swift.min(upper, other.upper)
        return l <= u ? Interval(lower: l, upper: u, precision: Swift.max(precision, other.precision)) : nil
    }
}

/// Forward-mode dual numbers over certified enclosures: `value` encloses f(s)
/// and `derivative` encloses the directional derivative f′(s)·v for every s
/// in the seed box (v the seed direction). Running a cell's one generic
/// definition in this number system encloses ∂F/∂s over a whole box of
/// states: it certifies monotone updates and gives mean-value images.
///
///     (a, a′) ± (b, b′) = (a ± b, a′ ± b′)
///     (a, a′) · (b, b′) = (a·b, a′·b + a·b′)
///     tanh: (t, (1 − t²)·a′),  σ: (s, s(1 − s)·a′)  with t, s enclosures of f(a)
///     g, relu: derivative factor 1 inside the linear piece, 0 outside, [0, 1] across a kink
public struct EnclosureDual<E: Enclosure>: CellScalar {
    public typealias Context = E.Context
    public var value: E
    public var derivative: E

    public init(value: E, derivative: E) {
        self.value = value
        self.derivative = derivative
    }

    public init(exactly value: Rational, context: E.Context) {
        self.init(value: E(exactly: value, context: context), derivative: .zero)
    }

    public static var zero: EnclosureDual { EnclosureDual(value: .zero, derivative: .zero) }
    public static var one: EnclosureDual { EnclosureDual(value: .one, derivative: .zero) }

    public static func + (a: EnclosureDual, b: EnclosureDual) -> EnclosureDual {
        EnclosureDual(value: a.value + b.value, derivative: a.derivative + b.derivative)
    }
    public static func - (a: EnclosureDual, b: EnclosureDual) -> EnclosureDual {
        EnclosureDual(value: a.value - b.value, derivative: a.derivative - b.derivative)
    }
    public static func * (a: EnclosureDual, b: EnclosureDual) -> EnclosureDual {
        EnclosureDual(value: a.value * b.value, derivative: a.derivative * b.value + a.value * b.derivative)
    }
    public mutating func negate() { self = EnclosureDual(value: .zero - value, derivative: .zero - derivative) }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    public mutating func activate(_ activation: Activation) {
        let factor: E
        var v = value
        v.activate(activation)
        switch activation {
        case .hardclip:
            if value.isAbove(-1) && value.isBelow(1) { factor = value.point(1) }
            else if value.isBelow(-1) || value.isAbove(1) { factor = value.point(0) }
            else { factor = .unitInterval }
        case .relu:
            if value.isAbove(0) { factor = value.point(1) }
            else if value.isBelow(0) { factor = value.point(0) }
            else { factor = .unitInterval }
        case .tanh:
            factor = value.point(1) - v.squared
        case .sigmoid:
            factor = v * (value.point(1) - v)
        }
        self = EnclosureDual(value: v, derivative: factor * derivative)
    }
}
