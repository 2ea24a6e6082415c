import Cells
import Exact

/// A number system the exhaustive enumerator can run in: cells evaluate in it,
/// final states can be deduplicated and classified, and each value can be
/// reported as the exact rational it is (for Double: its exact binary value,
/// which is not a certified value of the real computation).
public protocol EnumerableScalar: CellScalar, Hashable, Comparable where Context == Void {
    var exactValue: Rational { get }
}

extension Rational: EnumerableScalar {
    public var exactValue: Rational { self }
}

extension Double: EnumerableScalar {
    public var exactValue: Rational { Rational(exactly: self) ?? Rational() }
}
