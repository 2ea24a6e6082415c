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
    ///
    /// Four consecutive rows with the same columns (every dense U) are summed
    /// together (`BallRowBlock`): each state entry is loaded once for the four,
    /// and the four rows' chains run side by side, where one row's chain alone
    /// waits on its fused operation's latency every term. Each row's own
    /// operations and their order are those of the one-row loop, so the
    /// results are the same to the bit; where a block's coefficients are all
    /// points (radius 0) the r_a·h sums, all zero, are skipped — the same
    /// bits again, except that a lane whose h is ∞ (already the whole line)
    /// keeps an ∞ radius instead of turning NaN.
    public static func recurrentTerms(_ terms: [AffineTerm<Self>]) -> BallRecurrentTerms {
        BallRecurrentTerms(terms.map { t in
            // Parameters enter equal in every lane (`init(exactly:)`); a lane-varying coefficient has no packed form.
            precondition(t.coefficient.mid == Vector(repeating: t.coefficient.mid[0])
                         && t.coefficient.radius == Vector(repeating: t.coefficient.radius[0]), "BallLanes: a recurrent coefficient differs between lanes")
            return BallRowTerm(row: Int32(t.row), column: Int32(t.column), peephole: t.peephole,
                               mid: t.coefficient.mid[0], radius: t.coefficient.radius[0])
        })
    }

    @inlinable
    public static func addRecurrentTerms(_ terms: BallRecurrentTerms, longestRow: Int, state: [Self], h hOffset: Int, c cOffset: Int,
                                         into out: inout [Self], at outOffset: Int) {
        guard !terms.isEmpty else { return }
        let (gamma, inflation, weightFloor) = MidpointRadius.dotProductRounding(terms: longestRow, Rounding.self)
        let floor = Vector(repeating: Rounding.radiusFloor), roundoff = Vector(repeating: Rounding.roundoff)
        let entries = state.count
        let h32 = Int32(truncatingIfNeeded: hOffset), c32 = Int32(truncatingIfNeeded: cOffset)
        @inline(__always) func finished(_ mid: Vector, _ weighed: Vector, _ spread: Vector, row: Int32, _ out: inout [Self]) {
            let radius = (weighed + spread) * inflation + floor.addingProduct(mid.laneMagnitudes, roundoff)
            let k = outOffset &+ Int(row)
            out[k] = Self(MidpointRadius.sum(out[k].ball, (mid: mid, radius: radius), Rounding.self))
        }
        withUnsafeTemporaryAllocation(of: Vector.self, capacity: 2 * entries) { weights in
            state.withUnsafeBufferPointer { s in
                for j in 0..<entries {
                    let magnitude = s[j].mid.laneMagnitudes
                    weights[j] = ((magnitude * gamma) + s[j].radius) + Vector(repeating: weightFloor)
                    weights[entries + j] = magnitude + s[j].radius
                }
                terms.blocks.withUnsafeBufferPointer { blocks in
                    terms.blockTerms.withUnsafeBufferPointer { t in
                        // Inlined once with each constant, so the loop has no branch; the r_a·h sums of
                        // point coefficients (every float-trained model's) are all zero and skipped.
                        @inline(__always) func sum(_ block: BallRowBlock, spreading: Bool, _ out: inout [Self]) {
                            var m0 = Vector(), m1 = Vector(), m2 = Vector(), m3 = Vector()
                            var w0 = Vector(), w1 = Vector(), w2 = Vector(), w3 = Vector()
                            var s0 = Vector(), s1 = Vector(), s2 = Vector(), s3 = Vector()
                            for i in Int(block.start)..<Int(block.end) {
                                let term = t[i], j = Int((term.peephole ? c32 : h32) &+ term.column)
                                let b = s[j].mid, g = weights[j]
                                m0 = m0.addingProduct(Vector(repeating: term.mid[0]), b)
                                m1 = m1.addingProduct(Vector(repeating: term.mid[1]), b)
                                m2 = m2.addingProduct(Vector(repeating: term.mid[2]), b)
                                m3 = m3.addingProduct(Vector(repeating: term.mid[3]), b)
                                w0 = w0.addingProduct(Vector(repeating: term.magnitude[0]), g)
                                w1 = w1.addingProduct(Vector(repeating: term.magnitude[1]), g)
                                w2 = w2.addingProduct(Vector(repeating: term.magnitude[2]), g)
                                w3 = w3.addingProduct(Vector(repeating: term.magnitude[3]), g)
                                if spreading {
                                    let h = weights[entries &+ j]
                                    s0 = s0.addingProduct(Vector(repeating: term.radius[0]), h)
                                    s1 = s1.addingProduct(Vector(repeating: term.radius[1]), h)
                                    s2 = s2.addingProduct(Vector(repeating: term.radius[2]), h)
                                    s3 = s3.addingProduct(Vector(repeating: term.radius[3]), h)
                                }
                            }
                            finished(m0, w0, s0, row: block.firstRow, &out)
                            finished(m1, w1, s1, row: block.firstRow &+ 1, &out)
                            finished(m2, w2, s2, row: block.firstRow &+ 2, &out)
                            finished(m3, w3, s3, row: block.firstRow &+ 3, &out)
                        }
                        for block in blocks {
                            if block.hasRadius { sum(block, spreading: true, &out) } else { sum(block, spreading: false, &out) }
                        }
                    }
                }
                terms.single.withUnsafeBufferPointer { t in
                    var i = 0
                    while i < t.count {
                        let row = t[i].row
                        var mid = Vector(), weighed = Vector(), spread = Vector()
                        repeat {
                            let term = t[i], j = Int((term.peephole ? c32 : h32) &+ term.column)
                            mid = mid.addingProduct(Vector(repeating: term.mid), s[j].mid)
                            weighed = weighed.addingProduct(Vector(repeating: Swift.abs(term.mid)), weights[j])
                            spread = spread.addingProduct(Vector(repeating: term.radius), weights[entries &+ j])
                            i &+= 1
                        } while i < t.count && t[i].row == row
                        finished(mid, weighed, spread, row: row, &out)
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

/// An affine map's recurrent terms as `BallLanes`' row kernel reads them:
/// runs of four consecutive rows with the same columns as blocks, one entry
/// per column holding the four rows' coefficients; every other row term by
/// term. Built once per map (`RoundedBallLanes.recurrentTerms`).
public struct BallRecurrentTerms: Sendable {
    /// The rows outside blocks, row by row (columns ascending).
    public let single: [BallRowTerm]
    public let blocks: [BallRowBlock]
    /// Each block's entries, columns ascending, blocks one after another.
    public let blockTerms: [BallBlockTerm]

    /// `terms` grouped by row, rows ascending, columns ascending within a row;
    /// `blocking: false` keeps every row on its own (the tests' reference).
    public init(_ terms: [BallRowTerm], blocking: Bool = true) {
        // Each row's range of terms.
        var rows: [(row: Int32, range: Range<Int>)] = []
        var i = 0
        while i < terms.count {
            var e = i + 1
            while e < terms.count && terms[e].row == terms[i].row { e += 1 }
            rows.append((terms[i].row, i..<e))
            i = e
        }
        func sameColumns(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { terms[$0].column == terms[$1].column && terms[$0].peephole == terms[$1].peephole }
        }
        var single: [BallRowTerm] = [], blocks: [BallRowBlock] = [], blockTerms: [BallBlockTerm] = []
        var r = 0
        while r < rows.count {
            if blocking, r + 3 < rows.count, (1...3).allSatisfy({ rows[r + $0].row == rows[r].row + Int32($0) && sameColumns(rows[r].range, rows[r + $0].range) }) {
                let start = blockTerms.count
                for offset in 0..<rows[r].range.count {
                    let four = (0..<4).map { terms[rows[r + $0].range.lowerBound + offset] }
                    blockTerms.append(BallBlockTerm(column: four[0].column, peephole: four[0].peephole,
                                                    mid: SIMD4(four.map(\.mid)), radius: SIMD4(four.map(\.radius))))
                }
                blocks.append(BallRowBlock(firstRow: rows[r].row, start: Int32(start), end: Int32(blockTerms.count),
                                           hasRadius: blockTerms[start...].contains { $0.radius != .zero }))
                r += 4
            } else {
                single += terms[rows[r].range]
                r += 1
            }
        }
        self.single = single
        self.blocks = blocks
        self.blockTerms = blockTerms
    }

    public var isEmpty: Bool { single.isEmpty && blocks.isEmpty }
}

/// Rows firstRow … firstRow + 3 of a map, whose terms are blockTerms[start..<end].
public struct BallRowBlock: Sendable {
    public let firstRow: Int32
    public let start: Int32
    public let end: Int32
    /// Whether any coefficient of the block has a nonzero radius.
    public let hasRadius: Bool
}

/// One column of a block: the four rows' coefficients, their magnitudes formed once.
public struct BallBlockTerm: Sendable {
    public let column: Int32
    public let peephole: Bool
    public let mid: SIMD4<Double>
    public let magnitude: SIMD4<Double>
    public let radius: SIMD4<Double>

    public init(column: Int32, peephole: Bool, mid: SIMD4<Double>, radius: SIMD4<Double>) {
        self.column = column
        self.peephole = peephole
        self.mid = mid
        self.magnitude = SIMD4(Swift.abs(mid[0]), Swift.abs(mid[1]), Swift.abs(mid[2]), Swift.abs(mid[3]))
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
