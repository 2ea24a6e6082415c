import Exact
import F1B

/// The classifier-free part of a check, shared by every exact engine: given
/// the distinct classified final states of each class (each with a way to name
/// a path reaching it), decide separability exactly — a pass with the found
/// classifier and its margin, or a fail with the non-separability certificate.
struct SeparabilityDecision {
    struct Point {
        var state: [Rational]
        var path: () -> Path
    }

    let positive: [Point]
    let negative: [Point]

    func decision() -> LinearSeparation {
        LinearSeparation.decide(positive: positive.map(\.state), negative: negative.map(\.state))
    }

    var distinct: (positive: Int, negative: Int) { (positive.count, negative.count) }

    /// The outcome without a classifier in the file.
    func outcome(evidence: PassEvidence) -> Outcome {
        switch decision() {
        case .separable(let found, let margin):
            return .pass(Certificate(evidence: evidence, classifier: found, classifierFound: true,
                                     margin: Margin(value: margin), distinctStates: distinct))
        case .inseparable(let pos, let neg, let point):
            func weighted(_ w: LinearSeparation.Weighted, _ points: [Point]) -> WeightedPath {
                WeightedPath(weight: w.weight, path: points[w.index].path(), finalState: points[w.index].state)
            }
            return .fail(Refutation(counterexample: .inseparable(positive: pos.map { weighted($0, positive) },
                                                                 negative: neg.map { weighted($0, negative) }, point: point),
                                    classifier: nil, count: nil, distinctStates: distinct))
        }
    }

    /// When the file's classifier fails: another classifier that separates, if any.
    func alternative() -> (classifier: Classifier, margin: Rational)? {
        if case .separable(let c, let m) = decision() { return (c, m) }
        return nil
    }
}
