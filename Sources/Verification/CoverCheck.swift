import Cells
import Constructions
import Exact
import F1B

/// What a cover looked like when it decided an n.
public struct CoverStatistics: Sendable, Equatable {
    /// Boxes in C_b(n), C₊(n), C₋(n).
    public var before: Int
    public var positive: Int
    public var negative: Int
    /// Leaves of the partition, and refinement rounds, when it was decided.
    public var leaves: Int
    public var rounds: Int
}

/// The every-n certificate of covers: boxes H_b, H₊, H₋ that every input maps
/// into themselves (each box's certified image meets only boxes of its target
/// set), containing the covers of step `from`, with H₊ and H₋ on their sides.
public struct CoverInvariant: Sendable, Equatable {
    public var from: Int
    /// Boxes of the full state, exact endpoints, per phase (before, +1, −1).
    public var before: [[Interval]]
    public var positive: [[Interval]]
    public var negative: [[Interval]]
    public var classifier: Classifier
}

/// `f1b check --method cover`: invariant covers for any cell and any K.
///
/// The reachable sets of the three phases are over-approximated by unions of
/// leaves of a partition of state space (`CoverSweep`), stepped with
/// certified images (`BoxImage`, `CoverGraph`). At each n asked:
///
/// - **pass** when the classifier (the file's, or one found by exact LP on the
///   covers' corners) certifiably puts every box of C₊(n) on the +1 side and
///   every box of C₋(n) on the −1 side: R₊(n) ⊆ C₊(n), R₋(n) ⊆ C₋(n);
/// - **fail** when a path is certified misclassified (the witnesses of the
///   boxes in conflict, and `AdversarialSearch`'s candidates, each decided by
///   `PathCertification`), or — with no classifier — when K + 2 certified
///   paths show the classes' hulls meet (`RadonCertificate`);
/// - otherwise the conflicting boxes and the backward cone of boxes that led to
///   them are halved and the sweep is repeated, until `maximumBoxes` leaves.
///
/// **Every n**: when the covers of some step t have a closure (boxes mapped
/// into themselves, `CoverSweep.closure`) that the classifier separates, every
/// n ≥ t passes, and n < t passed on the way; or when the covers repeat.
struct CoverCheck {
    let construction: Construction
    let options: Checker.Options
    var cell: CellSpecification { construction.cell }
    var K: Int { cell.stateSize }
    var width: Int { cell.model.stateWidth(stateSize: K) }

    struct Outcome {
        var results: [Int: LengthResult] = [:]
        var allLengths: AllLengthsResult?
    }

    /// A place the covers could not decide: the step, and the leaves (per
    /// phase) whose boxes are in conflict, or, with `closure`, the leaves of a
    /// closure to split.
    struct Conflict {
        var step: Int
        var leaves: [[Int32]]
        var closure = false
    }

