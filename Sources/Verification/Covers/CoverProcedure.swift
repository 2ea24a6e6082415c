import Cells
import Constructions
import Exact
import F1B

/// Invariant covers (`cover`, sound): any cell, any K, any n and every n.
///
/// The reachable sets of the three phases are over-approximated by unions of
/// leaves of a partition of state space (`CoverSweep`), stepped with
/// certified images (`BoxImage`, `CoverGraph`), starting from the box the
/// cell's equations bound every state in (`StateBound`) where there is one.
/// At each n asked:
///
/// - **pass** when the classifier (the file's, or one found by exact LP on the
///   covers' corners) certifiably puts every box of C₊(n) on the +1 side and
///   every box of C₋(n) on the −1 side: R₊(n) ⊆ C₊(n), R₋(n) ⊆ C₋(n);
/// - **fail** only with a path certified misclassified (the witnesses of the
///   boxes in conflict, and candidates earlier procedures proposed), or —
///   with no classifier — K + 2 certified paths whose hulls meet (Radon);
/// - otherwise the conflicting boxes and the backward cone of boxes that led to
///   them are halved and the sweep is repeated, until the box budget, the
///   round budget, or boxes too narrow to halve usefully (refinement stalled).
///
/// **Every n**: when the covers of some step t have a closure (boxes mapped
/// into themselves, `CoverClosure`) that the classifier separates, every
/// n ≥ t passes, and n < t passed on the way; or when the covers repeat.
struct CoverProcedure: DecisionProcedure {
    static let id = ProcedureID("cover", title: "invariant covers")
    var id: ProcedureID { Self.id }
    var guarantee: Guarantee { .sound }
    let precision: Int
    let counterexampleLimit: Int
    let unsoundShiftForTesting: Double

    init(_ options: Checker.Options) {
        precision = options.precision
        counterexampleLimit = options.counterexampleLimit
        unsoundShiftForTesting = options.unsoundCoverShiftForTesting
    }

    /// Past six state entries a cover needs more boxes than any budget
    /// (splitting each entry in four is 4^7 = 16384 boxes per phase before any
    /// refinement): not applicable, rather than spending the budget to say so.
    static let widestState = 6

    func applicability(_ problem: Problem) -> Applicability {
        let width = problem.cell.model.stateWidth(stateSize: problem.stateSize)
        guard width <= Self.widestState else { return .notApplicable(.stateTooLarge(width: width, limit: Self.widestState)) }
        return .flaggedOneBitOnly(problem)
    }

    /// Boxes grow as 2^(2·width) at the start and refine from there: exponential in the state's size.
    func estimate(_ problem: Problem, lengths: [Int]) -> Cost {
        let width = problem.cell.model.stateWidth(stateSize: problem.stateSize)
        // Measured: K = 1 gated cells near their boundary refine to ~10^4 boxes over ~10 rounds.
        let leaves = Double(sign: .plus, exponent: min(2 * width + 8, 60), significand: 1)
        let steps = Double(lengths.max() ?? 200)
        // Three inputs per box per step, over ~16 rounds of refinement.
        return Cost(operations: 48 * leaves * steps * problem.operationsPerStep * Double(2 * width + 1))
    }

    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult] {
        let run = CoverRun(problem: problem, procedure: self, context: context)
        let outcome = run.run(lengths: lengths)
        return lengths.map { outcome.results[$0]! }
    }

    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt {
        let run = CoverRun(problem: problem, procedure: self, context: context)
        let outcome = run.run(lengths: nil)
        let results = outcome.results.keys.sorted().map { outcome.results[$0]! }.filter { $0.verdict != .inconclusive }
        return EveryLengthAttempt(outcome: outcome.everyLength ?? .open(.noInvariant(depth: 0)), results: results,
                                  work: Work(boxes: outcome.leaves, rounds: outcome.rounds))
    }
}

/// One run of covers on a problem.
struct CoverRun {
    let problem: Problem
    let procedure: CoverProcedure
    let context: DecisionContext
    var cell: CellSpecification { problem.cell }
    var K: Int { cell.stateSize }
    var width: Int { cell.model.stateWidth(stateSize: K) }
    var budget: Budget { context.budget }

    struct RunResult {
        var results: [Int: LengthResult] = [:]
        var everyLength: EveryLengthOutcome?
        var leaves = 0
        var rounds = 0
    }

    /// A place the covers could not decide: the step, and the leaves (per
    /// phase) whose boxes are in conflict, or, with `closure`, the leaves of a
    /// closure to split.
    struct Conflict {
        var step: Int
        var leaves: [[Int32]]
        var closure = false
    }

