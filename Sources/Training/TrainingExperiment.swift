import Cells
import F1B
import Sharding
import Simulation
import _Parallel

/// Section 5.3's experiment: the same training protocol over many seeds and
/// sequence lengths, each run stopping at its first evaluation with error
/// below the success threshold. Runs are independent and deterministic given
/// (n, seed), so they are spread over the cores (and over shards: run j of the
/// grid belongs to shard j mod N) without changing any result.
public struct TrainingExperiment: Sendable {
    public var model: CellModel
    public var activation: Activation?
    public var stateSize: Int
    public var convention: CellConvention
    public var initialization: Initialization
    public var lengths: [Int]
    public var seeds: [UInt64]
    /// The protocol of each run; its `length` and `seed` are replaced per run.
    public var protocolConfiguration: TrainingConfiguration
    public var successBelow: Double

    public init(model: CellModel, activation: Activation?, stateSize: Int, convention: CellConvention = .paper,
                initialization: Initialization = .pytorch,
                lengths: [Int], seeds: [UInt64], configuration: TrainingConfiguration, successBelow: Double = 0.01) {
        self.initialization = initialization
        self.model = model
        self.activation = activation
        self.stateSize = stateSize
        self.convention = convention
        self.lengths = lengths
        self.seeds = seeds
        protocolConfiguration = configuration
        self.successBelow = successBelow
    }

    /// One run's outcome.
    public struct Run: Sendable, Equatable {
        public var length: Int
        public var seed: UInt64
        public var stepsToSuccess: Int?
        public var steps: Int
        public var finalLoss: Double
        public var finalError: ErrorEstimate
        public var model: TrainableModel
    }

    /// (n, seed) pairs in order: n major.
    public var grid: [(Int, UInt64)] { lengths.flatMap { n in seeds.map { (n, $0) } } }

    /// Runs the grid's runs of `shard` (run j belongs to shard j mod N), `threads`
    /// at a time (each worker pulls the next run: runs stop at different steps).
    public func run(shard: Shard = .whole, threads: Int = availableThreads,
                    progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> [Run] {
        let mine = shard.items(of: grid)
        return mapPulling(tasks: mine.count, threads: threads, progress: progress) { index in
            let (n, seed) = mine[index]
            var c = protocolConfiguration
            c.length = n
            c.seed = seed
            c.stopBelow = successBelow
            c.threads = 1
            let start = TrainableModel.initialized(model: model, activation: activation, stateSize: stateSize,
                                                   convention: convention, initialization: initialization, length: n, seed: seed)
            let r = Trainer.train(start, c, successBelow: successBelow)
            return Run(length: n, seed: seed, stepsToSuccess: r.stepsToSuccess, steps: r.records.count,
                       finalLoss: r.records.last!.loss, finalError: r.finalEvaluation, model: r.model)
        }
    }

    /// Per n: successes over runs with the 95% Clopper–Pearson interval of the success rate.
    public static func successRates(_ runs: [Run]) -> [(length: Int, successes: Int, runs: Int, interval: ErrorEstimate)] {
        Dictionary(grouping: runs, by: \.length).keys.sorted().map { n in
            let mine = runs.filter { $0.length == n }
            let successes = mine.filter { $0.stepsToSuccess != nil }.count
            return (n, successes, mine.count, ErrorEstimate(errors: successes, trials: mine.count))
        }
    }
}
