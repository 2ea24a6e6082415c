import Cells
import Exact
import F1B

/// The leaf tally of certified enumeration: each final state's enclosure is
/// certified on the correct side of the classifier, certified on the wrong
/// side, or undecided; without a classifier, the enclosures themselves.
public struct IntervalTally: LeafTally {
    public typealias Scalar = Interval
    let stateSize: Int
    let classifier: (beta: [Interval], gamma: Interval)?

    public private(set) var wrong = 0
    public private(set) var undecided = 0
    var firstWrong: FirstIndices
    var firstUndecided = FirstIndices(limit: 1)
    /// A certified lower bound on the least signed margin.
    var leastMargin: Margin?
    /// Final enclosures of each class → least canonical index (deduplicated); dropped past the limit.
    var positive: FirstIndexMap<[Interval]>
    var negative: FirstIndexMap<[Interval]>
    var boxLimitExceeded: Bool { positive.exceeded || negative.exceeded }

    public init(stateSize: Int, classifier: Classifier?, precision: Int, boxLimit: Int, counterexampleLimit: Int) {
        self.stateSize = stateSize
        self.classifier = classifier.map { c in (c.beta.map { Interval($0, precision: precision) }, Interval(c.gamma, precision: precision)) }
        positive = FirstIndexMap(limit: boxLimit)
        negative = FirstIndexMap(limit: boxLimit)
        firstWrong = FirstIndices(limit: counterexampleLimit)
    }

    public mutating func leaf(_ final: [Interval], index: Int, positive isPositive: Bool) {
        if let classifier {
            var score = classifier.gamma
            for k in 0..<classifier.beta.count { score = score + classifier.beta[k] * final[k] }
            let label: ClassLabel = isPositive ? .positive : .negative
            switch Classification.certify(score, label: label) {
            case .correct:
                let margin = Margin(value: (isPositive ? score : -score).lower, tie: label)
                leastMargin.include(margin)
            case .wrong:
                wrong += 1
                firstWrong.insert(index)
            case .undecided:
                undecided += 1
                firstUndecided.insert(index)
            }
            return
        }
        guard !boxLimitExceeded else { return }
        let box = Array(final.prefix(stateSize))
        if isPositive { positive.insert(box, index) } else { negative.insert(box, index) }
    }

    public mutating func merge(_ other: IntervalTally) {
        wrong += other.wrong
        undecided += other.undecided
        firstWrong.merge(other.firstWrong)
        firstUndecided.merge(other.firstUndecided)
        if let m = other.leastMargin { leastMargin.include(m) }
        positive.merge(other.positive)
        negative.merge(other.negative)
    }
}
