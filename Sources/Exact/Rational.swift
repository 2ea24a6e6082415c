import CGMP

/// An exact rational number p/q (q > 0, gcd(p, q) = 1), backed by GMP's `mpq_t`.
///
/// Value semantics with copy-on-write: copies share storage until one of them
/// mutates. All arithmetic is exact; nothing passes through `Double` unless
/// asked for explicitly with `Double(_:)`, which rounds correctly.
public struct Rational: @unchecked Sendable {
    // @unchecked: storage is only ever mutated while uniquely referenced.
    @usableFromInline var storage: _RationalStorage

    @inlinable init(storage: _RationalStorage) { self.storage = storage }

    /// Zero.
    @inlinable public init() { storage = .make() }

    @inlinable public init(_ value: Int) {
        storage = .make()
        f1b_mpq_set_si(storage.pointer, value, 1)
    }

    /// numerator/denominator, reduced. Precondition: denominator != 0.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Rational: zero denominator")
        self.init(numerator: BigInteger(numerator), denominator: BigInteger(denominator))
    }

    /// numerator/denominator, reduced. Precondition: denominator != 0.
    public init(numerator: BigInteger, denominator: BigInteger) {
        precondition(denominator.signum != 0, "Rational: zero denominator")
        storage = .make()
        let q = storage.pointer
        numerator.withUnsafePointer { f1b_mpz_set(f1b_mpq_numref(q), $0) }
        denominator.withUnsafePointer { f1b_mpz_set(f1b_mpq_denref(q), $0) }
        f1b_mpq_canonicalize(q)
    }

    public init(_ integer: BigInteger) {
        storage = .make()
        let q = storage.pointer
        integer.withUnsafePointer { f1b_mpq_set_z(q, $0) }
    }

    /// The exact value of a finite Double (every finite Double is a dyadic rational).
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        let significand = BigInteger(Int(value.significandBitPattern | (value.isNormal ? (1 << 52) : 0)))
        let exponent = (value.isNormal ? Int(value.exponent) : -1022) - 52
        var r = Rational(significand)
        if value.sign == .minus { r.negate() }
        if exponent >= 0 {
            r *= Rational(BigInteger.powerOfTwo(exponent))
        } else {
            r /= Rational(BigInteger.powerOfTwo(-exponent))
        }
        self = r
    }

    // MARK: access

    @inlinable @inline(__always)
    public func withUnsafePointer<R>(_ body: (UnsafePointer<__mpq_struct>) throws -> R) rethrows -> R {
        // `self` is borrowed for the call, so its storage outlives `body`.
        try body(UnsafePointer(storage.pointer))
    }

    @inlinable @inline(__always)
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = .copy(of: storage) }
    }

    /// Mutable access to the underlying mpq_t, after making the storage unique.
    @inlinable @inline(__always)
    public mutating func withUnsafeMutablePointer<R>(_ body: (UnsafeMutablePointer<__mpq_struct>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(storage.pointer)
    }

    public var numerator: BigInteger {
        withUnsafePointer { q in BigInteger(copying: f1b_mpq_numref_const(q)) }
    }

    public var denominator: BigInteger {
        withUnsafePointer { q in BigInteger(copying: f1b_mpq_denref_const(q)) }
    }

    /// -1, 0 or +1.
    @inlinable public var signum: Int { Int(withUnsafePointer { f1b_mpq_sgn($0) }) }
    @inlinable public var isZero: Bool { signum == 0 }
    public var isInteger: Bool { withUnsafePointer { f1b_mpz_cmp_ui(f1b_mpq_denref_const($0), 1) == 0 } }

    /// Compares with the small fraction n/d without allocating.
    @inlinable public func compare(_ n: Int, over d: UInt = 1) -> Int {
        Int(withUnsafePointer { f1b_mpq_cmp_si($0, n, d) }).signum()
    }

    // MARK: in-place arithmetic (aliasing-safe: GMP allows output = input)

    @inlinable public mutating func negate() {
        withUnsafeMutablePointer { f1b_mpq_neg($0, $0) }
    }

    /// self ← self + a·b, without allocating a temporary when a is 0 or ±1.
    @inlinable public mutating func addProduct(_ a: Rational, _ b: Rational) {
        switch a.withUnsafePointer({ q -> Int in
            if f1b_mpq_sgn(q) == 0 { return 0 }
            if f1b_mpq_cmp_si(q, 1, 1) == 0 { return 1 }
            if f1b_mpq_cmp_si(q, -1, 1) == 0 { return -1 }
            return 2
        }) {
        case 0: return
        case 1: self += b
        case -1: self -= b
        default:
            var product = __mpq_struct()
            f1b_mpq_init(&product)
            a.withUnsafePointer { pa in b.withUnsafePointer { pb in f1b_mpq_mul(&product, pa, pb) } }
            withUnsafeMutablePointer { f1b_mpq_add($0, $0, &product) }
            f1b_mpq_clear(&product)
        }
    }

    /// self ← other, reusing this value's storage when it is not shared.
    @inlinable public mutating func assign(_ other: Rational) {
        if isKnownUniquelyReferenced(&storage) {
            other.withUnsafePointer { src in f1b_mpq_set(storage.pointer, src) }
        } else {
            self = other
        }
    }

    /// self ← n (small integer), reusing storage when not shared.
    @inlinable public mutating func assign(_ n: Int) {
        if isKnownUniquelyReferenced(&storage) {
            f1b_mpq_set_si(storage.pointer, n, 1)
        } else {
            self = Rational(n)
        }
    }
}

