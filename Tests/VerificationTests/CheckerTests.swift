import Cells
import Constructions
import Exact
import F1B
import Foundation
import Testing
import TestSupport
@testable import Verification

/// The paper's pattern for Theorem 3 with its three free parameters.
func theorem3(b1: String, w21: String, b2: String, classifier: Bool = false) throws -> Construction {
    try ConstructionReader.parse("""
        model: vanilla
        activation: hardclip
        state: 2
        flags: zero-one
        parameters:
          U: [[1, \(b1)], [0, 0]]
          W: [[0, 0], [\(w21), -(\(b2))]]
          b: [\(b1), \(b2)]
        initial: [0, -1]
        \(classifier ? "classifier: {beta: [1, 1/3], gamma: 1/12}" : "")
        """.replacingOccurrences(of: "-(-", with: "").replacingOccurrences(of: "-(", with: "-").replacingOccurrences(of: ")]]", with: "]]"))
}

/// Re-simulates a path exactly, independently of the enumerator.
struct Simulate: CellVisitor {
    typealias Scalar = Rational
    let path: Path
    func visit<C: RecurrentCell>(_ cell: C) -> [Rational] where C.Scalar == Rational {
        cell.classifiedState(cell.run(path))
    }
}

@Suite struct CheckerTests {
    /// The shipped files, and the settings `f1b search` confirmed (constructions/search).
    @Test(arguments: ["constructions", "constructions/search"])
    func shippedConstructionsMeetTheirExpectations(_ directory: String) throws {
        let dir = packageRoot.appendingPathComponent(directory).path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 3)
        for file in files {
            let c = try ConstructionReader.read(contentsOf: "\(dir)/\(file)")
            let expectation = try #require(c.expectation, "\(file) has no expect")
            let report = Checker().check(c, lengths: expectation.lengths)
            #expect(report.verdict.rawValue == expectation.verdict.rawValue, "\(file)")
            #expect(report.expectationConfirmed == true)
        }
    }

    @Test func theorem3PassesOneToTwelveWithExactZeroError() throws {
        let c = try ConstructionReader.read(contentsOf: packageRoot.appendingPathComponent("constructions/vanilla-pwl-k2.yaml").path)
        let report = Checker().check(c, lengths: .list(Array(1...12)))
        #expect(report.verdict == .pass)
        for r in report.results {
            #expect(r.verdict == .pass && r.arithmetic == .exact)
            #expect(r.misclassified == 0 && r.errorProbability == 0)
            #expect(r.margin?.value == Rational(1, 12) || r.length == 1)
            #expect(r.pathCount == Path.count(length: r.length))
        }
    }

    /// The classifier-free check finds a classifier and proves it on every path.
    @Test func findsAClassifierWhenNoneIsGiven() throws {
        let c = try theorem3(b1: "1/4", w21: "1/2", b2: "-2")
        #expect(c.classifier == nil)
        for n in [1, 2, 5, 9] {
            let r = Checker().check(c, length: n)
            #expect(r.verdict == .pass && r.classifierFound)
            let classifier = try #require(r.classifier)
            let margin = try #require(r.margin?.value)
            for index in 0..<(n << n) {
                let path = Path(length: n, index: index)
                let score = classifier.score(c.cell.withCell(Simulate(path: path)))
                #expect(path.label > 0 ? score >= margin : -score >= margin)
            }
        }
    }

    /// Breaking condition (5), b1 ± b1·W21 ∈ (−1, 1): with b1 = 2 the mixed state
    /// clips to 1 for both labels, and the file's classifier misclassifies. The
    /// reported counterexamples must be misclassified when re-simulated.
    @Test(arguments: ["enumerate", "dp"])
    func breakingConditionFiveFailsWithRealCounterexamples(method: String) throws {
        let c = try theorem3(b1: "2", w21: "1/2", b2: "-2", classifier: true)
        let r = Checker(options: .only(method)).check(c, length: 6)
        #expect(r.verdict == .fail)
        #expect(r.misclassified! > 0)
        #expect(r.errorProbability == Rational(numerator: r.misclassified!, denominator: Path.count(length: 6)))
        guard case .misclassified(let paths)? = r.counterexample else { Issue.record("no counterexample"); return }
        // Enumeration lists the first five misclassified paths; the DP the first path of each misclassified state.
        #expect(paths.count == (method == "enumerate" ? 5 : 1))
        #expect(paths.map(\.path.index) == paths.map(\.path.index).sorted())
        for p in paths {
            let state = c.cell.withCell(Simulate(path: p.path))
            #expect(state == p.finalState)
            let score = c.classifier!.score(state)
            #expect(score == p.score)
            #expect((score.signum >= 0 ? 1 : -1) != p.path.label, "\(p.path) is not misclassified")
        }
    }

    /// Breaking condition (3), W21·X + b2 < −1: with b2 = −1/4 the loading state
    /// never empties, noise leaks in, and no classifier exists: the certificate's
    /// convex combinations must coincide when re-simulated.
    @Test func breakingConditionThreeIsInseparableWithACertificate() throws {
        let c = try theorem3(b1: "1/4", w21: "1/2", b2: "-1/4")
        let r = Checker().check(c, length: 5)
        #expect(r.verdict == .fail)
        guard case .inseparable(let positive, let negative, let point)? = r.counterexample else {
            Issue.record("expected a non-separability certificate"); return
        }
        #expect(positive.allSatisfy { $0.path.label == 1 } && negative.allSatisfy { $0.path.label == -1 })
        #expect(positive.reduce(Rational()) { $0 + $1.weight } == 1)
        #expect(negative.reduce(Rational()) { $0 + $1.weight } == 1)
        for side in [positive, negative] {
            var sum = [Rational(), Rational()]
            for w in side {
                let state = c.cell.withCell(Simulate(path: w.path))
                #expect(state == w.finalState)
                for k in 0..<2 { sum[k] += w.weight * state[k] }
            }
            #expect(sum == point)
        }
    }

    /// Breaking condition (4), b1 ≠ 0: nothing is ever transferred to the memory.
    @Test func breakingConditionFourFails() throws {
        let r = Checker().check(try theorem3(b1: "0", w21: "1/2", b2: "-2"), length: 4)
        #expect(r.verdict == .fail)
    }

    /// Each work budget ends its procedure with that budget as the typed reason.
    @Test func budgetsGiveInconclusiveWithTheirReason() throws {
        let free = try theorem3(b1: "1/4", w21: "1/2", b2: "-2")
        var options = Checker.Options.only("enumerate")
        options.budget.paths = BigInteger(100)
        let r = Checker(options: options).check(free, length: 8)
        #expect(r.verdict == .inconclusive && r.openReason == .budget(.paths(BigInteger(100))))
        options.budget.paths = BigInteger(1 << 20)
        options.budget.states = 1   // per class; each class has 2 distinct final states
        let s = Checker(options: options).check(free, length: 4)
        #expect(s.verdict == .inconclusive && s.openReason == .budget(.states(1)))
        options.budget.everyLengthScan = 6
        let all = Checker(options: options).check(free, lengths: .all)
        #expect(all.verdict == .inconclusive && all.everyLength?.certificate == nil)
        // The DP's own budget.
        var dpOnly = Checker.Options.only("dp")
        dpOnly.budget.states = 1
        let dp = Checker(options: dpOnly).check(free, length: 4)
        #expect(dp.verdict == .inconclusive && dp.openReason == .budget(.states(1)))
        // The portfolio: the DP runs out of states, another procedure decides, and the DP's attempt is kept.
        var tiny = Checker.Options()
        tiny.budget.states = 3
        let fallback = Checker(options: tiny).check(try theorem3(b1: "1/4", w21: "1/2", b2: "-2", classifier: true), length: 4)
        #expect(fallback.verdict == .pass && fallback.procedure != ReachableSetProcedure.id)
        #expect(fallback.attempts.contains { $0.procedure == ReachableSetProcedure.id && $0.reason == .budget(.states(3)) })
        // A named procedure that does not apply says so.
        let notApplicable = Checker(options: .only("enclosure")).check(free, length: 3)
        #expect(notApplicable.openReason == .notApplicable(.flaggedOneBitOnly(flags: 1)) || notApplicable.openReason == .notApplicable(.needsOneDimensionalState(stateSize: 2)))
    }

    /// A length decided by one procedure is not decided again, and every fail carries a counterexample.
    @Test func everyFailCarriesARecheckedCounterexample() throws {
        let c = try theorem3(b1: "2", w21: "1/2", b2: "-2", classifier: true)
        let report = Checker().check(c, lengths: .list(Array(1...7)))
        for r in report.results where r.verdict == .fail {
            #expect(r.counterexample != nil)
            #expect(Recheck.problemWith(r.counterexample!, problem: Problem(c, lengths: .list([r.length])), precision: 128) == nil)
            #expect(r.misclassified != nil, "a cheap length's count is exact")
        }
    }

    /// A counterexample that does not hold is caught by the replay: open, never fail.
    @Test func recheckRejectsAFalseCounterexample() throws {
        let c = try theorem3(b1: "1/4", w21: "1/2", b2: "-2", classifier: true)
        let problem = Problem(c, lengths: .list([3]))
        let good = Path(length: 3, index: 0)
        let fake = LengthResult(length: 3, outcome: .fail(Refutation(counterexample: .misclassified([ScoredPath(path: good, finalState: [], score: nil)]),
                                                                     classifier: c.classifier, count: .atLeast(BigInteger(1)))),
                                procedure: FalsificationProcedure.id, arithmetic: .exact, pathCount: Path.count(length: 3))
        let checked = Recheck.confirm(fake, problem: problem, precision: 128)
        #expect(checked.verdict == .inconclusive)
        if case .recheckFailed? = checked.openReason {} else { Issue.record("expected recheckFailed, got \(String(describing: checked.openReason))") }
    }
}

