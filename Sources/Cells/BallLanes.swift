import Exact
import F1B

/// Eight certified enclosures side by side, in midpoint–radius form: the
/// number system of batched certified enumeration. Lane i stands for the
/// interval [mid_i − radius_i, mid_i + radius_i], and every operation is
/// outward-correct lane by lane: each result lane contains the exact result of
/// the operation for every choice of real values in the operands' lanes.
///
/// - Arithmetic: `MidpointRadius` (Rump's midpoint–radius arithmetic in
///   round-to-nearest: midpoints rounded to nearest, radii holding the operands'
///   radii, u·|midpoint| for the midpoint's rounding, then rounded up by a
///   proven factor and a 2⁻¹⁰⁰⁰ floor). `addProduct`, the cells' hot operation,
///   is one fused multiply–add for the midpoint, and the running radius passes
///   through one fused operation per term (`MidpointRadius.sumOfProduct`).
/// - tanh and σ: `CertifiedTanh.ball`, `CertifiedSigmoid.ball` (the mean-value
///   form around a certified value at the midpoint, with bounds at the ends for
///   wide lanes); hardclip and relu are exact on the ends.
/// - NaN anywhere in a lane means the whole line (`lane(_:)` returns (−∞, ∞)).
///
/// Each lane gets its own input (`BallLaneInputs`): eight states of one cell
/// advance on eight paths at once. Parameters enter exactly (`init(exactly:)`:
/// the nearest Double and a radius bounding its distance to the rational,
/// computed in exact arithmetic), so no parameter passes through Double
/// unaccounted.
///
/// Generic over the rounding policy only so the tests can run the same code
/// with the rounding terms dropped; the library uses `BallLanes`.
public struct RoundedBallLanes<Rounding: BallRounding>: CellScalar {
    public typealias Vector = SIMD8<Double>
    public typealias Input = BallLaneInputs

    /// Lanes: eight (one SIMD8<Double>, two AVX2 registers, for midpoints and radii each).
    public static var width: Int { 8 }

    public var mid: Vector
    public var radius: Vector

    @inlinable @inline(__always)
    public init(mid: Vector, radius: Vector) {
        self.mid = mid
        self.radius = radius
    }

    /// Every lane encloses `value`: the nearest Double, and a radius that bounds
    /// |value − mid| (the exact difference rounded up; 0 for dyadic values).
    public init(exactly value: Rational, context: Void) {
        let (m, r) = DoubleInterval.ball(enclosing: value)
        self.init(mid: Vector(repeating: m), radius: Vector(repeating: r))
    }

    /// Every lane encloses `value` (its ball: midpoint rounded to nearest, radius rounded up).
    @inlinable
    public init(repeating value: DoubleInterval) {
        let (m, r) = value.ball
        self.init(mid: Vector(repeating: m), radius: Vector(repeating: r))
    }

    /// Lane i encloses `lanes[i]` (count == width).
    public init(lanes: [DoubleInterval]) {
        precondition(lanes.count == Self.width, "BallLanes needs \(Self.width) lanes, got \(lanes.count)")
        var m = Vector(), r = Vector()
        for (i, x) in lanes.enumerated() { (m[i], r[i]) = x.ball }
        self.init(mid: m, radius: r)
    }

    /// A certified inf–sup enclosure of lane i: [mid − radius, mid + radius]
    /// rounded outward; (−∞, ∞) for a NaN lane.
    public func lane(_ i: Int) -> DoubleInterval { DoubleInterval(mid: mid[i], radius: radius[i]) }

    /// Lane i becomes lane j of `other` (its ball, exactly); the other lanes stay.
    @inlinable @inline(__always)
    public mutating func setLane(_ i: Int, from other: Self, lane j: Int) {
        mid[i] = other.mid[j]
        radius[i] = other.radius[j]
    }

    /// The largest radius over the lanes (∞ if any lane is NaN): a cheap test for "too wide".
    public var maxRadius: Double {
        var largest = 0.0
        for i in 0..<Self.width {
            if mid[i].isNaN || radius[i].isNaN { return .infinity }
            largest = Swift.max(largest, radius[i])
        }
        return largest
    }

    @inlinable @inline(__always)
    var ball: (mid: Vector, radius: Vector) { (mid, radius) }

    @inlinable @inline(__always)
    init(_ ball: (mid: Vector, radius: Vector)) { self.init(mid: ball.mid, radius: ball.radius) }

    /// Picks (W x + b)_k per lane from the four precomputed terms (StepInput.index:
    /// bit 0 is X^I = +1, bit 1 the flag).
    @inlinable @inline(__always)
    public static func drive(_ drives: [Self], rows: Int, row k: Int, for input: BallLaneInputs) -> Self {
        let d0 = drives[k], d1 = drives[rows + k], d2 = drives[2 * rows + k], d3 = drives[3 * rows + k]
        @inline(__always) func pick(_ a: Vector, _ b: Vector, _ c: Vector, _ d: Vector) -> Vector {
            a.replacing(with: b, whereLanes: input.positive)
                .replacing(with: c.replacing(with: d, whereLanes: input.positive), whereLanes: input.flagged)
        }
        return Self(mid: pick(d0.mid, d1.mid, d2.mid, d3.mid), radius: pick(d0.radius, d1.radius, d2.radius, d3.radius))
    }

