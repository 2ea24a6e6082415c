import Cells
import Exact
import F1B

/// `f1b check` by reachable-set dynamic programming: one sweep answers every
/// requested n, and a repeating layer answers every n at once.
struct ReachableSetCheck<Scalar: EnumerableScalar>: CellVisitor {
    let lengths: [Int]
    /// Sweep until the layers repeat (for `--n all`), up to this depth.
    let untilRepeat: Int?
    let classifier: Classifier?
    let options: Checker.Options

    struct Outcome {
        /// One result per requested n; `nil` where the sweep did not reach n.
        var results: [Int: LengthResult]
        var allLengths: AllLengthsResult?
    }

    func visit<C: RecurrentCell>(_ cell: C) -> Outcome where C.Scalar == Scalar {
        var sets = ReachableSets(cell: cell)
        let target = max(lengths.max() ?? 0, untilRepeat ?? 0)
        sets.extend(to: target, maximumStates: options.maximumStates, detectRepetition: options.detectRepetition)
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
        var outcome = Outcome(results: [:], allLengths: nil)
        for (i, n) in lengths.enumerated() {
            outcome.results[n] = result(n)
            options.observer.step(i + 1, lengths.count)
            if let r = outcome.results[n], r.verdict != .inconclusive { options.observer.decided(r) }
        }

        if let limit = untilRepeat {
            if let start = sets.repeatStart, let period = sets.period {
                // Every n ≥ 1 equals some stored layer 1…depth.
                var firstFail: Int?
                for n in 1...sets.depth {
                    let r = result(n)!
                    outcome.results[n] = r
                    if r.verdict == .fail, firstFail == nil { firstFail = n }
                }
                let what = period == 1 ? "the three reachable sets are stationary from step \(start)"
                                       : "the reachable sets repeat with period \(period) from step \(start)"
                let invariant = (start..<sets.depth).map { t in
                    let layer = sets.layers[t]
                    func exact(_ phase: Phase) -> [[Rational]] { sets.states(layer, phase).map { $0.map(\.exactValue) } }
                    return ReachableLayer(step: t, beforeFlag: exact(.beforeFlag), positive: exact(.positive), negative: exact(.negative))
                }
                if let firstFail {
                    outcome.allLengths = AllLengthsResult(verdict: .fail, from: start,
                        reason: "\(what); F1B(n) fails at n = \(firstFail) (counterexample in its result)", invariant: invariant)
                } else {
                    outcome.allLengths = AllLengthsResult(verdict: .pass, from: start,
                        reason: "\(what); n = 1…\(sets.depth) pass exactly, and every n ≥ \(start) has the reachable sets of one of them",
                        invariant: invariant)
                }
            } else {
                let last = sets.layers.last!
                let why = sets.stoppedAtStateLimit
                    ? "more than \(options.maximumStates) states would be stored (--max-states)"
                    : "no repetition within \(limit) steps"
                outcome.allLengths = AllLengthsResult(verdict: .inconclusive, from: nil,
                    reason: "the reachable sets keep growing: \(last.count) states at step \(sets.depth) (\(sets.states.count) distinct in all); \(why)")
            }
        }
        return outcome
    }

    func decide<C: RecurrentCell>(_ sets: ReachableSets<C>, length n: Int) -> LengthResult where C.Scalar == Scalar {
        let layer = sets.layer(n)
        var result = LengthResult(length: n, verdict: .inconclusive,
                                  arithmetic: .exact,
                                  method: "reachable-set DP", pathCount: Path.count(length: n),
                                  classifier: classifier, classifierFound: false)
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
        guard let classifier else {
            decision.apply(to: &result)
            return result
        }
        var wrong: [Int] = []
        var margin: Margin?
        for (phase, label) in [(Phase.positive, ClassLabel.positive), (.negative, .negative)] {
            for i in layer.range(phase) {
                let score = classifier.score(sets.state(layer, i).prefix(K).map(\.exactValue))
                if !Classification.isCorrect(score, label: label) { wrong.append(i) }
                let m = Margin(score: score, label: label)
                margin.include(m)
            }
        }
        result.distinctStates = (decision.positive.count, decision.negative.count)
        result.margin = margin
        if wrong.isEmpty {
            result.verdict = .pass
            result.misclassified = 0
            result.errorProbability = 0
            return result
        }
        result.verdict = .fail
        let counts = sets.pathCounts(atLayer: n)
        let misclassified = wrong.reduce(BigInteger(0)) { $0 + counts[$1] }
        result.misclassified = misclassified
        result.errorProbability = Rational(numerator: misclassified, denominator: result.pathCount)
        // The first path of each misclassified state, in canonical order: the
        // first of them is the first misclassified path of F1B(n).
        let paths = wrong.map { i in (i, sets.path(toState: i, inLayer: n)) }
            .sorted { $0.1.canonicallyPrecedes($1.1) }
            .prefix(options.counterexampleLimit)
        result.counterexample = .misclassified(paths.map { i, path in
            let s = sets.state(layer, i).prefix(K).map(\.exactValue)
            return ScoredPath(path: path, finalState: s, score: classifier.score(s))
        })
        result.separatingClassifier = decision.alternative()
        return result
    }
}
