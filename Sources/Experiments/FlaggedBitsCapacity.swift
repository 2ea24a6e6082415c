import Cells
import F1B
import Simulation
import Synchronization
import Training
import _Parallel

/// Per-unit capacity on the Flagged-m-Bit test (Collins et al. 2017 put it at
/// about one real number per hidden unit): for each m and state size K, train
/// the cell with m readouts on paths of length n for each seed (stopping at
/// success: every readout's error below 1% on 4096 fresh paths), and report the
/// smallest K at which some seed succeeds.
public struct FlaggedBitsCapacity: Sendable {
    public struct Run: Sendable {
        public var flaggedBits: Int
        public var stateSize: Int
        public var seed: UInt64
        public var stepsToSuccess: Int?
        /// The worst readout's error at the last evaluation.
        public var finalError: ErrorEstimate
    }

    public var model: CellModel
    public var activation: Activation?
    public var length: Int
    public var steps: Int
    public var flaggedBits: [Int]
    public var stateSizes: [Int]
    public var seeds: [UInt64]
    public var runs: [Run]
    public var seconds: Double

    /// Seeds that succeeded at (m, K).
    public func successes(flaggedBits m: Int, stateSize K: Int) -> Int {
        runs.filter { $0.flaggedBits == m && $0.stateSize == K && $0.stepsToSuccess != nil }.count
    }

    /// The smallest K at which some seed learned m bits (nil: none of those tried).
    public func smallestStateSize(flaggedBits m: Int) -> Int? {
        stateSizes.sorted().first { successes(flaggedBits: m, stateSize: $0) > 0 }
    }

    public static func run(model: CellModel, activation: Activation?, length n: Int, flaggedBits ms: [Int], stateSizes: [Int],
                           seeds: [UInt64], steps: Int, threads: Int = availableThreads,
                           progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> FlaggedBitsCapacity {
        let clock = ContinuousClock(), start = clock.now
        let grid = ms.flatMap { m in stateSizes.flatMap { K in seeds.map { (m, K, $0) } } }
        let results = Mutex([Run?](repeating: nil, count: grid.count))
        let done = Atomic<Int>(0)
        runInParallel(tasks: grid.count, threads: threads, makeWorker: { () }) { _, i in
            let (m, K, seed) = grid[i]
            var configuration = TrainingConfiguration(length: n, steps: steps, stopBelow: 0.01, seed: seed)
            configuration.evaluationThreads = 1   // the runs themselves fill the cores
            let initial = TrainableModel.initialized(model: model, activation: activation, stateSize: K, length: n, flaggedBits: m, seed: seed)
            let trained = Trainer.train(initial, configuration)
            results.withLock { $0[i] = Run(flaggedBits: m, stateSize: K, seed: seed, stepsToSuccess: trained.stepsToSuccess, finalError: trained.finalEvaluation) }
            progress(done.add(1, ordering: .relaxed).newValue, grid.count)
        }
        let elapsed = clock.now - start
        return FlaggedBitsCapacity(model: model, activation: activation, length: n, steps: steps, flaggedBits: ms, stateSizes: stateSizes,
                                   seeds: seeds, runs: results.withLock { $0.map { $0! } },
                                   seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
