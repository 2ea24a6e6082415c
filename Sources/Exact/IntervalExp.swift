extension Interval {
    /// A certified enclosure of e^x at `precision` bits.
    ///
    /// Argument reduction: y = x / 2^m with m ≥ 0 chosen so that |y| < 1/2;
    /// then e^x = (e^y)^(2^m). The Taylor polynomial T_N(y) = Σ_{i≤N} y^i/i! is
    /// evaluated in Horner form in interval arithmetic, and the tail is bounded
    /// for |y| ≤ 1/2 by
    ///
    ///     |Σ_{i>N} y^i/i!| ≤ |y|^(N+1)/(N+1)! · 1/(1 − |y|/(N+2)) ≤ 2^(−N)/(N+1)!,
    ///
    /// which is added as ±radius. The m squarings multiply the relative error by
    /// about 2^m, so the work is done at precision + m + 20 bits and the result
    /// rounded outward at the end. Precondition: |x| < 2^24.
    public static func exp(_ x: Rational, precision: Int) -> Interval {
        precondition(precision >= 2)
        if x.isZero { return Interval(1, precision: precision) }
        let a = x.numerator.magnitudeBits, b = x.denominator.bitLength
        precondition(a - b < 24, "Interval.exp: argument too large")
        let m = Swift.max(0, a - b + 2)
        let y = x / Rational(BigInteger.powerOfTwo(m))
        let working = precision + m + 20
        // Smallest N with 2^(−N)/(N+1)! < 2^(−working − 2).
        var n = 1
        var bits = 1.0  // log2(2^N (N+1)!) for N = 1: 1 + 1
        while bits < Double(working + 2) {
            n += 1
            bits += 1 + log2(Double(n + 1))
        }
        // Horner: T = 1 + y(1 + y/2(1 + y/3(… (1 + y/N)))).
        var t = Interval(1, precision: working)
        for i in stride(from: n, through: 1, by: -1) {
            t = Interval(1) + Interval(y / Rational(i), precision: working) * t
        }
        let radius = Rational(numerator: 1, denominator: BigInteger.powerOfTwo(n) * BigInteger.factorial(n + 1))
        t = Interval(lower: t.lower - radius, upper: t.upper + radius, precision: working)
        for _ in 0..<m { t = t.squared }
        return t.withPrecision(precision)
    }

    /// e^x on an interval: exp is increasing, so [e^lower, e^upper] enclosed.
    public static func exp(_ x: Interval) -> Interval {
        let p = x.workingPrecision
        return Interval(lower: exp(x.lower, precision: p).lower, upper: exp(x.upper, precision: p).upper, precision: p)
    }
}

extension BigInteger {
    /// Bits in |self|.
    var magnitudeBits: Int { bitLength }

    static func factorial(_ n: Int) -> BigInteger {
        (1...Swift.max(n, 1)).reduce(BigInteger(1)) { $0 * BigInteger($1) }
    }
}

/// log₂ for the term-count estimate only (never for a value).
@inline(__always) func log2(_ x: Double) -> Double {
    var e = 0.0, v = x
    while v >= 2 { v /= 2; e += 1 }
    // log2(v) for v in [1, 2) from ln(v) = 2·atanh((v−1)/(v+1)).
    let z = (v - 1) / (v + 1), z2 = z * z
    var term = z, sum = 0.0
    for k in stride(from: 1, through: 19, by: 2) { sum += term / Double(k); term *= z2 }
    return e + 2 * sum / 0.6931471805599453
}
