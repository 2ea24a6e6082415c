import Cells
import Exact

/// The leaf tally of exact (and uncertified double) enumeration: the file's
/// classifier's errors and least margin, and the distinct classified final
/// states of each class with the first path reaching each.
public struct ExactTally<Scalar: EnumerableScalar>: LeafTally {
    let stateSize: Int
    let classifier: (beta: [Scalar], gamma: Scalar)?
    let collect: Bool
    let stateLimit: Int
    var score: Scalar = .zero

    public private(set) var misclassified = 0
    var first: FirstIndices
    /// The least signed margin over all paths: min of βᵀs + γ over positive
    /// paths and of −(βᵀs + γ) over negative ones (negative when some path errs).
    public private(set) var leastMargin: Scalar?
    /// Distinct classified final states → the smallest canonical index reaching it.
    public private(set) var positiveStates: [[Scalar]: Int] = [:]
    public private(set) var negativeStates: [[Scalar]: Int] = [:]
    /// True when more than `stateLimit` distinct states were met (the sets are then dropped).
    public private(set) var stateLimitExceeded = false

    public var firstMisclassified: [Int] { first.indices }

    public init(stateSize: Int, classifier: Classifier?, collectStates: Bool, maximumStates: Int = 2_000_000,
                counterexampleLimit: Int = 5) {
        self.stateSize = stateSize
        self.classifier = classifier.map { c in (c.beta.map { Scalar(exactly: $0) }, Scalar(exactly: c.gamma)) }
        collect = collectStates
        stateLimit = maximumStates
        first = FirstIndices(limit: counterexampleLimit)
    }

    public mutating func leaf(_ final: [Scalar], index: Int, positive: Bool) {
        if let classifier {
            score.assign(classifier.gamma)
            for k in 0..<classifier.beta.count { score.addProduct(classifier.beta[k], final[k]) }
            if !positive { score.negate() }
            if let m = leastMargin { if score < m { leastMargin!.assign(score) } } else { leastMargin = score }
            if score < .zero {
                misclassified += 1
                first.insert(index)
            }
        }
        guard collect, !stateLimitExceeded else { return }
        let state = final.count == stateSize ? final : Array(final.prefix(stateSize))
        if positive {
            if let old = positiveStates[state] { if index < old { positiveStates[state] = index } }
            else { positiveStates[state] = index }
        } else {
            if let old = negativeStates[state] { if index < old { negativeStates[state] = index } }
            else { negativeStates[state] = index }
        }
        if positiveStates.count + negativeStates.count > stateLimit { dropStates() }
    }

    mutating func dropStates() {
        stateLimitExceeded = true
        positiveStates = [:]
        negativeStates = [:]
    }

    public mutating func merge(_ other: ExactTally) {
        misclassified += other.misclassified
        first.merge(other.first)
        if let m = other.leastMargin { leastMargin = leastMargin.map { Swift.min($0, m) } ?? m }
        guard collect else { return }
        if other.stateLimitExceeded { dropStates() }
        guard !stateLimitExceeded else { return }
        positiveStates.merge(other.positiveStates, uniquingKeysWith: min)
        negativeStates.merge(other.negativeStates, uniquingKeysWith: min)
        if positiveStates.count + negativeStates.count > stateLimit { dropStates() }
    }
}
