import Cells
import Constructions
import Exact
import F1B
import Sharding
import Simulation
import Testing
import Verification
@testable import Training

@Suite struct TrainingTests {
    /// A short run on F1B(5) must succeed for this seed, and what it exports must
    /// pass the exact (certified) check at the n it was trained for.
    @Test func shortRunSucceedsAndItsExportPassesTheCheck() throws {
        let start = TrainableModel.initialized(model: .vanilla, activation: .tanh, stateSize: 2, seed: 1)
        let config = TrainingConfiguration(length: 5, steps: 1000, evaluateEvery: 50, stopBelow: 0.01, seed: 1)
        #expect(config.problem == nil)
        let result = Trainer.train(start, config)
        let steps = try #require(result.stepsToSuccess)
        #expect(steps <= 1000 && result.finalEvaluation.rate < 0.01)
        #expect(result.records.last!.loss < result.records.first!.loss)
        let exported = result.model.construction(name: "learned")
        let check = Checker().check(exported, lengths: .list([5]))
        #expect(check.verdict == .pass, "\(check.results.first?.reason ?? "")")
        // Written and read back: the same cell and classifier, value for value.
        let text = ConstructionWriter.yaml(exported)
        let reread = try ConstructionReader.parse(text)
        #expect(reread.cell == exported.cell && reread.classifier == exported.classifier)
    }

    @Test func exportedDecimalsReadBackToTheTrainedFloats() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<2000 {
            let x = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0xBFFF_FFFF)   // finite, |x| < 2
            guard x.isFinite else { continue }
            let r = TrainableModel.exact(x)
            #expect(Float(Double(r)) == x)
        }
    }

    @Test func flatRoundTripsAndNamesEveryEntry() {
        var m = TrainableModel.initialized(model: .lstm, activation: nil, stateSize: 3, seed: 5)
        let flat = m.flat
        #expect(flat.count == 4 * (3 * 2 + 9 + 9 + 3) + 3 + 1)
        m.flat = flat.map { $0 + 1 }
        #expect(m.flat == flat.map { $0 + 1 })
        #expect(m.flatNames.count == flat.count && m.flatNames.last == "gamma" && m.flatNames.contains("V_f[3,3]"))
    }

    @Test func adamAndSGDMinimiseAQuadratic() {
        for kind in OptimizerKind.allCases {
            var x: [Float] = [3, -2]
            var optimizer = Optimizer(kind, learningRate: kind == .adam ? 0.05 : 0.1, count: 2)
            for _ in 0..<2000 { optimizer.step(&x, gradient: x.map { 2 * Double($0 - 1) }) }
            #expect(abs(x[0] - 1) < 1e-2 && abs(x[1] - 1) < 1e-2, "\(kind): \(x)")
        }
        let g = clipped([3, 4], norm: 1)
        #expect(abs(g[0] - 0.6) < 1e-12 && abs(g[1] - 0.8) < 1e-12)
        #expect(clipped([0.3, 0.4], norm: 1) == [0.3, 0.4])
    }

    @Test func configurationProblemsAreNamed() {
        #expect(TrainingConfiguration(length: 5, steps: 10, batchSize: 100, seed: 1).problem != nil)
        #expect(TrainingConfiguration(length: 0, steps: 10, seed: 1).problem != nil)
        #expect(TrainingConfiguration(length: 5, steps: 10, learningRate: 0, seed: 1).problem != nil)
        #expect(TrainingConfiguration(length: 5, steps: 10, clip: -1, seed: 1).problem != nil)
        #expect(TrainingConfiguration(length: 5, steps: 10, batchSize: 192, seed: 1).problem == nil)
    }
}

@Suite struct TrainingExperimentTests {
    /// Runs do not depend on the thread count or on the sharding.
    @Test func deterministicAcrossThreadsAndShards() {
        let config = TrainingConfiguration(length: 4, steps: 60, evaluateEvery: 20, seed: 0)
        let experiment = TrainingExperiment(model: .vanilla, activation: .tanh, stateSize: 2, lengths: [3, 4], seeds: [1, 2, 3],
                                            configuration: config)
        let one = experiment.run(threads: 1)
        #expect(one.count == 6)
        #expect(experiment.run(threads: 2) == one)
        let sharded = experiment.run(shard: Shard(index: 0, count: 2), threads: 2) + experiment.run(shard: Shard(index: 1, count: 2), threads: 1)
        #expect(Set(sharded.map { "\($0.length)/\($0.seed)" }) == Set(one.map { "\($0.length)/\($0.seed)" }))
        for run in sharded { #expect(one.contains(run)) }
        let rates = TrainingExperiment.successRates(one)
        #expect(rates.map(\.length) == [3, 4] && rates.allSatisfy { $0.runs == 3 })
    }
}
