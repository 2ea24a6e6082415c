import Cells
import Exact
import F1B

/// `f1b check` for K = 1 cells at any n by enclosure propagation: one sweep
/// gives a certified verdict for every requested n.
struct EnclosureCheck: CellVisitor {
    typealias Scalar = Interval
    let lengths: [Int]
    let classifier: Classifier?
    let precision: Int
    let derivative: @Sendable (Interval, StepInput) -> Interval
    var observer = CheckObserver()
    var context: Int { precision }

    func visit<C: RecurrentCell>(_ cell: C) -> [Int: LengthResult] where C.Scalar == Interval {
        var sweep = EnclosurePropagation(cell: cell, derivative: derivative)
        let wanted = Set(lengths)
        var results: [Int: LengthResult] = [:]
        let deepest = lengths.max() ?? 0
        for n in 1...deepest {
            guard sweep.advance() else { break }
            observer.step(n, deepest)
            guard wanted.contains(n) else { continue }
            let r = sweep.decision(classifier: classifier, precision: precision)
            results[n] = r
            // A pass or fail of enclosure propagation is final; an undecided n may go on to other methods.
            if r.verdict != .inconclusive { observer.decided(r) }
        }
        if let reason = sweep.stopReason {
            for n in lengths where results[n] == nil {
                var result = LengthResult(length: n, verdict: .inconclusive, arithmetic: .intervals,
                                          method: "enclosure propagation", pathCount: Path.count(length: n),
                                          classifier: classifier, classifierFound: false)
                result.precision = precision
                result.reason = reason
                results[n] = result
            }
        }
        return results
    }
}

extension EnclosurePropagation {
    /// The verdict for F1B(n), n the current depth, from the bounds of the two after-flag phases.
    func decision(classifier: Classifier?, precision: Int) -> LengthResult {
        let n = depth
        var result = LengthResult(length: n, verdict: .inconclusive, arithmetic: .intervals,
                                  method: "enclosure propagation", pathCount: Path.count(length: n),
                                  classifier: classifier, classifierFound: false)
        result.precision = precision
        func extreme(_ phase: Phase, _ side: Side) -> OneDimensionalDecision.Extreme {
            let b = bound(phase, side)
            return .init(enclosure: b.enclosure, witness: b.witness, path: { self.path(phase, side) })
        }
        OneDimensionalDecision(positiveLeast: extreme(.positive, .least), positiveGreatest: extreme(.positive, .greatest),
                               negativeLeast: extreme(.negative, .least), negativeGreatest: extreme(.negative, .greatest))
            .apply(to: &result, classifier: classifier)
        return result
    }
}

/// Builds ∂F/∂s enclosed over an interval of states, from the cell's one
/// definition run in `IntervalDual`.
struct DerivativeVisitor: CellVisitor {
    typealias Scalar = IntervalDual
    let precision: Int
    var context: Int { precision }

    func visit<C: RecurrentCell>(_ cell: C) -> @Sendable (Interval, StepInput) -> Interval where C.Scalar == IntervalDual {
        { hull, input in
            var state = cell.initialState
            state[0] = IntervalDual(value: hull, derivative: Interval(1))
            var next = state
            cell.step(state, input, into: &next)
            return next[0].derivative
        }
    }
}
