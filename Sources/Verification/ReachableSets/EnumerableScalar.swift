import F1B
import Cells
import Exact

/// An exact number system the exact engines (enumeration, reachable-set DP)
/// run in: cells evaluate in it, final states can be deduplicated, compared and
/// classified, and each value is reported as the rational it is. (`Rational`
/// is the one the tool uses; intervals have engines of their own.)
public protocol EnumerableScalar: CellScalar, Hashable, Comparable, ClassifierScore where Context == Void, Input == StepInput {
    var exactValue: Rational { get }
    var isZero: Bool { get }
}

extension Rational: EnumerableScalar {
    public var exactValue: Rational { self }
}