/// The enumerator against the plain definition: every path run from s_0.
@Suite struct EnumeratorTests {
    @Test func sharedPrefixesGiveTheSameStatesAsPathByPath() throws {
        var rng = SplitMix64(seed: 77)
        for trial in 0..<12 {
            func entry() -> String { "\(Int(rng.next() % 17) - 8)/\(Int(rng.next() % 4) + 1)" }
            let K = trial % 3 + 1
            let matrixRows = { (cols: Int) in "[" + (0..<K).map { _ in "[" + (0..<cols).map { _ in entry() }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]" }
            let c = try ConstructionReader.parse("""
                model: vanilla
                activation: \(trial % 2 == 0 ? "hardclip" : "relu")
                state: \(K)
                flags: \(trial % 4 < 2 ? "plus-minus" : "zero-one")
                parameters:
                  U: \(matrixRows(K))
                  W: \(matrixRows(2))
                  b: [\((0..<K).map { _ in entry() }.joined(separator: ", "))]
                initial: [\((0..<K).map { _ in entry() }.joined(separator: ", "))]
                classifier: {beta: [\((0..<K).map { _ in entry() }.joined(separator: ", "))], gamma: \(entry())}
                """)
            let n = trial % 5 + 2
            let outcome = c.cell.withCell(EnumerateAll(n: n, classifier: c.classifier!))
            var positive: [[Rational]: Int] = [:], negative: [[Rational]: Int] = [:]
            var misclassified: [Int] = []
            for index in 0..<(n << n) {
                let path = Path(length: n, index: index)
                let s = c.cell.withCell(Simulate(path: path))
                if path.label > 0 { positive[s] = positive[s] ?? index } else { negative[s] = negative[s] ?? index }
                if c.classifier!.classify(s) != path.label { misclassified.append(index) }
            }
            #expect(outcome.positiveStates == positive)
            #expect(outcome.negativeStates == negative)
            #expect(outcome.misclassified == misclassified.count)
            #expect(outcome.firstMisclassified == Array(misclassified.prefix(5)))
        }
    }
}

struct EnumerateAll: CellVisitor {
    typealias Scalar = Rational
    struct Result {
        var positiveStates, negativeStates: [[Rational]: Int]
        var misclassified: Int
        var firstMisclassified: [Int]
    }
    let n: Int
    let classifier: Classifier
    func visit<C: RecurrentCell>(_ cell: C) -> Result where C.Scalar == Rational {
        let c = classifier, K = cell.stateSize
        let o = ExhaustiveEnumerator(cell: cell).walk(length: n) {
            ExactTally<Rational>(stateSize: K, classifier: c, collectStates: true)
        }
        return Result(positiveStates: o.positiveStates, negativeStates: o.negativeStates,
                      misclassified: o.misclassified, firstMisclassified: o.firstMisclassified)
    }
}
