import Exact
import F1B

/// One readout's verdict at one n of the Flagged-m-Bit test.
public struct ReadoutResult: Sendable, Equatable {
    /// j, 1-based: the j-th flagged bit.
    public var index: Int
    /// The file's readout, or one found by exact separability (nil: none exists / not decided).
    public var classifier: Classifier?
    public var classifierFound: Bool
    /// Paths whose j-th flagged bit this readout gets wrong (nil where the classifier was searched and none exists).
    public var misclassified: BigInteger?
    /// misclassified / (paths).
    public var errorProbability: Rational?
    /// A path it gets wrong (or, with no classifier, one of two paths whose final states no classifier can split).
    public var counterexample: FlaggedBitsPath?

    /// Whether this readout is right on every path.
    public var isCorrect: Bool { misclassified.map { $0.signum == 0 } ?? false }
}
