/// A closed interval [lower, upper] of real numbers with exact rational
/// (in practice dyadic) endpoints: a certified enclosure. Every operation
/// returns an interval containing every result of the operation on points of
/// its operands.
///
/// `precision` is the number of significant bits an operation keeps when its
/// exact result must be rounded: endpoints are rounded outward (lower down,
/// upper up) to that many bits, so their size stays bounded. A binary
/// operation works at the larger precision of its operands; precision 0 means
/// "exact", and arithmetic between exact intervals is not rounded at all.
public struct Interval: Sendable, Hashable {
    public let lower: Rational
    public let upper: Rational
    public let precision: Int

    /// The precision transcendental functions use on exact (precision-0) operands.
    public static let defaultPrecision = 128

    /// [lower, upper], rounded outward to `precision` bits when precision > 0.
    /// Precondition: lower ≤ upper.
    public init(lower: Rational, upper: Rational, precision: Int = 0) {
        precondition(lower <= upper, "Interval: lower bound above upper bound")
        precondition(precision == 0 || precision >= 2)
        if precision > 0 {
            self.lower = lower.rounded(toSignificantBits: precision, .down)
            self.upper = upper.rounded(toSignificantBits: precision, .up)
        } else {
            self.lower = lower
            self.upper = upper
        }
        self.precision = precision
    }

    /// The exact point x (not rounded, whatever the precision).
    public init(_ x: Rational, precision: Int = 0) {
        lower = x
        upper = x
        self.precision = precision
    }

    public var width: Rational { upper - lower }
    public var midpoint: Rational { (lower + upper) / 2 }
    public var isPoint: Bool { lower == upper }

    public func contains(_ x: Rational) -> Bool { lower <= x && x <= upper }
    public func contains(_ other: Interval) -> Bool { lower <= other.lower && other.upper <= upper }

    /// The smallest interval containing both.
    public func hull(_ other: Interval) -> Interval {
        Interval(lower: Swift.min(lower, other.lower), upper: Swift.max(upper, other.upper),
                 precision: Swift.max(precision, other.precision))
    }

    /// The same interval, now rounding at `bits`.
    public func withPrecision(_ bits: Int) -> Interval { Interval(lower: lower, upper: upper, precision: bits) }

    /// Precision for transcendental functions: own, or the default for exact operands.
    var workingPrecision: Int { precision > 0 ? precision : Interval.defaultPrecision }
}

// MARK: - Arithmetic

extension Interval {
    public static func + (a: Interval, b: Interval) -> Interval {
        Interval(lower: a.lower + b.lower, upper: a.upper + b.upper, precision: Swift.max(a.precision, b.precision))
    }

    public static func - (a: Interval, b: Interval) -> Interval {
        Interval(lower: a.lower - b.upper, upper: a.upper - b.lower, precision: Swift.max(a.precision, b.precision))
    }

    public static prefix func - (a: Interval) -> Interval {
        Interval(lower: -a.upper, upper: -a.lower, precision: a.precision)
    }

    /// The hull of the four endpoint products (fewer when signs are known).
    public static func * (a: Interval, b: Interval) -> Interval {
        let p = Swift.max(a.precision, b.precision)
        if a.isPoint && b.isPoint {
            let x = a.lower * b.lower
            return Interval(lower: x, upper: x, precision: p)
        }
        if a.lower.signum >= 0 && b.lower.signum >= 0 {
            return Interval(lower: a.lower * b.lower, upper: a.upper * b.upper, precision: p)
        }
        let products = [a.lower * b.lower, a.lower * b.upper, a.upper * b.lower, a.upper * b.upper]
        return Interval(lower: products.min()!, upper: products.max()!, precision: p)
    }

    /// Precondition: 0 ∉ b.
    public static func / (a: Interval, b: Interval) -> Interval {
        precondition(b.lower.signum > 0 || b.upper.signum < 0, "Interval: division by an interval containing 0")
        let p = Swift.max(a.precision, b.precision)
        let quotients = [a.lower / b.lower, a.lower / b.upper, a.upper / b.lower, a.upper / b.upper]
        return Interval(lower: quotients.min()!, upper: quotients.max()!, precision: p)
    }

    /// x² (tighter than x·x when x contains 0).
    public var squared: Interval {
        if lower.signum >= 0 { return Interval(lower: lower * lower, upper: upper * upper, precision: precision) }
        if upper.signum <= 0 { return Interval(lower: upper * upper, upper: lower * lower, precision: precision) }
        return Interval(lower: Rational(), upper: Swift.max(lower * lower, upper * upper), precision: precision)
    }
}

extension Interval: CustomStringConvertible {
    public var description: String { isPoint ? "[\(lower)]" : "[\(lower), \(upper)]" }
}
