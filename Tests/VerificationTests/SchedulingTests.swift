import Constructions
import Foundation
import Testing
import TestSupport
@testable import Verification

/// The scheduler's order: the falsifier first, unless a complete procedure
/// is estimated cheaper than its search. No timing: the order follows from
/// the cost estimates alone.
@Suite struct SchedulingTests {
    static func fixture(_ name: String) throws -> Construction {
        try ConstructionReader.read(contentsOf: packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/pytorch/\(name)").path)
    }

    func order(_ name: String, length n: Int) throws -> [String] {
        var ledger = Ledger()
        return Checker().ordered(Problem(try Self.fixture(name), lengths: .list([n])), lengths: [n], &ledger).map(\.id.id)
    }

    /// 10,240 paths of a K = 32 GRU: enumeration is cheaper than the search, and exact.
    @Test func aCheapEnumerationRunsBeforeTheSearch() throws {
        let ids = try order("gru-k32-n10.yaml", length: 10)
        #expect(ids.first == "enumerate", "\(ids)")
        #expect(ids.contains("falsify"))
    }

    /// History-keyed boxes are not in the portfolio's cost order (they run
    /// last, after the search-on); named alone they are the order.
    @Test func lastResortProceduresRunOnlyAfterTheOthers() throws {
        #expect(!(try order("gru-k32-n10.yaml", length: 10)).contains("history"))
        var ledger = Ledger()
        let alone = Checker(options: .only("history")).ordered(Problem(try Self.fixture("gru-k32-n10.yaml"), lengths: .list([10])),
                                                               lengths: [10], &ledger).map(\.id.id)
        #expect(alone == ["history"])
        #expect(ProcedureRegistry.procedures(Checker.Options()).contains { $0 is any LastResortProcedure && $0.id.id == "history" })
    }

    /// 20,971,520 paths of a K = 2 UR-GRU: the search runs first.
    @Test func theSearchRunsBeforeALongEnumeration() throws {
        let ids = try order("ur-gru-k2-n20.yaml", length: 20)
        #expect(ids.first == "falsify", "\(ids)")
        #expect(ids.firstIndex(of: "falsify")! < ids.firstIndex(of: "enumerate")!)
    }

    /// Under a time limit the sound procedure about to run yields to the
    /// complete one that fits now but would not after it; otherwise the order stands.
    @Test func aSoundProcedureYieldsToACompleteOneThatWouldNotFitAfterIt() {
        // The LSTM K = 32, n = 20 case: zonotopes' work at enumeration's rate (36 s) + 49 s > 55 s left.
        let enumeration = Checker.TimedCandidate(index: 2, operations: 2.16e11, seconds: 49)
        #expect(Checker.completeFirst(soundOperations: 1.6e11, complete: [enumeration], secondsLeft: 55) == 2)
        // Both fit: the sound procedure keeps its turn.
        #expect(Checker.completeFirst(soundOperations: 1.6e11, complete: [enumeration], secondsLeft: 120) == nil)
        // The complete one does not fit even now: nothing to keep time for.
        #expect(Checker.completeFirst(soundOperations: 1.6e11, complete: [enumeration], secondsLeft: 40) == nil)
        // The first complete procedure that fits is the one moved.
        let long = Checker.TimedCandidate(index: 1, operations: 1e13, seconds: 500)
        #expect(Checker.completeFirst(soundOperations: 1.6e11, complete: [long, enumeration], secondsLeft: 55) == 2)
        #expect(Checker.completeFirst(soundOperations: 1.6e11, complete: [], secondsLeft: 55) == nil)
    }

    /// A certified walk that would take a twentieth of the time left even at
    /// 5 ns an operation is not timed first; a longer one, or an exact walk, is.
    @Test func onlyClearlyCheapWalksSkipTheirTiming() throws {
        let gru = Problem(try Self.fixture("gru-k32-n10.yaml"), lengths: .list([10]))
        let enumeration = EnumerationProcedure(Checker.Options())
        let seconds = enumeration.estimate(gru, lengths: [10]).operations * 5e-9
        #expect(enumeration.clearlyFits(gru, length: 10, secondsLeft: 20 * seconds * 1.01))
        #expect(!enumeration.clearlyFits(gru, length: 10, secondsLeft: 20 * seconds * 0.99))
        #expect(!enumeration.clearlyFits(gru, length: 20, secondsLeft: 60))
        let exact = Problem(try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-pwl-k2.yaml")), lengths: .list([4]))
        #expect(!enumeration.clearlyFits(exact, length: 4, secondsLeft: 1e9))
    }

    /// Enumeration reports its own wall time on each length (the JSON's work.seconds), under a time limit or not.
    @Test func enumerationReportsItsSeconds() throws {
        for limit in [nil, 60.0] {
            var options = Checker.Options.only("enumerate")
            if let limit { options.budget.limitTime(to: limit) }
            let report = Checker(options: options).check(try Self.fixture("gru-k32-n10.yaml"), lengths: .list([3, 4]))
            #expect(report.results.count == 2)
            for r in report.results {
                let seconds = try #require(r.work.seconds, "n = \(r.length)")
                #expect(seconds >= 0 && seconds < 60)
            }
        }
    }
}
