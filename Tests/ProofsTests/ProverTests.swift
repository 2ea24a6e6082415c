import Cells
import Constructions
import Exact
import F1B
import Foundation
@testable import Proofs
import Testing
import TestSupport
import Verification

func statement(_ name: String) throws -> Statement {
    try StatementReader.read(contentsOf: shippedConstruction("statements/\(name).yaml"))
}

/// Random rational points of a statement's region (bounds, or ±`spread` where open).
func samples(_ s: Statement, count: Int, spread: Int = 4, seed: UInt64) -> [[String: Rational]] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).compactMap { _ in
        let point = Dictionary(uniqueKeysWithValues: s.free.map { p -> (String, Rational) in
            let lo = p.lower ?? Rational(-spread), hi = p.upper ?? Rational(spread)
            let k = Int(rng.next() % 1025)
            return (p.name, lo + (hi - lo) * Rational(k, 1024))
        })
        return s.contains(point) ? point : nil
    }
}

@Suite struct PiecewiseLinearProverTests {
    /// Theorem 2 under b = 0, s0 = 0 at n = 2: UNSAT, and no random parameter point passes.
    @Test func theorem2WithoutBiasIsProvedAtTwoAndCrossChecked() throws {
        let s = try statement("theorem2-hardclip-b0-s0")
        let proof = PiecewiseLinearProver().prove(s, lengths: [2])[0]
        #expect(proof.outcome == .proved, "\(proof.reason ?? "")")
        for point in samples(s, count: 300, seed: 7) {
            #expect(Checker().check(s.instance(at: point), length: 2).verdict == .fail, "\(point)")
        }
    }

    /// Theorem 2 as stated: refuted, and the counterexample passes when checked again from its file.
    @Test func theorem2AsStatedIsRefutedByACheckedConstruction() throws {
        let report = Prover().prove(try statement("theorem2-hardclip"), lengths: .list([2, 4]))
        #expect(report.outcome == .refuted)
        for r in report.results {
            let c = try #require(r.counterexample)
            let reread = try ConstructionReader.parse(ConstructionWriter.yaml(c.construction, comment: []))
            #expect(Checker().check(reread, length: r.length).verdict == .pass)
        }
    }

    /// Theorem 3's five conditions: every n, via stationarity from step 2; random points pass every n.
    @Test func theorem3RegionPassesEveryLength() throws {
        let s = try statement("theorem3-region")
        let (every, results) = PiecewiseLinearProver().proveEveryLength(s)
        #expect(every.outcome == .proved && every.stationaryFrom == 2, "\(every.reason)")
        #expect(results.map(\.outcome) == [.proved, .proved])
        for point in samples(s, count: 40, seed: 3).prefix(8) {
            let r = Checker().check(s.instance(at: point), lengths: .all)
            #expect(r.everyLength?.verdict == .pass, "\(point)")
        }
    }

    /// A wrong clip (at ±1/2) must not prove what the right one proves: its
    /// "counterexample" is refused by the exact check, so the answer is undecided.
    @Test func aWrongClipEncodingIsCaught() throws {
        var prover = PiecewiseLinearProver()
        prover.clipLevelForTesting = Rational(1, 2)
        let s = try statement("theorem3-region")
        let proofs = prover.prove(s, lengths: [2])
        #expect(proofs[0].outcome != .proved)
        #expect(proofs[0].reason?.contains("by f1b check") == true, "\(proofs[0].reason ?? "")")
    }
}

@Suite struct IntervalBranchAndBoundTests {
    /// tanh, b = 0, s0 = 0 on a small box: most of it is proved to fail, none passes,
    /// and random points in it fail under the certified checker.
    @Test func tanhTheorem2DecidesMostOfABox() throws {
        var s = try statement("theorem2-tanh-b0-s0")
        s.free = s.free.map { var p = $0; p.lower = Rational(-2); p.upper = Rational(2); return p }
        var options = Prover.Options()
        options.maximumBoxes = 400
        let proof = IntervalBranchAndBound(options: options).prove(s, length: 2)
        let f = try #require(proof.fractions)
        #expect(f.refuted == 0 && f.proved > 0.5, "\(f)")
        for point in samples(s, count: 20, seed: 11) {
            #expect(Checker().check(s.instance(at: point), length: 2).verdict != .pass, "\(point)")
        }
    }

    /// A box around the tanh latch passes F1B(3) throughout: proved.
    @Test func aBoxAroundTheTanhLatchIsProvedToPass() throws {
        let s = try StatementReader.parse("""
            model: vanilla
            activation: tanh
            state: 1
            parameters: {U: [[u]], W: [[10, 10]], b: [10]}
            initial: [-1]
            free: {u: [19, 21]}
            claim: {n: 3, verdict: passes}
            """)
        let proof = IntervalBranchAndBound().prove(s, length: 3)
        #expect(proof.outcome == .proved, "\(proof.reason ?? "")")
    }
}

@Suite struct Theorem4BoundaryTests {
    @Test func theBoundaryIsProvedAsAStatementInA() {
        for n in 1...5 {
            let r = Theorem4Boundary.prove(length: n, seconds: 120)
            #expect(r.outcome == .proved, "n = \(n): \(r.reason)")
        }
    }

    @Test func theConstructionsFollowTheRecursionAndTheClosedFormIsTheWorstCase() {
        for model in [CellModel.gru, .lstm, .pru] {
            for a in [Rational(1, 2), Rational(4)] {
                let c = PaperConstructions.theorem4(model: model, a: a, b: Rational(1))
                #expect(Theorem4Boundary.followsRecursion(c, a: a, b: Rational(1), length: 4), "\(model) a = \(a)")
            }
        }
        // A wrong gate (the construction's a, the recursion's 2a) is told apart.
        let c = PaperConstructions.theorem4(model: .gru, a: Rational(1), b: Rational(1))
        #expect(!Theorem4Boundary.followsRecursion(c, a: Rational(2), b: Rational(1), length: 3))
        for A in [Rational(1, 2), Rational(9, 10), Rational(99, 100)] {
            for n in [1, 5, 38] { #expect(Theorem4Boundary.closedFormAgreesWithWorstCase(A: A, length: n)) }
        }
    }
}

@Suite struct PaperClaimsTests {
    /// The claims table with small budgets: the decisive rows decided as the report says.
    @Test func claimsAreDecided() throws {
        var o = PaperClaims.Options()
        o.constructions = packageRoot.appendingPathComponent("constructions").path
        o.seconds = 60
        o.maximumBoxes = 100
        o.boundaryThrough = 3
        o.theorem2Lengths = .list([2])
        let claims = try PaperClaims.decide(o)
        func finding(_ prefix: String) -> PaperClaim.Finding? { claims.first { $0.claim.hasPrefix(prefix) }?.finding }
        #expect(finding("Theorem 2: at K = 1") == .refuted)
        #expect(finding("Theorem 3") == .proved)
        #expect(finding("Theorem 4") == .confirmed)
        #expect(finding("Figure 4") == .refuted)
        #expect(finding("Theorem 1") == .confirmed && finding("Lemma 2") == .confirmed && finding("Lemma 3") == .proved)
        #expect(claims.count >= 12)
    }
}
