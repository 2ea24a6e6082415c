import Cells
import Exact
import F1B

/// History-keyed boxes (`history`, sound): any cell, any K, with the file's
/// classifier, F1B only.
///
/// Each phase set is kept as boxes keyed by its input history — the last w
/// information bits and the flag's age — stepped a stride at a time through
/// certified zonotopes (`HistoryBoxes`); each n asked **passes** when every
/// label zonotope at n has a certified score on its label's side, and is
/// left **open** otherwise (never fail: the sets over-approximate).
/// Configurations (window, stride, cuts of the wide boxes) are tried in turn on
/// the lengths still open.
///
/// In the portfolio it runs last (`LastResortProcedure`), after the
/// falsifier's search-on, with the time left.
///
/// Every n: not attempted (the boxes are indexed by time and the flag's
/// exact age, so they never close); `zonotope` and `cover` try every n.
struct HistoryBoxProcedure: LastResortProcedure {
    static let id = ProcedureID("history", title: "history-keyed boxes")
    var id: ProcedureID { Self.id }
    var guarantee: Guarantee { .sound }

    /// One rung of the ladder: bits of history per key, steps per stride, and
    /// how the wide boxes are cut before their images (`HistoryBoxes.splits`,
    /// `splitFraction`).
    struct Configuration: Sendable {
        var window: Int
        var stride: Int
        var splits = 0
        var splitFraction = 0.0

        var description: String {
            "\(window) bits, strides of \(stride)" + (splits == 0 ? "" : ", wide boxes cut in \(1 << splits)")
        }
    }

    /// Tried in turn on the lengths still open. Measured on PyTorch GRUs and
    /// LSTMs trained at n = 50 (Benchmarks/relational-sets.md): 4 bits and
    /// strides of 4 prove n = 40 on a GRU with K = 8 and n = 50 on others; cutting
    /// the boxes at least 0.7 as wide as the widest in four (their two widest
    /// sides halved) proves that GRU at n = 50 in 17 s, where uncut boxes of the
    /// oldest flags grow past n = 44 — but costs 2.4× on models uncut boxes
    /// already prove, so it comes second; 6 bits prove an LSTM with K = 8 the
    /// others do not. 2 or 3 bits lose the sets early; more generators per entry
    /// and strides of 8 gained nothing.
    static let configurations: [Configuration] = [
        Configuration(window: 4, stride: 4),
        Configuration(window: 4, stride: 4, splits: 2, splitFraction: 0.7),
        Configuration(window: 6, stride: 4),
    ]
    static let generatorsPerDimension = 4
    /// Flag ages kept apart; older flags share a key (so the boxes stay
    /// bounded at long n: 2·(ageCap + 1)·2^w after the flag).
    static let ageCap = 64

    init(_ options: Checker.Options) {}

    func applicability(_ problem: Problem) -> Applicability {
        guard problem.test == .flaggedOneBit else { return .notApplicable(.flaggedOneBitOnly(flags: problem.test.flags)) }
        return problem.classifier == nil ? .notApplicable(.needsClassifier) : .applies
    }

