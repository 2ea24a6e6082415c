import Exact
import Testing

/// The lane masks of `DoubleLaneVector` agree with the scalar comparisons on
/// random Doubles and every special value (±0, ±∞, NaN, subnormals, the
/// largest finite), in SIMD2, SIMD4 and SIMD8; blends take the masked lanes.
@Suite struct DoubleLaneVectorTests {
    static let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, -.nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                     .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1, -1, 0.5, 709, -707]

    /// A special value or a random Double of any exponent and sign.
    func value(_ rng: inout SplitMix) -> Double {
        if rng.next() % 3 == 0 { return Self.specials[rng.int(0...(Self.specials.count - 1))] }
        let m = 1 + Double(rng.next() >> 11) / 0x1p53
        return Double(sign: rng.next() & 1 == 0 ? .plus : .minus, exponent: rng.int(-1074...1023), significand: m)
    }

    func lanes(_ v: SIMD8<Double>, _ mask: SIMD8<Int64>) -> [Bool] {
        (0..<8).map { i in
            #expect(mask[i] == 0 || mask[i] == -1, "lane \(i) of \(mask) neither all ones nor all zeros")
            return mask[i] == -1
        }
    }

    @Test func masksAgreeWithScalarComparisons() {
        var rng = SplitMix(seed: 81)
        for _ in 0..<4000 {
            var x = SIMD8<Double>(), y = SIMD8<Double>()
            for i in 0..<8 { x[i] = value(&rng); y[i] = rng.next() % 4 == 0 ? x[i] : value(&rng) }
            let c = value(&rng)
            // x < c, except that −0 counts as below +0 (documented).
            let below = lanes(x, x.lanes(below: c)), above = lanes(x, x.lanes(above: c)), belowY = lanes(x, x.lanes(below: y))
            for i in 0..<8 {
                let minusZeroBelowZero = x[i] == 0 && x[i].sign == .minus && c == 0 && c.sign == .plus
                #expect(below[i] == (x[i] < c || minusZeroBelowZero), "\(x[i]) < \(c)")
                #expect(above[i] == (x[i] > c || (x[i] == 0 && x[i].sign == .plus && c == 0 && c.sign == .minus)), "\(x[i]) > \(c)")
                let yMinusZero = x[i] == 0 && y[i] == 0 && x[i].sign == .minus && y[i].sign == .plus
                #expect(belowY[i] == (x[i] < y[i] || yMinusZero), "\(x[i]) < \(y[i])")
            }
            #expect(lanes(x, x.zeroLanes) == (0..<8).map { x[$0] == 0 })
            #expect(lanes(x, x.signLanes) == (0..<8).map { x[$0].sign == .minus })
            #expect(lanes(x, x.numberLanes) == (0..<8).map { !x[$0].isNaN })
            let mask = x.lanes(below: y), blend = x.replacing(with: y, whereLanes: mask), filled = x.replacing(with: c, whereLanes: mask)
            for i in 0..<8 {
                let expected = mask[i] != 0 ? y[i] : x[i]
                #expect(blend[i].bitPattern == expected.bitPattern)
                #expect(filled[i].bitPattern == (mask[i] != 0 ? c : x[i]).bitPattern)
            }
            #expect(SIMD8<Double>.anyLane(mask) == below.indices.contains { mask[$0] != 0 })
            #expect(SIMD4<Double>.anyLane(mask.lowHalf) == (0..<4).contains { mask[$0] != 0 })
            #expect(SIMD2<Double>.anyLane(mask.highHalf.highHalf) == (6..<8).contains { mask[$0] != 0 })
        }
    }

    /// Aliasing: x ← x.replacing(with: x…) and a mask from x itself.
    @Test func aliasingGivesTheSameAnswer() {
        var x = SIMD8<Double>(-2, -0.0, 0, 1, .nan, .infinity, -.infinity, 3)
        let copy = x
        x = x.replacing(with: -x, whereLanes: x.lanes(below: 0))
        #expect((0..<8).allSatisfy { x[$0].bitPattern == (copy[$0] < 0 || copy[$0].bitPattern == (-0.0).bitPattern ? -copy[$0] : copy[$0]).bitPattern })
    }
}
