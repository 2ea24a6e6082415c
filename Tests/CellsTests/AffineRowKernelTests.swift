@testable import Cells
import Exact
import F1B
import Testing

/// `BallLanes`' row kernel (`addRecurrentTerms`: one radius bound per dot
/// product, Rump's): for random affine maps W x + U h + b with ball entries —
/// ordinary, huge, subnormal and zero midpoints, zero and nonzero radii, rows
/// of 1 to 40 terms — every output lane contains the exact range of the map
/// over the operands' balls, computed in rationals; with the rounding terms
/// dropped the same check fails.
@Suite struct AffineRowKernelTests {
    /// A ball of the kind `kind` picks: ordinary, huge, subnormal, ±0, or wide.
    static func ball(_ kind: UInt64, using rng: inout SplitMix64) -> (mid: Double, radius: Double) {
        let sign: Double = rng.next() & 1 == 0 ? 1 : -1
        let unit = Double(rng.next() >> 11) * 0x1p-53
        switch kind % 8 {
        case 0: return (sign * 1e150 * (1 + unit), 0)
        case 1: return (sign * 0x1p-1062 * (1 + unit), 0)
        case 2: return (sign * 0.0, rng.next() & 1 == 0 ? 0 : 1e-300)
        case 3: return (sign * 2 * unit, 1e-3 * unit)
        default: return (sign * 2 * unit, rng.next() & 1 == 0 ? 0 : 1e-17 * unit)
        }
    }

    static func lanes<R: BallRounding>(_ balls: [(mid: Double, radius: Double)], _: R.Type) -> RoundedBallLanes<R> {
        RoundedBallLanes(mid: SIMD8(balls.map(\.mid)), radius: SIMD8(balls.map(\.radius)))
    }

    /// The exact interval [m − r, m + r].
    static func exact(_ b: (mid: Double, radius: Double)) -> (Rational, Rational) {
        let m = Rational(exactly: b.mid)!, r = Rational(exactly: b.radius)!
        return (m - r, m + r)
    }

    static func product(_ a: (Rational, Rational), _ b: (Rational, Rational)) -> (Rational, Rational) {
        let corners = [a.0 * b.0, a.0 * b.1, a.1 * b.0, a.1 * b.1]
        return (corners.min()!, corners.max()!)
    }

    /// Output lanes (row × lane) that miss the exact range, of all checked.
    func misses<R: BallRounding>(_: R.Type, seed: UInt64, maps: Int) -> (misses: Int, checked: Int) {
        typealias Lanes = RoundedBallLanes<R>
        var rng = SplitMix64(seed: seed)
        var missed = 0, checked = 0
        for m in 0..<maps {
            let K = [1, 2, 7, 16, 40][m % 5]
            // Rare kinds are rarer in the matrix, so most rows stay finite.
            func entry() -> [(mid: Double, radius: Double)] {
                (0..<8).map { _ in Self.ball(rng.next() % 5 == 0 ? rng.next() : 3 + rng.next() % 5, using: &rng) }
            }
            // Parameters are the same in every lane (as cells enter them).
            func parameter() -> (mid: Double, radius: Double) { Self.ball(3 + rng.next() % 5, using: &rng) }
            let W = (0..<(2 * K)).map { _ in parameter() }, b = (0..<K).map { _ in parameter() }
            let U = (0..<(K * K)).map { _ in rng.next() % 7 == 0 ? Self.ball(rng.next() % 3, using: &rng) : parameter() }
            let state = (0..<K).map { _ in entry() }
            func matrix(_ rows: Int, _ columns: Int, _ e: [(mid: Double, radius: Double)]) -> ParameterMatrix<Lanes> {
                ParameterMatrix(rows: rows, columns: columns, entries: e.map { Self.lanes(Array(repeating: $0, count: 8), R.self) })
            }
            let map = AffineMap(W: matrix(K, 2, W), U: matrix(K, K, U), b: matrix(K, 1, b), encoding: .plusMinus)
            let inputs = (0..<8).map { _ in StepInput(index: Int(rng.next() % 4)) }
            var out = [Lanes](repeating: .zero, count: K)
            map.evaluate(BallLaneInputs(inputs), h: state.map { Self.lanes($0, R.self) }, at: 0, into: &out)
            for k in 0..<K {
                for lane in 0..<8 {
                    let x = inputs[lane]
                    var low = Self.exact(b[k]).0, high = Self.exact(b[k]).1
                    for (column, value) in [(0, x.informationBit == 1 ? 1 : -1), (1, x.flagged ? 1 : -1)] {
                        let (l, h) = Self.exact(W[k * 2 + column])
                        if value > 0 { low = low + l; high = high + h } else { low = low - h; high = high - l }
                    }
                    for j in 0..<K {
                        let (l, h) = Self.product(Self.exact(U[k * K + j]), Self.exact(state[j][lane]))
                        low = low + l
                        high = high + h
                    }
                    let mid = out[k].mid[lane], radius = out[k].radius[lane]
                    guard mid.isFinite, radius.isFinite else { continue }     // the whole line contains it
                    checked += 1
                    let enclosure = Self.exact((mid, radius))
                    if !(enclosure.0 <= low && high <= enclosure.1) { missed += 1 }
                }
            }
        }
        return (missed, checked)
    }

