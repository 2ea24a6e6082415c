/// Exact parsing of the number forms construction files use.
///
/// Grammar (surrounding spaces ignored):
///
///     number   = sign? ( digits "/" digits | decimal exponent? )
///     decimal  = digits ( "." digits? )? | "." digits
///     exponent = ("e" | "E") sign? digits          (|exponent| ≤ 10 000)
///
/// `0.7336` is 917/1250, `2.5e-3` is 1/400, `-1/4` is -1/4. Nothing goes
/// through floating point. `inf`, `nan`, hexadecimal, `1_000` and a zero
/// denominator are rejected.
extension Rational {
    /// The largest |exponent| accepted, so that `1e999999999` is an error rather
    /// than a gigabyte-sized integer.
    public static let maximumDecimalExponent = 10_000

    public init?(_ text: some StringProtocol) {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }
        let s = Substring(String(trimmed.reversed()))
        guard !s.isEmpty else { return nil }

        if let slash = s.firstIndex(of: "/") {
            let top = s[..<slash], bottom = s[s.index(after: slash)...]
            guard let p = BigInteger(decimalDigits: top),
                  bottom.first != "+", bottom.first != "-",
                  let q = BigInteger(decimalDigits: bottom), q.signum != 0 else { return nil }
            self.init(numerator: p, denominator: q)
            return
        }

        var body = s
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let digits = body[body.index(after: e)...]
            var unsigned = digits
            if let first = unsigned.first, first == "+" || first == "-" { unsigned = unsigned.dropFirst() }
            guard !unsigned.isEmpty, unsigned.utf8.count <= 6,
                  unsigned.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let value = Int(digits), abs(value) <= Self.maximumDecimalExponent else { return nil }
            exponent = value
            body = body[..<e]
        }
        var integerPart = body, fractionPart: Substring = ""
        if let dot = body.firstIndex(of: ".") {
            integerPart = body[..<dot]
            fractionPart = body[body.index(after: dot)...]
        }
        guard !(integerPart.isEmpty && fractionPart.isEmpty) else { return nil }
        let digits = integerPart + fractionPart
        guard digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let mantissa = BigInteger(decimalDigits: Substring(digits)) else { return nil }
        let scale = exponent - fractionPart.count
        var value = Rational(mantissa)
        if scale > 0 {
            value *= Rational(BigInteger.power(10, scale))
        } else if scale < 0 {
            value = Rational(numerator: mantissa, denominator: BigInteger.power(10, -scale))
        }
        if negative { value.negate() }
        self = value
    }
}
