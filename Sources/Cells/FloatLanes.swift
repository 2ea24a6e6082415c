import Exact
import F1B
import _LaneMath

/// Sixty-four Float values evaluated together, one per simulated path: the
/// number system of the Monte-Carlo engine. Every cell runs on it unchanged;
/// each lane gets its own input (`LaneInputs`). Parameters enter as the Float
/// nearest their Double rounding. Activations are the branch-free
/// approximations of `_LaneMath` (tanh, σ within a few units of 2⁻²⁴).
///
/// Four registers of sixteen lanes: a cell step is one long dependency chain
/// on the previous state, and four independent chains keep the vector units
/// busy where one would leave them waiting on latency.
public struct FloatLanes: CellScalar {
    public static let width = 64
    public var parts: (FloatVector, FloatVector, FloatVector, FloatVector)

    @inlinable @inline(__always)
    public init(_ p0: FloatVector, _ p1: FloatVector, _ p2: FloatVector, _ p3: FloatVector) {
        parts = (p0, p1, p2, p3)
    }

    @inlinable @inline(__always)
    public init(repeating value: Float) {
        let v = FloatVector(repeating: value)
        parts = (v, v, v, v)
    }

    public init(exactly value: Rational, context: Void) { self.init(repeating: Float(Double(value))) }

    /// Lane i (0 ≤ i < 64).
    @inlinable
    public subscript(lane i: Int) -> Float {
        switch i >> 4 {
        case 0: return parts.0[i & 15]
        case 1: return parts.1[i & 15]
        case 2: return parts.2[i & 15]
        default: return parts.3[i & 15]
        }
    }

    @inlinable @inline(__always)
    func map(_ f: (FloatVector) -> FloatVector) -> FloatLanes {
        FloatLanes(f(parts.0), f(parts.1), f(parts.2), f(parts.3))
    }

    @inlinable @inline(__always)
    static func combine(_ a: FloatLanes, _ b: FloatLanes, _ f: (FloatVector, FloatVector) -> FloatVector) -> FloatLanes {
        FloatLanes(f(a.parts.0, b.parts.0), f(a.parts.1, b.parts.1), f(a.parts.2, b.parts.2), f(a.parts.3, b.parts.3))
    }

    public typealias Input = LaneInputs

    /// Picks (W x + b)_k per lane from the four precomputed terms.
    @inlinable @inline(__always)
    public static func drive(_ drives: [FloatLanes], rows: Int, row k: Int, for input: LaneInputs) -> FloatLanes {
        // StepInput.index: bit 0 is (X^I = +1), bit 1 is (flag on).
        let d0 = drives[k].parts.0, d1 = drives[rows + k].parts.0
        let d2 = drives[2 * rows + k].parts.0, d3 = drives[3 * rows + k].parts.0
        @inline(__always) func pick(_ positive: LaneMask, _ flagged: LaneMask) -> FloatVector {
            select(flagged, select(positive, d3, d2), select(positive, d1, d0))
        }
        let p = input.positive.parts, f = input.flagged.parts
        return FloatLanes(pick(p.0, f.0), pick(p.1, f.1), pick(p.2, f.2), pick(p.3, f.3))
    }

    public static var zero: FloatLanes { FloatLanes(repeating: 0) }
    public static var one: FloatLanes { FloatLanes(repeating: 1) }

    @inlinable @inline(__always)
    public static func + (a: FloatLanes, b: FloatLanes) -> FloatLanes { combine(a, b) { $0 + $1 } }
    @inlinable @inline(__always)
    public static func - (a: FloatLanes, b: FloatLanes) -> FloatLanes { combine(a, b) { $0 - $1 } }
    @inlinable @inline(__always)
    public static func * (a: FloatLanes, b: FloatLanes) -> FloatLanes { combine(a, b) { $0 * $1 } }
    @inlinable @inline(__always)
    public mutating func addProduct(_ a: FloatLanes, _ b: FloatLanes) {
        // Fused: one rounding, one vfmadd per register.
        parts = (parts.0.addingProduct(a.parts.0, b.parts.0), parts.1.addingProduct(a.parts.1, b.parts.1),
                 parts.2.addingProduct(a.parts.2, b.parts.2), parts.3.addingProduct(a.parts.3, b.parts.3))
    }
    @inlinable @inline(__always)
    public mutating func assign(_ other: FloatLanes) { parts = other.parts }
    @inlinable @inline(__always)
    public mutating func negate() { self = map { -$0 } }

