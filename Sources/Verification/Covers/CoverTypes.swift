import Cells
import Constructions
import Exact
import F1B

/// What a cover looked like when it decided an n.
public struct CoverStatistics: Sendable, Equatable {
    /// Boxes in C_b(n), C₊(n), C₋(n).
    public var before: Int
    public var positive: Int
    public var negative: Int
    /// Leaves of the partition, and refinement rounds, when it was decided.
    public var leaves: Int
    public var rounds: Int
}

/// The every-n certificate of covers: boxes H_b, H₊, H₋ that every input maps
/// into themselves (each box's certified image meets only boxes of its target
/// set), containing the covers of step `from`, with H₊ and H₋ on their sides.
public struct CoverInvariant: Sendable, Equatable {
    public var from: Int
    /// Boxes of the full state, exact endpoints, per phase (before, +1, −1).
    public var before: [[Interval]]
    public var positive: [[Interval]]
    public var negative: [[Interval]]
    public var classifier: Classifier
    /// The a-priori box every reachable state lies in (`StateBound`), images clipped to it; nil when none.
    public var bound: [Interval]?
}

/// The classifier a cover is judged by: the file's, or, without one, a
/// classifier found for each layer (`CoverSeparation`).
struct CoverClassifier {
    let given: BoxClassification?
    let stateSize: Int

    init(_ classifier: Classifier?, stateSize: Int) {
        given = classifier.map { BoxClassification(classifier: $0, stateSize: stateSize) }
        self.stateSize = stateSize
    }

    /// The classifier for these after-flag covers (nil: none separates them)
    /// and their leaves whose boxes it does not certify (per phase; empty when it passes).
    func decide(positive: [(leaf: Int32, box: [DoubleInterval])], negative: [(leaf: Int32, box: [DoubleInterval])])
        -> (classifier: BoxClassification?, unsettled: [[Int32]]) {
        let rule: BoxClassification
        if let given {
            rule = given
        } else {
            guard let found = CoverSeparation.classifier(positive: positive.map(\.box), negative: negative.map(\.box), stateSize: stateSize)
            else { return (nil, [[], [], []]) }
            rule = BoxClassification(classifier: found, stateSize: stateSize)
        }
        return (rule, [[], rule.unsettled(positive, .positive), rule.unsettled(negative, .negative)])
    }
}

