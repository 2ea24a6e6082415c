import Cells
import Exact
import F1B

/// Zonotope propagation (`zonotope`, sound): any cell, any K, with the file's
/// classifier, F1B only.
///
/// At each n asked, F1B's three phase sets are over-approximated by unions of
/// at most `zonotopesPerPhase` zonotopes (`PhaseZonotopes`, the one cell
/// definition run in affine forms): **pass** when every zonotope of Z₊(n)
/// has a certified score βᵀs + γ ≥ 0 and every one of Z₋(n) one < 0
/// (`ZonotopePropagation.decision`); otherwise **open**, never fail — the sets
/// over-approximate, and their witnesses are not certified here.
///
/// **Every n**: parallelotopes around the propagated sets, grown by widening
/// until every input maps them into themselves and β separates the two label
/// sets (`ZonotopeInvariant.find`); the certificate is re-checked from its
/// data (`ZonotopeInvariantCertificate.recheck`) before it is reported.
struct ZonotopeProcedure: DecisionProcedure {
    static let id = ProcedureID("zonotope", title: "zonotope propagation")
    var id: ProcedureID { Self.id }
    var guarantee: Guarantee { .sound }

    /// Zonotopes kept per phase, tried in turn on the lengths still open
    /// (each capped by the budget's `sets`): 8 proves what is clear cheaply;
    /// 64 keeps the first six steps' sets nearly exact and, measured on
    /// PyTorch GRUs with K = 8, proves n = 10 where 8 proves n ≤ 9 only.
    static let zonotopesPerPhase = [8, 64]
    /// Generators kept per state entry.
    static let generatorsPerDimension = 4

    let invariantOptions: ZonotopeInvariantOptions

    init(_ options: Checker.Options) { invariantOptions = ZonotopeInvariantOptions() }

    func applicability(_ problem: Problem) -> Applicability {
        guard problem.test == .flaggedOneBit else { return .notApplicable(.flaggedOneBitOnly(flags: problem.test.flags)) }
        return problem.classifier == nil ? .notApplicable(.needsClassifier) : .applies
    }

    /// The propagation budgets tried in turn.
    func zonotopeBudgets(_ budget: Budget) -> [ZonotopeBudget] {
        let counts = Self.zonotopesPerPhase.map { min($0, max(budget.sets, 1)) }
        return counts.indices.filter { $0 == 0 || counts[$0] > counts[$0 - 1] }.map {
            ZonotopeBudget(zonotopesPerPhase: counts[$0], generatorsPerDimension: Self.generatorsPerDimension, maximumLength: budget.depth)
        }
    }

    /// One zonotope image costs a cell step on each of its columns — the
    /// generators kept (4 per state entry) and the fresh symbols of the step's
    /// nonlinear operations (about 5 per entry) — about four times over for
    /// the outward error terms: so K²·K for the weights of a gated cell. Each
    /// step takes about 8 images per zonotope kept per phase m (4 from before
    /// the flag, 2 from each label) and cuts each union of 4m back to m by
    /// 3m smallest-hull joins (8m² pair costs of the state's width each).
    /// Linear in n; every budget of the ladder counted (`decide` assumes the
    /// worst, that the first leaves every length open). Every n: propagation
    /// to the last attempt step and, per attempt, rounds of 5 edge images of
    /// up to 2^depth pieces per template choice (the first budget only).
    func estimate(_ problem: Problem, lengths: [Int]) -> Cost {
        let width = Double(problem.cell.model.stateWidth(stateSize: problem.stateSize))
        let image = 4 * problem.operationsPerStep * (Double(Self.generatorsPerDimension) * width + 5 * width)
        func perStep(_ m: Double) -> Double { 8 * m * image + 3 * 3 * m * 8 * m * m * width }
        guard !lengths.isEmpty else {
            let m = Double(Self.zonotopesPerPhase[0])
            let steps = Double(invariantOptions.attemptSteps.last ?? 0)
            let pieces = invariantOptions.splitDepths.reduce(0.0) { $0 + Double(1 << $1) }
            let attempts = Double(invariantOptions.attemptSteps.count * TemplateDirections.allCases.count * invariantOptions.iterations)
            return Cost(operations: perStep(m) * steps + image * 5 * pieces * attempts)
        }
        let steps = Double(lengths.max()!)
        return Cost(operations: Self.zonotopesPerPhase.reduce(0.0) { $0 + perStep(Double($1)) * steps })
    }

