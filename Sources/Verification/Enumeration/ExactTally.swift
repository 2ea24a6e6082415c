import Cells
import Exact

/// The leaf tally of exact enumeration: the file's
/// classifier's errors and least margin, and the distinct classified final
/// states of each class with the first path reaching each.
public struct ExactTally<Scalar: EnumerableScalar>: LeafTally {
    let stateSize: Int
    let classifier: (beta: [Scalar], gamma: Scalar)?
    let collect: Bool
    var score: Scalar = .zero

    public private(set) var misclassified = 0
    /// Leaves tallied (paths walked).
    public private(set) var paths = 0
    var first: FirstIndices
    /// The least signed margin label·(βᵀs + γ) over all paths, with its tie side.
    public private(set) var leastMargin: Margin?
    /// Distinct classified final states of each class → the least canonical index reaching it
    /// (the limit applies to each class).
    var positive: FirstIndexMap<[Scalar]>
    var negative: FirstIndexMap<[Scalar]>

    public var positiveStates: [[Scalar]: Int] { positive.indices }
    public var negativeStates: [[Scalar]: Int] { negative.indices }
    /// True when more distinct states were met than the limit (the sets are then dropped).
    public var stateLimitExceeded: Bool { positive.exceeded || negative.exceeded }

    public var firstMisclassified: [Int] { first.indices }

    public init(stateSize: Int, classifier: Classifier?, collectStates: Bool, maximumStates: Int = 2_000_000,
                counterexampleLimit: Int = 5) {
        self.stateSize = stateSize
        self.classifier = classifier.map { c in (c.beta.map { Scalar(exactly: $0) }, Scalar(exactly: c.gamma)) }
        collect = collectStates
        positive = FirstIndexMap(limit: maximumStates)
        negative = FirstIndexMap(limit: maximumStates)
        first = FirstIndices(limit: counterexampleLimit)
    }

    public mutating func leaf(_ final: [Scalar], index: Int, positive isPositive: Bool) {
        paths += 1
        if let classifier {
            score.assign(classifier.gamma)
            for k in 0..<classifier.beta.count { score.addProduct(classifier.beta[k], final[k]) }
            let label: ClassLabel = isPositive ? .positive : .negative
            if !Classification.isCorrect(score, label: label) {
                misclassified += 1
                first.insert(index)
            }
            if !isPositive { score.negate() }
            // Most leaves leave the margin as it is: compare before building one.
            if leastMargin.map({ score.exactValue < $0.value || (score.isZero && $0.tie == .positive && !isPositive) }) ?? true {
                leastMargin.include(Margin(value: score.exactValue, tie: label))
            }
        }
        guard collect, !stateLimitExceeded else { return }
        let state = final.count == stateSize ? final : Array(final.prefix(stateSize))
        if isPositive { self.positive.insert(state, index) } else { negative.insert(state, index) }
    }

    public mutating func merge(_ other: ExactTally) {
        misclassified += other.misclassified
        paths += other.paths
        first.merge(other.first)
        if let m = other.leastMargin { leastMargin.include(m) }
        guard collect else { return }
        positive.merge(other.positive)
        negative.merge(other.negative)
    }
}
