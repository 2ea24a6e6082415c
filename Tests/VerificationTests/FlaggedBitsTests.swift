import Cells
import Constructions
import Exact
import F1B
import Foundation
import TestSupport
import Testing
@testable import Verification

@Suite struct FlaggedBitsTests {
    static let shipped: [String] = {
        let dir = packageRoot.appendingPathComponent("constructions").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    /// With m = 1 the Flagged-m-Bit engine is F1B: the same verdict, and for
    /// piecewise-linear cells the same misclassified count, as `Checker`.
    @Test(arguments: shipped)
    func oneFlaggedBitIsF1BOnEveryShippedFile(file: String) throws {
        let construction = try ConstructionReader.read(contentsOf: shippedConstruction(file))
        let exact = construction.cell.isPiecewiseLinear
        let lengths = exact ? Array(1...8) : Array(1...4)
        let (results, _) = FlaggedBitsCheck.check(construction, lengths: lengths)
        var options = Checker.Options()
        options.method = exact ? .dp : .enumerate
        let checker = Checker(options: options)
        for r in results {
            let reference = checker.check(construction, length: r.length)
            #expect(r.pathCount == reference.pathCount)
            guard r.verdict != .inconclusive, reference.verdict != .inconclusive else { continue }
            #expect(r.verdict == reference.verdict, "\(file) n = \(r.length): \(r.verdict) vs \(reference.verdict)")
            if exact, construction.classifier != nil {
                #expect(r.readouts[0].misclassified == reference.misclassified, "\(file) n = \(r.length)")
            }
        }
    }

    @Test(arguments: 1...4)
    func theLatchConstructionPassesEveryN(m: Int) {
        let c = FlaggedBitsConstruction.latches(flaggedBits: m)
        #expect(c.cell.stateSize == 2 * m - 1)
        let (results, all) = FlaggedBitsCheck.check(c, lengths: [m, m + 3, 10], everyLength: true)
        #expect(results.allSatisfy { $0.verdict == .pass })
        #expect(all?.verdict == .pass)
        #expect(results.last!.distinctFinalStates == 1 << m)
    }

    @Test func aWrongReadoutFailsWithItsExactCountAndAPath() throws {
        var c = FlaggedBitsConstruction.latches(flaggedBits: 2)
        c.readouts!.swapAt(0, 1)   // readout 1 now reads the second bit
        let (results, all) = FlaggedBitsCheck.check(c, lengths: [4], everyLength: true)
        let r = try #require(results.first)
        #expect(r.verdict == .fail)
        // Readout 1 is wrong exactly where the two flagged bits differ: half the C(4, 2)·2⁴ = 96 paths.
        #expect(r.readouts[0].misclassified == BigInteger(48))
        #expect(r.readouts[0].errorProbability == Rational(1, 2))
        let path = try #require(r.readouts[0].counterexample)
        #expect(path.label(0) != path.label(1))
        #expect(all?.verdict == .fail)
    }

    @Test func withoutReadoutsEachBitIsDecidedBySeparability() {
        var c = FlaggedBitsConstruction.latches(flaggedBits: 3)
        c.readouts = nil
        let (results, _) = FlaggedBitsCheck.check(c, lengths: [6])
        #expect(results[0].verdict == .pass)
        #expect(results[0].readouts.allSatisfy { $0.classifierFound })
        // One unit too few: drop the last counter, B_2 can no longer tell the second flag from the third.
        var broken = FlaggedBitsConstruction.latches(flaggedBits: 3)
        broken.readouts = nil
        var U = broken.cell.parameter("U")
        U[1, 4] = 0
        broken.cell.parameters["U"] = U
        #expect(FlaggedBitsCheck.check(broken, lengths: [6]).results[0].verdict == .fail)
    }

    @Test func smoothCellsAreEnumeratedInCertifiedIntervals() throws {
        // The tanh latch with the flag count m = 2 and its state read twice: both
        // flagged bits cannot be told apart by one unit, so one readout fails.
        var c = try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-tanh-k1-latch.yaml"))
        c.flaggedBits = 2
        c.readouts = [c.classifier!, c.classifier!]
        c.classifier = nil
        let r = FlaggedBitsCheck.check(c, lengths: [4]).results[0]
        #expect(r.arithmetic == .intervals)
        #expect(r.verdict == .fail)
    }

    @Test func pathCounts() {
        #expect(FlaggedBitsPath.count(length: 5, flaggedBits: 2) == BigInteger(10 * 32))
        #expect(FlaggedBitsPath.count(length: 3, flaggedBits: 4) == BigInteger(0))
        #expect(FlaggedBitsCheck.combinations(5, 2).count == 10)
        var rng = SplitMix64(seed: 4)
        for _ in 0..<200 {
            let p = FlaggedBitsPath.random(length: 6, flaggedBits: 3, using: &rng)
            #expect(p.flagPositions.count == 3 && Set(p.flagPositions).count == 3)
        }
    }
}
