@testable import Exact
import Testing

@Suite struct RationalToDoubleTests {
    /// IEEE division of two exactly representable integers is correctly rounded:
    /// an independent reference for p/q.
    @Test func matchesCorrectlyRoundedDivision() {
        var rng = SplitMix(seed: 3)
        for _ in 0..<5000 {
            let p = Int(rng.next() >> 11) - (1 << 52), q = Int(rng.next() >> 11) | 1
            #expect(Double(Rational(p, q)) == Double(p) / Double(q), "\(p)/\(q)")
        }
    }

    /// Small p/q (|p| ≤ 2^53, q ≤ 2^53 or a power of two ≤ 2^1000) take IEEE
    /// division; the integer-quotient path agrees with it, and the ball's radius
    /// is at least the exact gap and at most one step above its nearest Double.
    @Test func smallPartsAgreeWithIntegerQuotient() throws {
        var rng = SplitMix(seed: 5)
        let two53 = 1 << 53
        for i in 0..<6000 {
            let p = [Int(rng.next() % UInt64(2 * two53 + 1)) - two53, Int(rng.next() % 2001) - 1000,
                     two53, -two53, 0][i % 5 < 2 ? i % 5 : Int(rng.next() % 5)]
            let q: BigInteger = i % 3 == 0 ? .powerOfTwo(Int(rng.next() % 1001))
                : BigInteger(Int(rng.next() % UInt64(two53)) + 1)
            let r = Rational(numerator: BigInteger(p), denominator: q)
            #expect(Double(r) == Double(nearestByIntegerDivision: r), "\(r)")
            let (mid, radius) = DoubleInterval.ball(enclosing: r)
            let gap = (r - Rational(exactly: mid)!).magnitude
            #expect(Rational(exactly: radius)! >= gap, "\(r)")
            let nearestGap = Double(nearestByIntegerDivision: gap)
            #expect(radius <= nearestGap.nextUp, "\(r)")
        }
        // Just past the limits the general path is taken, with the same answer.
        for r in [Rational(numerator: BigInteger(two53 + 1), denominator: 7),
                  Rational(numerator: 1, denominator: BigInteger(two53 + 1)),
                  Rational(numerator: 3, denominator: .powerOfTwo(1001))] {
            #expect(r.nearestDoubleFromSmallParts().map { $0.nearest } == nil)
            #expect(Double(r) == Double(nearestByIntegerDivision: r))
        }
    }

    @Test func everyDoubleRoundTrips() throws {
        var rng = SplitMix(seed: 4)
        let specials: [Double] = [0, 1, -1, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                                  -.leastNonzeroMagnitude, 0.1, 1 / 3, .pi,
                                  Double(sign: .plus, exponent: -1030, significand: 1.5),
                                  Double(sign: .minus, exponent: -1062, significand: 1.25)]
        let randoms = (0..<5000).map { _ in Double(bitPattern: rng.next()) }.filter(\.isFinite)
        for d in specials + randoms {
            let r = try #require(Rational(exactly: d))
            #expect(Double(r) == d, "\(d)")
        }
    }

    @Test func tiesGoToEven() {
        let two53 = BigInteger.powerOfTwo(53)
        #expect(Double(Rational(two53 + 1)) == 9007199254740992)        // 2^53 + 1 → 2^53
        #expect(Double(Rational(two53 + 3)) == 9007199254740996)        // 2^53 + 3 → 2^53 + 4
        // Halfway between the two smallest subnormals: 3·2^-1075 → 4·2^-1075 (even).
        let r = Rational(numerator: 3, denominator: BigInteger.powerOfTwo(1075))
        #expect(Double(r) == 2 * Double.leastNonzeroMagnitude)
        // Below half the least subnormal rounds to zero; exactly half ties to even (zero).
        #expect(Double(Rational(numerator: 1, denominator: BigInteger.powerOfTwo(1075))) == 0)
        #expect(Double(Rational(numerator: 3, denominator: BigInteger.powerOfTwo(1076))) == .leastNonzeroMagnitude)
    }

    @Test func truncationWouldBeWrong() {
        // mpq_get_d truncates 2/3 to the Double below; the nearest is above.
        #expect(Double(Rational(2, 3)) == 2.0 / 3.0)
        #expect(Double(Rational(-2, 3)) == -2.0 / 3.0)
    }

    @Test func overflowsToInfinity() {
        #expect(Double(Rational(BigInteger.powerOfTwo(1024))) == .infinity)
        #expect(Double(-Rational(BigInteger.powerOfTwo(1100))) == -.infinity)
    }
}
