import Cells
import Experiments
import Sharding
import Simulation
import Testing
import Training

/// Every sweep's shards, merged through its result file, equal the unsharded run.
@Suite struct SweepShardingTests {
    /// Runs `part` for every shard of `count`, writes and reads each result file, and merges them in reverse order.
    func merged<Sweep: ShardedSweep>(_ count: Int, _ part: (Shard) -> ShardedResult<Sweep>) throws -> ShardedResult<Sweep> {
        let files = try (0..<count).reversed().map { i in
            (name: "shard\(i).json", text: try ResultFile.serialized(part(Shard(index: i, count: count))))
        }
        return try ShardMerge.merge(files, as: Sweep.self)
    }

    @Test func searchScreens() throws {
        let space = VanillaSearchSpace(activation: .tanh, grid: 2, samples: 12, seed: 3)
        // confirm: 0 — each shard confirms its own best settings, so only the screens are comparable.
        func run(_ shard: Shard) -> ShardedResult<SearchResult> {
            VanillaSearchExperiment.run(space, length: 4, pathsPerClass: 40, shard: shard, keep: 8, confirm: 0, directory: nil).result
        }
        let whole = run(.whole), sharded = try merged(3, run)
        #expect(sharded.isComplete && sharded.sweep == whole.sweep && sharded.fingerprint == whole.fingerprint)
    }

    @Test func trainingSweeps() throws {
        let experiment = TrainingExperiment(model: .vanilla, activation: .tanh, stateSize: 2, lengths: [4, 5], seeds: [1, 2],
                                            configuration: TrainingConfiguration(length: 5, steps: 100, seed: 0))
        let key = TrainingSweepResult.TrainingProtocol(model: "vanilla", convention: "paper", initialization: "pytorch", activation: "tanh",
                                                       state: 2, steps: 100, batch: 128, lr: 0.01, optimizer: "adam")
        func run(_ shard: Shard) -> ShardedResult<TrainingSweepResult> {
            ShardedResult(TrainingSweepResult(trainingProtocol: key, runs: experiment.run(shard: shard, threads: 2).map(TrainingSweepResult.Run.init)),
                          shard: shard)
        }
        let whole = run(.whole), sharded = try merged(3, run)
        #expect(sharded.isComplete && sharded.sweep == whole.sweep && sharded.sweep.runs.count == 4)
    }

    @Test func cellComparisons() throws {
        let variants = [CellComparison.variants[0], CellComparison.variants.first { $0.model == .urGRU }!]
        let comparison = CellComparison(variants: variants, lengths: [4], seeds: [1, 2],
                                        configuration: TrainingConfiguration(length: 4, steps: 200, seed: 0))
        func run(_ shard: Shard) -> ShardedResult<CellComparisonSweep> {
            ShardedResult(CellComparisonSweep(seeds: [1, 2], lengths: [4], steps: 200, runs: comparison.run(shard: shard, threads: 2)), shard: shard)
        }
        let whole = run(.whole), sharded = try merged(3, run)
        #expect(sharded.isComplete && sharded.sweep == whole.sweep && sharded.sweep.runs.count == 4)
    }

    @Test func shardsOfAnotherGridAreRefused() throws {
        let a = ShardedResult(CellComparisonSweep(seeds: [1], lengths: [4], steps: 200, runs: []), shard: Shard(index: 0, count: 2))
        let b = ShardedResult(CellComparisonSweep(seeds: [1], lengths: [4], steps: 300, runs: []), shard: Shard(index: 1, count: 2))
        #expect {
            try ShardMerge.merge([("a.json", try ResultFile.serialized(a)), ("b.json", try ResultFile.serialized(b))], as: CellComparisonSweep.self)
        } throws: { "\($0)".contains("b.json: error: not a shard of the same sweep: its inputs differ") }
    }
}
