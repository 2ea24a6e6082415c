import Cells
import Exact
import F1B
import Sharding

/// Exhaustive enumeration (`enumerate`, complete): every one of the n·2^n
/// paths of F1B(n), prefixes shared. Piecewise-linear cells in exact
/// rationals; tanh/σ cells in certified Double lanes first (`LaneEnumerator`,
/// `width` paths per cell step, outward-rounded), with only the paths whose
/// score enclosure holds 0 recomputed in rational-endpoint intervals at the
/// run's precision. Where every path is placed the error count is exact and
/// Pe the reduced fraction; where some stay undecided it is a bracket.
///
/// Chosen when its estimated work fits: the paths within the work budget and,
/// under a time limit, its estimated time (calibrated on this cell) within
/// what is left.
struct EnumerationProcedure: TimedProcedure {
    static let id = ProcedureID("enumerate", title: "exhaustive enumeration")
    var id: ProcedureID { Self.id }
    var guarantee: Guarantee { .complete }
    let precision: Int
    let counterexampleLimit: Int

    init(_ options: Checker.Options) {
        precision = options.precision
        counterexampleLimit = options.counterexampleLimit
    }

    func applicability(_ problem: Problem) -> Applicability {
        .flaggedOneBitOnly(problem)
    }

    /// About two cell steps per path (prefixes shared); exact rationals cost far more than Double lanes.
    func estimate(_ problem: Problem, lengths: [Int]) -> Cost {
        guard !lengths.isEmpty, lengths.allSatisfy({ $0 <= 57 }) else { return .unaffordable }
        let paths = lengths.reduce(0.0) { $0 + Double($1) * Double(sign: .plus, exponent: $1, significand: 1) }
        return Cost(operations: 2 * paths * problem.operationsPerStep * (problem.isPiecewiseLinear ? 20 : 1))
    }

    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        lengths.map { n in
            let paths = Path.count(length: n)
            guard n <= 57, paths <= context.budget.paths else {
                return open(problem, n, .budget(.paths(context.budget.paths)), arithmetic: arithmetic(problem))
            }
            if let left = context.budget.secondsLeft, !clearlyFits(problem, length: n, secondsLeft: left) {
                let seconds = estimatedSeconds(problem, length: n, threads: context.budget.threads)
                if seconds > left {
                    return open(problem, n, .wouldExceedTimeLimit(estimatedSeconds: seconds, secondsLeft: left), arithmetic: arithmetic(problem))
                }
            }
            context.observer.note("n = \(n): enumerating \(paths) paths")
            // Its own wall time — the cell built in its number system, the walk, the re-certified
            // paths — without the process's start and the file's reading: what a float enumeration
            // timed inside its own process compares with.
            let start = ContinuousClock.now
            var result = problem.isPiecewiseLinear ? exact(problem, n, context) : certified(problem, n, context)
            result.work.seconds = (ContinuousClock.now - start).seconds
            context.emit(result)
            return result
        }
    }

    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt {
        EveryLengthAttempt(outcome: .open(.notApplicable(.lengthsOnly)))
    }

    /// Whether a certified-lane walk fits the time left without timing the
    /// cell (which builds it once more: for an LSTM with K = 32 that took
    /// 3–4 ms, a tenth of walking n = 10): at a deliberately slow 5 ns per
    /// operation of `estimate` on one thread — about 17 times the measured
    /// cost (that LSTM at n = 10: 1.0·10⁸ operations walked in 30 ms) — the
    /// walk must take at most a twentieth of the time left. Exact walks are
    /// always timed: their cost per operation varies with the rationals' size.
    func clearlyFits(_ problem: Problem, length n: Int, secondsLeft left: Double) -> Bool {
        !problem.isPiecewiseLinear && estimate(problem, lengths: [n]).operations * 5e-9 <= left / 20
    }

    /// Seconds to walk F1B(n) on this machine with `threads` workers: a short timed run of the cell, scaled.
    func estimatedSeconds(_ problem: Problem, length n: Int, threads: Int) -> Double {
        estimatedSeconds(problem, lengths: [n], threads: threads)
    }

    /// The same for several lengths, one timed run for all: about 2·n·2^n node steps a length.
    func estimatedSeconds(_ problem: Problem, lengths: [Int], threads: Int) -> Double {
        let nodes = lengths.reduce(0.0) { $0 + 2 * Double($1) * Double(sign: .plus, exponent: $1, significand: 1) }
        guard nodes > 0 else { return 0 }
        // The walk also copies chunks between levels and scores the leaves: a quarter as much again
        // (measured on trained GRU, LSTM and tanh RNNs with K = 8…32 at n = 20: the estimate is
        // 0.87–1.2 times the walk's time).
        let perNode = problem.isPiecewiseLinear
            ? problem.cell.withCell(ExactStepTiming(steps: 16))
            : problem.cell.withCell(LaneStepTiming<LaneScalar>(steps: 16)) / Double(LaneScalar.width)
        return 1.25 * nodes * perNode / Double(max(threads, 1))
    }

    func walkProgress(_ context: DecisionContext, _ n: Int) -> @Sendable (Int, Int) -> Void {
        let observer = context.observer
        return { done, total in observer.progress("n = \(n): paths enumerated", done, total) }
    }

    // MARK: Exact (piecewise-linear cells)

    func exact(_ problem: Problem, _ n: Int, _ context: DecisionContext) -> LengthResult {
        problem.cell.withCell(ExactEnumeration<Rational>(problem: problem, length: n, context: context, id: id,
                                                         counterexampleLimit: counterexampleLimit,
                                                         progress: walkProgress(context, n)))
    }

    // MARK: Certified (tanh, σ)

    func certified(_ problem: Problem, _ n: Int, _ context: DecisionContext) -> LengthResult {
        let K = problem.stateSize
        let classifier = problem.classifier, limit = counterexampleLimit, boxes = context.budget.states
        let budget = context.budget
        let walk = problem.cell.withCell(LaneWalk<LaneScalar>(length: n, shard: nil, threads: budget.threads, makeTally: {
            CertifiedLaneTally<LaneScalar>(stateSize: K, classifier: classifier, boxLimit: boxes, counterexampleLimit: limit)
        }, progress: walkProgress(context, n), shouldStop: { budget.isExhausted }))
        let work = Work(paths: BigInteger(walk.paths))
        guard let tally = walk.tally else {
            return open(problem, n, budget.exhaustion ?? .interrupted, arithmetic: .intervals, work: work)
        }
        return certifiedOutcome(problem, n, tally, work: work, budget: budget)
    }

    /// The verdict from a complete certified tally: undecided paths re-run at `precision` bits first.
    func certifiedOutcome(_ problem: Problem, _ n: Int, _ tally: CertifiedLaneTally<LaneScalar>, work: Work, budget: Budget) -> LengthResult {
        var result = LengthResult(length: n, outcome: .open(.interrupted), procedure: id, arithmetic: .intervals,
                                  pathCount: Path.count(length: n), precision: precision, work: work)
        guard let classifier = problem.classifier else {
            guard !tally.positive.exceeded, !tally.negative.exceeded else {
                result.outcome = .open(.budget(.states(tally.positive.limit)))
                return result
            }
            func boxes(_ m: FirstIndexMap<[DoubleInterval]>) -> [([Interval], Int)] { m.indices.map { ($0.key.map(\.exact), $0.value) } }
            result.outcome = EnclosureSeparation.decide(positive: boxes(tally.positive), negative: boxes(tally.negative),
                                                        length: n, precision: precision)
            return result
        }
        // Paths the Double lanes could not place, again with rational endpoints, at rising precision.
        let certification = PathCertification(cell: problem.cell, classifier: classifier, precision: precision)
        let (again, bits) = certification.decideRaisingPrecision(tally.undecided.map { Path(length: n, index: $0) },
                                                                 shouldStop: { budget.isExhausted })
        result.precision = bits
        var wrongIndices = tally.firstWrong
        var wrong = tally.wrong, stillUndecided = tally.undecidedCount - tally.undecided.count
        var firstUndecided: Path?
        var margin = tally.leastMargin.isFinite
            ? Margin(value: Rational(exactly: tally.leastMargin)!, tie: tally.leastMarginIsNegative ? .negative : .positive) : nil
        for d in again {
            switch d.certainty {
            case .wrong:
                wrong += 1
                wrongIndices.insert(d.scored.path.index)
            case .undecided:
                stillUndecided += 1
                if firstUndecided.map({ d.scored.path.canonicallyPrecedes($0) }) ?? true { firstUndecided = d.scored.path }
            case .correct:
                let s = d.scored.scoreEnclosure!
                margin.include(Margin(value: d.scored.path.label > 0 ? s.lower : -s.upper, tie: d.scored.path.classLabel))
            }
        }
        if wrong == 0 && stillUndecided == 0 {
            // A certified lower bound on the margin can be ≤ 0 even on a pass; it is reported as a bound.
            result.outcome = .pass(Certificate(evidence: .everyPath, classifier: classifier, margin: margin))
            return result
        }
        if wrong == 0 {
            result.outcome = .open(.undecidedPaths(count: BigInteger(stillUndecided), precision: bits, first: firstUndecided))
            return result
        }
        // Shown (and re-checked) at the precision that placed them.
        let shown = PathCertification(cell: problem.cell, classifier: classifier, precision: bits)
            .decide(wrongIndices.indices.map { Path(length: n, index: $0) }).map(\.scored)
        let count: ErrorCount = stillUndecided == 0 ? .exact(BigInteger(wrong))
            : .bracket(atLeast: BigInteger(wrong), undecided: BigInteger(stillUndecided))
        result.outcome = .fail(Refutation(counterexample: .misclassified(shown), classifier: classifier, count: count))
        return result
    }
}

