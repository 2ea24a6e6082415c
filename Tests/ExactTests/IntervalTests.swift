import Exact
import Testing

@Suite struct IntervalEnclosureTests {
    func check(_ enclosure: Interval, _ decimal: String, _ what: String) {
        let (low, high) = referenceBounds(decimal)
        #expect(enclosure.lower <= high && low <= enclosure.upper, "\(what): \(enclosure) misses \(decimal)")
    }

    /// Every enclosure contains mpmath's value, at several precisions.
    @Test(arguments: [24, 53, 64, 128, 256])
    func enclosuresContainReferenceValues(precision: Int) {
        for r in enclosureReferences {
            let x = Rational(r.x)!
            check(Interval.exp(x, precision: precision), r.exp, "exp(\(r.x)) @\(precision)")
            check(Interval.tanh(x, precision: precision), r.tanh, "tanh(\(r.x)) @\(precision)")
            check(Interval.sigmoid(x, precision: precision), r.sigmoid, "σ(\(r.x)) @\(precision)")
        }
    }

    /// Widths shrink as precision grows, and are within a few ulps of the precision.
    @Test func widthsShrinkWithPrecision() {
        for r in enclosureReferences {
            let x = Rational(r.x)!
            for f in [Interval.exp, Interval.tanh, Interval.sigmoid] as [(Rational, Int) -> Interval] {
                let w64 = f(x, 64).width, w128 = f(x, 128).width, w256 = f(x, 256).width
                #expect(w256 <= w128 && w128 <= w64)
                let value = f(x, 256).midpoint.magnitude
                if !value.isZero, value > Rational(numerator: 1, denominator: BigInteger.power(10, 30)) {
                    // Relative width at 128 bits: at most 2^-120.
                    #expect(w128 / value < Rational(numerator: 1, denominator: BigInteger.powerOfTwo(120)), "\(r.x)")
                }
            }
        }
    }

    /// Interval arguments: the enclosure contains f at random points inside.
    @Test func intervalArgumentsContainEveryPoint() {
        var rng = SplitMix(seed: 31)
        for _ in 0..<60 {
            let a = Rational(rng.int(-4000...4000), 1000), b = a + Rational(rng.int(0...2000), 1000)
            let x = Interval(lower: a, upper: b, precision: 80)
            let t = Interval.tanh(x), s = Interval.sigmoid(x), e = Interval.exp(x)
            for k in 0...4 {
                // A 256-bit value of f at the point must lie inside the 80-bit interval result.
                let point = a + (b - a) * Rational(k, 4)
                #expect(t.contains(Interval.tanh(point, precision: 256).midpoint))
                #expect(s.contains(Interval.sigmoid(point, precision: 256).midpoint))
                #expect(e.contains(Interval.exp(point, precision: 256).midpoint))
            }
        }
    }

    /// Aliasing: x = f(x) gives what f(copy of x) gives.
    @Test func aliasingGivesTheSameAnswer() {
        var x = Interval(lower: Rational(1, 3), upper: Rational(1, 2), precision: 64)
        let copy = x
        x = Interval.tanh(x)
        #expect(x == Interval.tanh(copy))
        var y = copy
        y = y * y
        #expect(y == copy * copy)
        var z = copy
        z = z - z
        #expect(z.contains(0) && z == copy - copy)
    }

    @Test func arithmeticEnclosesPointResults() {
        var rng = SplitMix(seed: 32)
        for _ in 0..<300 {
            let a = Rational(rng.int(-50...50), rng.int(1...9)), b = a + Rational(rng.int(0...20), rng.int(1...9))
            let c = Rational(rng.int(-50...50), rng.int(1...9)), d = c + Rational(rng.int(0...20), rng.int(1...9))
            let x = Interval(lower: a, upper: b, precision: 16), y = Interval(lower: c, upper: d, precision: 16)
            for p in [a, b, (a + b) / 2] {
                for q in [c, d, (c + d) / 2] {
                    #expect((x + y).contains(p + q) && (x - y).contains(p - q) && (x * y).contains(p * q))
                    if c.signum > 0 || d.signum < 0 { #expect((x / y).contains(p / q)) }
                    #expect(x.squared.contains(p * p))
                }
            }
        }
    }

    @Test func roundingIsOutwardAndDyadic() {
        var rng = SplitMix(seed: 33)
        for _ in 0..<500 {
            let x = Rational(rng.int(-1_000_000...1_000_000), rng.int(1...1_000_000))
            for bits in [2, 8, 24, 53] {
                let down = x.rounded(toSignificantBits: bits, .down), up = x.rounded(toSignificantBits: bits, .up)
                #expect(down <= x && x <= up)
                #expect(down.denominator.bitLength - 1 >= 0)
                // Denominators are powers of two, numerators short.
                for r in [down, up] where !r.isZero {
                    #expect(r.denominator == BigInteger.powerOfTwo(r.denominator.bitLength - 1))
                    #expect(r.numerator.bitLength <= bits + 1 || r.isInteger)
                }
            }
        }
        #expect(Rational(3, 4).rounded(toSignificantBits: 2, .up) == Rational(3, 4))
        #expect(Rational(1, 3).rounded(toSignificantBits: 2, .down) == Rational(1, 4))
        #expect(Rational(1, 3).rounded(toSignificantBits: 2, .up) == Rational(3, 8))
    }

    @Test func saturationStaysSound() {
        for p in [16, 64] {
            for x in [Rational(1000), Rational(-1000), Rational(37), Rational(-37)] {
                let t = Interval.tanh(x, precision: p), s = Interval.sigmoid(x, precision: p)
                #expect(t.lower >= -1 && t.upper <= 1 && t.width < Rational(numerator: 1, denominator: BigInteger.powerOfTwo(p - 2)))
                #expect(s.lower >= 0 && s.upper <= 1)
                #expect(x.signum > 0 ? t.lower.signum > 0 : t.upper.signum < 0)
            }
        }
    }
}
