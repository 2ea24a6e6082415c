import Exact
import F1B
import _LaneMath

/// Eight independent Double computations side by side (one SIMD8<Double>
/// register): eight *different cells* — each lane its own parameters — fed
/// the same input, as the (l,k)-discrepancy runs many random cells. Lane i
/// computes what `Double` computes for lane i's cell with the same operations
/// in the same order; tanh and σ come from `_LaneMath`'s vector exponential
/// (a few units of 2⁻⁵³ from libm's), so the two agree to rounding.
public struct DoubleLanes: CellScalar {
    public static let width = 8
    public var lanes: SIMD8<Double>

    @inlinable @inline(__always)
    public init(_ lanes: SIMD8<Double>) { self.lanes = lanes }

    /// The same value in every lane (an exact parameter, correctly rounded).
    public init(exactly value: Rational, context: Void) { lanes = SIMD8(repeating: Double(value)) }

    public static var zero: DoubleLanes { DoubleLanes(SIMD8(repeating: 0)) }
    public static var one: DoubleLanes { DoubleLanes(SIMD8(repeating: 1)) }

    @inlinable @inline(__always)
    public static func + (a: DoubleLanes, b: DoubleLanes) -> DoubleLanes { DoubleLanes(a.lanes + b.lanes) }
    @inlinable @inline(__always)
    public static func - (a: DoubleLanes, b: DoubleLanes) -> DoubleLanes { DoubleLanes(a.lanes - b.lanes) }
    @inlinable @inline(__always)
    public static func * (a: DoubleLanes, b: DoubleLanes) -> DoubleLanes { DoubleLanes(a.lanes * b.lanes) }
    @inlinable @inline(__always)
    public mutating func addProduct(_ a: DoubleLanes, _ b: DoubleLanes) { lanes += a.lanes * b.lanes }
    @inlinable @inline(__always)
    public mutating func assign(_ other: DoubleLanes) { lanes = other.lanes }
    @inlinable @inline(__always)
    public mutating func negate() { lanes = -lanes }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    @inlinable
    public mutating func activate(_ activation: Activation) {
        switch activation {
        case .hardclip: lanes = lanes.clamped(lowerBound: SIMD8(repeating: -1), upperBound: SIMD8(repeating: 1))
        case .relu: lanes = pointwiseMax(lanes, SIMD8(repeating: 0))
        case .tanh: lanes = _LaneMath.tanh(lanes)
        case .sigmoid: lanes = _LaneMath.sigmoid(lanes)
        }
    }
}
