import Constructions
import Experiments
import F1B
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
        #expect(pass.verdict == .pass && pass.how == "invariant cover")
        let every = TrainedVerdicts.check(passing, .all)
        #expect(every.verdict == .pass && every.how.hasPrefix("invariant cover from step"))
        let fail = TrainedVerdicts.check(failing, .list([3]))
        #expect(fail.verdict == .fail && fail.how.hasPrefix("no linear classifier"))
        func verdict(_ n: Int, _ seed: UInt64, _ a: TrainedVerdict.Decision) -> TrainedVerdict {
            TrainedVerdict(model: "m", length: n, seed: seed, atLength: a, atDouble: a, everyN: a)
        }
        let groups = TrainedVerdicts.groups([verdict(10, 1, pass), verdict(10, 2, fail), verdict(20, 1, pass)])
        #expect(groups.map(\.length) == [10, 20])
        #expect(groups[0].models == 2 && groups[0].atLength.pass == 1 && groups[0].atLength.fail == 1 && groups[0].everyN.inconclusive == 0)
    }

    /// The experiment's runs: every successful one is decided.
    @Test func everySuccessfulRunIsDecided() {
        let configuration = TrainingConfiguration(length: 6, steps: 400, seed: 0)
        let runs = TrainingExperiment(model: .vanilla, activation: .tanh, stateSize: 2, lengths: [6], seeds: [1, 2],
                                      configuration: configuration).run()
        let verdicts = TrainedVerdicts.decide(runs, model: "vanilla-k2")
        #expect(verdicts.count == runs.filter { $0.stepsToSuccess != nil }.count)
        #expect(verdicts.allSatisfy { $0.decided && $0.everyN.verdict != .inconclusive })
    }
}
