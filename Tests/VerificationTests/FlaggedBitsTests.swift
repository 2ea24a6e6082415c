import Cells
import Constructions
import Exact
import F1B
import Foundation
import TestSupport
import Testing
@testable import Verification

/// The Flagged-m-Bit procedures run directly (m = 1 included, which the scheduler routes to F1B's own).
func flaggedBits(_ c: Construction, lengths: [Int], everyLength: Bool = false) -> (results: [LengthResult], all: EveryLengthOutcome?) {
    let problem = Problem(c, lengths: .list(lengths))
    let context = DecisionContext(budget: Budget())
    let procedure: any DecisionProcedure = c.cell.isPiecewiseLinear ? FlaggedBitsReachableSets(.init()) : FlaggedBitsEnumeration(.init())
    let results = lengths.isEmpty ? [] : procedure.decide(problem, lengths: lengths, context: context)
    return (results, everyLength ? procedure.decideEveryLength(problem.at(.all), context: context).outcome : nil)
}

extension EveryLengthOutcome {
    var verdict: Verdict {
        switch self {
        case .certificate: return .pass
        case .fails: return .fail
        case .open: return .inconclusive
        }
    }
}

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
        let (results, _) = flaggedBits(construction, lengths: lengths)
        let checker = Checker(options: .only(exact ? "dp" : "enumerate"))
        for r in results {
            let reference = checker.check(construction, length: r.length)
            #expect(r.pathCount == reference.pathCount)
            // A tanh/σ file without a classifier: enclosures alone do not decide the readouts.
            if r.openReason == .notApplicable(.needsReadouts) { continue }
            guard r.verdict != .inconclusive, reference.verdict != .inconclusive else {
                Issue.record("\(file) n = \(r.length) undecided: \(r.reason ?? "") / \(reference.reason ?? "")"); continue
            }
            #expect(r.verdict == reference.verdict, "\(file) n = \(r.length): \(r.verdict) vs \(reference.verdict)")
            if exact, construction.classifier != nil {
                #expect(r.readouts[0].misclassified == reference.misclassified, "\(file) n = \(r.length)")
            }
        }
    }

    @Test(arguments: 1...4)
    func theLatchConstructionPassesEveryLength(m: Int) {
        let c = FlaggedBitsConstruction.latches(flaggedBits: m)
        #expect(c.cell.stateSize == 2 * m - 1)
        let (results, all) = flaggedBits(c, lengths: [m, m + 3, 10], everyLength: true)
        #expect(results.allSatisfy { $0.verdict == .pass })
        #expect(all?.verdict == .pass)
        #expect(results.last!.work.states == 1 << m)
        // Through the scheduler: the file's test decides which procedures run (m = 1 is F1B itself).
        let report = Checker().check(c, lengths: .all)
        let expected = m == 1 ? ReachableSetProcedure.id : FlaggedBitsReachableSets.id
        #expect(report.everyLength?.verdict == .pass && report.everyLength?.procedure == expected)
    }

    @Test func aWrongReadoutFailsWithItsExactCountAndAPath() throws {
        var c = FlaggedBitsConstruction.latches(flaggedBits: 2)
        c.readouts!.swapAt(0, 1)   // readout 1 now reads the second bit
        let (results, all) = flaggedBits(c, lengths: [4], everyLength: true)
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
        let (results, _) = flaggedBits(c, lengths: [6])
        #expect(results[0].verdict == .pass)
        #expect(results[0].readouts.allSatisfy { $0.classifierFound })
        // One unit too few: drop the last counter, B_2 can no longer tell the second flag from the third.
        var broken = FlaggedBitsConstruction.latches(flaggedBits: 3)
        broken.readouts = nil
        var U = broken.cell.parameter("U")
        U[1, 4] = 0
        broken.cell.parameters["U"] = U
        #expect(Checker().check(broken, length: 6).verdict == .fail)
    }

    @Test func smoothCellsAreEnumeratedInCertifiedIntervals() throws {
        // The tanh latch with the flag count m = 2 and its state read twice: both
        // flagged bits cannot be told apart by one unit, so one readout fails.
        var c = try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-tanh-k1-latch.yaml"))
        c.flaggedBits = 2
        c.readouts = [c.classifier!, c.classifier!]
        c.classifier = nil
        let r = Checker().check(c, length: 4)
        #expect(r.procedure == FlaggedBitsEnumeration.id)
        #expect(r.arithmetic == .intervals)
        #expect(r.verdict == .fail)
    }

    @Test func pathCounts() {
        #expect(FlaggedBitsPath.count(length: 5, flaggedBits: 2) == BigInteger(10 * 32))
        #expect(FlaggedBitsPath.count(length: 3, flaggedBits: 4) == BigInteger(0))
        #expect(FlaggedBitsEnumeration.combinations(5, 2).count == 10)
        var rng = SplitMix64(seed: 4)
        for _ in 0..<200 {
            let p = FlaggedBitsPath.random(length: 6, flaggedBits: 3, using: &rng)
            #expect(p.flagPositions.count == 3 && Set(p.flagPositions).count == 3)
        }
    }
}
