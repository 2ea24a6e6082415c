import CGMP

extension Rational {
    public enum RoundingDirection: Sendable { case down, up }

    /// The nearest dyadic rational m·2^e with at most `bits` significant bits
    /// (|m| < 2^bits) below (`.down`) or above (`.up`) self: the outward
    /// rounding that keeps interval endpoints small. Values already of that
    /// form are returned unchanged. Precondition: bits ≥ 2.
    ///
    /// With a = |p|, b = q and s = bits − (bitlen(a) − bitlen(b)), the result is
    /// ⌊p·2^s / q⌋·2^−s (down) or ⌈p·2^s / q⌉·2^−s (up); since
    /// 2^(bitlen(a)−bitlen(b)−1) < a/b < 2^(bitlen(a)−bitlen(b)+1), the quotient
    /// has at most `bits` + 1 significant bits.
    public func rounded(toSignificantBits bits: Int, _ direction: RoundingDirection) -> Rational {
        precondition(bits >= 2)
        if isZero { return self }
        return withUnsafePointer { q in
            let num = f1b_mpq_numref_const(q), den = f1b_mpq_denref_const(q)
            // Already dyadic and short enough?
            let denIsPowerOfTwo = Int(f1b_mpz_scan1(den, 0)) == Int(f1b_mpz_sizeinbase(den, 2)) - 1
            if denIsPowerOfTwo {
                let trailing = Int(f1b_mpz_scan1(num, 0))
                let length = Int(f1b_mpz_sizeinbase(num, 2))
                if length - trailing <= bits { return self }
            }
            let shift = bits - (Int(f1b_mpz_sizeinbase(num, 2)) - Int(f1b_mpz_sizeinbase(den, 2)))
            var n = __mpz_struct(), d = __mpz_struct(), quotient = __mpz_struct()
            f1b_mpz_init(&n); f1b_mpz_init(&d); f1b_mpz_init(&quotient)
            defer { f1b_mpz_clear(&n); f1b_mpz_clear(&d); f1b_mpz_clear(&quotient) }
            // n/d = self·2^shift
            if shift >= 0 {
                f1b_mpz_mul_2exp(&n, num, mp_bitcnt_t(shift)); f1b_mpz_set(&d, den)
            } else {
                f1b_mpz_set(&n, num); f1b_mpz_mul_2exp(&d, den, mp_bitcnt_t(-shift))
            }
            if direction == .down { f1b_mpz_fdiv_q(&quotient, &n, &d) } else { f1b_mpz_cdiv_q(&quotient, &n, &d) }
            let result = _RationalStorage.make()
            let r = result.pointer
            if shift >= 0 {
                f1b_mpz_set(f1b_mpq_numref(r), &quotient)
                f1b_mpz_set_ui(f1b_mpq_denref(r), 1)
                f1b_mpz_mul_2exp(f1b_mpq_denref(r), f1b_mpq_denref(r), mp_bitcnt_t(shift))
            } else {
                f1b_mpz_mul_2exp(f1b_mpq_numref(r), &quotient, mp_bitcnt_t(-shift))
                f1b_mpz_set_ui(f1b_mpq_denref(r), 1)
            }
            f1b_mpq_canonicalize(r)
            return Rational(storage: result)
        }
    }
}
