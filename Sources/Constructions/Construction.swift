import Cells
import Exact
import F1B

/// A construction file's content: a cell with exact parameters and initial
/// state, optionally a classifier, optionally the author's claim.
public struct Construction: Sendable, Equatable {
    public var name: String
    public var cell: CellSpecification
    /// C(s) = +1 iff βᵀs + γ ≥ 0; searched for when nil.
    public var classifier: Classifier?
    public var expectation: Expectation?
    /// m, the flagged bits of the Flagged-m-Bit test (Collins et al.'s
    /// per-unit capacity): m flags, each flagged bit read by its own classifier.
    /// 1 is F1B itself.
    public var flaggedBits: Int
    /// With m ≥ 2: readout j classifies the j-th flagged bit (in time order);
    /// searched for when nil.
    public var readouts: [Classifier]?

    public init(name: String, cell: CellSpecification, classifier: Classifier? = nil, expectation: Expectation? = nil,
                flaggedBits: Int = 1, readouts: [Classifier]? = nil) {
        self.name = name
        self.cell = cell
        self.classifier = classifier
        self.expectation = expectation
        self.flaggedBits = flaggedBits
        self.readouts = readouts
    }
}

/// What a construction's author claims: the verdict over some sequence lengths.
public struct Expectation: Sendable, Equatable {
    public enum Verdict: String, Sendable { case pass, fail }
    public var lengths: SequenceLengths
    public var verdict: Verdict

    public init(lengths: SequenceLengths, verdict: Verdict) {
        self.lengths = lengths
        self.verdict = verdict
    }
}
