import Cells
import Exact
import F1B

/// The Flagged-m-Bit test by exact reachable sets (`flagged-dp`, complete):
/// m flags L_1 < … < L_m, readout j classifies X^I at L_j, each by
/// C(s) = +1 iff βᵀs + γ ≥ 0 (`Classification`). Piecewise-linear cells over
/// ℚ: the states reached by each history of flagged bits (b_1…b_c, c ≤ m flags
/// so far), deduplicated with their path counts, stepped t = 1, 2, …; the
/// n-th layer's m-bit part gives every readout's misclassified count. When a
/// layer equals the one before, it repeats forever and the verdict holds for
/// every later n (an every-n certificate, as the F1B DP's). With m = 1 this is
/// F1B (tested against the F1B procedures on every shipped file).
struct FlaggedBitsReachableSets: DecisionProcedure {
    static let id = ProcedureID("flagged-dp", title: "reachable sets (Flagged-m-Bit)")
    var id: ProcedureID { Self.id }
    var guarantee: Guarantee { .complete }

    init(_ options: Checker.Options) {}

    func applicability(_ problem: Problem) -> Applicability {
        guard problem.test != .flaggedOneBit else { return .notApplicable(.flaggedBitsOnly) }
        return problem.isPiecewiseLinear ? .applies : .notApplicable(.needsPiecewiseLinearCell)
    }

    func estimate(_ problem: Problem, lengths: [Int]) -> Cost {
        Cost(operations: 1000 * problem.operationsPerStep * Double(lengths.max() ?? 100))
    }

    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        let (results, _) = sweep(problem, lengths: lengths, everyLength: false, budget: context.budget)
        return lengths.map { n in results[n]! }
    }

    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt {
        let (results, outcome) = sweep(problem, lengths: [], everyLength: true, budget: context.budget)
        return EveryLengthAttempt(outcome: outcome ?? .open(.notRepeating(depth: 0, states: 0)),
                                  results: results.keys.sorted().map { results[$0]! })
    }

    /// A history and a state, with the number of paths that reach it and one of them.
    struct Entry {
        var count: BigInteger
        var flagPositions: [Int]
        var bits: [Int8]
    }

    struct Key: Hashable {
        var labels: [Int8]   // the flagged bits so far
        var state: [Rational]
    }

    func sweep(_ problem: Problem, lengths: [Int], everyLength: Bool, budget: Budget) -> ([Int: LengthResult], EveryLengthOutcome?) {
        let m = problem.test.flags
        let step = problem.cell.withCell(StepFunction<Rational>(context: ()))
        var layer: [Key: Entry] = [Key(labels: [], state: problem.cell.initialState): Entry(count: BigInteger(1), flagPositions: [], bits: [])]
        var results: [Int: LengthResult] = [:]
        var pending = lengths.sorted()
        var t = 0
        var stationaryFrom: Int?
        // Run to the largest n asked, and (for every n) until a layer repeats.
        while !pending.isEmpty || (everyLength && stationaryFrom == nil) {
            if let stop = budget.exhaustion {
                for n in pending { results[n] = open(problem, n, stop, arithmetic: .exact) }
                return (results, everyLength ? .open(stop) : nil)
            }
            t += 1
            var next: [Key: Entry] = [:]
            for (key, entry) in layer {
                for input in StepInput.all where !(input.flagged && key.labels.count == m) {
                    let state = step(key.state, input)
                    let labels = input.flagged ? key.labels + [Int8(input.informationBit)] : key.labels
                    let k = Key(labels: labels, state: state)
                    if var e = next[k] {
                        e.count += entry.count
                        next[k] = e
                    } else {
                        next[k] = Entry(count: entry.count, flagPositions: entry.flagPositions + (input.flagged ? [t] : []),
                                        bits: entry.bits + [Int8(input.informationBit)])
                    }
                }
            }
            if next.count > budget.states || (everyLength && t > budget.depth) {
                let reason: OpenReason = next.count > budget.states ? .budget(.states(budget.states)) : .budget(.depth(budget.depth))
                for n in pending { results[n] = open(problem, n, reason, arithmetic: .exact, work: Work(states: next.count, steps: t)) }
                return (results, everyLength ? .open(reason) : nil)
            }
            // Histories with fewer than m flags can still gain flags, so the whole layer must repeat.
            if stationaryFrom == nil && t > m && Set(next.keys) == Set(layer.keys) { stationaryFrom = t }
            layer = next
            if everyLength || pending.first == t {
                if pending.first == t { pending.removeFirst() }
                results[t] = decide(layer, problem: problem, length: t)
            }
        }
        guard everyLength, let from = stationaryFrom else { return (results, nil) }
        // Layers t ≥ from are the same sets, so n ≥ from has the final states of n = from and the same verdict.
        if let fail = results.keys.sorted().first(where: { results[$0]!.verdict == .fail }) { return (results, .fails(at: fail)) }
        return (results, .certificate(EveryLengthCertificate(kind: .repeatingSets(period: 1, layers: []), from: from)))
    }

    func decide(_ layer: [Key: Entry], problem: Problem, length n: Int) -> LengthResult {
        let m = problem.test.flags, K = problem.stateSize
        let final = layer.filter { $0.key.labels.count == m }
        let total = problem.pathCount(n)
        var readouts: [ReadoutResult] = []
        func path(_ e: Entry) -> FlaggedBitsPath { FlaggedBitsPath(flagPositions: e.flagPositions, informationBits: e.bits) }
        for j in 0..<m {
            let positive = final.filter { $0.key.labels[j] == 1 }, negative = final.filter { $0.key.labels[j] == -1 }
            if let classifier = problem.readouts?[j] {
                var wrong = BigInteger(0)
                var witness: FlaggedBitsPath?
                for (key, entry) in final {
                    let score = classifier.score(Array(key.state.prefix(K)))
                    if !Classification.isCorrect(score, label: ClassLabel(flaggedBit: Int(key.labels[j]))) {
                        wrong += entry.count
                        if witness == nil || path(entry).description < witness!.description { witness = path(entry) }
                    }
                }
                readouts.append(ReadoutResult(index: j + 1, classifier: classifier, classifierFound: false, misclassified: wrong,
                                              errorProbability: total.signum == 0 ? Rational(0) : Rational(numerator: wrong, denominator: total),
                                              counterexample: witness))
            } else {
                let p = Array(positive.keys), q = Array(negative.keys)
                switch LinearSeparation.decide(positive: p.map { Array($0.state.prefix(K)) }, negative: q.map { Array($0.state.prefix(K)) }) {
                case .separable(let c, _):
                    readouts.append(ReadoutResult(index: j + 1, classifier: c, classifierFound: true, misclassified: BigInteger(0),
                                                  errorProbability: Rational(0), counterexample: nil))
                case .inseparable(let pw, _, _):
                    readouts.append(ReadoutResult(index: j + 1, classifier: nil, classifierFound: false, misclassified: nil,
                                                  errorProbability: nil, counterexample: pw.first.map { path(positive[p[$0.index]]!) }))
                }
            }
        }
        let outcome: Outcome = readouts.allSatisfy(\.isCorrect)
            ? .pass(Certificate(evidence: .reachableSets, classifier: nil, distinctStates: nil))
            : .fail(Refutation(counterexample: .readouts(readouts.filter { !$0.isCorrect }), classifier: nil, count: nil))
        var result = LengthResult(length: n, outcome: outcome, procedure: id, arithmetic: .exact, pathCount: total,
                                  work: Work(states: Set(final.keys.map(\.state)).count, steps: n))
        result.readouts = readouts
        return result
    }
}
