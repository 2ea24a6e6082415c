import Exact
import F1B

/// Separability of final-state enclosures when the file has no classifier
/// (every path seen, each with a certified box): K = 1 from the extremes
/// (`OneDimensionalDecision`); K ≥ 2 a classifier from the boxes' midpoints
/// by exact LP, certified on every box — or, where the midpoints are not
/// separable, a Radon certificate that no classifier exists.
enum EnclosureSeparation {
    /// Boxes (exact endpoints) of each class, each with the least canonical index reaching it.
    static func decide(positive: [([Interval], Int)], negative: [([Interval], Int)], length n: Int, precision: Int) -> Outcome {
        let distinct = (positive: positive.count, negative: negative.count)
        guard let K = (positive.first ?? negative.first)?.0.count else {
            return .pass(Certificate(evidence: .everyPath, classifier: nil, classifierFound: false))
        }
        if K == 1 {
            func extremes(_ boxes: [([Interval], Int)]) -> (OneDimensionalDecision.Extreme, OneDimensionalDecision.Extreme) {
                let all = boxes.map { ($0.0[0], $0.1) }
                let low = all.min { $0.0.upper < $1.0.upper || ($0.0.upper == $1.0.upper && $0.1 < $1.1) }!
                let high = all.max { $0.0.lower < $1.0.lower || ($0.0.lower == $1.0.lower && $0.1 > $1.1) }!
                let least = Interval(lower: all.map(\.0.lower).min()!, upper: low.0.upper)
                let greatest = Interval(lower: high.0.lower, upper: all.map(\.0.upper).max()!)
                return (.init(enclosure: least, witness: low.0, path: { Path(length: n, index: low.1) }),
                        .init(enclosure: greatest, witness: high.0, path: { Path(length: n, index: high.1) }))
            }
            guard !positive.isEmpty, !negative.isEmpty else { return .open(.noClassifierCertified(precision: precision)) }
            let (pl, pg) = extremes(positive), (nl, ng) = extremes(negative)
            var outcome = OneDimensionalDecision(positiveLeast: pl, positiveGreatest: pg, negativeLeast: nl, negativeGreatest: ng)
                .outcome(classifier: nil, precision: precision)
            if case .pass(var c) = outcome {
                c.evidence = .everyPath
                c.distinctStates = distinct
                outcome = .pass(c)
            }
            return outcome
        }
        let pos = positive.sorted { $0.1 < $1.1 }, neg = negative.sorted { $0.1 < $1.1 }
        let decision = LinearSeparation.decide(positive: pos.map { $0.0.map(\.midpoint) }, negative: neg.map { $0.0.map(\.midpoint) })
        guard case .separable(let candidate, _) = decision else {
            let points = { (boxes: [([Interval], Int)]) in boxes.map { RadonCertificate.Point(box: $0.0, path: Path(length: n, index: $0.1)) } }
            if let radon = RadonCertificate.find(positive: points(pos), negative: points(neg)) {
                return .fail(Refutation(counterexample: radon.counterexample, classifier: nil, count: nil, distinctStates: distinct))
            }
            return .open(.noClassifierCertified(precision: precision))
        }
        func score(_ box: [Interval]) -> Interval {
            zip(candidate.beta, box).reduce(Interval(candidate.gamma, precision: precision)) { $0 + Interval($1.0, precision: precision) * $1.1 }
        }
        let certified = pos.allSatisfy { Classification.certify(score($0.0), label: .positive) == .correct }
            && neg.allSatisfy { Classification.certify(score($0.0), label: .negative) == .correct }
        guard certified else { return .open(.noClassifierCertified(precision: precision)) }
        let margin = (pos.map { Margin(value: score($0.0).lower, tie: .positive) }
            + neg.map { Margin(value: -score($0.0).upper, tie: .negative) }).reduce(into: Margin?.none) { $0.include($1) }
        return .pass(Certificate(evidence: .everyPath, classifier: candidate, classifierFound: true, margin: margin, distinctStates: distinct))
    }
}
