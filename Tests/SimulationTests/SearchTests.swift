import Exact
import Sharding
import Testing
@testable import Simulation

@Suite struct SearchTests {
    @Test func settingsAreExactDeterministicAndInRange() {
        let space = VanillaSearchSpace(activation: .tanh, fixed: ["b": 0], grid: 3, samples: 50, seed: 9)
        #expect(space.free == ["U", "W1", "W2", "s0"])
        #expect(space.gridCount == 81 && space.count == 131)
        for j in [0, 1, 40, 80, 81, 130] {
            let v = space.setting(j)
            #expect(v == space.setting(j))
            #expect(v["b"] == 0)
            for name in space.free {
                let x = Double(v[name]!)
                #expect(space.ranges[name]!.contains(x))
                #expect((v[name]! * Rational(10_000)).isInteger)
            }
        }
        // The grid's corners and centre.
        #expect(space.setting(0)["U"] == -3 && space.setting(80)["U"] == 3 && space.setting(1)["U"] == 0)
        #expect(space.setting(81) != space.setting(82))
    }

    @Test func shardsPartitionTheSweepAndMergeToTheWhole() {
        let space = VanillaSearchSpace(activation: .hardclip, grid: 2, samples: 20, seed: 3)
        let whole = space.screen(length: 4, pathsPerClass: 64, keep: 10, threads: 1)
        var merged = space.screen(length: 4, pathsPerClass: 64, shard: Shard(index: 0, count: 3), keep: 10, threads: 1)
        for shard in 1..<3 { merged.merge(space.screen(length: 4, pathsPerClass: 64, shard: Shard(index: shard, count: 3), keep: 10, threads: 2)) }
        #expect(merged == whole)
        #expect(whole.screened == space.count)
        #expect(whole.errorDeciles.reduce(0, +) == space.count)
        #expect(whole.best.count == 10)
        #expect(zip(whole.best, whole.best.dropFirst()).allSatisfy { ScreenedSetting.ranks($0, before: $1) })
    }

    /// The grid contains a latch (U = 3, W1 = ±1.5, W2 = b = 1.5, s0 = −1), which the screen finds without error.
    @Test func screenFindsTheLatchOnTheGrid() {
        let space = VanillaSearchSpace(activation: .hardclip, grid: 5, samples: 0, seed: 1)
        let screen = space.screen(length: 12, pathsPerClass: 200, keep: 5)
        #expect(screen.zeroErrors >= 1)
        let best = screen.best[0]
        #expect(best.errors == 0)
        #expect(best.values["U"]! == 3)
    }
}

