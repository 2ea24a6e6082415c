import Cells
import Exact
import F1B

/// `f1b check` for tanh/σ cells at one n by enumerating every path in
/// certified interval arithmetic (any K; n limited by --max-paths).
struct IntervalEnumerationCheck: CellVisitor {
    typealias Scalar = Interval
    let length: Int
    let classifier: Classifier?
    let precision: Int
    let options: Checker.Options
    var context: Int { precision }

    func visit<C: RecurrentCell>(_ cell: C) -> LengthResult where C.Scalar == Interval {
        let n = length
        let K = cell.stateSize
        var result = LengthResult(length: n, verdict: .inconclusive, arithmetic: .intervals,
                                  method: "exhaustive enumeration", pathCount: Path.count(length: n),
                                  classifier: classifier, classifierFound: false)
        result.precision = precision
        let (c, p, limit, boxes) = (classifier, precision, options.counterexampleLimit, options.maximumStates)
        let tally = ExhaustiveEnumerator(cell: cell).walk(length: n) {
            IntervalTally(stateSize: K, classifier: c, precision: p, boxLimit: boxes, counterexampleLimit: limit)
        }
        func scored(_ index: Int) -> ScoredPath {
            let path = Path(length: n, index: index)
            let state = cell.classifiedState(cell.run(path))
            let score = classifier.map { c in
                zip(c.beta, state).reduce(Interval(c.gamma, precision: p)) { $0 + Interval($1.0, precision: p) * $1.1 }
            }
            return ScoredPath(path: path, finalState: [], score: nil, finalEnclosure: state, scoreEnclosure: score)
        }
        if classifier != nil {
            result.undecided = BigInteger(tally.undecided)
            if tally.wrong > 0 {
                result.verdict = .fail
                result.misclassifiedAtLeast = BigInteger(tally.wrong)
                result.counterexample = .misclassified(tally.firstWrong.indices.map(scored))
                result.reason = "at least \(tally.wrong) paths certified misclassified\(tally.undecided > 0 ? ", \(tally.undecided) undecided" : ""); exact Pe ≥ \(tally.wrong)/\(result.pathCount)"
            } else if tally.undecided > 0 {
                let first = Path(length: n, index: tally.firstUndecided.indices[0])
                result.reason = "\(tally.undecided) paths have score enclosures containing the threshold at \(p) bits (first: \(first)); raise --precision"
            } else {
                result.verdict = .pass
                result.misclassified = 0
                result.errorProbability = 0
                result.margin = tally.leastMargin
            }
            return result
        }
        guard !tally.boxLimitExceeded else {
            result.reason = "more than \(options.maximumStates) distinct final enclosures (--max-states)"
            return result
        }
        result.distinctStates = (tally.positive.count, tally.negative.count)
        let positiveBoxes = tally.positive.indices, negativeBoxes = tally.negative.indices
        if K == 1 {
            func extremes(_ boxes: [[Interval]: Int]) -> (OneDimensionalDecision.Extreme, OneDimensionalDecision.Extreme) {
                let all = boxes.map { ($0.key[0], $0.value) }
                let low = all.min { $0.0.upper < $1.0.upper || ($0.0.upper == $1.0.upper && $0.1 < $1.1) }!
                let high = all.max { $0.0.lower < $1.0.lower || ($0.0.lower == $1.0.lower && $0.1 > $1.1) }!
                let least = Interval(lower: all.map(\.0.lower).min()!, upper: low.0.upper)
                let greatest = Interval(lower: high.0.lower, upper: all.map(\.0.upper).max()!)
                return (.init(enclosure: least, witness: low.0, path: { Path(length: n, index: low.1) }),
                        .init(enclosure: greatest, witness: high.0, path: { Path(length: n, index: high.1) }))
            }
            let (pl, pg) = extremes(positiveBoxes), (nl, ng) = extremes(negativeBoxes)
            OneDimensionalDecision(positiveLeast: pl, positiveGreatest: pg, negativeLeast: nl, negativeGreatest: ng)
                .apply(to: &result, classifier: nil)
            return result
        }
        // K ≥ 2: a classifier from the midpoints (exact LP), certified on every enclosure.
        let pos = positiveBoxes.sorted { $0.value < $1.value }, neg = negativeBoxes.sorted { $0.value < $1.value }
        let decision = LinearSeparation.decide(positive: pos.map { $0.key.map(\.midpoint) }, negative: neg.map { $0.key.map(\.midpoint) })
        guard case .separable(let candidate, _) = decision else {
            let points = { (boxes: [([Interval], Int)]) in boxes.map { RadonCertificate.Point(box: $0.0, path: Path(length: n, index: $0.1)) } }
            if let radon = RadonCertificate.find(positive: points(pos.map { ($0.key, $0.value) }), negative: points(neg.map { ($0.key, $0.value) })) {
                result.verdict = .fail
                result.counterexample = radon.counterexample
            } else {
                result.reason = "the midpoints of the final enclosures are not linearly separable, but no K + 2 of them certify it at \(p) bits (raise --precision)"
            }
            return result
        }
        func score(_ box: [Interval]) -> Interval {
            zip(candidate.beta, box).reduce(Interval(candidate.gamma, precision: p)) { $0 + Interval($1.0, precision: p) * $1.1 }
        }
        let certified = pos.allSatisfy { Classification.certify(score($0.key), label: .positive) == .correct }
            && neg.allSatisfy { Classification.certify(score($0.key), label: .negative) == .correct }
        guard certified else {
            result.reason = "the classifier separating the midpoints is not certified on every enclosure at \(p) bits (raise --precision)"
            return result
        }
        result.verdict = .pass
        result.classifier = candidate
        result.classifierFound = true
        result.margin = (pos.map { Margin(value: score($0.key).lower, tie: .positive) }
            + neg.map { Margin(value: -score($0.key).upper, tie: .negative) }).reduce(into: Margin?.none) { $0.include($1) }
        result.misclassified = 0
        result.errorProbability = 0
        return result
    }
}
