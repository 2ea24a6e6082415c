import Exact
import Testing

/// Midpoint–radius arithmetic and the ball forms of tanh and σ: every result
/// ball contains the exact result for every choice of values in the operand
/// balls (checked at the corners, where the extremes of +, −, × lie, in exact
/// rational arithmetic), on random balls and at the extremes; aliasing gives
/// the same answer; dropping the rounding terms is caught.
@Suite struct MidpointRadiusTests {
    typealias Ball = (mid: SIMD8<Double>, radius: SIMD8<Double>)

    /// A random Double: mantissas of every length, exponents over `exponents`, both signs, some zeros.
    func random(_ rng: inout SplitMix, exponents: ClosedRange<Int>) -> Double {
        if rng.next() % 16 == 0 { return 0 }
        let m = 1 + Double(rng.next() >> 11) / 0x1p53
        return Double(sign: rng.next() & 1 == 0 ? .plus : .minus, exponent: rng.int(exponents), significand: m)
    }

    /// Random balls: midpoints over `exponents`, radii zero, tiny relative to the midpoint, or large.
    func randomBall(_ rng: inout SplitMix, exponents: ClosedRange<Int>) -> Ball {
        var m = SIMD8<Double>(), r = SIMD8<Double>()
        for i in 0..<8 {
            m[i] = random(&rng, exponents: exponents)
            switch rng.next() % 3 {
            case 0: r[i] = 0
            case 1: r[i] = Swift.abs(m[i]) * Double(rng.int(1...1000)) * 0x1p-60
            default: r[i] = Swift.abs(random(&rng, exponents: exponents))
            }
        }
        return (m, r)
    }

    /// Lane i of the ball as exact bounds (nil for a lane that is the whole line).
    func bounds(_ b: Ball, _ i: Int) -> (Rational, Rational)? {
        guard b.mid[i].isFinite, b.radius[i].isFinite else { return nil }
        let m = Rational(exactly: b.mid[i])!, r = Rational(exactly: b.radius[i])!
        return (m - r, m + r)
    }

    /// Whether lane i of `b` contains every value of `values` (nil: the whole line, always fine
    /// when b's lane is the whole line too).
    func contains(_ b: Ball, _ i: Int, _ values: [Rational]) -> Bool {
        guard let (low, high) = bounds(b, i) else { return true }   // an infinite or NaN lane is the whole line
        return values.allSatisfy { low <= $0 && $0 <= high }
    }

    func corners(_ x: Ball, _ i: Int) -> [Rational] {
        guard let (l, h) = bounds(x, i) else { return [] }
        return [l, h]
    }

    /// The four operations on random balls (exponents −60…60 and −1074…−1000 for underflow) contain every corner result.
    @Test(arguments: [-60...60, -1074 ... -1000, 900...1023])
    func operationsContainEveryCornerResult(exponents: ClosedRange<Int>) {
        var rng = SplitMix(seed: UInt64(51 + exponents.lowerBound & 0xff))
        let failures = cornerFailures(RigorousRounding.self, &rng, exponents: exponents, rounds: 300)
        #expect(failures == 0)
    }

    /// Corner results missed by the four operations over `rounds` random triples of balls.
    func cornerFailures<R: BallRounding>(_ rounding: R.Type, _ rng: inout SplitMix, exponents: ClosedRange<Int>, rounds: Int) -> Int {
        var failures = 0
        for _ in 0..<rounds {
            let a = randomBall(&rng, exponents: exponents), b = randomBall(&rng, exponents: exponents)
            let s = randomBall(&rng, exponents: exponents)
            let sum = MidpointRadius.sum(a, b, rounding), difference = MidpointRadius.difference(a, b, rounding)
            let product = MidpointRadius.product(a, b, rounding), fused = MidpointRadius.sumOfProduct(s, a, b, rounding)
            for i in 0..<8 {
                let ca = corners(a, i), cb = corners(b, i), cs = corners(s, i)
                let sums = ca.flatMap { x in cb.map { x + $0 } }, differences = ca.flatMap { x in cb.map { x - $0 } }
                let products = ca.flatMap { x in cb.map { x * $0 } }
                let fusedValues = cs.flatMap { z in products.map { z + $0 } }
                if !contains(sum, i, sums) { failures += 1 }
                if !contains(difference, i, differences) { failures += 1 }
                if !contains(product, i, products) { failures += 1 }
                if !contains(fused, i, fusedValues) { failures += 1 }
            }
        }
        return failures
    }

    /// Without the rounding terms the same check fails: point balls whose sums and products round.
    @Test func droppingTheRoundingTermsIsCaught() {
        var rng = SplitMix(seed: 52)
        #expect(cornerFailures(DroppedRounding.self, &rng, exponents: -60...60, rounds: 300) > 50)
    }

