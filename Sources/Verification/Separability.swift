import Exact
import F1B

/// The classifier-free part of a check, shared by every exact engine: given
/// the distinct classified final states of each class (each with a way to name
/// a path reaching it), decide separability exactly and fill in the verdict,
/// the found classifier and margin, or the non-separability certificate.
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

    /// Fills verdict, classifier, margin or counterexample of `result` (no classifier in the file).
    func apply(to result: inout LengthResult) {
        result.distinctStates = (positive.count, negative.count)
        switch decision() {
        case .separable(let found, let margin):
            result.verdict = .pass
            result.classifier = found
            result.classifierFound = true
            result.margin = Margin(value: margin)
            result.misclassified = 0
            result.errorProbability = 0
        case .inseparable(let pos, let neg, let point):
            result.verdict = .fail
            func weighted(_ w: LinearSeparation.Weighted, _ points: [Point]) -> WeightedPath {
                WeightedPath(weight: w.weight, path: points[w.index].path(), finalState: points[w.index].state)
            }
            result.counterexample = .inseparable(positive: pos.map { weighted($0, positive) },
                                                 negative: neg.map { weighted($0, negative) }, point: point)
        }
    }

    /// When the file's classifier fails: another classifier that separates, if any.
    func alternative() -> (classifier: Classifier, margin: Rational)? {
        if case .separable(let c, let m) = decision() { return (c, m) }
        return nil
    }
}
