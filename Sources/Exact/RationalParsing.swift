import CGMP

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
        // Trimmed by index: a reversed copy built character by character cost
        // more than the rest of the parse (a K = 32 file has 3,000 numbers).
        let whole = String(text)[...]
        var start = whole.startIndex, end = whole.endIndex
        func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" }
        while start < end, isSpace(whole[start]) { start = whole.index(after: start) }
        while end > start, isSpace(whole[whole.index(before: end)]) { end = whole.index(before: end) }
        let s = whole[start..<end]
        guard !s.isEmpty else { return nil }

        if let slash = s.firstIndex(of: "/") {
            let top = s[..<slash], bottom = s[s.index(after: slash)...]
            // Most files' numbers fit a machine word: no big-integer parse.
            if let q = Self.smallNatural(bottom), q != 0, let p = Self.smallInteger(top) {
                self.init(reducing: p, q)
                return
            }
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
        let digits = Substring(integerPart + fractionPart)
        guard digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let scale = exponent - fractionPart.count
        if scale <= 0, scale >= -18, let m = Self.smallNatural(digits) {
            var power = 1
            for _ in 0..<(-scale) { power *= 10 }
            self.init(reducing: negative ? -m : m, power)
            return
        }
        guard let mantissa = BigInteger(decimalDigits: digits) else { return nil }
        var value = Rational(mantissa)
        if scale > 0 {
            value *= Rational(BigInteger.power(10, scale))
        } else if scale < 0 {
            value = Rational(numerator: mantissa, denominator: BigInteger.power(10, -scale))
        }
        if negative { value.negate() }
        self = value
    }

    /// p/q reduced, for machine-word p and q > 0.
    init(reducing p: Int, _ q: Int) {
        self.init()
        f1b_mpq_set_si(storage.pointer, p, UInt(q))
        f1b_mpq_canonicalize(storage.pointer)
    }

    /// The value of 1 to 18 ASCII digits (so it fits an Int), else nil.
    static func smallNatural(_ text: Substring) -> Int? {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for b in bytes {
            guard b >= 48 && b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }

    /// The same with an optional sign in front.
    static func smallInteger(_ text: Substring) -> Int? {
        guard let first = text.first else { return nil }
        if first == "-" || first == "+" {
            return smallNatural(text.dropFirst()).map { first == "-" ? -$0 : $0 }
        }
        return smallNatural(text)
    }
}