    /// Decides each n of `lengths`, or every n (`lengths` nil).
    func run(lengths: [Int]?, progress: (String) -> Void) -> Outcome {
        let everyN = lengths == nil
        var undecided = Set(lengths ?? [])
        var outcome = Outcome()
        let images = BoxImage<DoubleInterval>(cell, context: ())
        var root = initialRoot()
        func makeGraph() -> CoverGraph {
            let graph = CoverGraph(partition: Partition(lower: root.map(\.lower), upper: root.map(\.upper), depth: initialDepth), images: images)
            graph.unsoundShiftForTesting = options.unsoundCoverShiftForTesting
            return graph
        }
        var graph = makeGraph()
        var round = 0, escapes = 0
        var searched = Set<Int>()
        var lastReason = "not reached"
        let rule = CoverClassifier(construction.classifier, stateSize: K)
        // Every n: a failure anywhere settles it, and a search finds most of them cheaply.
        if everyN, construction.classifier != nil {
            for n in [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000] where n <= options.maximumDepth {
                searched.insert(n)
                if let fail = refute(at: n, witnesses: [], search: true) {
                    outcome.results[n] = fail
                    outcome.allLengths = AllLengthsResult(verdict: .fail, from: n, reason: "fails at n = \(n) (a path certified misclassified)")
                    return outcome
                }
            }
        }
        rounds: while true {
            round += 1
            var sweep = CoverSweep(graph: graph, initial: cell.initialState.map { DoubleInterval(enclosing: $0) })
            let horizon = everyN ? min(options.maximumDepth, Self.deepestEveryN) : (undecided.max() ?? 0)
            var conflicts: [Conflict] = []
            var nextClosure = 1
            var stored = 0
            progress("cover round \(round): \(graph.partition.leafCount) leaves, sweeping to n = \(everyN ? "all" : String(horizon))")
            steps: for t in 1...max(horizon, 1) {
                guard sweep.advance() else {
                    // An image left the root box: double the escaping extents and start again.
                    escapes += 1
                    guard escapes <= 24, let bigger = grown(root, toContain: graph.escape!) else {
                        lastReason = "the states leave every box up to 2^24 (they grow without bound)"
                        break rounds
                    }
                    root = bigger
                    graph = makeGraph()
                    round -= 1
                    continue rounds
                }
                stored += sweep.layers[t].boxCount
                guard stored <= Self.storedBoxLimit else {
                    lastReason = "the covers of steps 1…\(t) hold more than \(Self.storedBoxLimit) boxes in all (each step is kept for its witnesses)"
                    break rounds
                }
                guard everyN || undecided.contains(t) else { continue }
                let layer = sweep.layers[t]
                let decision = rule.decide(positive: elements(layer, 1), negative: elements(layer, 2))
                if let classifier = decision.classifier, decision.unsettled.allSatisfy(\.isEmpty) {
                    if outcome.results[t]?.verdict != .pass {
                        outcome.results[t] = passed(t, layer: layer, rule: classifier, graph: graph, round: round)
                    }
                    undecided.remove(t)
                } else {
                    conflicts.append(Conflict(step: t, leaves: decision.unsettled))
                    lastReason = decision.classifier == nil
                        ? "the covers of the two classes are not linearly separable at n = \(t)"
                        : "\(decision.unsettled[1].count + decision.unsettled[2].count) boxes of the covers at n = \(t) are not certified on their side"
                    if everyN { break steps }
                    continue
                }
                guard everyN else {
                    if undecided.isEmpty { break steps }
                    continue
                }
                if let start = sweep.repeatStart, let period = sweep.period {
                    outcome.allLengths = AllLengthsResult(verdict: .pass, from: start, reason:
                        "the covers repeat with period \(period) from step \(start); n = 1…\(t) pass by covers, and every later n has the covers of one of them")
                    return outcome
                }
                guard t == nextClosure, let classifier = decision.classifier else { continue }
                nextClosure *= 2
                switch closure(of: layer, graph: graph, rule: classifier, from: t) {
                case .certified(let certificate)?:
                    let boxes = certificate.before.count + certificate.positive.count + certificate.negative.count
                    var recheck = "(not re-checked: more than \(Self.recheckLimit) boxes)"
                    if boxes <= Self.recheckLimit {
                        if let violation = CoverCertificateCheck(cell: cell, precision: options.precision).violation(certificate) {
                            // A certificate its re-check rejects is never a pass.
                            lastReason = "a closure failed its re-check in rational intervals (\(violation))"
                            break steps
                        }
                        recheck = "(re-checked in rational interval arithmetic at \(options.precision) bits)"
                    }
                    var all = AllLengthsResult(verdict: .pass, from: 1, reason:
                        "n = 1…\(t) pass by covers, and from step \(t) the boxes H_b (\(certificate.before.count)), H₊ (\(certificate.positive.count)), H₋ (\(certificate.negative.count)) are mapped into themselves by every input (certified images), with the classifier putting H₊ and H₋ on their sides: every n passes \(recheck)")
                    all.cover = certificate
                    outcome.allLengths = all
                    return outcome
                case .conflict(let leaves)?:
                    conflicts.append(Conflict(step: t, leaves: leaves, closure: true))
                    lastReason = "the closure of the covers from step \(t) is not separated by the classifier"
                    if conflicts.count >= 3 { break steps }
                case nil:
                    lastReason = "the closure of the covers from step \(t) exceeds --max-boxes"
                }
            }
            if !everyN && undecided.isEmpty { break }
            // Counterexamples: the conflicts' witnesses and a search, in certified arithmetic.
            for conflict in conflicts where !conflict.closure && (everyN || undecided.contains(conflict.step)) {
                let n = conflict.step
                guard outcome.results[n]?.verdict != .fail else { continue }
                if let fail = refute(at: n, witnesses: witnessPaths(sweep, step: n, targets: conflict.leaves), search: !searched.contains(n)) {
                    outcome.results[n] = fail
                    undecided.remove(n)
                    if everyN {
                        outcome.allLengths = AllLengthsResult(verdict: .fail, from: n, reason: "fails at n = \(n) (\(fail.counterexampleKind))")
                        return outcome
                    }
                }
                searched.insert(n)
            }
            if !everyN && undecided.isEmpty { break }
            // Refine the boxes the conflicts came through.
            var marks = Set<Int>()
            for conflict in conflicts where everyN || undecided.contains(conflict.step) {
                if conflict.closure {
                    marks.formUnion(conflict.leaves.flatMap { $0.map(Int.init) })
                } else {
                    let targets = conflict.leaves.allSatisfy(\.isEmpty) ? sweep.layers[conflict.step].leaves : conflict.leaves
                    marks.formUnion(sweep.backwardCone(step: conflict.step, targets: targets))
                }
            }
            if marks.isEmpty { marks = sweep.visited }
            guard graph.partition.leafCount + marks.count <= options.maximumBoxes else { break }
            graph.refine(Array(marks))
        }
        // What is left is inconclusive.
        let why = "\(lastReason); refining further would exceed --max-boxes \(options.maximumBoxes) (\(graph.partition.leafCount) leaves after \(round) rounds)"
        for n in undecided where outcome.results[n] == nil {
            var r = emptyResult(n)
            r.reason = why
            outcome.results[n] = r
        }
        if everyN {
            outcome.allLengths = AllLengthsResult(verdict: .inconclusive, from: nil, reason: "covers: \(why)")
        }
        return outcome
    }