    /// The deepest sweep every n makes with covers (every layer is kept for its witnesses).
    static let deepestEveryLength = 10_000
    /// Boxes a sweep may keep over all its steps (about 40 bytes each at K = 2).
    static let storedBoxLimit = 20_000_000
    /// Certificates up to this many boxes are re-checked in rational intervals (`CoverCertificateCheck`).
    static let recheckLimit = 4000
    /// Refinement rounds (each re-sweeps every step).
    static let roundLimit = 400
    /// Leaves narrower than this share of the root's extent are not split: their
    /// boxes' rounding is as wide as what splitting would gain.
    static let narrowestSplit = 0x1p-44

    func work(_ graph: CoverGraph, _ rounds: Int) -> Work { Work(boxes: graph.partition.leafCount, rounds: rounds) }

    func result(_ n: Int, _ outcome: Outcome, _ graph: CoverGraph, _ rounds: Int) -> LengthResult {
        LengthResult(length: n, outcome: outcome, procedure: CoverProcedure.id, arithmetic: .intervals,
                     pathCount: Path.count(length: n), work: work(graph, rounds))
    }

    /// Decides each n of `lengths`, or every n (`lengths` nil).
    func run(lengths: [Int]?) -> RunResult {
        let everyLength = lengths == nil
        var undecided = Set(lengths ?? [])
        var out = RunResult()
        let images = BoxImage<DoubleInterval>(cell, context: ())
        let bound = StateBound.box(cell)
        var root = initialRoot(bound)
        func makeGraph() -> CoverGraph {
            let graph = CoverGraph(partition: Partition(lower: root.map(\.lower), upper: root.map(\.upper), depth: initialDepth),
                                   images: images, bound: bound, threads: budget.threads)
            graph.unsoundShiftForTesting = procedure.unsoundShiftForTesting
            return graph
        }
        var graph = makeGraph()
        var round = 0, escapes = 0
        var lastReason: OpenReason = .overApproximationNotSeparated(step: 1)
        var decidedThrough = 0
        let rule = CoverClassifier(problem.classifier, stateSize: K)
        rounds: while true {
            round += 1
            if let stop = budget.exhaustion { lastReason = stop; break }
            var sweep = CoverSweep(graph: graph, initial: cell.initialState.map { DoubleInterval(enclosing: $0) })
            let horizon = everyLength ? min(budget.depth, Self.deepestEveryLength) : (undecided.max() ?? 0)
            var conflicts: [Conflict] = []
            var nextClosure = 1
            var stored = 0
            context.observer.note("cover round \(round): \(graph.partition.leafCount) leaves, sweeping to n = \(everyLength ? "all" : String(horizon))")
            steps: for t in 1...max(horizon, 1) {
                if let stop = budget.exhaustion { lastReason = stop; break rounds }
                let advance = sweep.advance(shouldStop: { budget.isExhausted })
                if advance == .stopped { lastReason = budget.exhaustion ?? .interrupted; break rounds }
                guard advance == .advanced else {
                    // An image left the root box (no a-priori bound): double the escaping extents and start again.
                    escapes += 1
                    guard escapes <= 24, let bigger = grown(root, toContain: graph.escape!) else {
                        lastReason = .escaped(extent: 16_777_216)
                        break rounds
                    }
                    root = bigger
                    graph = makeGraph()
                    round -= 1
                    continue rounds
                }
                stored += sweep.layers[t].boxCount
                guard stored <= Self.storedBoxLimit else {
                    lastReason = .budget(.boxes(Self.storedBoxLimit))
                    break rounds
                }
                guard everyLength || undecided.contains(t) else { continue }
                let layer = sweep.layers[t]
                let decision = rule.decide(positive: elements(layer, 1), negative: elements(layer, 2))
                if let classifier = decision.classifier, decision.unsettled.allSatisfy(\.isEmpty) {
                    if out.results[t]?.verdict != .pass {
                        out.results[t] = passed(t, layer: layer, rule: classifier, graph: graph, round: round)
                        context.emit(out.results[t]!)
                    }
                    undecided.remove(t)
                    if everyLength && t == decidedThrough + 1 { decidedThrough = t }
                } else {
                    conflicts.append(Conflict(step: t, leaves: decision.unsettled))
                    lastReason = .overApproximationNotSeparated(step: t)
                    if everyLength { break steps }
                    continue
                }
                guard everyLength else {
                    if undecided.isEmpty { break steps }
                    continue
                }
                if let start = sweep.repeatStart, let period = sweep.period {
                    out.everyLength = .certificate(EveryLengthCertificate(kind: .repeatingCovers(period: period), from: start))
                    out.leaves = graph.partition.leafCount
                    out.rounds = round
                    return out
                }
                guard t == nextClosure, let classifier = decision.classifier else { continue }
                nextClosure *= 2
                switch closure(of: layer, graph: graph, rule: classifier, from: t) {
                case .certified(let certificate)?:
                    let boxes = certificate.before.count + certificate.positive.count + certificate.negative.count
                    var rechecked = false
                    if boxes <= Self.recheckLimit {
                        if let violation = CoverCertificateCheck(cell: cell, precision: procedure.precision).violation(certificate) {
                            // A certificate its re-check rejects is never a pass.
                            lastReason = .recheckFailed("a closure of covers failed its re-check in rational intervals (\(violation))")
                            break steps
                        }
                        rechecked = true
                    }
                    out.everyLength = .certificate(EveryLengthCertificate(kind: .cover(certificate, rechecked: rechecked), from: t))
                    out.leaves = graph.partition.leafCount
                    out.rounds = round
                    return out
                case .conflict(let leaves)?:
                    conflicts.append(Conflict(step: t, leaves: leaves, closure: true))
                    lastReason = .noInvariant(depth: t)
                    if conflicts.count >= 3 { break steps }
                case nil:
                    lastReason = .budget(.boxes(budget.boxes))
                }
            }
            if !everyLength && undecided.isEmpty { break }
            // Counterexamples: the conflicts' witnesses and earlier candidates, in certified arithmetic.
            for conflict in conflicts where !conflict.closure && (everyLength || undecided.contains(conflict.step)) {
                let n = conflict.step
                guard out.results[n]?.verdict != .fail else { continue }
                let witnesses = witnessPaths(sweep, step: n, targets: conflict.leaves) + (context.candidates[n] ?? [])
                if let fail = refute(at: n, witnesses: witnesses) {
                    out.results[n] = result(n, fail, graph, round)
                    undecided.remove(n)
                    if everyLength {
                        out.everyLength = .fails(at: n)
                        out.leaves = graph.partition.leafCount
                        out.rounds = round
                        return out
                    }
                }
            }
            if !everyLength && undecided.isEmpty { break }
            guard round < Self.roundLimit else { lastReason = .refinementStalled(boxes: graph.partition.leafCount); break }
            // Refine the boxes the conflicts came through.
            var marks = Set<Int>()
            for conflict in conflicts where everyLength || undecided.contains(conflict.step) {
                if conflict.closure {
                    marks.formUnion(conflict.leaves.flatMap { $0.map(Int.init) })
                } else {
                    let targets = conflict.leaves.allSatisfy(\.isEmpty) ? sweep.layers[conflict.step].leaves : conflict.leaves
                    guard let cone = sweep.backwardCone(step: conflict.step, targets: targets, shouldStop: { budget.isExhausted }) else {
                        lastReason = budget.exhaustion ?? .interrupted
                        break rounds
                    }
                    marks.formUnion(cone)
                }
            }
            if marks.isEmpty { marks = sweep.visited }
            let splittable = marks.filter { graph.partition.isSplittable($0, narrowest: Self.narrowestSplit) }
            guard !splittable.isEmpty else { lastReason = .refinementStalled(boxes: graph.partition.leafCount); break }
            guard graph.partition.leafCount + splittable.count <= budget.boxes else {
                lastReason = .budget(.boxes(budget.boxes))
                break
            }
            graph.refine(Array(splittable))
        }
        out.leaves = graph.partition.leafCount
        out.rounds = round
        // What is left is open.
        for n in undecided where out.results[n] == nil { out.results[n] = result(n, .open(lastReason), graph, round) }
        if everyLength { out.everyLength = .open(lastReason) }
        return out
    }

