import CGMP

@usableFromInline
final class _IntegerStorage: ManagedBuffer<Void, __mpz_struct> {
    @inlinable
    static func make() -> _IntegerStorage {
        let storage = unsafeDowncast(_IntegerStorage.create(minimumCapacity: 1) { _ in () }, to: _IntegerStorage.self)
        storage.withUnsafeMutablePointerToElements { f1b_mpz_init($0) }
        return storage
    }

    @inlinable
    var pointer: UnsafeMutablePointer<__mpz_struct> { withUnsafeMutablePointerToElements { $0 } }

    deinit { withUnsafeMutablePointerToElements { f1b_mpz_clear($0) } }
}

/// An arbitrary-precision integer backed by GMP's `mpz_t`, used for exact path
/// counts (n·2^n outgrows Int64 quickly) and for the parts of a `Rational`.
/// Immutable value: every operation returns a new integer.
public struct BigInteger: @unchecked Sendable {
    @usableFromInline let storage: _IntegerStorage

    @inlinable init(storage: _IntegerStorage) { self.storage = storage }

    public init(_ value: Int) {
        storage = .make()
        f1b_mpz_set_si(storage.pointer, value)
    }

    /// Copies a GMP integer.
    public init(copying z: UnsafePointer<__mpz_struct>) {
        storage = .make()
        f1b_mpz_set(storage.pointer, z)
    }

    /// Parses an optionally signed string of decimal digits; nil for anything else.
    public init?(decimalDigits text: Substring) {
        var body = text
        var negative = false
        if let first = body.first, first == "-" || first == "+" {
            negative = first == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        storage = .make()
        let ok = String(body).withCString { f1b_mpz_set_str(storage.pointer, $0, 10) }
        guard ok == 0 else { return nil }
        if negative { f1b_mpz_sub(storage.pointer, BigInteger(0).storage.pointer, storage.pointer) }
    }

    @inlinable
    public func withUnsafePointer<R>(_ body: (UnsafePointer<__mpz_struct>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafePointer(storage.pointer)) }
    }

    static func make(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> BigInteger {
        let storage = _IntegerStorage.make()
        body(storage.pointer)
        return BigInteger(storage: storage)
    }

    /// 2^e, e ≥ 0.
    public static func powerOfTwo(_ e: Int) -> BigInteger {
        precondition(e >= 0)
        return make { f1b_mpz_set_ui($0, 1); f1b_mpz_mul_2exp($0, $0, mp_bitcnt_t(e)) }
    }

    /// base^e, e ≥ 0.
    public static func power(_ base: UInt, _ e: Int) -> BigInteger {
        precondition(e >= 0)
        return make { f1b_mpz_ui_pow_ui($0, base, UInt(e)) }
    }

    public var signum: Int { Int(withUnsafePointer { f1b_mpz_sgn($0) }) }

    /// Number of bits in |self| (0 for zero).
    public var bitLength: Int {
        signum == 0 ? 0 : Int(withUnsafePointer { f1b_mpz_sizeinbase($0, 2) })
    }

    /// The value as an Int when it fits.
    public var intValue: Int? {
        withUnsafePointer { f1b_mpz_fits_slong_p($0) != 0 ? Int(f1b_mpz_get_si($0)) : nil }
    }

    public static func + (a: BigInteger, b: BigInteger) -> BigInteger {
        a.withUnsafePointer { pa in b.withUnsafePointer { pb in make { f1b_mpz_add($0, pa, pb) } } }
    }
    public static func - (a: BigInteger, b: BigInteger) -> BigInteger {
        a.withUnsafePointer { pa in b.withUnsafePointer { pb in make { f1b_mpz_sub($0, pa, pb) } } }
    }
    public static func * (a: BigInteger, b: BigInteger) -> BigInteger {
        a.withUnsafePointer { pa in b.withUnsafePointer { pb in make { f1b_mpz_mul($0, pa, pb) } } }
    }
    public static func += (a: inout BigInteger, b: BigInteger) { a = a + b }
}

extension BigInteger: Comparable, Hashable {
    public static func == (a: BigInteger, b: BigInteger) -> Bool {
        a.withUnsafePointer { pa in b.withUnsafePointer { pb in f1b_mpz_cmp(pa, pb) == 0 } }
    }
    public static func < (a: BigInteger, b: BigInteger) -> Bool {
        a.withUnsafePointer { pa in b.withUnsafePointer { pb in f1b_mpz_cmp(pa, pb) < 0 } }
    }
    public func hash(into hasher: inout Hasher) {
        withUnsafePointer { z in
            hasher.combine(f1b_mpz_sgn(z))
            for i in 0..<f1b_mpz_size(z) { hasher.combine(f1b_mpz_getlimbn(z, i)) }
        }
    }
}

extension BigInteger: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension BigInteger: CustomStringConvertible {
    public var description: String {
        withUnsafePointer { z in
            guard let cString = f1b_mpz_get_str(nil, 10, z) else { return "?" }
            defer { f1b_gmp_free_str(cString) }
            return String(cString: cString)
        }
    }
}