/// The lane number system certified enumeration runs in.
typealias LaneScalar = BallLanes

/// `LaneEnumerator.walk` for the construction's cell in lanes.
struct LaneWalk<Lanes: CertifiedLanes>: CellVisitor {
    typealias Scalar = Lanes
    let length: Int
    let shard: Shard?
    let threads: Int
    let makeTally: @Sendable () -> CertifiedLaneTally<Lanes>
    let progress: @Sendable (Int, Int) -> Void
    let shouldStop: @Sendable () -> Bool

    func visit<C: RecurrentCell>(_ cell: C) -> LaneWalkResult<CertifiedLaneTally<Lanes>> where C.Scalar == Lanes {
        LaneEnumerator(cell: cell, threads: threads).walk(length: length, shard: shard, makeTally: makeTally, progress: progress, shouldStop: shouldStop)
    }
}

/// Seconds per cell step of the construction's cell in exact rationals, from a short timed run.
struct ExactStepTiming: CellVisitor {
    typealias Scalar = Rational
    let steps: Int

    func visit<C: RecurrentCell>(_ cell: C) -> Double where C.Scalar == Rational {
        var state = cell.initialState, next = state, scratch = cell.makeScratch()
        let start = ContinuousClock.now
        for t in 0..<steps {
            cell.step(state, StepInput(index: t & 3), into: &next, scratch: &scratch)
            swap(&state, &next)
        }
        return (ContinuousClock.now - start).seconds / Double(steps)
    }
}

