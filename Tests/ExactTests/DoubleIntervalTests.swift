import Exact
import Testing

/// Double-endpoint intervals: every result contains the exact (rational) or
/// high-precision (mpmath, 256-bit `Interval`) value; exact results stay
/// points; aliasing gives the same answer.
@Suite struct DoubleIntervalTests {
    func contains(_ d: DoubleInterval, _ exact: Rational) -> Bool {
        Rational(exactly: d.lower)! <= exact && exact <= Rational(exactly: d.upper)!
    }

    func random(_ rng: inout SplitMix) -> Double {
        // Mantissas of every length and exponents from 2^−30 to 2^10, both signs.
        let m = Double(rng.next() >> 11) / Double(1 << 53)
        return (rng.next() & 1 == 0 ? 1 : -1) * m * Double(sign: .plus, exponent: rng.int(-30...10), significand: 1)
    }

    @Test func arithmeticContainsTheExactResult() {
        var rng = SplitMix(seed: 11)
        for _ in 0..<800 {
            let a = random(&rng), b = random(&rng), c = random(&rng)
            let x = DoubleInterval(lower: Swift.min(a, c), upper: Swift.max(a, c)), y = DoubleInterval(b)
            let qa = Rational(exactly: a)!, qb = Rational(exactly: b)!, qc = Rational(exactly: c)!
            #expect(contains(DoubleInterval(a) + y, qa + qb) && contains(DoubleInterval(a) - y, qa - qb))
            #expect(contains(DoubleInterval(a) * y, qa * qb))
            for q in [qa, qc] {
                #expect(contains(x + y, q + qb) && contains(x - y, q - qb) && contains(x * y, q * qb))
                #expect(contains(x * x, q * q) && contains(x.squared, q * q))
            }
            // The bounds are the tightest: the exact result lies within one step of each.
            let p = DoubleInterval(a) * y
            #expect(p.isPoint || p.lower.nextUp == p.upper)
        }
    }

    @Test func exactResultsStayPoints() {
        #expect((DoubleInterval(-1.0) * DoubleInterval(2.0)).isPoint)
        #expect((DoubleInterval(0.25) + DoubleInterval(0.125)).isPoint)
        #expect((DoubleInterval(3.0) - DoubleInterval(0.5)) == DoubleInterval(2.5))
        #expect(!(DoubleInterval(0.1) + DoubleInterval(0.2)).isPoint)
        #expect(DoubleInterval(enclosing: Rational(1, 4)).isPoint)
        let third = DoubleInterval(enclosing: Rational(1, 3))
        #expect(!third.isPoint && contains(third, Rational(1, 3)) && third.lower.nextUp == third.upper)
    }

    /// tanh, σ and exp contain mpmath's values (through `Interval` at 256 bits, itself tested against them);
    /// the Arb-based reference functions too.
    @Test func transcendentalsContainReferenceValues() {
        var rng = SplitMix(seed: 12)
        var points: [Double] = [0, 1e-300, -2.5, 4, 30, -30, 700]
        for _ in 0..<400 { points.append(random(&rng) / 64) }
        for x in points {
            let q = Rational(exactly: x)!
            let point = DoubleInterval(x)
            if x.magnitude < 500 {
                let t = Interval.tanh(q, precision: 256), s = Interval.sigmoid(q, precision: 256)
                #expect(contains(point.tanh, t.lower) && contains(point.tanh, t.upper), "tanh(\(x))")
                #expect(contains(point.sigmoid, s.lower) && contains(point.sigmoid, s.upper), "σ(\(x))")
                #expect(contains(point.arbTanh, t.lower) && contains(point.arbTanh, t.upper), "Arb tanh(\(x))")
                #expect(contains(point.arbSigmoid, s.lower) && contains(point.arbSigmoid, s.upper), "Arb σ(\(x))")
                // The proven bound: 6.25u relative each side, then one step outward.
                #expect(point.tanh.width <= 20 * Swift.max(t.midpoint.magnitude.doubleValue * 0x1p-53, 0x1p-1074))
            }
            if x.magnitude < 40 {
                let e = Interval.exp(q, precision: 256)
                #expect(contains(point.exp, e.lower) && contains(point.exp, e.upper), "exp(\(x))")
            }
        }
        for r in enclosureReferences.prefix(12) {
            let q = Rational(r.x)!, d = Double(q)
            guard Rational(exactly: d)! == q else { continue }
            #expect(contains(DoubleInterval(d).tanh, Rational(r.tanh)!))
        }
    }

    /// Interval arguments: the enclosure contains f at points inside; x = f(x) gives the same answer.
    @Test func intervalArgumentsAndAliasing() {
        var rng = SplitMix(seed: 13)
        for _ in 0..<300 {
            let a = random(&rng) / 256, b = a + Swift.abs(random(&rng)) / 256
            var x = DoubleInterval(lower: a, upper: b)
            let t = x.tanh, s = x.sigmoid
            for k in 0...4 {
                let p = a + (b - a) * Double(k) / 4
                guard x.contains(p) else { continue }
                #expect(t.contains(DoubleInterval(p).tanh.lower) || t.contains(DoubleInterval(p).tanh.upper))
                #expect(t.lower <= DoubleInterval(p).tanh.upper && DoubleInterval(p).tanh.lower <= t.upper)
                #expect(s.lower <= DoubleInterval(p).sigmoid.upper && DoubleInterval(p).sigmoid.lower <= s.upper)
            }
            let y = x * x
            x = x * x
            #expect(x == y)
            x = x.tanh
            #expect(x == y.tanh)
        }
    }

    @Test func nanAndInfinityWidenToTheLine() {
        let all = DoubleInterval(lower: -.infinity, upper: .infinity)
        #expect(DoubleInterval(lower: .nan, upper: 1) == all)
        #expect(DoubleInterval(0.0) * all == all || (DoubleInterval(0.0) * all).contains(0))
        #expect((DoubleInterval(Double.greatestFiniteMagnitude) + DoubleInterval(Double.greatestFiniteMagnitude)).upper == .infinity)
    }
}

private extension Rational {
    var doubleValue: Double { Double(self) }
}
