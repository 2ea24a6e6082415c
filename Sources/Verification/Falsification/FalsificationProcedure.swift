import Cells
import Exact
import F1B
import _Parallel

/// Falsification (`falsify`): looks for misclassified paths in Double
/// arithmetic — a beam search steering the final state across the
/// classifier's hyperplane and a uniform random sample (`AdversarialSearch`),
/// plus any candidates earlier procedures proposed — and reports only paths
/// `PathCertification` certifies misclassified (exactly, or in certified
/// intervals). Without a classifier, certified enclosures of sampled paths
/// and a Radon certificate show that no classifier exists. A model that
/// simulation sees failing comes back FAIL in seconds, with a certified
/// lower bound on Pe; finding nothing proves nothing (open).
struct FalsificationProcedure: DecisionProcedure {
    static let id = ProcedureID("falsify", title: "falsification")
    var id: ProcedureID { Self.id }
    var guarantee: Guarantee { .falsifier }
    let precision: Int
    let counterexampleLimit: Int
    /// Multiply–adds a search may spend on one length, whatever K (about a
    /// tenth of a second)…
    static let operationsPerLength = 2e8
    /// …and on all the lengths of one request together (a long list shares it,
    /// down to 16 paths a length).
    static let operationsPerRequest = 4e8

    init(_ options: Checker.Options) {
        precision = options.precision
        counterexampleLimit = options.counterexampleLimit
    }

    func applicability(_ problem: Problem) -> Applicability {
        .flaggedOneBitOnly(problem)
    }

    func estimate(_ problem: Problem, lengths: [Int]) -> Cost {
        Cost(operations: min(Double(max(lengths.count, 1)) * Self.operationsPerLength, Self.operationsPerRequest))
    }

