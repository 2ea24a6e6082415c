import Cells
import Foundation
import Sharding
import Simulation
import Training

/// The mergeable result of a success-rate sweep (`f1b train --seeds …
/// --result FILE`): the protocol every shard must share, and each run's
/// outcome and learned parameters. Stored as a `ShardedResult<TrainingSweepResult>`.
public struct TrainingSweepResult: ShardedSweep {
    public static let kind = "f1b-training"
    public static let title = "an f1b training result"

    /// Everything that must agree between shards of one experiment.
    public struct TrainingProtocol: Sendable, Equatable, Codable {
        public var model: String
        public var convention: String
        public var initialization: String
        public var activation: String?
        public var state: Int
        public var steps: Int
        public var batch: Int
        public var lr: Double
        public var optimizer: String

        public init(model: String, convention: String, initialization: String, activation: String?, state: Int,
                    steps: Int, batch: Int, lr: Double, optimizer: String) {
            self.model = model
            self.convention = convention
            self.initialization = initialization
            self.activation = activation
            self.state = state
            self.steps = steps
            self.batch = batch
            self.lr = lr
            self.optimizer = optimizer
        }
    }

    /// One run: its n and seed, when it first succeeded, and where it ended.
    public struct Run: Sendable, Equatable, Codable {
        public var n: Int
        public var seed: UInt64
        public var stepsToSuccess: Int?
        public var steps: Int
        /// nil when training diverged (a non-finite loss).
        public var finalLoss: Double?
        public var finalError: ErrorEstimate
        /// The learned parameters in `TrainableModel.flatNames` order (nil where not finite).
        public var parameters: [Double?]

        enum CodingKeys: String, CodingKey {
            case n, seed, steps, parameters
            case stepsToSuccess = "steps_to_success", finalLoss = "final_loss", finalError = "final_error"
        }

        public init(_ r: TrainingExperiment.Run) {
            n = r.length
            seed = r.seed
            stepsToSuccess = r.stepsToSuccess
            steps = r.steps
            finalLoss = r.finalLoss.isFinite ? r.finalLoss : nil
            finalError = r.finalError
            parameters = r.model.flat.map { $0.isFinite ? Double($0) : nil }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            n = try c.decode(Int.self, forKey: .n)
            // Seeds are strings (a UInt64 does not survive a JSON number); early files wrote numbers.
            if let text = try? c.decode(String.self, forKey: .seed), let s = UInt64(text) { seed = s } else {
                seed = try c.decode(UInt64.self, forKey: .seed)
            }
            stepsToSuccess = try c.decodeIfPresent(Int.self, forKey: .stepsToSuccess)
            steps = try c.decode(Int.self, forKey: .steps)
            finalLoss = try c.decodeIfPresent(Double.self, forKey: .finalLoss)
            finalError = try c.decode(ErrorEstimate.self, forKey: .finalError)
            parameters = try c.decode([Double?].self, forKey: .parameters)
            guard n >= 1 else { throw DecodingError.dataCorruptedError(forKey: .n, in: c, debugDescription: "expected n ≥ 1") }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(n, forKey: .n)
            try c.encode(String(seed), forKey: .seed)
            try c.encode(stepsToSuccess, forKey: .stepsToSuccess)
            try c.encode(steps, forKey: .steps)
            try c.encode(finalLoss, forKey: .finalLoss)
            try c.encode(finalError, forKey: .finalError)
            try c.encode(parameters, forKey: .parameters)
        }
    }

    public var trainingProtocol: TrainingProtocol
    /// The runs, in grid order (n, then seed).
    public var runs: [Run]

    public init(trainingProtocol: TrainingProtocol, runs: [Run]) {
        self.trainingProtocol = trainingProtocol
        self.runs = runs.sorted(by: Self.gridOrder)
    }

    /// n, then seed: the order of the runs whatever the shards and threads.
    static func gridOrder(_ a: Run, _ b: Run) -> Bool { (a.n, a.seed) < (b.n, b.seed) }

    enum CodingKeys: String, CodingKey {
        case runs, `protocol`
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        trainingProtocol = try c.decode(TrainingProtocol.self, forKey: .protocol)
        runs = try c.decode([Run].self, forKey: .runs)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(trainingProtocol, forKey: .protocol)
        try c.encode(runs, forKey: .runs)
    }

    /// Every shard of one sweep shares the protocol.
    public var inputs: TrainingProtocol { trainingProtocol }

    /// Adds another shard's runs, keeping grid order (n, then seed).
    public mutating func absorb(_ other: TrainingSweepResult) {
        runs = (runs + other.runs).sorted(by: Self.gridOrder)
    }
}

/// The PyTorch peer's runs of the same protocol (`Benchmarks/train_pytorch.py rates …`).
public struct PeerTrainingRuns: Sendable, Codable {
    public static let kind = "pytorch-training"

    public struct Run: Sendable, Codable {
        public var n: Int
        public var seed: Int
        public var stepsToSuccess: Int?

        enum CodingKeys: String, CodingKey {
            case n, seed
            case stepsToSuccess = "steps_to_success"
        }
    }

    public var kind: String
    public var torch: String
    public var runs: [Run]

    /// Success rates per n with their 95% intervals.
    public var successRates: [(length: Int, successes: Int, runs: Int, interval: ErrorEstimate)] {
        Set(runs.map(\.n)).sorted().map { n in
            let mine = runs.filter { $0.n == n }
            let s = mine.filter { $0.stepsToSuccess != nil }.count
            return (n, s, mine.count, ErrorEstimate(errors: s, trials: mine.count))
        }
    }

    /// Seeds per n (the most at any n).
    public var seedsPerLength: Int { Set(runs.map(\.n)).map { n in runs.filter { $0.n == n }.count }.max() ?? 0 }
}
