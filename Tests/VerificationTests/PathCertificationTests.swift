import Cells
import Constructions
import Exact
import F1B
import Foundation
import Testing
import TestSupport
@testable import Verification

/// Single-path certification: the mean-value tier against a high-precision
/// rational reference, and the stop rule that keeps a deadline from turning
/// into a verdict.
@Suite struct PathCertificationTests {
    static func fixture(_ name: String) throws -> Construction {
        try ConstructionReader.read(contentsOf: packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/pytorch/\(name)").path)
    }

    static func paths(length n: Int, count: Int, seed: UInt64) -> [Path] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in Path.random(length: n, using: &rng) }
    }

    /// The mean-value enclosure of a path's final state contains the 256-bit
    /// rational enclosure's midpoint (within 2^-200 of the true state) and lies
    /// inside the plain Double run's enclosure: each step's box is a subset of
    /// the plain run's, and the natural image is inclusion-monotone.
    @Test(arguments: ["gru-k8-n10.yaml", "lstm-k8-n10.yaml", "rnn-tanh-k4-n10.yaml"])
    func meanValueEnclosuresContainTheReferenceAndNarrowThePlainRun(_ name: String) throws {
        let c = try Self.fixture(name)
        let certification = PathCertification(cell: c.cell, classifier: c.classifier!, precision: 256)
        let images = BoxImage<DoubleInterval>(c.cell, context: ())
        for path in Self.paths(length: 40, count: 6, seed: 7) {
            let meanValue = try #require(certification.meanValueEnclosure(path, images))
            let plain = c.cell.withCell(EnclosedPaths<DoubleInterval>(paths: [path], context: ()))[0].map(\.exact)
            let reference = c.cell.withCell(EnclosedPaths<Interval>(paths: [path], context: 256))[0]
            #expect(meanValue.count == c.cell.stateSize)
            for k in meanValue.indices {
                #expect(meanValue[k].contains(reference[k].midpoint), "entry \(k) of \(path)")
                #expect(plain[k].contains(meanValue[k]), "entry \(k) of \(path)")
            }
        }
    }

    /// The zonotope tier's enclosures of the final state and of the score
    /// contain the 256-bit rational reference's midpoints (within 2^-200 of
    /// the true values), and its certainty agrees with the reference's.
    @Test(arguments: ["gru-k8-n10.yaml", "lstm-k8-n10.yaml", "rnn-tanh-k4-n10.yaml"])
    func zonotopeEnclosuresContainTheReference(_ name: String) throws {
        let c = try Self.fixture(name)
        let certification = PathCertification(cell: c.cell, classifier: c.classifier!, precision: 256)
        let images = ZonotopeImage(c.cell, generatorBudget: PathCertification.zonotopeGenerators(c.cell))
        for path in Self.paths(length: 40, count: 6, seed: 11) {
            let affine = try #require(certification.zonotopeDecision(path, images))
            let reference = c.cell.withCell(EnclosedPaths<Interval>(paths: [path], context: 256))[0]
            let referenceDecision = certification.decision(path, reference)
            let box = try #require(affine.scored.finalEnclosure)
            for k in box.indices { #expect(box[k].contains(reference[k].midpoint), "entry \(k) of \(path)") }
            let score = try #require(affine.scored.scoreEnclosure), referenceScore = try #require(referenceDecision.scored.scoreEnclosure)
            #expect(score.contains(referenceScore.midpoint), "score of \(path)")
            if affine.certainty != .undecided { #expect(affine.certainty == referenceDecision.certainty) }
        }
    }

    /// Told to stop, certification leaves paths undecided and never
    /// contradicts the full run.
    /// The near-tie file's scores tie to about 1e-40, beyond Double intervals
    /// and within reach of 256-bit rationals, so the stop must bite.
    @Test func aStopLeavesPathsUndecidedAndNeverContradicts() throws {
        let c = try Self.fixture("near-tie-gru-k1-n4.yaml")
        let certification = PathCertification(cell: c.cell, classifier: c.classifier!, precision: 256)
        let paths = (0..<(4 << 4)).map { Path(length: 4, index: $0) }
        let stopped = certification.decide(paths, shouldStop: { true })
        let full = certification.decide(paths)
        for (s, f) in zip(stopped, full) {
            #expect(s.scored.path == f.scored.path)
            if s.certainty != .undecided { #expect(s.certainty == f.certainty) }
        }
        let undecidedStopped = stopped.filter { $0.certainty == .undecided }.count
        let undecidedFull = full.filter { $0.certainty == .undecided }.count
        #expect(undecidedStopped > undecidedFull)
        // Straight to rational endpoints under a stop: nothing is decided at all.
        #expect(certification.decide(paths, skipDoubleIntervals: true, shouldStop: { true }).allSatisfy { $0.certainty == .undecided })
    }

    /// A stop that comes part-way along a path in rational-endpoint intervals
    /// ends that path (one path of 100 steps at K = 32 took seconds, and a
    /// `--time-limit` run ended 8–24 s late): the stop is asked before every
    /// step, not only before the path.
    @Test func aStopPartWayAlongARationalPathEndsIt() throws {
        let c = try Self.fixture("gru-k8-n10.yaml")
        let certification = PathCertification(cell: c.cell, classifier: c.classifier!, precision: 128)
        let path = Path(length: 10, index: 3)
        let asked = Counter()
        let stopped = certification.decide([path], skipDoubleIntervals: true, shouldStop: { asked.next() > 3 })
        #expect(stopped[0].certainty == .undecided)
        #expect(asked.value > 3 && asked.value <= 12, "asked \(asked.value) times")
        #expect(certification.decide([path], skipDoubleIntervals: true)[0].certainty != .undecided)
    }

    /// A fail whose replay the budget cuts short is left open for the
    /// budget's reason: never reported unreplayed, never called a failed
    /// re-check. The replay may run a tenth of the limit past the deadline.
    @Test func aReplayCutShortLeavesTheLengthOpenForTheBudget() throws {
        let c = try Self.fixture("gru-k8-n10-fails.yaml")
        let problem = Problem(c, lengths: .list([10]))
        var budget = Budget()
        budget.searchSeconds = 300
        let results = FalsificationProcedure(Checker.Options()).searchOn(problem, lengths: [10], context: DecisionContext(budget: budget))
        let found = try #require(results.first)
        #expect(found.verdict == .fail)
        #expect(Recheck.confirm(found, problem: problem, precision: 128, budget: budget).verdict == .fail)
        // Just past a 20 s limit the replay still has its grace (2 s); well past it, none.
        var late = Budget()
        late.limitTime(to: 20)
        late.deadline = ContinuousClock.now - .milliseconds(100)
        #expect(Recheck.confirm(found, problem: problem, precision: 128, budget: late).verdict == .fail)
        late.deadline = ContinuousClock.now - .seconds(3)
        guard case .open(.timeLimit) = Recheck.confirm(found, problem: problem, precision: 128, budget: late).outcome else {
            Issue.record("a replay past its grace was not cut short")
            return
        }
        let interrupted = Budget()
        interrupted.stop.stop()
        let cut = Recheck.confirm(found, problem: problem, precision: 128, budget: interrupted)
        guard case .open(.interrupted) = cut.outcome else {
            Issue.record("expected open for the interruption, got \(cut.outcome)")
            return
        }
    }
}

/// Counts the calls of a `shouldStop` closure (certification runs on the caller's thread).
private final class Counter: @unchecked Sendable {
    private(set) var value = 0
    func next() -> Int { value += 1; return value }
}
