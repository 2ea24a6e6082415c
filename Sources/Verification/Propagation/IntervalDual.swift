import Cells
import Exact

/// Dual numbers over rational-endpoint intervals: what certifies that a K = 1
/// update is monotone in the state (`EnclosurePropagation`).
public typealias IntervalDual = EnclosureDual<Interval>
