import Exact
import Foundation
import Testing

/// Reference arithmetic on small fractions with Int (no overflow for the
/// ranges used), checked against GMP-backed Rational.
struct SmallFraction: Equatable {
    var p: Int, q: Int
    init(_ p: Int, _ q: Int) {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
        let g = max(gcd(p, q), 1) * (q < 0 ? -1 : 1)
        self.p = p / g; self.q = q / g
    }
    static func + (a: Self, b: Self) -> Self { Self(a.p * b.q + b.p * a.q, a.q * b.q) }
    static func - (a: Self, b: Self) -> Self { Self(a.p * b.q - b.p * a.q, a.q * b.q) }
    static func * (a: Self, b: Self) -> Self { Self(a.p * b.p, a.q * b.q) }
    static func / (a: Self, b: Self) -> Self { Self(a.p * b.q, a.q * b.p) }
    var rational: Rational { Rational(p, q) }
}

@Suite struct RationalArithmeticTests {
    @Test func matchesReferenceOnRandomInputs() {
        var rng = SplitMix(seed: 1)
        for _ in 0..<2000 {
            let a = SmallFraction(rng.int(-9999...9999), rng.int(1...9999))
            let b = SmallFraction(rng.int(-9999...9999), rng.int(1...9999))
            #expect(a.rational + b.rational == (a + b).rational)
            #expect(a.rational - b.rational == (a - b).rational)
            #expect(a.rational * b.rational == (a * b).rational)
            if b.p != 0 { #expect(a.rational / b.rational == (a / b).rational) }
            #expect((a.rational < b.rational) == (a.p * b.q < b.p * a.q))
            var c = a.rational
            c.addProduct(b.rational, a.rational)
            #expect(c == (a + b * a).rational)
        }
    }

    @Test func aliasingGivesTheSameAnswer() {
        var rng = SplitMix(seed: 2)
        for _ in 0..<500 {
            let a = Rational(rng.int(-999...999), rng.int(1...999))
            var x = a
            x += x
            #expect(x == a + a)
            var y = a
            y *= y
            #expect(y == a * a)
            var z = a
            z -= z
            #expect(z.isZero)
            var w = a
            w.addProduct(w, w)
            #expect(w == a + a * a)
            if !a.isZero {
                var v = a
                v /= v
                #expect(v == 1)
            }
        }
    }

    @Test func copiesAreIndependent() {
        let a = Rational(3, 7)
        var b = a
        b += 1
        #expect(a == Rational(3, 7))
        #expect(b == Rational(10, 7))
        var c = a
        c.assign(5)
        #expect(a == Rational(3, 7) && c == 5)
        var d = a
        d.negate()
        #expect(a == Rational(3, 7) && d == Rational(-3, 7))
    }

    @Test func equalValuesHashEqually() {
        #expect(Rational(2, 4) == Rational(1, 2))
        #expect(Rational(2, 4).hashValue == Rational(1, 2).hashValue)
        #expect(Rational(-6, -4) == Rational(3, 2))
        let big = Rational("340282366920938463463374607431768211457/3")!
        #expect(big.hashValue == Rational("680564733841876926926749214863536422914/6")!.hashValue)
        #expect(Set([Rational(1, 3), Rational(2, 6), Rational(1, 2)]).count == 2)
    }

    /// Churning large rationals leaves resident memory flat: every GMP value is freed. Where /proc/self/statm
    /// cannot be read (not Linux, or no /proc) the test is skipped with that reason instead of passing unmeasured.
    @Test(.enabled(if: ResidentMemory.kilobytes() != nil, "resident memory is read from /proc/self/statm, which this system does not have"))
    func doesNotLeak() throws {
        let big = Rational(BigInteger.power(7, 400), BigInteger.power(3, 300))
        func churn() {
            for i in 0..<200_000 {
                var x = big
                x += Rational(i, 7)
                x.addProduct(big, Rational(1, 3))
                _ = x * x
            }
        }
        churn()  // warm up allocator pools
        let before = try #require(ResidentMemory.kilobytes())
        churn()
        let growth = try #require(ResidentMemory.kilobytes()) - before
        #expect(growth < 8_000, "resident memory grew by \(growth) KB over 200 000 iterations")
        // The measurement sees memory that is touched, so the flat reading above means something
        // (in this test, not another: tests of the other suites may run beside it and only add).
        let megabytes = 64
        let block = UnsafeMutableRawPointer.allocate(byteCount: megabytes << 20, alignment: 4096)
        defer { block.deallocate() }
        let beforeTouch = try #require(ResidentMemory.kilobytes())
        block.initializeMemory(as: UInt8.self, repeating: 1, count: megabytes << 20)
        let touched = try #require(ResidentMemory.kilobytes()) - beforeTouch
        #expect(touched > megabytes * 1024 / 2, "touching \(megabytes) MB grew resident memory by only \(touched) KB")
    }
}

/// The process's resident set, from /proc/self/statm (its second field, in pages) times the page size.
enum ResidentMemory {
    static func kilobytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pageSize > 0 else { return nil }
        return pages * pageSize / 1024
    }
}

extension Rational {
    init(_ p: BigInteger, _ q: BigInteger) { self.init(numerator: p, denominator: q) }
}
