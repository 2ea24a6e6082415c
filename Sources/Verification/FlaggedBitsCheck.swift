import Cells
import Constructions
import Exact
import F1B

/// One readout's verdict at one n of the Flagged-m-Bit test.
public struct ReadoutResult: Sendable {
    /// j, 1-based: the j-th flagged bit.
    public var index: Int
    /// The file's readout, or one found by exact separability (nil: none exists / not decided).
    public var classifier: Classifier?
    public var classifierFound: Bool
    /// Paths whose j-th flagged bit this readout gets wrong (nil where the classifier was searched and none exists).
    public var misclassified: BigInteger?
    /// misclassified / (paths).
    public var errorProbability: Rational?
    /// A path it gets wrong (or, with no classifier, one of two paths whose final states no classifier can split).
    public var counterexample: FlaggedBitsPath?
}

/// The Flagged-m-Bit test at one n: every readout must be right on every path.
public struct FlaggedBitsLengthResult: Sendable {
    public var length: Int
    public var flaggedBits: Int
    public var verdict: Verdict
    public var method: String
    public var arithmetic: Arithmetic
    public var pathCount: BigInteger
    public var readouts: [ReadoutResult]
    public var distinctFinalStates: Int?
    public var reason: String?
}

/// The verdict for every n, where the reachable sets stop changing.
public struct FlaggedBitsAllLengths: Sendable {
    public var verdict: Verdict
    /// From this n on, every n has the same final states (and so the same verdict).
    public var from: Int?
    public var reason: String
}

/// Decides the Flagged-m-Bit test (m flags L_1 < … < L_m, readout j classifies
/// X^I at L_j; C(s) = +1 iff βᵀs + γ ≥ 0 for each readout, as `Classification`
/// rules). Piecewise-linear cells exactly, by reachable sets over ℚ: the
/// states reached by each history of flagged bits (b_1…b_c, c ≤ m flags so far),
/// deduplicated with their path counts, stepped t = 1, 2, …; the n-th layer's
/// m-bit part gives every readout's misclassified count. When a layer equals
/// the one before, it repeats forever and the verdict holds for every later n
/// (an every-n certificate, as `ReachableSetCheck`'s for F1B). tanh/σ cells by
/// certified enumeration of all C(n, m)·2^n paths in interval arithmetic (with
/// the file's readouts: each score's sign certified, else inconclusive).
/// With m = 1 this is F1B (tested against `Checker` on every shipped file).
public enum FlaggedBitsCheck {
    /// Most (history, state) pairs in one layer before giving up.
    public static let stateBudget = 2_000_000
    /// Most paths enumerated in interval arithmetic.
    public static let pathBudget = 1 << 22

    /// The results for each n in `lengths` (ascending), and for every n when
    /// `everyLength` and the sets repeat.
    public static func check(_ construction: Construction, lengths: [Int], everyLength: Bool = false,
                             precision: Int = 128) -> (results: [FlaggedBitsLengthResult], allLengths: FlaggedBitsAllLengths?) {
        if construction.cell.isPiecewiseLinear {
            return exact(construction, lengths: lengths, everyLength: everyLength)
        }
        let results = lengths.map { enumerate(construction, length: $0, precision: precision) }
        return (results, everyLength ? FlaggedBitsAllLengths(verdict: .inconclusive, from: nil,
                                                            reason: "every n needs reachable sets, exact for piecewise-linear cells only") : nil)
    }

    // MARK: - Exact reachable sets

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

    static func exact(_ construction: Construction, lengths: [Int], everyLength: Bool)
        -> (results: [FlaggedBitsLengthResult], allLengths: FlaggedBitsAllLengths?) {
        let m = construction.flaggedBits
        let step = construction.cell.withCell(StepFunction<Rational>(context: ()))
        let K = construction.cell.stateSize
        var layer: [Key: Entry] = [Key(labels: [], state: construction.cell.initialState): Entry(count: BigInteger(1), flagPositions: [], bits: [])]
        var results: [FlaggedBitsLengthResult] = []
        var pending = lengths.sorted()
        var t = 0
        var stationaryFrom: Int?
        // Run to the largest n asked, and (for every n) until a layer repeats.
        while !pending.isEmpty || (everyLength && stationaryFrom == nil) {
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
            if next.count > stateBudget {
                let reason = "more than \(stateBudget) distinct (flagged bits, state) pairs at t = \(t)"
                results += pending.map { inconclusive($0, m: m, reason: reason) }
                return (results, everyLength ? FlaggedBitsAllLengths(verdict: .inconclusive, from: nil, reason: reason) : nil)
            }
            // Histories with fewer than m flags can still gain flags, so the whole layer must repeat.
            if stationaryFrom == nil && t > m && Set(next.keys) == Set(layer.keys) { stationaryFrom = t }
            layer = next
            if let first = pending.first, first == t {
                pending.removeFirst()
                results.append(decide(layer, construction: construction, length: t, stateSize: K))
            }
        }
        guard everyLength, let from = stationaryFrom else { return (results, nil) }
        // Layers t ≥ from are the same sets, so n ≥ from has the final states of n = from
        // and the same verdict; n < from are decided one by one.
        var verdicts = [decide(layer, construction: construction, length: t, stateSize: K).verdict]
        if from > 1 {
            verdicts += check(construction, lengths: Array(1..<from)).results.map(\.verdict)
        }
        return (results, FlaggedBitsAllLengths(verdict: Verdict.combined(verdicts), from: from,
                                                reason: "the reachable sets at t = \(from) equal those at t = \(from - 1): every n ≥ \(from) has the final states of n = \(from)"))
    }

