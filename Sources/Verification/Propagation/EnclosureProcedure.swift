import Cells
import Exact
import F1B

/// Enclosure propagation (`enclosure`): K = 1 cells (and LSTMs whose c never
/// reads h) in certified intervals. One sweep of the least and greatest
/// reachable state of each phase (`EnclosurePropagation`, complete while the
/// update is certified monotone) decides every requested n; for every n, the
/// sweep goes on until the hulls, slightly widened, map into themselves under
/// every input (`IntervalInvariant`).
struct EnclosureProcedure: DecisionProcedure {
    static let id = ProcedureID("enclosure", title: "enclosure propagation")
    var id: ProcedureID { Self.id }
    var guarantee: Guarantee { .sound }
    let precision: Int

    init(_ options: Checker.Options) { precision = options.precision }

    func applicability(_ problem: Problem) -> Applicability {
        guard problem.test == .flaggedOneBit else { return .notApplicable(.flaggedOneBitOnly(flags: problem.test.flags)) }
        return Self.applies(to: problem.cell).map { .notApplicable($0) } ?? .applies
    }

    /// Whether it applies: one classified number that evolves on its own (K = 1;
    /// for the LSTM, no U weights, so c never reads d).
    static func applies(to cell: CellSpecification) -> NotApplicable? {
        guard cell.stateSize == 1 else { return .needsOneDimensionalState(stateSize: cell.stateSize) }
        guard cell.model.hasTwoHalves else { return nil }
        guard cell.model == .lstm || cell.model == .urLSTM, !cell.classifiesHidden else { return .classifiedStateReadsOtherHalf }
        if cell.parameterShapes.filter({ if case .recurrentWeight = $0.role { return true } else { return false } }).contains(where: { !cell.parameter($0.name).isZero }) {
            return .classifiedStateReadsOtherHalf
        }
        return nil
    }

    /// A few interval images per phase per step, at `precision` bits (GMP
    /// costs a few times a Double operation per limb).
    func estimate(_ problem: Problem, lengths: [Int]) -> Cost {
        Cost(operations: 50 * Double(precision) / 16 * problem.operationsPerStep * Double(lengths.max() ?? 1000))
    }

    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        let derivative = problem.cell.withCell(DerivativeVisitor(precision: precision))
        let byLength = problem.cell.withCell(EnclosureSweep(problem: problem, lengths: lengths, everyLength: false, precision: precision,
                                                            derivative: derivative, budget: context.budget, id: id,
                                                            observer: context.observer, emit: context.emit)).results
        return lengths.map { byLength[$0]! }
    }

    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt {
        let derivative = problem.cell.withCell(DerivativeVisitor(precision: precision))
        let sweep = problem.cell.withCell(EnclosureSweep(problem: problem, lengths: [], everyLength: true, precision: precision,
                                                         derivative: derivative, budget: context.budget, id: id,
                                                         observer: context.observer, emit: context.emit))
        let results = sweep.results.keys.sorted().map { sweep.results[$0]! }
        return EveryLengthAttempt(outcome: sweep.everyLength!, results: results.filter { $0.verdict != .inconclusive },
                                  work: Work(steps: results.count))
    }
}

/// The sweep of `EnclosureProcedure`, in rational-endpoint intervals.
struct EnclosureSweep: CellVisitor {
    typealias Scalar = Interval
    let problem: Problem
    let lengths: [Int]
    let everyLength: Bool
    let precision: Int
    let derivative: @Sendable (Interval, StepInput) -> Interval
    let budget: Budget
    let id: ProcedureID
    let observer: CheckObserver
    let emit: @Sendable (LengthResult) -> Void
    var context: Int { precision }

    struct SweepResult {
        var results: [Int: LengthResult] = [:]
        var everyLength: EveryLengthOutcome?
    }

    func visit<C: RecurrentCell>(_ cell: C) -> SweepResult where C.Scalar == Interval {
        var sweep = EnclosurePropagation(cell: cell, derivative: derivative)
        var out = SweepResult()
        let wanted = Set(lengths)
        let deepest = everyLength ? min(budget.depth, 20_000) : (lengths.max() ?? 0)
        func open(_ n: Int, _ reason: OpenReason) -> LengthResult {
            LengthResult(length: n, outcome: .open(reason), procedure: id, arithmetic: .intervals,
                         pathCount: Path.count(length: n), precision: precision, work: Work(steps: sweep.depth))
        }
        var stop: OpenReason?
        for n in 1...max(deepest, 1) {
            if let exhausted = budget.exhaustion { stop = exhausted; break }
            guard sweep.advance() else { stop = .notMonotone(step: n); break }
            observer.progress("enclosure propagation", n, deepest)
            guard everyLength || wanted.contains(n) else { continue }
            let outcome = sweep.decision(classifier: problem.classifier, precision: precision)
            out.results[n] = LengthResult(length: n, outcome: outcome, procedure: id, arithmetic: .intervals,
                                          pathCount: Path.count(length: n), precision: precision, work: Work(steps: n))
            if outcome.verdict != .inconclusive { emit(out.results[n]!) }
            guard everyLength else { continue }
            switch outcome {
            case .fail:
                out.everyLength = .fails(at: n)
                return out
            case .open(let reason):
                out.everyLength = .open(reason)
                return out
            case .pass:
                if let invariant = IntervalInvariant.find(sweep, classifier: problem.classifier) {
                    out.everyLength = .certificate(EveryLengthCertificate(
                        kind: .invariantIntervals(before: invariant.before, positive: invariant.positive,
                                                  negative: invariant.negative, classifier: invariant.classifier),
                        from: n))
                    return out
                }
            }
        }
        for n in lengths where out.results[n] == nil { out.results[n] = open(n, stop ?? .notMonotone(step: sweep.depth + 1)) }
        if everyLength { out.everyLength = .open(stop ?? .noInvariant(depth: deepest)) }
        return out
    }
}

extension EnclosurePropagation {
    /// The outcome for F1B(n), n the current depth, from the bounds of the two after-flag phases.
    func decision(classifier: Classifier?, precision: Int) -> Outcome {
        func extreme(_ phase: Phase, _ side: Side) -> OneDimensionalDecision.Extreme {
            let b = bound(phase, side)
            return .init(enclosure: b.enclosure, witness: b.witness, path: { self.path(phase, side) })
        }
        return OneDimensionalDecision(positiveLeast: extreme(.positive, .least), positiveGreatest: extreme(.positive, .greatest),
                                      negativeLeast: extreme(.negative, .least), negativeGreatest: extreme(.negative, .greatest))
            .outcome(classifier: classifier, precision: precision)
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
