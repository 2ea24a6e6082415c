import Exact
import Testing

/// Midpoint–radius matrix products: every entry contains the exact range of
/// (X·Y)_ij over all X, Y in the operand balls (a sum of independent interval
/// products, computed in rational arithmetic from the corners), on random
/// matrices of every scale including underflow and overflow; aliasing gives the
/// same answer; dropping the rounding terms is caught.
@Suite struct IntervalMatrixTests {
    /// A random entry: midpoint with exponent in `exponents` (or 0), radius 0, relatively tiny, or comparable.
    func randomMatrix(_ rows: Int, _ columns: Int, _ rng: inout SplitMix, exponents: ClosedRange<Int>, point: Bool = false) -> IntervalMatrix {
        var m = [Double](), r = [Double]()
        for _ in 0..<(rows * columns) {
            let x = rng.next() % 10 == 0 ? 0 : Double(sign: rng.next() & 1 == 0 ? .plus : .minus, exponent: rng.int(exponents),
                                                        significand: 1 + Double(rng.next() >> 11) / 0x1p53)
            m.append(x)
            r.append(point ? 0 : [0, Swift.abs(x) * 0x1p-40, Swift.abs(x) / 3][rng.int(0...2)])
        }
        return IntervalMatrix(rows: rows, columns: columns, mid: m, radius: r)
    }

    /// Exact bounds of entry (i, j) of a matrix.
    func bounds(_ a: IntervalMatrix, _ i: Int, _ j: Int) -> (Rational, Rational) {
        let m = Rational(exactly: a.mid[i * a.columns + j])!, r = Rational(exactly: a.radius[i * a.columns + j])!
        return (m - r, m + r)
    }

    /// Entries of a·b whose enclosure misses the exact range.
    func misses(_ a: IntervalMatrix, _ b: IntervalMatrix, _ c: IntervalMatrix) -> Int {
        var missed = 0
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var low = Rational(0), high = Rational(0)
                for p in 0..<a.columns {
                    let (a0, a1) = bounds(a, i, p), (b0, b1) = bounds(b, p, j)
                    let corners = [a0 * b0, a0 * b1, a1 * b0, a1 * b1]
                    low += corners.min()!
                    high += corners.max()!
                }
                let e = c[i, j]
                if !(e.lower == -.infinity || Rational(exactly: e.lower)! <= low) || !(e.upper == .infinity || high <= Rational(exactly: e.upper)!) {
                    missed += 1
                }
            }
        }
        return missed
    }

    @Test(arguments: [-30...30, -1074 ... -520, 480...520])
    func productsContainTheExactRange(exponents: ClosedRange<Int>) {
        var rng = SplitMix(seed: 71 &+ UInt64(bitPattern: Int64(exponents.lowerBound)))
        for (m, k, n) in [(1, 1, 1), (3, 5, 2), (8, 16, 9), (5, 33, 17), (2, 0, 3)] {
            let a = randomMatrix(m, k, &rng, exponents: exponents), b = randomMatrix(k, n, &rng, exponents: exponents)
            let c = a * b
            #expect(misses(a, b, c) == 0, "\(m)×\(k)·\(k)×\(n) at 2^\(exponents)")
            // Matrix × point vector agrees with the product by a point matrix (same bound, one column).
            let x = randomMatrix(k, 1, &rng, exponents: exponents, point: true)
            let v = a.times(x.mid)
            #expect(misses(a, x, v) == 0)
        }
    }

    /// A weight γ|b| that underflows, multiplied by a huge |a|: the midpoint
    /// (1 + 2⁻⁵²)·2¹⁰⁰⁰·3η − 2¹⁰⁰⁰·3η rounds a tie and is off by 2⁻¹²⁶, far
    /// above the 2⁻¹⁰⁰⁰ floor; only the η added to each weight covers it.
    @Test func anUnderflowedWeightTimesAHugeCoefficientIsCovered() {
        let a = IntervalMatrix(rows: 1, columns: 2, mid: [(1 + 0x1p-52) * 0x1p1000, -0x1p1000], radius: [0, 0])
        let b = IntervalMatrix(rows: 2, columns: 1, mid: [3 * 0x1p-1074, 3 * 0x1p-1074], radius: [0, 0])
        #expect(misses(a, b, a * b) == 0)
        #expect(misses(a, b, a.times(b.mid)) == 0)
    }

    /// Point matrices of small integers: exact midpoints, radii only the rounding floor.
    @Test func exactProductsStayNearlyPoints() {
        let a = IntervalMatrix(rows: 2, columns: 2, exactly: [1, 2, 3, 4]), b = IntervalMatrix(rows: 2, columns: 1, exactly: [5, 6])
        let c = a * b
        #expect(c.mid == [17, 39] && c.maxRadius < 1e-13)
        let third = IntervalMatrix(rows: 1, columns: 1, exactly: [Rational(1, 3)])[0, 0]
        #expect(Rational(exactly: third.lower)! <= Rational(1, 3) && Rational(1, 3) <= Rational(exactly: third.upper)! && third.width < 2e-16)
        let huge = IntervalMatrix(rows: 1, columns: 2, mid: [.greatestFiniteMagnitude, .greatestFiniteMagnitude], radius: [0, 0])
        let overflow = huge.times([1, 1])
        #expect(overflow.mid[0] == .infinity && overflow[0, 0].upper == .infinity && overflow[0, 0].lower == -.infinity)
        // max + max − max − max = 0: the midpoint overflows on the way, the radius must cover 0.
        let cancel = IntervalMatrix(rows: 1, columns: 4, mid: [.greatestFiniteMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                                              -.greatestFiniteMagnitude], radius: [0, 0, 0, 0]).times([1, 1, 1, 1])
        #expect(cancel[0, 0].contains(0))
        let nan = IntervalMatrix(rows: 2, columns: 2, mid: [.nan, 2, 3, 4], radius: [0, 0, 0, 0])
        #expect((nan * b).maxRadius == .infinity && (nan * b)[1, 0].contains(39))
    }

    /// a = a·a gives what the product of copies gives.
    @Test func aliasingGivesTheSameAnswer() {
        var rng = SplitMix(seed: 72)
        var a = randomMatrix(6, 6, &rng, exponents: -4...4)
        let copy = a
        a = a * a
        #expect(a == copy * copy)
    }

    /// Without the rounding terms (`DroppedRounding`) the same check finds misses.
    @Test func droppingTheRoundingTermsIsCaught() {
        var rng = SplitMix(seed: 73)
        var missed = 0
        for _ in 0..<20 {
            let a = randomMatrix(4, 12, &rng, exponents: -30...30, point: true), b = randomMatrix(12, 4, &rng, exponents: -30...30, point: true)
            missed += misses(a, b, a.times(b, DroppedRounding.self))
        }
        #expect(missed > 10)
    }
}