    static func decide(_ layer: [Key: Entry], construction: Construction, length n: Int, stateSize K: Int) -> FlaggedBitsLengthResult {
        let m = construction.flaggedBits
        let final = layer.filter { $0.key.labels.count == m }
        let total = FlaggedBitsPath.count(length: n, flaggedBits: m)
        var readouts: [ReadoutResult] = []
        for j in 0..<m {
            let positive = final.filter { $0.key.labels[j] == 1 }, negative = final.filter { $0.key.labels[j] == -1 }
            func path(_ e: Entry) -> FlaggedBitsPath { FlaggedBitsPath(flagPositions: e.flagPositions, informationBits: e.bits) }
            if let classifier = construction.readouts?[j] ?? (m == 1 ? construction.classifier : nil) {
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
                                              errorProbability: total.signum == 0 ? Rational(0) : Rational(numerator: wrong, denominator: total), counterexample: witness))
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
        let pass = readouts.allSatisfy { $0.misclassified.map { $0.signum == 0 } ?? false }
        return FlaggedBitsLengthResult(length: n, flaggedBits: m, verdict: pass ? .pass : .fail, method: "reachable sets",
                                       arithmetic: .exact, pathCount: total, readouts: readouts,
                                       distinctFinalStates: Set(final.keys.map(\.state)).count, reason: nil)
    }

    static func inconclusive(_ n: Int, m: Int, reason: String) -> FlaggedBitsLengthResult {
        FlaggedBitsLengthResult(length: n, flaggedBits: m, verdict: .inconclusive, method: "reachable sets", arithmetic: .exact,
                                pathCount: FlaggedBitsPath.count(length: n, flaggedBits: m), readouts: [], distinctFinalStates: nil, reason: reason)
    }

    // MARK: - Certified enumeration (tanh, σ)

    static func enumerate(_ construction: Construction, length n: Int, precision: Int) -> FlaggedBitsLengthResult {
        let m = construction.flaggedBits
        let total = FlaggedBitsPath.count(length: n, flaggedBits: m)
        guard n >= m else {
            return FlaggedBitsLengthResult(length: n, flaggedBits: m, verdict: .pass, method: "no paths (n < m)", arithmetic: .intervals,
                                           pathCount: total, readouts: [], distinctFinalStates: 0, reason: nil)
        }
        guard let readouts = construction.readouts ?? (m == 1 ? construction.classifier.map { [$0] } : nil) else {
            return FlaggedBitsLengthResult(length: n, flaggedBits: m, verdict: .inconclusive, method: "certified enumeration",
                                           arithmetic: .intervals, pathCount: total, readouts: [], distinctFinalStates: nil,
                                           reason: "a tanh/σ cell's readouts must be given: enclosures do not decide separability")
        }
        guard let count = total.intValue, count <= pathBudget else {
            return FlaggedBitsLengthResult(length: n, flaggedBits: m, verdict: .inconclusive, method: "certified enumeration",
                                           arithmetic: .intervals, pathCount: total, readouts: [], distinctFinalStates: nil,
                                           reason: "\(total) paths: more than \(pathBudget) to enumerate")
        }
        // Double-endpoint enclosures first (outward rounded, Arb's tanh and σ); a score they
        // cannot place is recomputed with rational endpoints at `precision` bits.
        let fast = construction.cell.withCell(StepFunction<DoubleInterval>(context: ()))
        let precise = construction.cell.withCell(StepFunction<Interval>(context: precision))
        let K = construction.cell.stateSize
        let fastInitial = construction.cell.initialState.map { DoubleInterval(enclosing: $0) }
        let initial = construction.cell.initialState.map { Interval($0, precision: precision) }
        var wrong = [BigInteger](repeating: BigInteger(0), count: m), undecided = 0
        var witness = [FlaggedBitsPath?](repeating: nil, count: m)
        for positions in combinations(n, m) {
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
        }
        let results = (0..<m).map { j in
            ReadoutResult(index: j + 1, classifier: readouts[j], classifierFound: false, misclassified: undecided == 0 ? wrong[j] : nil,
                          errorProbability: undecided == 0 ? Rational(numerator: wrong[j], denominator: total) : nil, counterexample: witness[j])
        }
        let verdict: Verdict = wrong.contains { $0.signum > 0 } ? .fail : undecided > 0 ? .inconclusive : .pass
        return FlaggedBitsLengthResult(length: n, flaggedBits: m, verdict: verdict, method: "certified enumeration",
                                       arithmetic: .intervals, pathCount: total, readouts: results, distinctFinalStates: nil,
                                       reason: undecided > 0 ? "\(undecided) scores too close to 0 to certify at \(precision) bits" : nil)
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