/// Seconds per lane step (all lanes at once) of the construction's cell, from a short timed run.
struct LaneStepTiming<L: CertifiedLanes>: CellVisitor {
    typealias Scalar = L
    let steps: Int

    /// Seconds per child: the walk steps each parent chunk once per input (two
    /// after the flag, the most of the tree), so a parent is stepped with two
    /// inputs at a time here too — a `SplitStepCell` shares their recurrent products.
    func visit<C: RecurrentCell>(_ cell: C) -> Double where C.Scalar == L {
        var state = cell.initialState, scratch = cell.makeScratch()
        var children = [[L]](repeating: state, count: 2)
        let inputs = (0..<4).map { i in L.Input(Array(repeating: StepInput(index: i), count: L.width)) }
        let start = ContinuousClock.now
        for t in 0..<steps {
            cell.step(state, inputs: [inputs[t & 3], inputs[(t + 1) & 3]], into: &children, scratch: &scratch)
            swap(&state, &children[t & 1])
        }
        return (ContinuousClock.now - start).seconds / Double(2 * steps)
    }
}

/// Exhaustive enumeration in an exact number system.
struct ExactEnumeration<Scalar: EnumerableScalar>: CellVisitor {
    let problem: Problem
    let length: Int
    let context: DecisionContext
    let id: ProcedureID
    let counterexampleLimit: Int
    let progress: @Sendable (Int, Int) -> Void

