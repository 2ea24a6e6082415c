import Cells
import Exact
import F1B

/// Reachable-set dynamic programming (`dp`, complete): piecewise-linear cells
/// in exact rationals. One sweep answers every requested n — the after-flag
/// sets of layer n are exactly F1B(n)'s final states, with exact path counts
/// for Pe — and a layer that repeats an earlier one answers every n at once
/// (`ReachableSets`).
struct ReachableSetProcedure: DecisionProcedure {
    static let id = ProcedureID("dp", title: "reachable-set DP")
    var id: ProcedureID { Self.id }
    var guarantee: Guarantee { .complete }
    let detectRepetition: Bool
    let counterexampleLimit: Int

    init(_ options: Checker.Options) {
        detectRepetition = options.detectRepetition
        counterexampleLimit = options.counterexampleLimit
    }

    func applicability(_ problem: Problem) -> Applicability {
        guard problem.test == .flaggedOneBit else { return .notApplicable(.flaggedOneBitOnly(flags: problem.test.flags)) }
        return problem.isPiecewiseLinear ? .applies : .notApplicable(.needsPiecewiseLinearCell)
    }

    /// Usually a few states per phase: cheap, and it stops at its state budget when not.
    func estimate(_ problem: Problem, lengths: [Int]) -> Cost {
        let K = Double(problem.stateSize)
        return Cost(operations: 100 * K * K * Double(max(lengths.max() ?? 100, 1)))
    }

    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        let outcome = problem.cell.withCell(ReachableSetSweep<Rational>(
            problem: problem, lengths: lengths, untilRepeat: nil, budget: context.budget, id: id,
            detectRepetition: detectRepetition, counterexampleLimit: counterexampleLimit, observer: context.observer, emit: context.emit))
        return lengths.map { n in
            outcome.results[n] ?? open(problem, n, outcome.stop ?? .budget(.states(context.budget.states)), arithmetic: .exact,
                                       work: Work(states: outcome.storedEntries, steps: outcome.depth))
        }
    }

    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt {
        let outcome = problem.cell.withCell(ReachableSetSweep<Rational>(
            problem: problem, lengths: [], untilRepeat: context.budget.depth, budget: context.budget, id: id,
            detectRepetition: detectRepetition, counterexampleLimit: counterexampleLimit, observer: context.observer, emit: context.emit))
        let results = outcome.results.keys.sorted().map { outcome.results[$0]! }
        let work = Work(states: outcome.storedEntries, steps: outcome.depth)
        if let fail = results.first(where: { $0.verdict == .fail }) {
            return EveryLengthAttempt(outcome: .fails(at: fail.length), results: results, work: work)
        }
        if let certificate = outcome.certificate {
            return EveryLengthAttempt(outcome: .certificate(certificate), results: results, work: work)
        }
        let reason = outcome.stop ?? .notRepeating(depth: outcome.depth, states: outcome.storedEntries)
        return EveryLengthAttempt(outcome: .open(reason), results: results, work: work)
    }
}

/// The sweep of `ReachableSetProcedure`, in the visitor's exact number system.
struct ReachableSetSweep<Scalar: EnumerableScalar>: CellVisitor {
    let problem: Problem
    let lengths: [Int]
    /// Sweep until the layers repeat (every n), up to this depth.
    let untilRepeat: Int?
    let budget: Budget
    let id: ProcedureID
    let detectRepetition: Bool
    let counterexampleLimit: Int
    let observer: CheckObserver
    let emit: @Sendable (LengthResult) -> Void

    struct SweepResult {
        /// A result per n the sweep reached (requested ones; every stored one for every n).
        var results: [Int: LengthResult] = [:]
        var certificate: EveryLengthCertificate?
        var stop: OpenReason?
        var depth = 0
        var storedEntries = 0
    }

