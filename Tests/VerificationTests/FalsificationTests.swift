import Cells
import Constructions
import Exact
import F1B
import Testing
import TestSupport
@testable import Verification

/// The falsifier's first search: which candidates go to certification.
@Suite struct FalsificationTests {
    /// On a GRU that passes F1B(10) with a margin, no candidate lies within
    /// 10⁻⁶ of the wrong side, so a tanh/σ cell's search certifies nothing
    /// (at n = 100 and K = 32, certifying the 250 safest-looking candidates
    /// took the whole time limit); without the threshold there are many.
    @Test func onlyPathsNearTheWrongSideAreProposed() throws {
        let c = try PathCertificationTests.fixture("gru-k8-n10.yaml")
        func candidates(least: Double) -> [Path] {
            c.cell.withCell(AdversarialSearchVisitor(classifier: c.classifier!, length: 10, width: 32, samples: 2000,
                                                     seed: 7, limit: 64, least: least))
        }
        #expect(candidates(least: -.infinity).count > 100)
        #expect(candidates(least: -1e-6).isEmpty)
    }

    /// The threshold keeps what matters: a GRU misclassifying 15 of F1B(10)'s
    /// 10,240 paths is still refuted by the first search, with certified paths.
    @Test func rareFailuresAreStillFound() throws {
        let c = try PathCertificationTests.fixture("gru-k8-n10-fails.yaml")
        let problem = Problem(c, lengths: .list([10]))
        let r = try #require(FalsificationProcedure(Checker.Options()).decide(problem, lengths: [10], context: DecisionContext(budget: Budget())).first)
        guard case .fail(let refutation) = r.outcome, case .misclassified(let paths) = refutation.counterexample else {
            Issue.record("expected a fail, got \(r.outcome)")
            return
        }
        #expect(!paths.isEmpty)
        #expect(Recheck.problemWith(refutation.counterexample, problem: problem, precision: 128) == nil)
    }
}
