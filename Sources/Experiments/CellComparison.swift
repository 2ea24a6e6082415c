import Cells
import Constructions
import Exact
import F1B
import Foundation
import Sharding
import Simulation
import Training
import Verification
import _Parallel

/// Which cell and initialisation learns F1B at large n — the question the
/// companion papers (Collins et al. 2017; Gu et al. 2020) raise, asked on
/// F1B: the training protocol of Section 5.3 for each variant, n and seed,
/// each successful model then decided by `f1b check` at its n.
public struct CellComparison: Sendable {
    /// A cell with its initialisation.
    public struct Variant: Sendable, Equatable {
        public var name: String
        public var model: CellModel
        public var activation: Activation?
        public var stateSize: Int
        public var initialization: Initialization

        public init(_ name: String, _ model: CellModel, activation: Activation? = nil, stateSize: Int, _ initialization: Initialization) {
            self.name = name
            self.model = model
            self.activation = activation
            self.stateSize = stateSize
            self.initialization = initialization
        }
    }

    /// The variants of `f1b report cells`: the baselines and the companion papers' cells and initialisations.
    public static let variants: [Variant] = [
        .init("Vanilla tanh K=2", .vanilla, activation: .tanh, stateSize: 2, .pytorch),
        .init("IRNN K=2", .vanilla, activation: .relu, stateSize: 2, .identity),
        .init("UGRNN K=1", .ugrnn, activation: .tanh, stateSize: 1, .pytorch),
        .init("UGRNN K=1 UGI", .ugrnn, activation: .tanh, stateSize: 1, .uniformGate),
        .init("GRU K=1", .gru, stateSize: 1, .pytorch),
        .init("GRU K=1 chrono", .gru, stateSize: 1, .chrono(maximumTimescale: nil)),
        .init("UR-GRU K=1", .urGRU, stateSize: 1, .uniformGate),
        .init("GRU K=2", .gru, stateSize: 2, .pytorch),
        .init("UR-GRU K=2", .urGRU, stateSize: 2, .uniformGate),
        .init("LSTM K=1 bias 1", .lstm, stateSize: 1, .forgetBias),
        .init("LSTM K=1 chrono", .lstm, stateSize: 1, .chrono(maximumTimescale: nil)),
        .init("UR-LSTM K=1", .urLSTM, stateSize: 1, .uniformGate),
    ]

    public var variants: [Variant]
    public var lengths: [Int]
    public var seeds: [UInt64]
    public var configuration: TrainingConfiguration

    public init(variants: [Variant] = CellComparison.variants, lengths: [Int], seeds: [UInt64], configuration: TrainingConfiguration) {
        self.variants = variants
        self.lengths = lengths
        self.seeds = seeds
        self.configuration = configuration
    }

    /// One run: how training went, and for a success what `f1b check` says at n.
    public struct Run: Sendable, Equatable, Codable {
        public var variant: String
        public var length: Int
        public var seed: UInt64
        public var stepsToSuccess: Int?
        public var verdict: Verdict?
        public var how: String?

        public init(variant: String, length: Int, seed: UInt64, stepsToSuccess: Int?, verdict: Verdict?, how: String?) {
            self.variant = variant
            self.length = length
            self.seed = seed
            self.stepsToSuccess = stepsToSuccess
            self.verdict = verdict
            self.how = how
        }
    }

    /// A budget per trained model, so one hard model leaves an "undecided" row
    /// instead of holding the grid: covers up to 20 000 leaves, enumeration
    /// only while n·2^n ≤ 2^16. Each check runs on one thread: the grid's
    /// runs are what is spread over the threads.
    public static var checkOptions: Checker.Options {
        var o = Checker.Options()
        o.budget.boxes = 20_000
        o.budget.paths = BigInteger(1 << 16)
        o.budget.threads = 1
        return o
    }

    /// (variant, n, seed) in order: variant major, then n, then seed.
    public var grid: [(variant: Variant, length: Int, seed: UInt64)] {
        variants.flatMap { v in lengths.flatMap { n in seeds.map { (v, n, $0) } } }
    }

    /// The runs of `shard` (run j of the grid belongs to shard j mod N),
    /// trained one per thread (`threads` workers pulling runs, which differ
    /// in cost) and each checked where it succeeded.
    public func run(shard: Shard = .whole, threads: Int = availableThreads,
                    progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> [Run] {
        let mine = shard.items(of: grid)
        let configuration = self.configuration
        return mapPulling(tasks: mine.count, threads: threads, progress: progress) { index in
            let (variant, n, seed) = mine[index]
            var c = configuration
            c.length = n
            c.seed = seed
            c.stopBelow = 0.01
            c.evaluationThreads = 1
            let start = TrainableModel.initialized(model: variant.model, activation: variant.activation, stateSize: variant.stateSize,
                                                   initialization: variant.initialization, length: n, seed: seed)
            let trained = Trainer.train(start, c, successBelow: 0.01)
            var run = Run(variant: variant.name, length: n, seed: seed, stepsToSuccess: trained.stepsToSuccess, verdict: nil, how: nil)
            if trained.stepsToSuccess != nil {
                let decision = TrainedVerdicts.check(trained.model.construction(name: "\(variant.name) n\(n) seed\(seed)"), .list([n]),
                                                     options: Self.checkOptions)
                (run.verdict, run.how) = (decision.verdict, decision.how)
            }
            return run
        }
    }

    /// One (variant, n) cell of the result table.
    public struct Row: Sendable {
        public var variant: String
        public var length: Int
        public var runs: Int
        public var successes: Int
        /// Successes as a rate over runs, with its 95% Clopper–Pearson interval.
        public var successRate: ErrorEstimate
        /// Exact passes (`f1b check` at n) over runs, with its interval.
        public var passRate: ErrorEstimate
        public var passes: Int
        public var fails: Int
        public var undecided: Int
        public var medianSteps: Int?
    }

    /// The table, in the order of `variants` and `lengths`.
    public static func rows(_ runs: [Run], variants: [Variant], lengths: [Int]) -> [Row] {
        variants.flatMap { v in
            lengths.compactMap { n -> Row? in
                let mine = runs.filter { $0.variant == v.name && $0.length == n }
                guard !mine.isEmpty else { return nil }
                let successes = mine.filter { $0.stepsToSuccess != nil }
                let passes = successes.filter { $0.verdict == .pass }.count, fails = successes.filter { $0.verdict == .fail }.count
                let steps = successes.compactMap(\.stepsToSuccess).sorted()
                return Row(variant: v.name, length: n, runs: mine.count, successes: successes.count,
                           successRate: ErrorEstimate(errors: successes.count, trials: mine.count),
                           passRate: ErrorEstimate(errors: passes, trials: mine.count),
                           passes: passes, fails: fails, undecided: successes.count - passes - fails,
                           medianSteps: steps.isEmpty ? nil : steps[steps.count / 2])
            }
        }
    }
}