    /// One image costs a cell step on each of its columns (up to 4 generators
    /// and about 5 fresh symbols per entry), about four times over for the
    /// outward error terms. At step t there are about 2^w keys before the flag
    /// and 2·t·2^w after it (one per age); each box spends about 2^(s+1)
    /// images per stride of s steps (s·2^(s+1) before the flag, where the flag
    /// may come at any step). Summed over the strides to the longest n asked.
    func estimate(_ problem: Problem, lengths: [Int]) -> Cost {
        guard let n = lengths.max() else { return .unaffordable }
        let width = Double(problem.cell.model.stateWidth(stateSize: problem.stateSize))
        let image = 4 * problem.operationsPerStep * (9 * width)
        var images = 0.0
        for c in Self.configurations {
            let keys = Double(1 << c.window), s = Double(c.stride)
            // A cut box costs 2^splits images of each; at most every box is cut.
            let tree = Double(1 << (c.stride + 1 + c.splits))
            for t in Swift.stride(from: 0, to: n, by: c.stride) {
                let ages = 2 * Double(t)
                images += keys * (s + ages) * tree
            }
        }
        return Cost(operations: images * image)
    }

    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        guard let classifier = problem.classifier else {
            return lengths.map { open(problem, $0, .notApplicable(.needsClassifier), arithmetic: .intervals) }
        }
        let results = overApproximationLadder(Self.configurations, lengths: lengths) { c, retry in
            propagate(problem, classifier, lengths: retry, configuration: c, context: context)
        }
        return lengths.map { results[$0]! }
    }

    /// One propagation, deciding each n of `lengths` on the way.
    func propagate(_ problem: Problem, _ classifier: Classifier, lengths: [Int], configuration c: Configuration,
                   context: DecisionContext) -> [Int: LengthResult] {
        let stride = c.stride
        var sets = HistoryBoxes(cell: problem.cell, window: c.window, stride: stride, ageCap: Self.ageCap, readout: ZonotopeReadout(classifier),
                                generatorsPerDimension: Self.generatorsPerDimension, splits: c.splits, splitFraction: c.splitFraction,
                                threads: context.budget.threads)
        let wanted = Set(lengths)
        let horizon = min(lengths.max() ?? 0, context.budget.depth)
        var results: [Int: LengthResult] = [:]
        var stop: OpenReason?
        let task = "history-keyed boxes (\(c.description)): steps"
        while sets.step < horizon {
            if let exhausted = context.budget.exhaustion { stop = exhausted; break }
            let budgetNow = context.budget
            let start = sets.step, steps = min(stride, horizon - start)
            switch sets.advance(steps: steps, shouldStop: { budgetNow.isExhausted }) {
            case .advanced: break
            case .unbounded: stop = .unboundedImage(step: start + steps)
            case .stopped: stop = context.budget.exhaustion ?? .interrupted
            }
            guard stop == nil else { break }
            context.observer.progress(task, sets.step, horizon)
            if sets.boxCount > context.budget.boxes { stop = .budget(.boxes(context.budget.boxes)) }
            for d in 1...steps where wanted.contains(start + d) {
                let r = result(sets.scores[d - 1], boxes: sets.boxCount, configuration: c, problem, classifier, n: start + d)
                results[start + d] = r
                if r.verdict == .pass { context.emit(r) }
            }
            // This stride's lengths stand; past the box budget no further stride runs.
            if stop != nil { break }
        }
        for n in lengths where results[n] == nil {
            results[n] = open(problem, n, stop ?? .budget(.depth(context.budget.depth)), arithmetic: .intervals, work: Work(steps: sets.step))
        }
        return results
    }

    /// The label zonotopes at n as a length's result.
    func result(_ scores: HistoryBoxes.Scores, boxes: Int, configuration c: Configuration, _ problem: Problem, _ classifier: Classifier,
                n: Int) -> LengthResult {
        guard scores.wrong == 0, scores.leastMargin.isFinite else {
            return open(problem, n, .overApproximationNotSeparated(step: n), arithmetic: .intervals, work: Work(steps: n))
        }
        let cuts = c.splits == 0 ? "" : ", the boxes at least \(c.splitFraction) as wide as the widest cut in \(1 << c.splits) before each stride"
        let description = "boxes keyed by the last \(c.window) information bits and the flag's age, stepped \(c.stride) steps at a time"
            + "\(cuts) (\(boxes) boxes at the last stride's end); every label zonotope at n certified on its side"
        let margin = Rational(exactly: scores.leastMargin).map { Margin(value: $0) }
        return LengthResult(length: n, outcome: .pass(Certificate(evidence: .sets(description: description), classifier: classifier, margin: margin)),
                            procedure: id, arithmetic: .intervals, pathCount: problem.pathCount(n), work: Work(steps: n))
    }

    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt {
        EveryLengthAttempt(outcome: .open(.notApplicable(.lengthsOnly)))
    }
}