    func visit<C: RecurrentCell>(_ cell: C) -> SweepResult where C.Scalar == Scalar {
        var sets = ReachableSets(cell: cell)
        let target = max(lengths.max() ?? 0, untilRepeat ?? 0)
        sets.extend(to: target, maximumStates: budget.states, detectRepetition: detectRepetition,
                    shouldStop: { budget.isExhausted })
        var outcome = SweepResult(depth: sets.depth, storedEntries: sets.storedEntries)
        if sets.stoppedAtStateLimit { outcome.stop = .budget(.states(budget.states)) }
        if let exhausted = budget.exhaustion, !sets.covers(target) { outcome.stop = exhausted }
        // A passing layer passes for every n that shares it: only the path count differs.
        var passes: [Int: LengthResult] = [:]
        func result(_ n: Int) -> LengthResult? {
            guard sets.covers(n) else { return nil }
            let stored = sets.storedIndex(n)
            if var r = passes[stored] {
                r.length = n
                r.pathCount = Path.count(length: n)
                return r
            }
            let r = decide(sets, length: n)
            if r.verdict == .pass { passes[stored] = r }
            return r
        }
        for (i, n) in lengths.enumerated() {
            outcome.results[n] = result(n)
            if let r = outcome.results[n] { emit(r) }
            observer.progress("reachable-set DP", i + 1, lengths.count)
        }
        guard untilRepeat != nil, let start = sets.repeatStart, let period = sets.period else { return outcome }
        // Every n ≥ 1 equals some stored layer 1…depth.
        for n in 1...sets.depth { outcome.results[n] = result(n) }
        let layers = (start..<sets.depth).map { t in
            let layer = sets.layers[t]
            func exact(_ phase: Phase) -> [[Rational]] { sets.states(layer, phase).map { $0.map(\.exactValue) } }
            return ReachableLayer(step: t, beforeFlag: exact(.beforeFlag), positive: exact(.positive), negative: exact(.negative))
        }
        outcome.certificate = EveryLengthCertificate(kind: .repeatingSets(period: period, layers: layers), from: start)
        return outcome
    }

    func decide<C: RecurrentCell>(_ sets: ReachableSets<C>, length n: Int) -> LengthResult where C.Scalar == Scalar {
        let layer = sets.layer(n)
        let K = sets.cell.stateSize
        // Distinct classified states per class (the LSTM's d is not classified), each with a path.
        func points(_ phase: Phase) -> [SeparabilityDecision.Point] {
            var seen = Set<[Rational]>()
            var out: [SeparabilityDecision.Point] = []
            for i in layer.range(phase) {
                let s = sets.state(layer, i).prefix(K).map(\.exactValue)
                if seen.insert(s).inserted { out.append(.init(state: s, path: { sets.path(toState: i, inLayer: n) })) }
            }
            return out
        }
        let decision = SeparabilityDecision(positive: points(.positive), negative: points(.negative))
        func result(_ outcome: Outcome) -> LengthResult {
            LengthResult(length: n, outcome: outcome, procedure: id, arithmetic: .exact, pathCount: Path.count(length: n),
                         work: Work(states: sets.storedEntries, steps: sets.depth))
        }
        guard let classifier = problem.classifier else { return result(decision.outcome(evidence: .reachableSets)) }
        var wrong: [Int] = []
        var margin: Margin?
        for (phase, label) in [(Phase.positive, ClassLabel.positive), (.negative, .negative)] {
            for i in layer.range(phase) {
                let score = classifier.score(sets.state(layer, i).prefix(K).map(\.exactValue))
                if !Classification.isCorrect(score, label: label) { wrong.append(i) }
                margin.include(Margin(score: score, label: label))
            }
        }
        if wrong.isEmpty {
            return result(.pass(Certificate(evidence: .reachableSets, classifier: classifier, margin: margin,
                                            distinctStates: decision.distinct)))
        }
        let counts = sets.pathCounts(atLayer: n)
        let misclassified = wrong.reduce(BigInteger(0)) { $0 + counts[$1] }
        // The first path of each misclassified state, in canonical order: the
        // first of them is the first misclassified path of F1B(n).
        let paths = wrong.map { i in (i, sets.path(toState: i, inLayer: n)) }
            .sorted { $0.1.canonicallyPrecedes($1.1) }
            .prefix(counterexampleLimit)
        let shown = paths.map { i, path in
            let s = sets.state(layer, i).prefix(K).map(\.exactValue)
            return ScoredPath(path: path, finalState: s, score: classifier.score(s))
        }
        return result(.fail(Refutation(counterexample: .misclassified(shown), classifier: classifier, count: .exact(misclassified),
                                       margin: margin, separatingClassifier: decision.alternative(),
                                       distinctStates: decision.distinct)))
    }
}
