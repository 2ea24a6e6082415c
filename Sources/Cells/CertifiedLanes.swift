import Exact
import F1B

/// Per-lane inputs for a lane number system: lane i is fed `inputs[i]`.
public protocol CertifiedLaneInputs: Sendable {
    init(_ inputs: [StepInput])
}

/// A number system holding `width` certified enclosures side by side, one per
/// path: the scalar of batched certified enumeration. Running a cell on it
/// steps `width` states at once, each lane with its own input; every lane's
/// result encloses the exact result for every real value in that lane's
/// operand enclosures (outward-rounded Double arithmetic).
public protocol CertifiedLanes: CellScalar where Context == Void, Input: CertifiedLaneInputs {
    static var width: Int { get }
    /// Lane i holds `lanes[i]` (count == width).
    init(lanes: [DoubleInterval])
    /// A certified enclosure of lane i.
    func lane(_ i: Int) -> DoubleInterval
    /// Lane j ← lane i of `other`, exactly as it is held.
    mutating func setLane(_ j: Int, from other: Self, lane i: Int)
}

/// Per-lane inputs as step-input indices.
public struct IntervalLaneInputs: CertifiedLaneInputs {
    public var indices: SIMD8<Int32>

    public init(_ inputs: [StepInput]) {
        precondition(inputs.count <= 8)
        var v = SIMD8<Int32>(repeating: 0)
        for (i, x) in inputs.enumerated() { v[i] = Int32(x.index) }
        indices = v
    }
}

/// Eight `DoubleInterval`s side by side, each lane computed with
/// `DoubleInterval`'s own certified operations: the reference lane system
/// (simple and evidently sound; `BallLanes` is the fast one).
public struct IntervalLanes: CertifiedLanes {
    public static let width = 8
    public var lower: SIMD8<Double>
    public var upper: SIMD8<Double>

    @inlinable public init(lower: SIMD8<Double>, upper: SIMD8<Double>) {
        self.lower = lower
        self.upper = upper
    }

    public init(lanes: [DoubleInterval]) {
        precondition(lanes.count == Self.width)
        lower = SIMD8(lanes.map(\.lower))
        upper = SIMD8(lanes.map(\.upper))
    }

    public init(exactly value: Rational, context: Void) {
        let x = DoubleInterval(enclosing: value)
        self.init(lower: SIMD8(repeating: x.lower), upper: SIMD8(repeating: x.upper))
    }

    @inlinable public func lane(_ i: Int) -> DoubleInterval { DoubleInterval(lower: lower[i], upper: upper[i]) }

    @inlinable public mutating func setLane(_ j: Int, from other: IntervalLanes, lane i: Int) {
        lower[j] = other.lower[i]
        upper[j] = other.upper[i]
    }

    @inlinable @inline(__always)
    static func map2(_ a: IntervalLanes, _ b: IntervalLanes, _ f: (DoubleInterval, DoubleInterval) -> DoubleInterval) -> IntervalLanes {
        var out = a
        for i in 0..<width {
            let r = f(a.lane(i), b.lane(i))
            out.lower[i] = r.lower
            out.upper[i] = r.upper
        }
        return out
    }

    public static var zero: IntervalLanes { IntervalLanes(lower: .zero, upper: .zero) }
    public static var one: IntervalLanes { IntervalLanes(lower: SIMD8(repeating: 1), upper: SIMD8(repeating: 1)) }

    public static func + (a: IntervalLanes, b: IntervalLanes) -> IntervalLanes { map2(a, b, +) }
    public static func - (a: IntervalLanes, b: IntervalLanes) -> IntervalLanes { map2(a, b, -) }
    public static func * (a: IntervalLanes, b: IntervalLanes) -> IntervalLanes { map2(a, b, *) }
    public mutating func negate() { (lower, upper) = (-upper, -lower) }

    public typealias Input = IntervalLaneInputs

    public static func drive(_ drives: [IntervalLanes], rows: Int, row k: Int, for input: IntervalLaneInputs) -> IntervalLanes {
        var out = IntervalLanes.zero
        for i in 0..<width { out.setLane(i, from: drives[Int(input.indices[i]) * rows + k], lane: i) }
        return out
    }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    public mutating func activate(_ activation: Activation) {
        for i in 0..<Self.width {
            var x = lane(i)
            x.activate(activation)
            lower[i] = x.lower
            upper[i] = x.upper
        }
    }
}

extension BallLaneInputs: CertifiedLaneInputs {}

/// The fast lane system of certified enumeration (the rigorous rounding only:
/// the variant with rounding terms dropped exists to make tests fail).
extension RoundedBallLanes: CertifiedLanes where Rounding == RigorousRounding {}