// MARK: - Operators

extension Rational {
    @inlinable
    static func binary(_ a: Rational, _ b: Rational,
                       _ op: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void) -> Rational {
        let result = _RationalStorage.make()
        a.withUnsafePointer { pa in b.withUnsafePointer { pb in op(result.pointer, pa, pb) } }
        return Rational(storage: result)
    }

    @inlinable public static func + (a: Rational, b: Rational) -> Rational { binary(a, b, f1b_mpq_add) }
    @inlinable public static func - (a: Rational, b: Rational) -> Rational { binary(a, b, f1b_mpq_sub) }
    @inlinable public static func * (a: Rational, b: Rational) -> Rational { binary(a, b, f1b_mpq_mul) }

    /// Precondition: b != 0.
    @inlinable public static func / (a: Rational, b: Rational) -> Rational {
        precondition(!b.isZero, "Rational: division by zero")
        return binary(a, b, f1b_mpq_div)
    }

    @inlinable public static prefix func - (a: Rational) -> Rational {
        var r = a
        r.negate()
        return r
    }

    @inlinable public static func += (a: inout Rational, b: Rational) {
        b.withUnsafePointer { pb in a.withUnsafeMutablePointer { f1b_mpq_add($0, $0, pb) } }
    }
    @inlinable public static func -= (a: inout Rational, b: Rational) {
        b.withUnsafePointer { pb in a.withUnsafeMutablePointer { f1b_mpq_sub($0, $0, pb) } }
    }
    @inlinable public static func *= (a: inout Rational, b: Rational) {
        b.withUnsafePointer { pb in a.withUnsafeMutablePointer { f1b_mpq_mul($0, $0, pb) } }
    }
    @inlinable public static func /= (a: inout Rational, b: Rational) {
        precondition(!b.isZero, "Rational: division by zero")
        b.withUnsafePointer { pb in a.withUnsafeMutablePointer { f1b_mpq_div($0, $0, pb) } }
    }

    public var magnitude: Rational { signum < 0 ? -self : self }
}

// MARK: - Protocols

extension Rational: Comparable, Hashable {
    @inlinable public static func == (a: Rational, b: Rational) -> Bool {
        a.withUnsafePointer { pa in b.withUnsafePointer { pb in f1b_mpq_equal(pa, pb) != 0 } }
    }

    @inlinable public static func < (a: Rational, b: Rational) -> Bool {
        a.withUnsafePointer { pa in b.withUnsafePointer { pb in f1b_mpq_cmp(pa, pb) < 0 } }
    }

    public func hash(into hasher: inout Hasher) {
        // Canonical form makes (numerator limbs, denominator limbs) a faithful key.
        withUnsafePointer { q in
            let num = f1b_mpq_numref_const(q), den = f1b_mpq_denref_const(q)
            hasher.combine(f1b_mpz_sgn(num))
            for i in 0..<f1b_mpz_size(num) { hasher.combine(f1b_mpz_getlimbn(num, i)) }
            hasher.combine(-1 as Int)
            for i in 0..<f1b_mpz_size(den) { hasher.combine(f1b_mpz_getlimbn(den, i)) }
        }
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension Rational: CustomStringConvertible {
    /// "p" for integers, "p/q" otherwise: the exact value, parseable by `Rational(_ text:)`.
    public var description: String {
        isInteger ? numerator.description : "\(numerator.description)/\(denominator.description)"
    }
}
