import Cells
import Constructions
import Exact
import F1B

/// What `check` is asked to decide, fixed before any procedure runs: the cell
/// with its exact parameters and initial state, the flag encoding (in the
/// cell), the classifier or readouts (or none, to be searched for), the
/// lengths, and which test — F1B or Flagged-m-Bit. Built from a construction,
/// so a library caller cannot decide the wrong test for a file.
public struct Problem: Sendable {
    /// F1B (Definition 2: one flag, one classifier) or the Flagged-m-Bit test
    /// (m flags, readout j classifies the j-th flagged bit).
    public enum Test: Sendable, Equatable, CustomStringConvertible {
        case flaggedOneBit
        case flaggedBits(Int)

        /// m.
        public var flags: Int {
            switch self {
            case .flaggedOneBit: return 1
            case .flaggedBits(let m): return m
            }
        }

        public var description: String { flags == 1 ? "F1B" : "Flagged-\(flags)-Bit" }
    }

    public let construction: Construction
    public let lengths: SequenceLengths

    public init(_ construction: Construction, lengths: SequenceLengths) {
        self.construction = construction
        self.lengths = lengths
    }

    public var name: String { construction.name }
    public var cell: CellSpecification { construction.cell }
    /// K.
    public var stateSize: Int { construction.cell.stateSize }
    public var test: Test { construction.flaggedBits > 1 ? .flaggedBits(construction.flaggedBits) : .flaggedOneBit }
    /// The file's classifier (F1B), nil when it is to be found.
    public var classifier: Classifier? { construction.classifier }
    /// The file's readouts (Flagged-m-Bit), nil when they are to be found.
    public var readouts: [Classifier]? {
        construction.readouts ?? (construction.flaggedBits == 1 ? construction.classifier.map { [$0] } : nil)
    }
    /// Whether the cell is exact over ℚ (hardclip/relu only).
    public var isPiecewiseLinear: Bool { construction.cell.isPiecewiseLinear }
    /// The requested lengths when they are a list; empty for every n.
    public var listedLengths: [Int] {
        if case .list(let ns) = lengths { return ns }
        return []
    }
    public var asksEveryLength: Bool { lengths == .all }

    /// The equally likely paths of the test at n: n·2^n for F1B, C(n, m)·2^n for Flagged-m-Bit.
    public func pathCount(_ n: Int) -> BigInteger {
        test.flags == 1 ? Path.count(length: n) : FlaggedBitsPath.count(length: n, flaggedBits: test.flags)
    }

    /// The same problem at other lengths.
    public func at(_ lengths: SequenceLengths) -> Problem { Problem(construction, lengths: lengths) }
}
