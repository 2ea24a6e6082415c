import CGMP

/// Heap storage for one GMP `mpq_t`, tail-allocated so its address is stable
/// for GMP and costs one allocation. Shared between `Rational` copies until one
/// of them mutates (copy-on-write).
@usableFromInline
final class _RationalStorage: ManagedBuffer<Void, __mpq_struct> {
    @inlinable
    static func make() -> _RationalStorage {
        let buffer = _RationalStorage.create(minimumCapacity: 1) { _ in () }
        let storage = unsafeDowncast(buffer, to: _RationalStorage.self)
        storage.withUnsafeMutablePointerToElements { f1b_mpq_init($0) }
        return storage
    }

    @inlinable
    static func copy(of other: _RationalStorage) -> _RationalStorage {
        let storage = make()
        storage.withUnsafeMutablePointerToElements { dst in
            other.withUnsafeMutablePointerToElements { src in f1b_mpq_set(dst, src) }
        }
        return storage
    }

    @inlinable
    var pointer: UnsafeMutablePointer<__mpq_struct> {
        withUnsafeMutablePointerToElements { $0 }
    }

    deinit {
        withUnsafeMutablePointerToElements { f1b_mpq_clear($0) }
    }
}
