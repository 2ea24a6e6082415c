import Cells
import Constructions
import Exact
import F1B
import Foundation
import Synchronization
import _Parallel

/// Monte Carlo for the Flagged-m-Bit test: `paths` paths of length n drawn
/// uniformly (m distinct flag positions, fair bits), the cell run in Double one
/// path at a time; for each readout j, the error of the file's readout on the
/// j-th flagged bit and of a linear classifier fitted on the first half of the
/// paths and scored on the second (`FittedClassifier`), and the share of paths
/// on which every file readout is right. Each rate with its Clopper–Pearson interval.
public struct FlaggedBitsSimulation: Sendable {
    public struct Readout: Sendable {
        public var index: Int
        public var fileError: ErrorEstimate?
        public var fitted: FittedClassifier
    }

    public var length: Int
    public var flaggedBits: Int
    public var paths: Int
    public var seed: UInt64
    public var readouts: [Readout]
    /// Paths on which some file readout is wrong (nil without readouts).
    public var anyWrong: ErrorEstimate?
    public var seconds: Double

    /// Most cell steps one run may take.
    public static let largestWork = 2_000_000_000

    public static func problem(length n: Int, flaggedBits m: Int, paths: Int) -> String? {
        if n < m { return "--n \(n): a Flagged-\(m)-Bit path needs n ≥ m = \(m)" }
        if paths < 4 { return "--paths: expected at least 4 (half fit a classifier, half score it)" }
        if n * paths > largestWork { return "--n \(n) with --paths \(paths) is \(n * paths) cell steps; at most \(largestWork)" }
        return nil
    }

    public static func run(_ construction: Construction, length n: Int, paths: Int, seed: UInt64,
                           threads: Int = availableThreads, progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> FlaggedBitsSimulation {
        let m = construction.flaggedBits
        precondition(problem(length: n, flaggedBits: m, paths: paths) == nil)
        let clock = ContinuousClock(), start = clock.now
        let step = construction.cell.withCell(StepFunction<Double>(context: ()))
        let K = construction.cell.stateSize
        let initial = construction.cell.initialState.map { Double($0) }
        let blockSize = 256, blocks = (paths + blockSize - 1) / blockSize
        // Per path: the classified final state and the m labels.
        let finals = Mutex([[Double]](repeating: [], count: paths)), labels = Mutex([[Int]](repeating: [], count: paths))
        let done = Atomic<Int>(0)
        runInParallel(tasks: blocks, threads: threads, makeWorker: { () }) { _, block in
            var rng = SplitMix64.stream(UInt64(block), seed: seed)
            var localStates: [[Double]] = [], localLabels: [[Int]] = []
            for _ in (block * blockSize)..<min(paths, (block + 1) * blockSize) {
                let path = FlaggedBitsPath.random(length: n, flaggedBits: m, using: &rng)
                var state = initial
                for t in 1...n { state = step(state, path.input(at: t)) }
                localStates.append(Array(state.prefix(K)))
                localLabels.append((0..<m).map(path.label))
            }
            let first = block * blockSize
            finals.withLock { $0.replaceSubrange(first..<(first + localStates.count), with: localStates) }
            labels.withLock { $0.replaceSubrange(first..<(first + localLabels.count), with: localLabels) }
            progress(done.add(1, ordering: .relaxed).newValue, blocks)
        }
        let states = finals.withLock { $0 }, truth = labels.withLock { $0 }
        let fileReadouts = construction.readouts ?? (m == 1 ? construction.classifier.map { [$0] } : nil)
        let weights = fileReadouts.map { $0.map { (beta: $0.beta.map { Double($0) }, gamma: Double($0.gamma)) } }
        var wrongAny = [Bool](repeating: false, count: paths)
        let readouts = (0..<m).map { j -> Readout in
            var fileError: ErrorEstimate?
            if let w = weights?[j] {
                var errors = 0
                for (i, s) in states.enumerated() {
                    let score = zip(w.beta, s).map(*).reduce(w.gamma, +)
                    if !Classification.isCorrect(score, label: ClassLabel(flaggedBit: truth[i][j])) {
                        errors += 1
                        wrongAny[i] = true
                    }
                }
                fileError = ErrorEstimate(errors: errors, trials: paths)
            }
            let positive = states.indices.filter { truth[$0][j] == 1 }.map { states[$0] }
            let negative = states.indices.filter { truth[$0][j] == -1 }.map { states[$0] }
            return Readout(index: j + 1, fileError: fileError, fitted: .fit(positive: positive, negative: negative))
        }
        return FlaggedBitsSimulation(length: n, flaggedBits: m, paths: paths, seed: seed, readouts: readouts,
                                     anyWrong: weights == nil ? nil : ErrorEstimate(errors: wrongAny.filter { $0 }.count, trials: paths),
                                     seconds: Double((clock.now - start).components.seconds) + Double((clock.now - start).components.attoseconds) * 1e-18)
    }
}
