extension Rational {
    /// A decimal approximation with `digits` significant digits, rounded in
    /// `direction` (so that printed interval endpoints stay outward), in
    /// scientific notation when the exponent is far from 0: "0.0123", "1.5e-9".
    public func decimalString(significantDigits digits: Int, _ direction: RoundingDirection) -> String {
        decimalString(significantDigits: digits, rounding: direction == .up ? .up : .down)
    }

    /// The same rounded to nearest (halves away from 0): for a value shown
    /// beside its exact fraction ("5/12 ≈ 0.416667"), where no side matters.
    public func decimalString(significantDigits digits: Int) -> String {
        decimalString(significantDigits: digits, rounding: .nearest)
    }

    private enum DecimalRounding { case down, up, nearest }

    private func decimalString(significantDigits digits: Int, rounding: DecimalRounding) -> String {
        precondition(digits >= 1)
        if isZero { return "0" }
        let negative = signum < 0
        let a = magnitude
        // e = ⌊log₁₀ a⌋ from the digit counts, corrected by one comparison.
        var e = a.numerator.description.count - a.denominator.description.count
        if a < Rational(BigInteger.power(10, max(e, 0))) / Rational(BigInteger.power(10, max(-e, 0))) { e -= 1 }
        let shift = digits - 1 - e
        let scaled = shift >= 0 ? a * Rational(BigInteger.power(10, shift)) : a / Rational(BigInteger.power(10, -shift))
        var q = scaled.numerator.quotient(dividingBy: scaled.denominator)
        switch rounding {
        case .nearest:
            // |x| rounds up when its dropped part is at least one half.
            if (scaled - Rational(q)) * Rational(2) >= Rational(1) { q = q + 1 }
        case .down, .up:
            // Outward for the sign: rounding |x| up moves x away from 0.
            if (rounding == .up) != negative && !scaled.isInteger { q = q + 1 }
        }
        var mantissa = q.description
        var exponent = e
        if mantissa.count > digits {   // 9.99… rounded up to 10.0…
            mantissa.removeLast()
            exponent += 1
        }
        var text: String
        if exponent >= -4 && exponent < digits + 4 {
            if exponent >= 0 {
                let padded = mantissa + String(repeating: "0", count: max(0, exponent + 1 - mantissa.count))
                let integerPart = String(padded.prefix(exponent + 1))
                let fraction = String(padded.dropFirst(exponent + 1))
                text = fraction.isEmpty ? integerPart : integerPart + "." + fraction
            } else {
                text = "0." + String(repeating: "0", count: -exponent - 1) + mantissa
            }
            if text.contains(".") { while text.hasSuffix("0") { text.removeLast() }; if text.hasSuffix(".") { text.removeLast() } }
        } else {
            var m = mantissa
            if m.count > 1 { m.insert(".", at: m.index(after: m.startIndex)) }
            if m.contains(".") { while m.hasSuffix("0") { m.removeLast() }; if m.hasSuffix(".") { m.removeLast() } }
            text = "\(m)e\(exponent)"
        }
        return (negative ? "-" : "") + text
    }
}

extension BigInteger {
    /// ⌊self / d⌋ for self ≥ 0, d > 0.
    func quotient(dividingBy d: BigInteger) -> BigInteger { BigInteger.quotientAndRemainder(self, d).0 }
}

extension Interval {
    /// "[lo, hi]" with outward-rounded decimal endpoints.
    public func decimalDescription(significantDigits digits: Int = 12) -> String {
        if isPoint { return "[\(lower.decimalString(significantDigits: digits, .down))]" }
        return "[\(lower.decimalString(significantDigits: digits, .down)), \(upper.decimalString(significantDigits: digits, .up))]"
    }
}