    /// A phase's elements as (leaf, box) pairs.
    func elements(_ layer: CoverSweep.Layer, _ phase: Int) -> [(leaf: Int32, box: [DoubleInterval])] {
        layer.leaves[phase].indices.map { (layer.leaves[phase][$0], layer.box(phase, $0, width: width)) }
    }

    // MARK: Set-up

    /// The deepest sweep `--n all` makes with covers (every layer is kept for its witnesses).
    static let deepestEveryN = 10_000
    /// Boxes a sweep may keep over all its steps (about 40 bytes each at K = 2).
    static let storedBoxLimit = 20_000_000
    /// Certificates up to this many boxes are re-checked in rational intervals (`CoverCertificateCheck`).
    static let recheckLimit = 4000

    /// 2^depth leaves to start with, within --max-boxes.
    var initialDepth: Int {
        var depth = width == 1 ? 4 : width == 2 ? 6 : 2 * width
        while depth > 0 && 1 << depth > options.maximumBoxes { depth -= 1 }
        return depth
    }

    /// [−2^k, 2^k] in each dimension, holding [−1, 1] and s_0.
    func initialRoot() -> [DoubleInterval] {
        cell.initialState.map { s0 in
            let x = DoubleInterval(enclosing: s0)
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

    func emptyResult(_ n: Int) -> LengthResult {
        LengthResult(length: n, verdict: .inconclusive, arithmetic: .intervals, method: "invariant cover",
                     pathCount: Path.count(length: n), classifier: construction.classifier, classifierFound: false)
    }

    // MARK: Decisions

    func passed(_ n: Int, layer: CoverSweep.Layer, rule: BoxClassification, graph: CoverGraph, round: Int) -> LengthResult {
        var r = emptyResult(n)
        r.verdict = .pass
        r.classifier = rule.classifier
        r.classifierFound = construction.classifier == nil
        r.misclassified = 0
        r.errorProbability = 0
        r.margin = rule.margin(positive: elements(layer, 1).map(\.box), negative: elements(layer, 2).map(\.box))
        r.cover = CoverStatistics(before: layer.leaves[0].count, positive: layer.leaves[1].count, negative: layer.leaves[2].count,
                                  leaves: graph.partition.leafCount, rounds: round)
        return r
    }

    enum Closure {
        case certified(CoverInvariant)
        /// Leaves to split: the closure's boxes in conflict and those it had to widen.
        case conflict([[Int32]])
    }

    func closure(of layer: CoverSweep.Layer, graph: CoverGraph, rule: BoxClassification, from t: Int) -> Closure? {
        guard let H = CoverClosure.closure(of: layer, graph: graph, limit: options.maximumBoxes) else { return nil }
        func pairs(_ q: Int) -> [(leaf: Int32, box: [DoubleInterval])] { H[q].keys.sorted().map { ($0, H[q][$0]!.box) } }
        let unsettled = [[], rule.unsettled(pairs(1), .positive), rule.unsettled(pairs(2), .negative)]
        guard unsettled.allSatisfy(\.isEmpty) else {
            let widened = (0..<3).map { q in H[q].filter { $0.value.growths > 0 }.map(\.key) }
            return .conflict((0..<3).map { unsettled[$0] + widened[$0] })
        }
        func boxes(_ q: Int) -> [[Interval]] { pairs(q).map { $0.box.map(\.exact) } }
        return .certified(CoverInvariant(from: t, before: boxes(0), positive: boxes(1), negative: boxes(2), classifier: rule.classifier))
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

    /// A certified failure at n, if the candidates hold one: misclassified
    /// paths (with a classifier) or a Radon certificate (without).
    func refute(at n: Int, witnesses: [Path], search: Bool) -> LengthResult? {
        var result = emptyResult(n)
        let seed = UInt64(n) &* 0x9E37_79B9
        guard let classifier = construction.classifier else {
            // Without a classifier: certified enclosures of witnesses and samples, then Radon.
            var rng = SplitMix64(seed: seed)
            let sample = (0..<256).map { i in Path.random(length: n, label: i % 2 == 0 ? 1 : -1, using: &rng) }
            let paths = Array(Set(witnesses + sample))
            let boxes = cell.withCell(EnclosedPaths<DoubleInterval>(paths: paths, context: ()))
            let points = zip(paths, boxes).map { RadonCertificate.Point(box: $1.map(\.exact), path: $0) }
            guard let radon = RadonCertificate.find(positive: points.filter { $0.path.label > 0 }, negative: points.filter { $0.path.label < 0 })
            else { return nil }
            result.verdict = .fail
            result.counterexample = radon.counterexample
            return result
        }
        // About a million cell steps of search, whatever n.
        let candidates = !search ? [] : cell.withCell(AdversarialSearchVisitor(
            classifier: classifier, length: n, width: Swift.max(16, Swift.min(256, 100_000 / n)),
            samples: Swift.max(64, Swift.min(4096, 400_000 / n)), seed: seed, limit: 32))
        let wrong = PathCertification(cell: cell, classifier: classifier, precision: options.precision)
            .misclassified(Array(Set(witnesses + candidates)))
        guard !wrong.isEmpty else { return nil }
        result.verdict = .fail
        result.counterexample = .misclassified(Array(wrong.prefix(options.counterexampleLimit)))
        result.misclassifiedAtLeast = BigInteger(wrong.count)
        result.reason = "at least \(wrong.count) paths certified misclassified; exact Pe ≥ \(wrong.count)/\(result.pathCount)"
        return result
    }
}

/// The classifier a cover is judged by: the file's, or, without one, a
/// classifier found for each layer (`CoverSeparation`).
struct CoverClassifier {
    let given: BoxClassification?
    let stateSize: Int

    init(_ classifier: Classifier?, stateSize: Int) {
        given = classifier.map { BoxClassification(classifier: $0, stateSize: stateSize) }
        self.stateSize = stateSize
    }

    /// The classifier for these after-flag covers (nil: none separates them)
    /// and their leaves whose boxes it does not certify (per phase; empty when it passes).
    func decide(positive: [(leaf: Int32, box: [DoubleInterval])], negative: [(leaf: Int32, box: [DoubleInterval])])
        -> (classifier: BoxClassification?, unsettled: [[Int32]]) {
        let rule: BoxClassification
        if let given {
            rule = given
        } else {
            guard let found = CoverSeparation.classifier(positive: positive.map(\.box), negative: negative.map(\.box), stateSize: stateSize)
            else { return (nil, [[], [], []]) }
            rule = BoxClassification(classifier: found, stateSize: stateSize)
        }
        return (rule, [[], rule.unsettled(positive, .positive), rule.unsettled(negative, .negative)])
    }
}

extension LengthResult {
    var counterexampleKind: String {
        switch counterexample {
        case .misclassified?: return "a path certified misclassified"
        case .radon?, .inseparable?, .interleaved?: return "no linear classifier exists"
        case nil: return "certified"
        }
    }
}
