import Foundation
import Cells
import Constructions
import Experiments
import F1B
import Simulation
import Testing
import TestSupport
import Training
import Verification

@Suite struct TrainedVerdictsTests {
    /// A passing and a failing model, decided and counted.
    @Test func verdictsAreDecidedAndCounted() throws {
        let passing = try ConstructionReader.read(contentsOf: shippedConstruction("trained-vanilla-k2-n10-seed9.yaml"))
        let failing = try ConstructionReader.read(contentsOf: shippedConstruction("figure4-vanilla-k2-printed.yaml"))
        let pass = TrainedVerdicts.check(passing, .list([10]))
        #expect(pass.verdict == .pass && ["invariant covers", "exhaustive enumeration"].contains(pass.how), "\(pass.how)")
        let every = TrainedVerdicts.check(passing, .all)
        #expect(every.verdict == .pass && every.how.hasPrefix("every n passes: from step"), "\(every.how)")
        let fail = TrainedVerdicts.check(failing, .list([3]))
        #expect(fail.verdict == .fail && fail.how.hasPrefix("no linear classifier"))
        func verdict(_ n: Int, _ seed: UInt64, _ a: TrainedVerdict.Decision) -> TrainedVerdict {
            TrainedVerdict(model: "m", length: n, seed: seed, atLength: a, atDouble: a, everyLength: a)
        }
        let groups = TrainedVerdicts.groups([verdict(10, 1, pass), verdict(10, 2, fail), verdict(20, 1, pass)])
        #expect(groups.map(\.length) == [10, 20])
        #expect(groups[0].models == 2 && groups[0].atLength.pass == 1 && groups[0].atLength.fail == 1 && groups[0].everyLength.inconclusive == 0)
    }

    /// The experiment's runs: every successful one is decided.
    @Test func everySuccessfulRunIsDecided() {
        let configuration = TrainingConfiguration(length: 6, steps: 400, seed: 0)
        let runs = TrainingExperiment(model: .vanilla, activation: .tanh, stateSize: 2, lengths: [6], seeds: [1, 2],
                                      configuration: configuration).run()
        let verdicts = TrainedVerdicts.decide(runs, model: "vanilla-k2")
        #expect(verdicts.count == runs.filter { $0.stepsToSuccess != nil }.count)
        #expect(verdicts.allSatisfy { $0.decided && $0.everyLength.verdict != .inconclusive })
    }
}

@Suite struct CellComparisonTests {
    /// A tiny grid end to end: every run is recorded, every success decided, and the rows count them.
    @Test func runsAreTrainedDecidedAndTabulated() throws {
        let variants = [CellComparison.variants[0], CellComparison.variants.first { $0.model == .urGRU }!]
        let comparison = CellComparison(variants: variants, lengths: [4], seeds: [1, 2],
                                        configuration: TrainingConfiguration(length: 4, steps: 300, seed: 0))
        let runs = comparison.run(threads: 2)
        #expect(runs.count == 4)
        #expect(runs.allSatisfy { ($0.stepsToSuccess == nil) == ($0.verdict == nil) })
        let rows = CellComparison.rows(runs, variants: variants, lengths: [4])
        #expect(rows.count == 2 && rows.allSatisfy { $0.runs == 2 })
        for row in rows {
            #expect(row.passes + row.fails + row.undecided == row.successes)
            #expect(row.successRate.errors == row.successes && row.passRate.errors == row.passes)
        }
        // Shard results are JSON: a run survives the round trip.
        let data = try JSONEncoder().encode(runs)
        #expect(try JSONDecoder().decode([CellComparison.Run].self, from: data) == runs)
    }

    /// The rows of hand-made runs: a success that fails F1B(n) exactly counts as a success, not a pass.
    @Test func rowsSeparateSuccessFromExactPass() {
        let name = CellComparison.variants[0].name
        let runs = [CellComparison.Run(variant: name, length: 20, seed: 1, stepsToSuccess: 300, verdict: .pass, how: nil),
                    CellComparison.Run(variant: name, length: 20, seed: 2, stepsToSuccess: 500, verdict: .fail, how: nil),
                    CellComparison.Run(variant: name, length: 20, seed: 3, stepsToSuccess: nil, verdict: nil, how: nil)]
        let row = CellComparison.rows(runs, variants: [CellComparison.variants[0]], lengths: [20])[0]
        #expect(row.successes == 2 && row.passes == 1 && row.fails == 1 && row.medianSteps == 500)
        #expect(row.successRate.trials == 3 && row.passRate.errors == 1)
    }
}
