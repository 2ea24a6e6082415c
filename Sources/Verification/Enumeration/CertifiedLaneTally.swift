import Cells
import Exact
import F1B

/// The leaf tally of certified enumeration in lanes: with a classifier, each
/// final score's enclosure is certified on the correct side, certified on the
/// wrong side, or undecided (kept for a precise re-run); without one, the
/// final enclosures of each class themselves.
struct CertifiedLaneTally<Lanes: CertifiedLanes>: LaneTally {
    let stateSize: Int
    let classifier: (beta: [Lanes], gamma: Lanes)?
    /// Undecided paths kept by index up to this many (beyond, only counted).
    let undecidedLimit: Int

    private(set) var wrong = 0
    private(set) var firstWrong: FirstIndices
    private(set) var undecided: [Int] = []
    private(set) var undecidedCount = 0
    /// A certified lower bound on the least signed margin label·(βᵀs + γ) over the placed paths.
    private(set) var leastMargin = Double.infinity
    /// Whether a negative path's margin bound is the least one (a tie would be wrong there).
    private(set) var leastMarginIsNegative = false
    /// Final enclosures of each class → least canonical index (no classifier).
    private(set) var positive: FirstIndexMap<[DoubleInterval]>
    private(set) var negative: FirstIndexMap<[DoubleInterval]>

    init(stateSize: Int, classifier: Classifier?, boxLimit: Int, counterexampleLimit: Int, undecidedLimit: Int = 1 << 20) {
        self.stateSize = stateSize
        self.classifier = classifier.map { c in (c.beta.map { Lanes(exactly: $0) }, Lanes(exactly: c.gamma)) }
        self.undecidedLimit = undecidedLimit
        firstWrong = FirstIndices(limit: counterexampleLimit)
        positive = FirstIndexMap(limit: boxLimit)
        negative = FirstIndexMap(limit: boxLimit)
    }

    mutating func leaves(_ state: [Lanes], count: Int, indices: [Int], positive isPositive: [Bool]) {
        guard let classifier else {
            for i in 0..<count {
                let box = (0..<stateSize).map { state[$0].lane(i) }
                if isPositive[i] { positive.insert(box, indices[i]) } else { negative.insert(box, indices[i]) }
            }
            return
        }
        var score = classifier.gamma
        for k in 0..<stateSize { score.addProduct(classifier.beta[k], state[k]) }
        for i in 0..<count {
            let s = score.lane(i)
            let label: ClassLabel = isPositive[i] ? .positive : .negative
            switch Classification.certify(s, label: label) {
            case .correct:
                let margin = isPositive[i] ? s.lower : -s.upper
                if margin < leastMargin || (margin == leastMargin && !isPositive[i]) {
                    leastMargin = margin
                    leastMarginIsNegative = !isPositive[i]
                }
            case .wrong:
                wrong += 1
                firstWrong.insert(indices[i])
            case .undecided:
                undecidedCount += 1
                if undecided.count < undecidedLimit { undecided.append(indices[i]) }
            }
        }
    }

    mutating func merge(_ other: CertifiedLaneTally) {
        wrong += other.wrong
        firstWrong.merge(other.firstWrong)
        undecidedCount += other.undecidedCount
        undecided += other.undecided.prefix(max(0, undecidedLimit - undecided.count))
        if other.leastMargin < leastMargin || (other.leastMargin == leastMargin && other.leastMarginIsNegative) {
            leastMargin = other.leastMargin
            leastMarginIsNegative = other.leastMarginIsNegative
        }
        positive.merge(other.positive)
        negative.merge(other.negative)
    }
}