    @Test func rowsContainTheExactRange() {
        let result = misses(RigorousRounding.self, seed: 7, maps: 40)
        #expect(result.misses == 0, "\(result.misses) of \(result.checked) lanes miss the exact range")
        #expect(result.checked > 4000)
    }

    @Test func droppingTheRoundingTermsIsCaught() {
        let result = misses(DroppedRounding.self, seed: 7, maps: 40)
        #expect(result.misses > 0, "no lane of \(result.checked) missed without the rounding terms")
    }

    /// A weight γ|h| that underflows, multiplied by a huge coefficient: the
    /// fused midpoint of (1 + 2⁻⁵²)·2¹⁰⁰⁰·3η − 2¹⁰⁰⁰·3η, the first term first,
    /// rounds a tie and is off by 2⁻¹²⁶, far above the 2⁻¹⁰⁰⁰ floor; only the η
    /// added to each weight covers it.
    @Test func anUnderflowedWeightTimesAHugeCoefficientIsCovered() {
        func point(_ x: Double) -> BallLanes { BallLanes(mid: SIMD8(repeating: x), radius: .zero) }
        // Both orders of the two terms: the midpoint is off only where the tie comes first.
        let U = ParameterMatrix(rows: 2, columns: 2, entries: [point((1 + 0x1p-52) * 0x1p1000), point(-0x1p1000),
                                                               point(-0x1p1000), point((1 + 0x1p-52) * 0x1p1000)])
        let map = AffineMap(W: ParameterMatrix(rows: 2, columns: 2, entries: Array(repeating: point(0), count: 4)), U: U,
                            b: ParameterMatrix(rows: 2, columns: 1, entries: [point(0), point(0)]), encoding: .plusMinus)
        let h = [point(3 * 0x1p-1074), point(3 * 0x1p-1074)]
        var out = [BallLanes](repeating: .zero, count: 2)
        map.evaluate(BallLaneInputs(positiveBits: 0, flaggedBits: 0), h: h, at: 0, into: &out)
        let eta = Rational(exactly: 0x1p-1074)!
        let exact = Rational(exactly: (1 + 0x1p-52) * 0x1p1000)! * 3 * eta - Rational(exactly: 0x1p1000)! * 3 * eta
        for row in 0..<2 {
            for lane in 0..<8 {
                let (low, high) = Self.exact((out[row].mid[lane], out[row].radius[lane]))
                #expect(low <= exact && exact <= high, "row \(row) lane \(lane): \(out[row].mid[lane]) ± \(out[row].radius[lane])")
            }
        }
    }