    public static var zero: Self { Self(mid: Vector(), radius: Vector()) }
    public static var one: Self { Self(mid: Vector(repeating: 1), radius: Vector()) }

    @inlinable @inline(__always)
    public static func + (a: Self, b: Self) -> Self { Self(MidpointRadius.sum(a.ball, b.ball, Rounding.self)) }
    @inlinable @inline(__always)
    public static func - (a: Self, b: Self) -> Self { Self(MidpointRadius.difference(a.ball, b.ball, Rounding.self)) }
    @inlinable @inline(__always)
    public static func * (a: Self, b: Self) -> Self { Self(MidpointRadius.product(a.ball, b.ball, Rounding.self)) }

    /// self ← self + a·b (midpoint fused; radius per `MidpointRadius.sumOfProduct`).
    @inlinable @inline(__always)
    public mutating func addProduct(_ a: Self, _ b: Self) {
        self = Self(MidpointRadius.sumOfProduct(ball, a.ball, b.ball, Rounding.self))
    }

    /// A row's dot product with one radius bound (Rump's, as `IntervalMatrix`
    /// states and proves it) instead of a ball operation per term: the
    /// midpoint Σ a·b fused in round-to-nearest; the radius Σ |a|·g + r_a·h with
    /// g = γ|b| + r_b + η and h = |b| + r_b formed once per state entry
    /// (`MidpointRadius.dotProductRounding`, γ for the longest row; η covers
    /// γ|b|'s underflow, which a large |a| multiplies), multiplied by the
    /// proven inflation, with 2⁻¹⁰⁰⁰ + u·|midpoint| added; then added to the
    /// row's drive as a ball sum. Two radius accumulators keep the loop-carried
    /// chain at one fused operation per term, as the midpoint's; a term's
    /// radius chain then has at most k + 4 roundings (g's three, one per later
    /// term, the accumulators' sum), within the k + 5 the proof allows.
    public static func recurrentTerms(_ terms: [AffineTerm<Self>]) -> [BallRowTerm] {
        terms.map { t in
            // Parameters enter equal in every lane (`init(exactly:)`); a lane-varying coefficient has no packed form.
            precondition(t.coefficient.mid == Vector(repeating: t.coefficient.mid[0])
                         && t.coefficient.radius == Vector(repeating: t.coefficient.radius[0]), "BallLanes: a recurrent coefficient differs between lanes")
            return BallRowTerm(row: Int32(t.row), column: Int32(t.column), peephole: t.peephole,
                               mid: t.coefficient.mid[0], radius: t.coefficient.radius[0])
        }
    }

    @inlinable
    public static func addRecurrentTerms(_ terms: [BallRowTerm], longestRow: Int, state: [Self], h hOffset: Int, c cOffset: Int,
                                         into out: inout [Self], at outOffset: Int) {
        guard !terms.isEmpty else { return }
        let (gamma, inflation, weightFloor) = MidpointRadius.dotProductRounding(terms: longestRow, Rounding.self)
        let floor = Vector(repeating: Rounding.radiusFloor), roundoff = Vector(repeating: Rounding.roundoff)
        let entries = state.count
        withUnsafeTemporaryAllocation(of: Vector.self, capacity: 2 * entries) { weights in
            state.withUnsafeBufferPointer { s in
                for j in 0..<entries {
                    let magnitude = s[j].mid.laneMagnitudes
                    weights[j] = ((magnitude * gamma) + s[j].radius) + Vector(repeating: weightFloor)
                    weights[entries + j] = magnitude + s[j].radius
                }
                terms.withUnsafeBufferPointer { t in
                    var i = 0
                    while i < t.count {
                        let row = t[i].row
                        var mid = Vector(), weighed = Vector(), spread = Vector()
                        repeat {
                            let term = t[i], j = Int(term.peephole ? Int32(truncatingIfNeeded: cOffset) &+ term.column
                                                                  : Int32(truncatingIfNeeded: hOffset) &+ term.column)
                            mid = mid.addingProduct(Vector(repeating: term.mid), s[j].mid)
                            weighed = weighed.addingProduct(Vector(repeating: Swift.abs(term.mid)), weights[j])
                            spread = spread.addingProduct(Vector(repeating: term.radius), weights[entries &+ j])
                            i &+= 1
                        } while i < t.count && t[i].row == row
                        let radius = (weighed + spread) * inflation + floor.addingProduct(mid.laneMagnitudes, roundoff)
                        let sum = (mid: mid, radius: radius)
                        let k = outOffset &+ Int(row)
                        out[k] = Self(MidpointRadius.sum(out[k].ball, sum, Rounding.self))
                    }
                }
            }
        }
    }