    func visit<C: RecurrentCell>(_ cell: C) -> LengthResult where C.Scalar == Scalar {
        let n = length
        let budget = context.budget
        let enumerator = ExhaustiveEnumerator(cell: cell, threads: budget.threads)
        let K = cell.stateSize
        let maximumStates = budget.states, limit = counterexampleLimit
        var result = LengthResult(length: n, outcome: .open(.interrupted), procedure: id, arithmetic: .exact,
                                  pathCount: Path.count(length: n), work: Work(paths: Path.count(length: n)))
        func collectStates() -> SeparabilityDecision?? {
            guard let states = enumerator.walk(length: n, shard: nil, makeTally: {
                ExactTally<Scalar>(stateSize: K, classifier: nil, collectStates: true, maximumStates: maximumStates)
            }, progress: progress, shouldStop: { budget.isExhausted }) else { return .some(nil) }
            guard !states.stateLimitExceeded else { return nil }
            func points(_ dictionary: [[Scalar]: Int]) -> [SeparabilityDecision.Point] {
                dictionary.sorted { $0.value < $1.value }.map { state, index in
                    .init(state: state.map(\.exactValue), path: { Path(length: n, index: index) })
                }
            }
            return .some(SeparabilityDecision(positive: points(states.positiveStates), negative: points(states.negativeStates)))
        }
        guard let classifier = problem.classifier else {
            switch collectStates() {
            case nil: result.outcome = .open(.budget(.states(maximumStates)))
            case .some(nil): result.outcome = .open(budget.exhaustion ?? .interrupted)
            case .some(let decision?): result.outcome = decision.outcome(evidence: .everyPath)
            }
            return result
        }
        guard let outcome = enumerator.walk(length: n, shard: nil, makeTally: {
            ExactTally<Scalar>(stateSize: K, classifier: classifier, collectStates: false, counterexampleLimit: limit)
        }, progress: progress, shouldStop: { budget.isExhausted }) else {
            result.outcome = .open(budget.exhaustion ?? .interrupted)
            return result
        }
        if outcome.misclassified == 0 {
            result.outcome = .pass(Certificate(evidence: .everyPath, classifier: classifier, margin: outcome.leastMargin))
            return result
        }
        let shown = outcome.firstMisclassified.map { index in
            let path = Path(length: n, index: index)
            let state = cell.classifiedState(cell.run(path)).map(\.exactValue)
            return ScoredPath(path: path, finalState: state, score: classifier.score(state))
        }
        var refutation = Refutation(counterexample: .misclassified(shown), classifier: classifier,
                                    count: .exact(BigInteger(outcome.misclassified)), margin: outcome.leastMargin)
        // Would another classifier do? Worth telling the author.
        if case .some(let decision?) = collectStates() {
            refutation.distinctStates = decision.distinct
            refutation.separatingClassifier = decision.alternative()
        }
        result.outcome = .fail(refutation)
        return result
    }
}
