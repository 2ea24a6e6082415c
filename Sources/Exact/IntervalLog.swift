extension Interval {
    /// A certified enclosure of ln y (y > 0) at about `precision` bits, by
    /// bisection on x with the certified e^x: the result [x⁻, x⁺] satisfies
    /// e^{x⁻} < y < e^{x⁺} as enclosures prove (or y = e^x exactly at 0).
    public static func log(_ y: Rational, precision: Int) -> Interval {
        precondition(y.signum > 0)
        if y == 1 { return Interval(0, precision: precision) }
        // ln y lies in [(e − 1)·ln 2, (e + 1)·ln 2] with e = bitlen(p) − bitlen(q); ln 2 < 1.
        let e = y.numerator.bitLength - y.denominator.bitLength
        var low = Rational(Swift.min(e - 1, 0) - 1), high = Rational(Swift.max(e + 1, 0) + 1)
        let width = Rational(numerator: 1, denominator: BigInteger.powerOfTwo(precision))
        while high - low > width * (Swift.max(low.magnitude, high.magnitude) + 1) {
            let middle = ((low + high) / 2).rounded(toSignificantBits: precision + 8, .down)
            let value = exp(middle, precision: precision + 8)
            if value.upper < y { low = middle } else if value.lower > y { high = middle } else { break }
        }
        return Interval(lower: low, upper: high, precision: precision)
    }
}