    /// A phase's elements as (leaf, box) pairs.
    func elements(_ layer: CoverSweep.Layer, _ phase: Int) -> [(leaf: Int32, box: [DoubleInterval])] {
        layer.leaves[phase].indices.map { (layer.leaves[phase][$0], layer.box(phase, $0, width: width)) }
    }

    // MARK: Set-up

    /// 2^depth leaves to start with, within the box budget.
    var initialDepth: Int {
        var depth = width == 1 ? 4 : width == 2 ? 6 : 2 * width
        while depth > 0 && 1 << min(depth, 62) > budget.boxes { depth -= 1 }
        return depth
    }

    /// [−2^k, 2^k] in each dimension, holding the a-priori bound (or [−1, 1] and s_0).
    func initialRoot(_ bound: [DoubleInterval]?) -> [DoubleInterval] {
        let holds = bound ?? cell.initialState.map { DoubleInterval(enclosing: $0).hull(DoubleInterval(lower: -1, upper: 1)) }
        return holds.map { x in
            var e = 1.0
            while -e > x.lower || e < x.upper { e *= 2 }
            return DoubleInterval(lower: -e, upper: e)
        }
    }

    /// The root with each extent doubled until it holds the escaping box.
    func grown(_ root: [DoubleInterval], toContain box: [DoubleInterval]) -> [DoubleInterval]? {
        var out = root
        for k in out.indices {
            var e = out[k].upper
            while -e > box[k].lower || e < box[k].upper { e *= 2 }
            if e > 16_777_216 { return nil }
            out[k] = DoubleInterval(lower: -e, upper: e)
        }
        return out
    }