    /// Exact operations on point balls keep exact midpoints; overflow widens to the whole line; NaN propagates.
    @Test func extremes() {
        let one = (mid: SIMD8<Double>(repeating: 0.25), radius: SIMD8<Double>())
        let s = MidpointRadius.sum(one, one, RigorousRounding.self)
        #expect(s.mid == SIMD8(repeating: 0.5) && s.radius.max() <= 0x1p-53 * 0.5 * 1.01 + 0x1p-999)   // u|c| even when exact
        let huge = (mid: SIMD8<Double>(repeating: .greatestFiniteMagnitude), radius: SIMD8<Double>())
        let p = MidpointRadius.product(huge, huge, RigorousRounding.self)
        #expect(p.mid[0] == .infinity && p.radius[0] == .infinity)
        var nan = one
        nan.mid[3] = .nan
        let q = MidpointRadius.sumOfProduct(one, nan, one, RigorousRounding.self)
        #expect(q.mid[3].isNaN && q.mid[2] == 0.3125)
        let line = (mid: SIMD8<Double>(), radius: SIMD8<Double>(repeating: .infinity))
        let z = MidpointRadius.product(line, (mid: SIMD8<Double>(), radius: SIMD8<Double>()), RigorousRounding.self)
        #expect(z.radius[0].isNaN || z.radius[0] == .infinity)
    }

    /// Aliasing: s ← s + s·s, and products of a ball with itself, give what copies give.
    @Test func aliasingGivesTheSameAnswer() {
        var rng = SplitMix(seed: 53)
        for _ in 0..<50 {
            var x = randomBall(&rng, exponents: -20...20)
            let copy = x
            x = MidpointRadius.sumOfProduct(x, x, x, RigorousRounding.self)
            let y = MidpointRadius.sumOfProduct(copy, copy, copy, RigorousRounding.self)
            #expect(x.mid == y.mid && x.radius == y.radius)
            x = copy
            x = MidpointRadius.product(x, x, RigorousRounding.self)
            #expect(x.mid == MidpointRadius.product(copy, copy, RigorousRounding.self).mid)
        }
    }

    /// tanh and σ on balls: the result contains Arb's 256-bit values at both ends and
    /// inside (narrow, wide, saturated, straddling 0, zero-radius, huge); radii stay
    /// close to the exact half-range.
    @Test func activationBallsContainEveryPoint() {
        var rng = SplitMix(seed: 54)
        for round in 0..<120 {
            var m = SIMD8<Double>(), r = SIMD8<Double>()
            for i in 0..<8 {
                m[i] = Double(rng.int(-40_000...40_000)) / 1000 * (round % 3 == 0 ? 0.01 : 1)
                r[i] = [0, 0x1p-40, 1e-9, 0.001, 0.3, 2, 10][rng.int(0...6)] * Double(rng.int(1...9))
            }
            let t = CertifiedTanh.ball(mid: m, radius: r), s = CertifiedSigmoid.ball(mid: m, radius: r)
            for i in 0..<8 {
                let mq = Rational(exactly: m[i])!, rq = Rational(exactly: r[i])!
                let points = (0...4).map { mq - rq + 2 * rq * Rational($0, 4) }
                let tanhs = points.flatMap { let v = Interval.tanh($0, precision: 256); return [v.lower, v.upper] }
                let sigmoids = points.flatMap { let v = Interval.sigmoid($0, precision: 256); return [v.lower, v.upper] }
                #expect(contains(t, i, tanhs), "tanh ball at \(m[i]) ± \(r[i]): \(t.mid[i]) ± \(t.radius[i])")
                #expect(contains(s, i, sigmoids), "σ ball at \(m[i]) ± \(r[i]): \(s.mid[i]) ± \(s.radius[i])")
                // Not absurdly wide: within 1% (plus 16u of the values) of the exact half-ranges.
                let halfTanh = Double((tanhs.last! - tanhs.first!) / 2), halfSigmoid = Double((sigmoids.last! - sigmoids.first!) / 2)
                #expect(t.radius[i] <= halfTanh * 1.01 + 16 * 0x1p-53 + 0x1p-999, "tanh radius \(t.radius[i]) vs \(halfTanh)")
                #expect(s.radius[i] <= halfSigmoid * 1.01 + 16 * 0x1p-53 + 0x1p-999, "σ radius \(s.radius[i]) vs \(halfSigmoid)")
            }
        }
    }

    /// NaN and infinite lanes give the functions' ranges; zero stays exact in tanh.
    @Test func activationBallsAtTheExtremes() {
        let m = SIMD8<Double>(.nan, 0, 1e300, -1e300, .infinity, 3, 0, -0.0)
        let r = SIMD8<Double>(0, .infinity, 0, 1, 0, .nan, 0, 0)
        let t = CertifiedTanh.ball(mid: m, radius: r), s = CertifiedSigmoid.ball(mid: m, radius: r)
        for i in [0, 1, 5] {
            #expect(t.mid[i] == 0 && t.radius[i] == 1 && s.mid[i] == 0.5 && s.radius[i] == 0.5)
        }
        for i in [2, 4] {   // saturated: within 10⁻¹⁵ below 1, reaching 1
            #expect(t.mid[i] - t.radius[i] > 1 - 1e-15 && t.mid[i] + t.radius[i] >= 1 - 0x1p-60, "\(t)")
            #expect(s.mid[i] - s.radius[i] > 1 - 1e-15 && s.mid[i] + s.radius[i] >= 1 - 0x1p-60, "\(s)")
        }
        #expect(t.mid[3] - t.radius[3] <= -1 && t.mid[3] + t.radius[3] < -1 + 1e-14, "\(t.mid[3]) ± \(t.radius[3])")
        #expect(s.mid[3] - s.radius[3] <= 0 && s.mid[3] + s.radius[3] <= 0x1p-999, "\(s)")
        #expect(t.mid[6] == 0 && t.radius[6] <= 0x1p-999 && s.mid[6] == 0.5 && s.radius[6] <= 0x1p-999)
    }
}
