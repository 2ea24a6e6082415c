import Cells
import Constructions
import Exact
import F1B
import Testing
import TestSupport
@testable import Verification

/// The falsifier's search that goes on, after every procedure, at the lengths
/// nothing decided (`FalsificationProcedure.searchOn`, `Budget.searchSeconds`).
@Suite struct SearchOnTests {
    /// A PyTorch GRU (K = 8) misclassifying 15 of the 10,240 paths of F1B(10):
    /// random rounds find some, every reported path is certified misclassified
    /// (the re-check keeps the fail) and lies on its wrong side in float64 too.
    @Test func findsRareFailuresAndTheyAreCertified() throws {
        let c = try PathCertificationTests.fixture("gru-k8-n10-fails.yaml")
        let problem = Problem(c, lengths: .list([10]))
        var budget = Budget()
        budget.searchSeconds = 300
        budget.threads = 2
        let results = FalsificationProcedure(Checker.Options()).searchOn(problem, lengths: [10], context: DecisionContext(budget: budget))
        let r = try #require(results.first)
        #expect(results.count == 1 && r.verdict == .fail, "\(r.outcome)")
        guard case .fail(let refutation) = Recheck.confirm(r, problem: problem, precision: 128).outcome,
              case .misclassified(let paths) = refutation.counterexample else {
            Issue.record("the re-check did not keep the fail")
            return
        }
        #expect(!paths.isEmpty && paths.count <= 5)
        let step = c.cell.withCell(StepFunction<Double>(context: ()))
        for p in paths {
            var s = c.cell.initialState.map { Double($0) }
            for t in 1...10 { s = step(s, p.path.input(at: t)) }
            let score = zip(c.classifier!.beta, s).reduce(Double(c.classifier!.gamma)) { $0 + Double($1.0) * $1.1 }
            #expect(Double(p.path.classLabel == .positive ? 1 : -1) * score < 0, "\(p.path)")
        }
        if case .atLeast(let count) = refutation.count { #expect(count >= BigInteger(1) && count <= BigInteger(15)) }
    }

    /// No seconds, no search: nothing is reported.
    @Test func noSecondsNoSearch() throws {
        let c = try PathCertificationTests.fixture("gru-k8-n10-fails.yaml")
        let results = FalsificationProcedure(Checker.Options()).searchOn(Problem(c, lengths: .list([10])), lengths: [10],
                                                                           context: DecisionContext(budget: Budget()))
        #expect(results.isEmpty)
    }
}
