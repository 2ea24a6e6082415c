import Exact

/// A reference decimal (mpmath, 110 significant digits) as a tiny interval:
/// |error| ≤ |value|·10⁻¹⁰⁹, plus 10⁻⁴⁰⁰ for values printed as zeros.
func referenceBounds(_ decimal: String) -> (lower: Rational, upper: Rational) {
    let value = Rational(decimal)!
    let slack = value.magnitude * Rational(numerator: 1, denominator: BigInteger.power(10, 109))
        + Rational(numerator: 1, denominator: BigInteger.power(10, 400))
    return (value - slack, value + slack)
}

/// The reference clipped to a function's range [low, high] (tanh and σ values
/// printed as 1.000… have slack past 1, where the function never goes).
func referenceBounds(_ decimal: String, within low: Rational, _ high: Rational) -> (lower: Rational, upper: Rational) {
    let (l, u) = referenceBounds(decimal)
    return (l < low ? low : l, high < u ? high : u)
}

/// 2^e as a rational.
func powerOfTwo(_ e: Int) -> Rational {
    e >= 0 ? Rational(BigInteger.powerOfTwo(e)) : Rational(numerator: 1, denominator: BigInteger.powerOfTwo(-e))
}

extension DoubleInterval {
    /// Whether [lower, upper] ⊆ self, in exact arithmetic (infinite bounds allowed).
    func contains(_ lower: Rational, _ upper: Rational) -> Bool {
        (self.lower == -.infinity || Rational(exactly: self.lower)! <= lower)
            && (self.upper == .infinity || upper <= Rational(exactly: self.upper)!)
    }
}
