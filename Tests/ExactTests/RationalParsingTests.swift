@testable import Exact
import Testing

@Suite struct RationalParsingTests {
    @Test(arguments: [
        ("0", 0, 1), ("-0", 0, 1), ("7", 7, 1), ("+7", 7, 1), ("-12", -12, 1),
        ("0.7336", 917, 1250), ("1/4", 1, 4), ("-1/4", -1, 4), ("2/4", 1, 2), ("2.5e-3", 1, 400),
        ("1e2", 100, 1), ("1E+2", 100, 1), (".5", 1, 2), ("5.", 5, 1), ("-0.125", -1, 8),
        ("  3/9  ", 1, 3), ("6/3", 2, 1), ("1.5e1", 15, 1), ("0.1", 1, 10), ("12e-1", 6, 5),
        ("\t-1/4 \t", -1, 4), (" \t2.5", 5, 2), ("7\t", 7, 1),
    ])
    func parsesExactly(text: String, numerator: Int, denominator: Int) throws {
        let value = try #require(Rational(text))
        #expect(value == Rational(numerator, denominator), "\(text) → \(value)")
        // A String is read in place, any other StringProtocol through the generic entry: the same value.
        #expect(Rational(text[...]) == value, "\(text) as a Substring")
    }

    /// Numerals of up to 18 digits take a machine-word path, longer ones GMP's:
    /// both give the same reduced value on either side of the boundary.
    @Test(arguments: [
        ("123456789012345678/6", "123456789012345678", "6"), ("1234567890123456789/3", "1234567890123456789", "3"),
        ("-999999999999999999/999999999999999998", "-999999999999999999", "999999999999999998"),
        ("7/12345678901234567890", "7", "12345678901234567890"),
        ("0.123456789012345678", "123456789012345678", "1000000000000000000"),
        ("0.1234567890123456789", "1234567890123456789", "10000000000000000000"),
        ("-12345678.9012345678e-3", "-123456789012345678", "10000000000000"),
    ])
    func wordAndBigIntegerPathsAgree(text: String, numerator: String, denominator: String) throws {
        let p = try #require(BigInteger(decimalDigits: Substring(numerator)))
        let q = try #require(BigInteger(decimalDigits: Substring(denominator)))
        #expect(Rational(text) == Rational(numerator: p, denominator: q), "\(text)")
    }

    @Test(arguments: ["", " ", "abc", "1/0", "1//2", "1/-2", "1/+2", "inf", "-inf", "nan", "NaN", "0x10", "1_000",
                      "1e", "e5", ".", "-", "1.2.3", "--1", "+-1", "1e99999", "1/2/3", "1 2", "½", "1,5", "1e1.5", "0.5/2", "true", " \t ", "\t"])
    func rejects(text: String) {
        #expect(Rational(text) == nil, "'\(text)' should not parse")
        #expect(Rational(text[...]) == nil, "'\(text)' as a Substring should not parse")
    }

    /// Plain decimals of up to 36 digits are read from their bytes; the general
    /// path (exponent form of the same digits) gives the same value, on both
    /// sides of the 18- and 36-digit boundaries, with signs and blanks.
    @Test func bytePathAgreesWithGeneralPath() throws {
        var rng = SplitMix(seed: 11)
        for _ in 0..<3000 {
            let count = Int(rng.next() % 40) + 1
            let digits = String((0..<count).map { _ in Character(String(rng.next() % 10)) })
            let point = Int(rng.next() % UInt64(count + 1))
            let sign = ["", "-", "+"][Int(rng.next() % 3)]
            let text = sign + digits.prefix(point) + "." + digits.dropFirst(point)
            let padded = [" ", "", "\t"][Int(rng.next() % 3)] + text + ["", " ", "\t "][Int(rng.next() % 3)]
            let general = try #require(Rational(sign + digits + "e-\(count - point)"))
            #expect(Rational(padded) == general, "\(padded)")
            if count <= 36 { #expect(Rational.plainDecimal(padded.utf8) == general, "\(padded)") }
            else { #expect(Rational.plainDecimal(padded.utf8) == nil, "\(padded)") }
        }
    }

    @Test func largeValuesStayExact() throws {
        let big = try #require(Rational("123456789012345678901234567891/2"))
        #expect(big.description == "123456789012345678901234567891/2")
        let tiny = try #require(Rational("1e-300"))
        #expect(tiny * Rational(BigInteger.power(10, 300)) == 1)
    }

    @Test func descriptionRoundTrips() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<500 {
            let r = Rational(Int(rng.next() % 2_000_001) - 1_000_000, Int(rng.next() % 1000) + 1)
            #expect(Rational(r.description) == r)
        }
    }
}

/// A tiny deterministic generator for tests (the F1B module's is not imported here).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}
