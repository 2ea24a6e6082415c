import Cells
import Exact
import F1B

/// The Flagged-m-Bit test by certified enumeration (`flagged-enumerate`,
/// complete): tanh/σ cells, every one of the C(n, m)·2^n paths run in
/// Double-endpoint enclosures (outward rounded), and a score they cannot
/// place recomputed with rational endpoints at the run's precision. The
/// readouts must be given: enclosures do not decide separability.
struct FlaggedBitsEnumeration: DecisionProcedure {
    static let id = ProcedureID("flagged-enumerate", title: "certified enumeration (Flagged-m-Bit)")
    var id: ProcedureID { Self.id }
    var guarantee: Guarantee { .complete }
    let precision: Int

    init(_ options: Checker.Options) { precision = options.precision }

    func applicability(_ problem: Problem) -> Applicability {
        guard problem.test != .flaggedOneBit else { return .notApplicable(.flaggedBitsOnly) }
        return problem.readouts == nil ? .notApplicable(.needsReadouts) : .applies
    }

    func estimate(_ problem: Problem, lengths: [Int]) -> Cost {
        let paths = lengths.reduce(0.0) { $0 + (Double(problem.pathCount($1).description) ?? .infinity) }
        return Cost(operations: paths * Double(lengths.max() ?? 1) * problem.operationsPerStep * 4)
    }

    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        lengths.map { enumerate(problem, length: $0, budget: context.budget, observer: context.observer) }
    }

    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt {
        EveryLengthAttempt(outcome: .open(.notApplicable(.lengthsOnly)))
    }

    func enumerate(_ problem: Problem, length n: Int, budget: Budget, observer: CheckObserver) -> LengthResult {
        let m = problem.test.flags
        let total = problem.pathCount(n)
        guard let readouts = problem.readouts else { return open(problem, n, .notApplicable(.needsReadouts), arithmetic: .intervals) }
        guard n >= m else {
            return LengthResult(length: n, outcome: .pass(Certificate(evidence: .everyPath, classifier: nil)), procedure: id,
                                arithmetic: .intervals, pathCount: total)
        }
        guard total <= budget.paths, let count = total.intValue else {
            return open(problem, n, .budget(.paths(budget.paths)), arithmetic: .intervals)
        }
        // Double-endpoint enclosures first (outward rounded); a score they
        // cannot place is recomputed with rational endpoints at `precision` bits.
        let fast = problem.cell.withCell(StepFunction<DoubleInterval>(context: ()))
        let precise = problem.cell.withCell(StepFunction<Interval>(context: precision))
        let K = problem.stateSize
        let fastInitial = problem.cell.initialState.map { DoubleInterval(enclosing: $0) }
        let initial = problem.cell.initialState.map { Interval($0, precision: precision) }
        var wrong = [BigInteger](repeating: BigInteger(0), count: m), undecided = 0
        var witness = [FlaggedBitsPath?](repeating: nil, count: m)
        var done = 0
        for positions in Self.combinations(n, m) {
            if let stop = budget.exhaustion { return open(problem, n, stop, arithmetic: .intervals, work: Work(paths: BigInteger(done))) }
            for mask in 0..<(1 << n) {
                let path = FlaggedBitsPath(flagPositions: positions, informationBits: (0..<n).map { (mask >> (n - 1 - $0)) & 1 == 1 ? 1 : -1 })
                var state = fastInitial
                for t in 1...n { state = fast(state, path.input(at: t)) }
                var preciseState: [Interval]?
                for j in 0..<m {
                    let label = ClassLabel(flaggedBit: path.label(j))
                    var score = DoubleInterval(enclosing: readouts[j].gamma)
                    for k in 0..<K { score = score + DoubleInterval(enclosing: readouts[j].beta[k]) * state[k] }
                    var certainty = Classification.certify(score, label: label)
                    if certainty == .undecided {
                        if preciseState == nil {
                            var s = initial
                            for t in 1...n { s = precise(s, path.input(at: t)) }
                            preciseState = s
                        }
                        var exact = Interval(readouts[j].gamma, precision: precision)
                        for k in 0..<K { exact = exact + Interval(readouts[j].beta[k], precision: precision) * preciseState![k] }
                        certainty = Classification.certify(exact, label: label)
                    }
                    switch certainty {
                    case .correct: break
                    case .wrong:
                        wrong[j] += BigInteger(1)
                        if witness[j] == nil { witness[j] = path }
                    case .undecided: undecided += 1
                    }
                }
            }
            done += 1 << n
            observer.progress("n = \(n): paths enumerated", done, count)
        }
        let results = (0..<m).map { j in
            ReadoutResult(index: j + 1, classifier: readouts[j], classifierFound: false, misclassified: undecided == 0 ? wrong[j] : nil,
                          errorProbability: undecided == 0 ? Rational(numerator: wrong[j], denominator: total) : nil, counterexample: witness[j])
        }
        let outcome: Outcome
        if wrong.contains(where: { $0.signum > 0 }) {
            let failing = results.filter { wrong[$0.index - 1].signum > 0 }
            outcome = .fail(Refutation(counterexample: .readouts(failing), classifier: nil, count: nil))
        } else if undecided > 0 {
            outcome = .open(.undecidedPaths(count: BigInteger(undecided), precision: precision, first: nil))
        } else {
            outcome = .pass(Certificate(evidence: .everyPath, classifier: nil))
        }
        var result = LengthResult(length: n, outcome: outcome, procedure: id, arithmetic: .intervals, pathCount: total,
                                  precision: precision, work: Work(paths: total))
        result.readouts = results
        return result
    }

    /// The m-subsets of 1…n, ascending.
    static func combinations(_ n: Int, _ m: Int) -> [[Int]] {
        var out: [[Int]] = []
        var current: [Int] = []
        func extend(_ from: Int) {
            if current.count == m { out.append(current); return }
            guard from <= n else { return }
            for t in from...n where n - t + 1 >= m - current.count {
                current.append(t)
                extend(t + 1)
                current.removeLast()
            }
        }
        extend(1)
        return out
    }
}
