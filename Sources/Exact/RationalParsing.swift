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
        // Plain decimals (the form every exported model writes, ≈ 30 digits) are
        // read from their bytes straight into GMP: the general path below walks
        // Characters and builds strings, which cost more than the arithmetic. The
        // bytes are read in place where they are contiguous (a String, a
        // Substring): through the generic view, from another module, every byte
        // was a protocol-witness call.
        if let value = text.utf8.withContiguousStorageIfAvailable({ Self.plainDecimal($0) }) ?? Self.plainDecimal(text.utf8) {
            self = value
            return
        }
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
            self.init(reducing: negative ? -m : m, Int(Self.powersOfTen[-scale]))
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

    /// `[+-]?digits(.digits)?` (blanks around it allowed) with at most 36
    /// digits, read from its bytes: the mantissa in two machine words, the
    /// denominator a power of ten, then reduced. nil for any other form, which
    /// the general parser then reads (or rejects).
    static func plainDecimal(_ bytes: some Collection<UInt8>) -> Rational? {
        var i = bytes.startIndex, end = bytes.endIndex
        while i < end, bytes[i] == 32 || bytes[i] == 9 { i = bytes.index(after: i) }
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == 43 || bytes[i] == 45 {
            negative = bytes[i] == 45
            i = bytes.index(after: i)
        }
        // Up to 36 digits: the first 18 in `high`, the rest in `low`.
        var high: UInt = 0, low: UInt = 0, lowDigits = 0, digits = 0, fractionDigits = 0
        var seenDot = false, trailing = false
        while i < end {
            let b = bytes[i]
            if trailing {
                guard b == 32 || b == 9 else { return nil }
            } else if b >= 48, b <= 57 {
                guard digits < 36 else { return nil }
                if digits < 18 { high = high * 10 + UInt(b - 48) } else { low = low * 10 + UInt(b - 48); lowDigits += 1 }
                digits += 1
                if seenDot { fractionDigits += 1 }
            } else if b == 46, !seenDot {
                seenDot = true
            } else if b == 32 || b == 9 {
                trailing = true
            } else {
                return nil
            }
            i = bytes.index(after: i)
        }
        guard digits > 0 else { return nil }
        var value = Rational()
        let q = value.storage.pointer
        let numerator = f1b_mpq_numref(q), denominator = f1b_mpq_denref(q)
        f1b_mpz_set_ui(numerator, high)
        if lowDigits > 0 {
            f1b_mpz_mul_ui(numerator, numerator, Self.powersOfTen[lowDigits])
            f1b_mpz_add_ui(numerator, numerator, low)
        }
        if negative { f1b_mpz_neg(numerator, numerator) }
        f1b_mpz_set_ui(denominator, Self.powersOfTen[min(fractionDigits, 18)])
        if fractionDigits > 18 { f1b_mpz_mul_ui(denominator, denominator, Self.powersOfTen[fractionDigits - 18]) }
        f1b_mpq_canonicalize(q)
        return value
    }

    /// 10^0 … 10^19, the largest powers of ten a machine word holds.
    static let powersOfTen: [UInt] = (0...19).map { e in (0..<e).reduce(UInt(1)) { p, _ in p * 10 } }

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
