extension Interval {
    /// A certified enclosure of tanh(x) at `precision` bits.
    ///
    /// tanh is odd, so x < 0 uses −tanh(−x). For x > 0, with u = e^(−2x) ∈ (0, 1),
    /// tanh(x) = (1 − u)/(1 + u), which decreases in u: an enclosure [u⁻, u⁺] of
    /// u gives [(1 − u⁺)/(1 + u⁺), (1 − u⁻)/(1 + u⁻)]. Near 0, 1 − u cancels
    /// about log₂(1/x) bits, which the working precision adds back. Past
    /// x > precision/2 + 2, tanh(x) is within 2^(−precision) of 1 and the
    /// enclosure is [tanh(precision/2 + 2)⁻, 1] (tanh increases and stays below 1).
    public static func tanh(_ x: Rational, precision: Int) -> Interval {
        if x.isZero { return Interval(0, precision: precision) }
        if x.signum < 0 { return -tanh(-x, precision: precision) }
        let saturation = Rational(precision / 2 + 2)
        if x > saturation {
            return Interval(lower: tanh(saturation, precision: precision).lower, upper: 1, precision: precision)
        }
        let cancelled = Swift.max(0, x.denominator.bitLength - x.numerator.bitLength)
        let u = exp(-2 * x, precision: precision + cancelled + 10)
        let one = Rational(1)
        return Interval(lower: (one - u.upper) / (one + u.upper), upper: (one - u.lower) / (one + u.lower), precision: precision)
    }

    /// A certified enclosure of σ(x) = 1/(1 + e^(−x)) at `precision` bits.
    ///
    /// For x ≥ 0, u = e^(−x) ∈ (0, 1] and σ = 1/(1 + u) decreases in u; for
    /// x < 0, u = e^x ∈ (0, 1) and σ = u/(1 + u) increases in u. Neither form
    /// cancels. Past |x| > precision + 2, σ is within 2^(−precision) of 1 (or
    /// of 0) and the enclosure is bounded by σ at ±(precision + 2) and by 1 (or 0).
    public static func sigmoid(_ x: Rational, precision: Int) -> Interval {
        let saturation = Rational(precision + 2)
        let one = Rational(1)
        if x > saturation {
            return Interval(lower: sigmoid(saturation, precision: precision).lower, upper: one, precision: precision)
        }
        if x < -saturation {
            return Interval(lower: Rational(), upper: sigmoid(-saturation, precision: precision).upper, precision: precision)
        }
        if x.signum >= 0 {
            let u = exp(-x, precision: precision + 10)
            return Interval(lower: one / (one + u.upper), upper: one / (one + u.lower), precision: precision)
        }
        let u = exp(x, precision: precision + 10)
        return Interval(lower: u.lower / (one + u.lower), upper: u.upper / (one + u.upper), precision: precision)
    }

    /// tanh on an interval (increasing): [tanh(lower)⁻, tanh(upper)⁺].
    public static func tanh(_ x: Interval) -> Interval {
        let p = x.workingPrecision
        func at(_ y: Rational) -> Interval { EnclosureCache.shared.value(.tanh, y, precision: p) { tanh(y, precision: p) } }
        return x.isPoint ? at(x.lower) : Interval(lower: at(x.lower).lower, upper: at(x.upper).upper, precision: p)
    }

    /// σ on an interval (increasing): [σ(lower)⁻, σ(upper)⁺].
    public static func sigmoid(_ x: Interval) -> Interval {
        let p = x.workingPrecision
        func at(_ y: Rational) -> Interval { EnclosureCache.shared.value(.sigmoid, y, precision: p) { sigmoid(y, precision: p) } }
        return x.isPoint ? at(x.lower) : Interval(lower: at(x.lower).lower, upper: at(x.upper).upper, precision: p)
    }
}