    // MARK: Decisions

    func passed(_ n: Int, layer: CoverSweep.Layer, rule: BoxClassification, graph: CoverGraph, round: Int) -> LengthResult {
        let statistics = CoverStatistics(before: layer.leaves[0].count, positive: layer.leaves[1].count, negative: layer.leaves[2].count,
                                         leaves: graph.partition.leafCount, rounds: round)
        let margin = rule.margin(positive: elements(layer, 1).map(\.box), negative: elements(layer, 2).map(\.box))
        return result(n, .pass(Certificate(evidence: .cover(statistics), classifier: rule.classifier,
                                          classifierFound: problem.classifier == nil, margin: margin)), graph, round)
    }

    enum Closure {
        case certified(CoverInvariant)
        /// Leaves to split: the closure's boxes in conflict and those it had to widen.
        case conflict([[Int32]])
    }

    func closure(of layer: CoverSweep.Layer, graph: CoverGraph, rule: BoxClassification, from t: Int) -> Closure? {
        guard let H = CoverClosure.closure(of: layer, graph: graph, limit: budget.boxes, shouldStop: { budget.isExhausted }) else { return nil }
        func pairs(_ q: Int) -> [(leaf: Int32, box: [DoubleInterval])] { H[q].keys.sorted().map { ($0, H[q][$0]!.box) } }
        let unsettled = [[], rule.unsettled(pairs(1), .positive), rule.unsettled(pairs(2), .negative)]
        guard unsettled.allSatisfy(\.isEmpty) else {
            let widened = (0..<3).map { q in H[q].filter { $0.value.growths > 0 }.map(\.key) }
            return .conflict((0..<3).map { unsettled[$0] + widened[$0] })
        }
        func boxes(_ q: Int) -> [[Interval]] { pairs(q).map { $0.box.map(\.exact) } }
        return .certified(CoverInvariant(from: t, before: boxes(0), positive: boxes(1), negative: boxes(2), classifier: rule.classifier,
                                         bound: graph.bound?.map(\.exact)))
    }

    /// Witness paths of the conflicting boxes (up to 32 per class), or of the
    /// whole after-flag covers when there is no classifier.
    func witnessPaths(_ sweep: CoverSweep, step t: Int, targets: [[Int32]]) -> [Path] {
        guard t <= sweep.depth else { return [] }
        var paths: [Path] = []
        for q in 1...2 {
            let layer = sweep.layers[t]
            let wanted = targets[q].isEmpty ? Set(layer.leaves[q]) : Set(targets[q])
            var taken = 0
            for (i, leaf) in layer.leaves[q].enumerated() where wanted.contains(leaf) && taken < 32 {
                paths.append(sweep.witness(step: t, phase: q, index: i))
                taken += 1
            }
        }
        return paths
    }

    /// A certified failure at n among the witnesses: misclassified paths (with
    /// a classifier) or a Radon certificate (without).
    func refute(at n: Int, witnesses: [Path]) -> Outcome? {
        let paths = Array(Set(witnesses)).sorted { $0.canonicallyPrecedes($1) }
        guard !paths.isEmpty else { return nil }
        guard let classifier = problem.classifier else {
            let boxes = Recheck.enclosures(problem, paths, precision: procedure.precision)
            let points = zip(paths, boxes).map { RadonCertificate.Point(box: $1, path: $0) }
            guard let radon = RadonCertificate.find(positive: points.filter { $0.path.label > 0 }, negative: points.filter { $0.path.label < 0 })
            else { return nil }
            return .fail(Refutation(counterexample: radon.counterexample, classifier: nil, count: nil))
        }
        let wrong = PathCertification(cell: cell, classifier: classifier, precision: procedure.precision)
            .misclassified(paths, shouldStop: { budget.isExhausted })
        guard !wrong.isEmpty else { return nil }
        return .fail(Refutation(counterexample: .misclassified(Array(wrong.prefix(procedure.counterexampleLimit))),
                                classifier: classifier, count: .atLeast(BigInteger(wrong.count))))
    }
}
