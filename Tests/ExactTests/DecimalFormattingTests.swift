import Exact
import Testing

@Suite struct DecimalFormattingTests {
    /// Outward rounding keeps a printed interval around its value: .down never
    /// above, .up never below, for either sign.
    @Test(arguments: [
        ("5/12", 6, "0.416666", "0.416667"), ("-5/12", 6, "-0.416667", "-0.416666"),
        ("1/3", 3, "0.333", "0.334"), ("2/3", 3, "0.666", "0.667"), ("1/8", 6, "0.125", "0.125"),
        ("999999/1000000", 3, "0.999", "1"), ("1/1000000000", 2, "1e-9", "1e-9"), ("123456789", 3, "1.23e8", "1.24e8"),
    ])
    func roundsOutward(text: String, digits: Int, down: String, up: String) throws {
        let x = try #require(Rational(text))
        #expect(x.decimalString(significantDigits: digits, .down) == down)
        #expect(x.decimalString(significantDigits: digits, .up) == up)
    }

    /// Shown beside an exact fraction, a decimal is the nearest one (halves away
    /// from 0), not a truncation: 5/12 is 0.416667, not 0.416666.
    @Test(arguments: [
        ("5/12", 6, "0.416667"), ("-5/12", 6, "-0.416667"), ("1/3", 3, "0.333"), ("2/3", 3, "0.667"),
        ("1/8", 2, "0.13"), ("-1/8", 2, "-0.13"), ("3/8", 1, "0.4"), ("9999/10000", 3, "1"), ("0", 4, "0"),
        ("1/7000000", 3, "1.43e-7"),
    ])
    func roundsToNearest(text: String, digits: Int, expected: String) throws {
        let x = try #require(Rational(text))
        #expect(x.decimalString(significantDigits: digits) == expected, "\(text)")
    }
}
