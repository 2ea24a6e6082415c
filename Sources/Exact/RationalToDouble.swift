import CGMP

extension Double {
    /// The Double nearest to `value`, ties to even (IEEE 754 round-to-nearest),
    /// including subnormal results; ±infinity past the largest finite Double.
    ///
    /// GMP's `mpq_get_d` truncates, so it is not used. With a = |p|, b = q and
    /// e = ⌊log₂(a/b)⌋, the result's unit in the last place is 2^u with
    /// u = max(e − 52, −1074); the integer quotient ⌊a·2^(−u) / b⌋ (≤ 2^53) is
    /// rounded with its remainder and scaled back, which is exact.
    public init(_ value: Rational) {
        if let (nearest, _, _) = value.nearestDoubleFromSmallParts() {
            self = nearest
            return
        }
        self.init(nearestByIntegerDivision: value)
    }

    /// The same by the integer quotient alone, for any size of p and q.
    init(nearestByIntegerDivision value: Rational) {
        let sign = value.signum
        if sign == 0 { self = 0; return }
        let a = value.numerator.magnitudeValue, b = value.denominator
        // e = bitlen(a) − bitlen(b), minus 1 if a < b·2^(that).
        var e = a.bitLength - b.bitLength
        if BigInteger.shifted(a, by: max(0, -e)) < BigInteger.shifted(b, by: max(0, e)) { e -= 1 }
        if e > 1023 { self = sign < 0 ? -.infinity : .infinity; return }
        let u = max(e - 52, -1074)
        let n = BigInteger.shifted(a, by: max(0, -u)), d = BigInteger.shifted(b, by: max(0, u))
        var (q, r) = BigInteger.quotientAndRemainder(n, d)
        let twiceR = BigInteger.shifted(r, by: 1)
        if twiceR > d || (twiceR == d && q.isOdd) { q = q + 1 }
        _ = r
        // q ≤ 2^53 converts exactly; q·2^u is representable, so scaling is exact.
        self = Double(sign: sign < 0 ? .minus : .plus, exponent: u, significand: Double(q.intValue!))
    }
}

extension Rational {
    /// For p/q with |p| ≤ 2^53 and q either ≤ 2^53 or a power of two ≤ 2^1000
    /// (every float32 or float64 an exported model writes): the nearest Double m
    /// and the exact remainder p − m·q, and q as a Double (1 where the remainder
    /// is 0), else nil.
    ///
    /// p and q are then Doubles exactly, IEEE division rounds p/q correctly
    /// (ties to even) and never underflows (|p/q| ≥ 2^-1000), and the remainder
    /// of a correctly rounded division is a Double that a fused multiply–add
    /// computes exactly. A power-of-two q makes the quotient exact (remainder 0).
    func nearestDoubleFromSmallParts() -> (nearest: Double, remainder: Double, denominator: Double)? {
        let q = UnsafePointer(storage.pointer)
        return withExtendedLifetime(storage) { () -> (Double, Double, Double)? in
            let numerator = f1b_mpq_numref_const(q), denominator = f1b_mpq_denref_const(q)
            guard f1b_mpz_fits_slong_p(numerator) != 0 else { return nil }
            let p = f1b_mpz_get_si(numerator)
            guard p.magnitude <= 1 << 53 else { return nil }
            let bits = Int(f1b_mpz_sizeinbase(denominator, 2))
            if bits <= 53 {
                let d = Double(f1b_mpz_get_ui(denominator)), n = Double(p)
                let m = n / d
                return (m, n.addingProduct(-m, d), d)
            }
            guard bits - 1 <= 1000, Int(f1b_mpz_scan1(denominator, 0)) == bits - 1 else { return nil }
            return (Double(sign: .plus, exponent: -(bits - 1), significand: Double(p)), 0, 1)
        }
    }
}

extension BigInteger {
    var magnitudeValue: BigInteger { withUnsafePointer { z in BigInteger.make { f1b_mpz_abs($0, z) } } }
    var isOdd: Bool { withUnsafePointer { f1b_mpz_odd_p($0) != 0 } }

    static func shifted(_ a: BigInteger, by bits: Int) -> BigInteger {
        bits == 0 ? a : a.withUnsafePointer { z in make { f1b_mpz_mul_2exp($0, z, mp_bitcnt_t(bits)) } }
    }

    /// Truncating division (both operands non-negative here).
    static func quotientAndRemainder(_ n: BigInteger, _ d: BigInteger) -> (BigInteger, BigInteger) {
        let q = _IntegerStorage.make(), r = _IntegerStorage.make()
        n.withUnsafePointer { pn in d.withUnsafePointer { pd in f1b_mpz_tdiv_qr(q.pointer, r.pointer, pn, pd) } }
        return (BigInteger(storage: q), BigInteger(storage: r))
    }
}