    public static func == (a: FloatLanes, b: FloatLanes) -> Bool {
        a.parts.0 == b.parts.0 && a.parts.1 == b.parts.1 && a.parts.2 == b.parts.2 && a.parts.3 == b.parts.3
    }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    /// mask ? a : b, lane by lane.
    @inlinable @inline(__always)
    public static func masked(_ a: FloatLanes, where mask: LaneMasks, else b: FloatLanes) -> FloatLanes {
        FloatLanes(select(mask.parts.0, a.parts.0, b.parts.0), select(mask.parts.1, a.parts.1, b.parts.1),
                   select(mask.parts.2, a.parts.2, b.parts.2), select(mask.parts.3, a.parts.3, b.parts.3))
    }

    /// The lanes with low < x < high.
    @inlinable @inline(__always)
    public static func inside(_ x: FloatLanes, _ low: Float, _ high: Float) -> LaneMasks {
        let l = FloatVector(repeating: low), h = FloatVector(repeating: high)
        @inline(__always) func test(_ v: FloatVector) -> LaneMask { greater(v, l) & greater(h, v) }
        return LaneMasks(test(x.parts.0), test(x.parts.1), test(x.parts.2), test(x.parts.3))
    }

    /// The sum of the 64 lanes.
    public var sum: Float { parts.0.sum() + parts.1.sum() + parts.2.sum() + parts.3.sum() }

    @inlinable @inline(__always)
    public mutating func activate(_ activation: Activation) {
        switch activation {
        case .hardclip: self = map(hardclip)
        case .relu: self = map(relu)
        case .tanh: self = map(_LaneMath.tanh)
        case .sigmoid: self = map(_LaneMath.sigmoid)
        }
    }
}

/// Per-lane truth values for 64 lanes.
public struct LaneMasks: Sendable {
    public var parts: (LaneMask, LaneMask, LaneMask, LaneMask)

    @inlinable @inline(__always)
    public init(_ p0: LaneMask, _ p1: LaneMask, _ p2: LaneMask, _ p3: LaneMask) { parts = (p0, p1, p2, p3) }

    /// Lane i true when bit i of `bits` is 1.
    @inlinable @inline(__always)
    public init(bits: UInt64) {
        self.init(laneMask(bits: UInt16(truncatingIfNeeded: bits)), laneMask(bits: UInt16(truncatingIfNeeded: bits >> 16)),
                  laneMask(bits: UInt16(truncatingIfNeeded: bits >> 32)), laneMask(bits: UInt16(truncatingIfNeeded: bits >> 48)))
    }

    /// Lane i true when values[i] == value.
    @inlinable @inline(__always)
    public init(lanesOf values: (LaneMask, LaneMask, LaneMask, LaneMask), equalTo value: Int32) {
        let v = LaneMask(repeating: value)
        self.init(equal(values.0, v), equal(values.1, v), equal(values.2, v), equal(values.3, v))
    }

    /// mask ? a : b, lane by lane.
    @inlinable @inline(__always)
    public static func select(_ mask: LaneMasks, _ a: LaneMasks, _ b: LaneMasks) -> LaneMasks {
        @inline(__always) func pick(_ m: LaneMask, _ x: LaneMask, _ y: LaneMask) -> LaneMask { (x & m) | (y & ~m) }
        return LaneMasks(pick(mask.parts.0, a.parts.0, b.parts.0), pick(mask.parts.1, a.parts.1, b.parts.1),
                         pick(mask.parts.2, a.parts.2, b.parts.2), pick(mask.parts.3, a.parts.3, b.parts.3))
    }
}

/// The inputs of one step for 64 paths: per lane, whether the information
/// bit is +1 and whether the flag is on.
public struct LaneInputs: Sendable {
    public var positive: LaneMasks
    public var flagged: LaneMasks

    @inlinable @inline(__always)
    public init(positive: LaneMasks, flagged: LaneMasks) {
        self.positive = positive
        self.flagged = flagged
    }
}