    @inlinable @inline(__always)
    public mutating func assign(_ other: Self) { self = other }

    @inlinable @inline(__always)
    public mutating func negate() { mid = -mid }

    public static func canEvaluate(_ activation: Activation) -> Bool { true }

    @inlinable @inline(__always)
    public mutating func activate(_ activation: Activation) {
        switch activation {
        case .hardclip: self = Self(Self.clamped(ball, -1, 1))
        case .relu: self = Self(Self.clamped(ball, 0, .infinity))
        case .tanh: self = Self(CertifiedTanh.ball(mid: mid, radius: radius, Rounding.self))
        case .sigmoid: self = Self(CertifiedSigmoid.ball(mid: mid, radius: radius, Rounding.self))
        }
    }

    /// min(max(x, low), high) on balls. Clamping is exact on the ends, so the
    /// image of [a, b] is [clamp(a), clamp(b)]. A lane that meets [low, high]
    /// has the image lane ∩ [low, high] ⊆ lane, so keeping it is always sound;
    /// lanes whose rounded ends fl(m ∓ r) stay within [low, high] are kept. A lane
    /// with fl(m − r) > high (so m − r > high: rounding is monotone and high a
    /// Double) becomes the point high, one with fl(m + r) < low the point low;
    /// the others become the intersection, enclosed from their ends rounded
    /// outward. NaN lanes stay NaN.
    @inlinable @inline(__always)
    static func clamped(_ x: (mid: Vector, radius: Vector), _ low: Double, _ high: Double) -> (mid: Vector, radius: Vector) {
        let nearestLower = x.mid - x.radius, nearestUpper = x.mid + x.radius
        let crosses = nearestLower.lanes(below: low) | nearestUpper.lanes(above: high)     // none above high = ∞
        guard Vector.anyLane(crosses) else { return x }
        let lower = OutwardRounding.bound(x.mid, plusOrMinus: x.radius, direction: Vector(repeating: -1))
        let upper = OutwardRounding.bound(x.mid, plusOrMinus: x.radius, direction: Vector(repeating: 1))
        let meet = MidpointRadius.ball(lower: lower.replacing(with: low, whereLanes: lower.lanes(below: low)),
                                       upper: upper.replacing(with: high, whereLanes: upper.lanes(above: high)),
                                       Rounding.self)
        var m = x.mid.replacing(with: meet.mid, whereLanes: crosses), r = x.radius.replacing(with: meet.radius, whereLanes: crosses)
        let above = nearestLower.lanes(above: high), below = nearestUpper.lanes(below: low)
        m = m.replacing(with: high, whereLanes: above).replacing(with: low, whereLanes: below)
        r = r.replacing(with: 0, whereLanes: above | below)
        return (m, r)
    }
}

/// One recurrent term of an affine map for `BallLanes`' row kernel: the
/// coefficient's ball as two Doubles (24 bytes, where eight equal lanes of
/// midpoint and radius took 160), so a cell's matrices stay in cache.
public struct BallRowTerm: Sendable {
    public let row: Int32
    public let column: Int32
    public let peephole: Bool
    public let mid: Double
    public let radius: Double

    @inlinable
    public init(row: Int32, column: Int32, peephole: Bool, mid: Double, radius: Double) {
        self.row = row
        self.column = column
        self.peephole = peephole
        self.mid = mid
        self.radius = radius
    }
}

/// The certified lanes the library uses.
public typealias BallLanes = RoundedBallLanes<RigorousRounding>

/// The inputs of one step for the lanes of `BallLanes`: per lane, whether the
/// information bit is +1 and whether the flag is on.
public struct BallLaneInputs: Sendable {
    /// Lane masks (all ones where true), as `DoubleLaneVector` selects with.
    public var positive: SIMD8<Int64>
    public var flagged: SIMD8<Int64>

    /// Lane i from bit i of each byte.
    @inlinable
    public init(positiveBits: UInt8, flaggedBits: UInt8) {
        // Bit i moved to the sign bit of lane i, then spread over the lane.
        let shifts = SIMD8<Int64>(63, 62, 61, 60, 59, 58, 57, 56)
        positive = (SIMD8(repeating: Int64(positiveBits)) &<< shifts) &>> 63
        flagged = (SIMD8(repeating: Int64(flaggedBits)) &<< shifts) &>> 63
    }

    /// Lane i gets inputs[i] (count ≤ 8; later lanes get X^I = −1, no flag).
    public init(_ inputs: [StepInput]) {
        precondition(inputs.count <= 8, "BallLaneInputs holds at most 8 lanes, got \(inputs.count)")
        var positive: UInt8 = 0, flagged: UInt8 = 0
        for (i, input) in inputs.enumerated() {
            if input.informationBit == 1 { positive |= 1 << i }
            if input.flagged { flagged |= 1 << i }
        }
        self.init(positiveBits: positive, flaggedBits: flagged)
    }
}