    /// Cell steps for one length of `count` asked together: the budget's
    /// search steps, fewer for large cells and long lists.
    func searchSteps(_ problem: Problem, _ budget: Budget, length n: Int, lengths count: Int) -> Int {
        let operations = min(Self.operationsPerLength, Self.operationsPerRequest / Double(max(count, 1)))
        return max(16 * n, min(budget.searchSteps, Int(operations / problem.operationsPerStep)))
    }

    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        lengths.map { n in
            guard !context.budget.isExhausted else { return open(problem, n, context.budget.exhaustion!, arithmetic: arithmetic(problem)) }
            // A short length has few paths: a few passes over as many steps as they have is enough.
            let cellSteps = Double(n) * Double(sign: .plus, exponent: n, significand: Double(n))   // n steps × n·2^n paths
            let steps = min(searchSteps(problem, context.budget, length: n, lengths: lengths.count), Int(min(8 * cellSteps, Double(1 << 30))))
            let (outcome, examined) = refute(problem, at: n, steps: steps, candidates: context.candidates[n] ?? [],
                                                budget: context.budget)
            return result(problem, n, outcome, work: Work(paths: BigInteger(examined), steps: steps))
        }
    }

    /// A length's answer from this procedure.
    func result(_ problem: Problem, _ n: Int, _ outcome: Outcome, work: Work) -> LengthResult {
        LengthResult(length: n, outcome: outcome, procedure: id, arithmetic: arithmetic(problem), pathCount: Path.count(length: n),
                     precision: problem.isPiecewiseLinear ? nil : precision, work: work)
    }

    /// Fail with the first certified paths and at least their number; open
    /// (the budget's reason, or none found among `examined`) when there are none.
    func outcome(_ wrong: [ScoredPath], _ classifier: Classifier, examined: Int, budget: Budget) -> Outcome {
        guard !wrong.isEmpty else { return .open(budget.exhaustion ?? .noCounterexampleFound(paths: examined)) }
        return .fail(Refutation(counterexample: .misclassified(Array(wrong.prefix(counterexampleLimit))), classifier: classifier,
                                count: .atLeast(BigInteger(wrong.count))))
    }

    /// Searching on, for lengths every procedure left open, while the budget's
    /// `searchSeconds` (and its deadline) allow: rounds of uniform random
    /// paths, each round twice the last but no longer than the time left at the
    /// last round's rate, with fresh seeds, in 8 chunks spread over the
    /// budget's threads. Only paths Double puts on or within 10⁻⁶ of the wrong
    /// side go to `PathCertification`, so the rounds cost cell steps alone.
    /// Why: a model trained to an error of 10⁻⁴ fails F1B(n) on paths a few
    /// thousand samples miss, and at n = 50…1000 nothing else can decide it.
    /// The lengths share the seconds evenly. Results are an open length's,
    /// with the paths examined, or a certified fail (a lower bound on the count).
    func searchOn(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        guard let classifier = problem.classifier, context.budget.searchSeconds > 0 else { return [] }
        let budget = context.budget
        let clock = ContinuousClock()
        var end = clock.now + .milliseconds(Int64(budget.searchSeconds * 1000))
        if let deadline = budget.deadline, deadline < end { end = deadline }
        let certify = PathCertification(cell: problem.cell, classifier: classifier, precision: precision)
        let chunks = 8
        var results: [LengthResult] = []
        for (index, n) in lengths.enumerated() {
            let left = (end - clock.now).seconds
            guard left > 0, !budget.isExhausted else { break }
            let stopAt = clock.now + .milliseconds(Int64(1000 * left / Double(lengths.count - index)))
            var perChunk = 128, examined = 0, round = 0
            var wrong: [ScoredPath] = []
            while wrong.isEmpty, clock.now < stopAt, !budget.isExhausted {
                round += 1
                let start = clock.now
                let size = perChunk, seed = UInt64(n) &* 0x9E37_79B9 ^ UInt64(round) << 40
                let found = mapPulling(tasks: chunks, threads: budget.threads) { c in
                    problem.cell.withCell(AdversarialSearchVisitor(classifier: classifier, length: n, width: 0, samples: size,
                                                                   seed: seed ^ UInt64(c) << 32, limit: 16, least: -1e-6))
                }
                examined += size * chunks
                wrong = certify.misclassified(Array(Set(found.flatMap { $0 })), shouldStop: { budget.isExhausted })
                context.observer.progress("falsification searching on at n = \(n): random paths", examined, 0)
                let rate = Double(size) / Swift.max((clock.now - start).seconds, 1e-4)
                perChunk = Int(Swift.min(2 * Double(size), 0.8 * rate * Swift.max((stopAt - clock.now).seconds, 0)))
                if perChunk < 16 { break }
            }
            results.append(result(problem, n, outcome(wrong, classifier, examined: examined, budget: budget),
                                  work: Work(paths: BigInteger(examined))))
        }
        return results
    }

    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt {
        EveryLengthAttempt(outcome: .open(.notApplicable(.lengthsOnly)))
    }

    /// A certified failure at n, if the search finds one, and the paths examined.
    /// Certifying a long path in rational arithmetic can take seconds, so the
    /// budget is asked before each: past it, what was certified stands and the
    /// rest is not reported.
    func refute(_ problem: Problem, at n: Int, steps: Int, candidates given: [Path], budget: Budget) -> (Outcome, Int) {
        let seed = UInt64(n) &* 0x9E37_79B9
        // The beam costs about 6·width·n cell steps, the sample samples·n: a third and two thirds of the budget.
        let width = max(4, min(256, steps / (18 * n)))
        let samples = max(16, min(1 << 16, 2 * steps / (3 * n)))
        guard let classifier = problem.classifier else {
            // Without a classifier: certified enclosures of witnesses and samples, then Radon.
            var rng = SplitMix64(seed: seed)
            let sample = (0..<min(samples, 512)).map { i in Path.random(length: n, label: i % 2 == 0 ? 1 : -1, using: &rng) }
            let paths = Array(Set(given + sample)).sorted { $0.canonicallyPrecedes($1) }
            let boxes = Recheck.enclosures(problem, paths, precision: precision)
            let points = zip(paths, boxes).map { RadonCertificate.Point(box: $1, path: $0) }
            guard let radon = RadonCertificate.find(positive: points.filter { $0.path.label > 0 }, negative: points.filter { $0.path.label < 0 })
            else { return (.open(.noCounterexampleFound(paths: paths.count)), paths.count) }
            return (.fail(Refutation(counterexample: radon.counterexample, classifier: nil, count: nil)), paths.count)
        }
        // Tanh/σ cells: only paths Double puts on or within 10⁻⁶ of the wrong side
        // are certified (a trained K = 32 LSTM at n = 100 spent its whole 60 s
        // certifying 250 paths Double scored correct by margins near 1; Double's
        // error on such cells is ~10⁻¹³). Piecewise-linear cells: every
        // candidate, exactly — cheap, and their Double runs may be chaotic.
        let found = problem.cell.withCell(AdversarialSearchVisitor(
            classifier: classifier, length: n, width: width, samples: samples, seed: seed, limit: 64,
            least: problem.isPiecewiseLinear ? -.infinity : -1e-6))
        let paths = Array(Set(given + found))
        let wrong = PathCertification(cell: problem.cell, classifier: classifier, precision: precision)
            .misclassified(paths, shouldStop: { budget.isExhausted })
        let examined = samples + 6 * width
        return (outcome(wrong, classifier, examined: examined, budget: budget), examined)
    }
}