    /// The kernel and the one-term-at-a-time default agree to within their radii
    /// on ordinary values (same midpoints up to rounding, radii of one order).
    @Test func agreesWithTheTermByTermSum() {
        var rng = SplitMix64(seed: 11)
        let K = 32
        func parameter() -> BallLanes { BallLanes(mid: SIMD8(repeating: Double(Int(rng.next() % 257) - 128) / 64), radius: .zero) }
        let U = ParameterMatrix(rows: K, columns: K, entries: (0..<(K * K)).map { _ in parameter() })
        let map = AffineMap(W: ParameterMatrix(rows: K, columns: 2, entries: (0..<(2 * K)).map { _ in parameter() }), U: U,
                            b: ParameterMatrix(rows: K, columns: 1, entries: (0..<K).map { _ in parameter() }), encoding: .plusMinus)
        let state = (0..<K).map { _ in BallLanes(mid: SIMD8((0..<8).map { _ in Double(rng.next() >> 11) * 0x1p-53 - 0.5 }), radius: SIMD8(repeating: 1e-15)) }
        let input = BallLaneInputs(positiveBits: 0b1010_0110, flaggedBits: 0b0001_0000)
        var fast = [BallLanes](repeating: .zero, count: K), slow = fast
        map.evaluate(input, h: state, at: 0, into: &fast)
        for k in 0..<K { slow[k] = BallLanes.drive(map.drives, rows: K, row: k, for: input) }
        for i in 0..<K { for j in 0..<K { slow[i].addProduct(U[i, j], state[j]) } }
        for k in 0..<K {
            for lane in 0..<8 {
                #expect(Swift.abs(fast[k].mid[lane] - slow[k].mid[lane]) <= fast[k].radius[lane] + slow[k].radius[lane])
                #expect(fast[k].radius[lane] <= 4 * slow[k].radius[lane] && slow[k].radius[lane] <= 4 * fast[k].radius[lane])
            }
        }
    }

    /// Rows summed four at a time (`BallRowBlock`) give the one-row loop's
    /// bits: random maps with K = 1…13 rows, dense rows, rows with structural
    /// zeros (so blocks, broken runs and single rows mix), peepholes into c,
    /// point and ball coefficients.
    @Test func blocksAgreeWithRowsToTheBit() {
        var rng = SplitMix64(seed: 23)
        var blocked = 0
        for trial in 0..<300 {
            let K = 1 + trial % 13
            let holes = trial % 3 == 0, peepholes = trial % 4 == 1, balls = trial % 5 == 2
            var terms: [BallRowTerm] = []
            for i in 0..<K {
                for peephole in peepholes ? [false, true] : [false] {
                    for j in 0..<K where !(holes && rng.next() % 4 == 0) {
                        let mid = Double(Int64(rng.next() >> 11) - (1 << 52)) * 0x1p-52
                        terms.append(BallRowTerm(row: Int32(i), column: Int32(j), peephole: peephole, mid: mid,
                                                 radius: balls && rng.next() & 1 == 0 ? 0x1p-40 * Swift.abs(mid) : 0))
                    }
                }
            }
            let fast = BallRecurrentTerms(terms), reference = BallRecurrentTerms(terms, blocking: false)
            blocked += fast.blocks.count
            #expect(reference.blocks.isEmpty && reference.single.count == terms.count)
            #expect(fast.single.count + 4 * fast.blockTerms.count == terms.count)
            let state = (0..<(2 * K)).map { _ in
                BallLanes(mid: SIMD8((0..<8).map { _ in Double(rng.next() >> 11) * 0x1p-52 - 1 }),
                          radius: SIMD8((0..<8).map { _ in rng.next() % 3 == 0 ? 0 : Double(rng.next() >> 11) * 0x1p-80 }))
            }
            let start = (0..<K).map { _ in BallLanes(mid: SIMD8(repeating: 0.25), radius: SIMD8(repeating: 0x1p-60)) }
            var a = start, b = start
            BallLanes.addRecurrentTerms(fast, longestRow: 2 * K, state: state, h: 0, c: K, into: &a, at: 0)
            BallLanes.addRecurrentTerms(reference, longestRow: 2 * K, state: state, h: 0, c: K, into: &b, at: 0)
            for k in 0..<K {
                #expect(a[k].mid == b[k].mid && a[k].radius == b[k].radius, "trial \(trial) row \(k)")
            }
        }
        #expect(blocked > 100)
    }
}