    /// Each budget of the ladder on the lengths the ones before left open
    /// because their sets met the wrong side.
    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        guard let classifier = problem.classifier else {
            return lengths.map { open(problem, $0, .notApplicable(.needsClassifier), arithmetic: .intervals) }
        }
        let results = overApproximationLadder(zonotopeBudgets(context.budget), lengths: lengths) { budget, retry in
            propagate(problem, classifier, lengths: retry, budget: budget, context: context)
        }
        return lengths.map { results[$0]! }
    }

    /// One propagation with `budget`, deciding each n of `lengths` on the way.
    func propagate(_ problem: Problem, _ classifier: Classifier, lengths: [Int], budget: ZonotopeBudget,
                   context: DecisionContext) -> [Int: LengthResult] {
        let readout = ZonotopeReadout(classifier)
        var sets = PhaseZonotopes(cell: problem.cell, budget: budget, readout: readout, threads: context.budget.threads)
        let wanted = Set(lengths)
        let horizon = min(lengths.max() ?? 0, budget.maximumLength)
        var results: [Int: LengthResult] = [:]
        var stop: OpenReason?
        let task = "zonotope propagation (\(budget.zonotopesPerPhase) per phase): steps"
        if horizon >= 1 {
            for t in 1...horizon {
                if let exhausted = context.budget.exhaustion { stop = exhausted; break }
                let budgetNow = context.budget
                switch sets.advance(shouldStop: { budgetNow.isExhausted }) {
                case .advanced: break
                case .unbounded: stop = .unboundedImage(step: t)
                case .stopped: stop = context.budget.exhaustion ?? .interrupted
                }
                guard stop == nil else { break }
                context.observer.progress(task, t, horizon)
                guard wanted.contains(t) else { continue }
                let r = result(ZonotopePropagation.decision(sets, readout: readout), problem, classifier, budget)
                results[t] = r
                if r.verdict == .pass { context.emit(r) }
            }
        }
        for n in lengths where results[n] == nil {
            results[n] = open(problem, n, stop ?? .budget(.depth(budget.maximumLength)), arithmetic: .intervals, work: Work(steps: sets.step))
        }
        return results
    }

    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt {
        guard let classifier = problem.classifier else { return EveryLengthAttempt(outcome: .open(.notApplicable(.needsClassifier))) }
        let budget = zonotopeBudgets(context.budget)[0]
        let last = min(invariantOptions.attemptSteps.last ?? 0, budget.maximumLength)
        let observer = context.observer
        let found = ZonotopeInvariant.find(cell: problem.cell, classifier: classifier, budget: budget, options: invariantOptions,
                                           threads: context.budget.threads,
                                           progress: { observer.progress("zonotope invariant: steps propagated", $0, last) },
                                           shouldStop: { context.budget.isExhausted })
        let results = found.decisions.keys.sorted().map { result(found.decisions[$0]!, problem, classifier, budget) }
            .filter { $0.verdict == .pass }
        let work = Work(steps: found.decisions.count)
        if let certificate = found.certificate {
            // A certificate its re-check rejects is never a pass.
            guard certificate.recheck(cell: problem.cell, threads: context.budget.threads) else {
                return EveryLengthAttempt(outcome: .open(.recheckFailed("a parallelotope invariant failed its re-check")),
                                          results: results, work: work)
            }
            return EveryLengthAttempt(outcome: .certificate(EveryLengthCertificate(kind: .zonotopeInvariant(certificate), from: certificate.from)),
                                      results: results, work: work)
        }
        let reason: OpenReason
        switch found.failure {
        case .unbounded(let step)?: reason = .unboundedImage(step: step)
        case .stopped?: reason = context.budget.exhaustion ?? .interrupted
        case .notClosed?, .notSeparated?, nil: reason = .noInvariant(depth: last)
        }
        return EveryLengthAttempt(outcome: .open(reason), results: results, work: work)
    }

    /// A propagation decision as a length's result: a pass with its unions and
    /// certified margin, or open (over-approximation, unbounded, beyond the steps allowed).
    func result(_ decision: ZonotopeDecision, _ problem: Problem, _ classifier: Classifier, _ budget: ZonotopeBudget) -> LengthResult {
        switch decision {
        case .pass(let p):
            let width = problem.cell.model.stateWidth(stateSize: problem.stateSize)
            let unions = ZonotopeUnions(before: p.zonotopes[0], positive: p.zonotopes[1], negative: p.zonotopes[2],
                                        generators: max(budget.generatorsPerDimension * width, width))
            let margin = Rational(exactly: p.margin).map { Margin(value: $0) }
            return LengthResult(length: p.length, outcome: .pass(Certificate(evidence: .zonotopes(unions), classifier: classifier, margin: margin)),
                                procedure: id, arithmetic: .intervals, pathCount: problem.pathCount(p.length), work: Work(steps: p.length))
        case .open(let o):
            let reason: OpenReason
            switch o.reason {
            case .overlap: reason = .overApproximationNotSeparated(step: o.length)
            case .unbounded(let step): reason = .unboundedImage(step: step)
            case .beyondBudget(let steps): reason = .budget(.depth(steps))
            }
            return open(problem, o.length, reason, arithmetic: .intervals, work: Work(steps: o.length))
        }
    }
}
