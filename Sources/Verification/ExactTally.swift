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
    var first: FirstIndices
    /// The least signed margin over all paths: min of βᵀs + γ over positive
    /// paths and of −(βᵀs + γ) over negative ones (negative when some path errs).
    public private(set) var leastMargin: Scalar?
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
        if let classifier {
            score.assign(classifier.gamma)
            for k in 0..<classifier.beta.count { score.addProduct(classifier.beta[k], final[k]) }
            if !isPositive { score.negate() }
            if let m = leastMargin { if score < m { leastMargin!.assign(score) } } else { leastMargin = score }
            if score < .zero {
                misclassified += 1
                first.insert(index)
            }
        }
        guard collect, !stateLimitExceeded else { return }
        let state = final.count == stateSize ? final : Array(final.prefix(stateSize))
        if isPositive { self.positive.insert(state, index) } else { negative.insert(state, index) }
    }

    public mutating func merge(_ other: ExactTally) {
        misclassified += other.misclassified
        first.merge(other.first)
        if let m = other.leastMargin { leastMargin = leastMargin.map { Swift.min($0, m) } ?? m }
        guard collect else { return }
        positive.merge(other.positive)
        negative.merge(other.negative)
    }
}
