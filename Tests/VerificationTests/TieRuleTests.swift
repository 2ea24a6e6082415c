import Constructions
import Exact
import F1B
import Foundation
import Testing
import TestSupport
@testable import Verification

/// C(s) = +1 iff βᵀs + γ ≥ 0: a final state exactly on the hyperplane is +1,
/// correct for a positive path and misclassified for a negative one. Every
/// engine must read it so (the exact engines once let the negative tie pass).
@Suite struct TieRuleTests {
    /// The shipped latch with γ = 1: its negative after-flag state −1 scores 0.
    func latch(gamma: String) throws -> Construction {
        let text = try String(contentsOfFile: shippedConstruction("vanilla-hardclip-k1-latch.yaml"), encoding: .utf8)
        return try ConstructionReader.parse(text.replacingOccurrences(of: "gamma: 0", with: "gamma: \(gamma)"))
    }

    /// Theorem 3's construction with γ moved: its final states are (3/8, −1), (0, 1/2)
    /// (positive) and (1/8, −1), (0, −1/2) (negative); β = (1, 1/3).
    func theorem3(gamma: String) throws -> Construction {
        let text = try String(contentsOfFile: shippedConstruction("vanilla-pwl-k2.yaml"), encoding: .utf8)
        return try ConstructionReader.parse(text.replacingOccurrences(of: "gamma: 1/12", with: "gamma: \(gamma)"))
    }

    static let exactMethods: [String] = ["dp", "enumerate"]

    func checker(_ method: String) -> Checker { Checker(options: .only(method)) }

    @Test func theRuleItself() {
        #expect(Classification.isCorrect(Rational(0), label: .positive))
        #expect(!Classification.isCorrect(Rational(0), label: .negative))
        #expect(!Classification.isCorrect(-0.0, label: .negative))
        #expect(!Classification.isCorrect(Double.nan, label: .positive) && !Classification.isCorrect(Float.nan, label: .negative))
        #expect(Classification.certify(Interval(0), label: .positive) == .correct)
        #expect(Classification.certify(Interval(0), label: .negative) == .wrong)
        #expect(Classification.certify(Interval(lower: -1, upper: 0), label: .negative) == .undecided)
        #expect(Classification.certify(Interval(lower: -1, upper: 0), label: .positive) == .undecided)
        #expect(Classifier(beta: [1], gamma: 0).classify([0]) == 1)
        #expect(!Margin(score: 0, label: .negative).isCorrect && Margin(score: 0, label: .positive).isCorrect)
        #expect(Margin.least(Margin(score: 0, label: .positive), Margin(score: 0, label: .negative)).tie == .negative)
    }

    @Test(arguments: exactMethods)
    func latchWithANegativeTieFailsAtEachLength(_ method: String) throws {
        let c = try latch(gamma: "1")
        for n in 1...6 {
            let r = checker(method).check(c, length: n)
            #expect(r.verdict == .fail, "n = \(n)")
            #expect(r.misclassified == BigInteger(n << n / 2))
            #expect(r.errorProbability == Rational(1, 2))
            #expect(r.margin == Margin(value: 0, tie: .negative))
            guard case .misclassified(let paths)? = r.counterexample else { Issue.record("no paths"); continue }
            #expect(!paths.isEmpty && paths.allSatisfy { $0.path.classLabel == .negative && $0.score == 0 })
        }
    }

    @Test func latchWithANegativeTieFailsForEveryLength() throws {
        let report = Checker().check(try latch(gamma: "1"), lengths: .all)
        #expect(report.everyLength?.verdict == .fail)
        #expect(report.verdict == .fail)
        #expect(report.results.allSatisfy { $0.verdict == .fail && $0.errorProbability == Rational(1, 2) })
    }

    @Test(arguments: exactMethods)
    func negativeStateOnTheHyperplaneIsMisclassifiedAtK2(_ method: String) throws {
        // γ = 1/6: the negative L = n state (0, −1/2) scores 0; 2^(n−1) such paths, Pe = 1/(2n).
        let c = try theorem3(gamma: "1/6")
        for n in 1...7 {
            let r = checker(method).check(c, length: n)
            #expect(r.verdict == .fail)
            #expect(r.misclassified == BigInteger(1 << (n - 1)))
            #expect(r.errorProbability == Rational(1, 2 * n))
            #expect(r.margin == Margin(value: 0, tie: .negative))
            guard case .misclassified(let paths)? = r.counterexample else { Issue.record("no paths"); continue }
            #expect(paths.allSatisfy { $0.path.classLabel == .negative && $0.path.flagPosition == n && $0.finalState == [0, Rational(-1, 2)] })
        }
        #expect(Checker().check(c, lengths: .all).everyLength?.verdict == .fail)
    }

    @Test(arguments: exactMethods)
    func positiveStateOnTheHyperplaneIsCorrectWithMarginZero(_ method: String) throws {
        // γ = −1/24: the positive L < n state (3/8, −1) scores 0, every other state is on its side.
        let c = try theorem3(gamma: "-1/24")
        for n in 2...7 {
            let r = checker(method).check(c, length: n)
            #expect(r.verdict == .pass)
            #expect(r.misclassified == 0)
            #expect(r.margin == Margin(value: 0, tie: .positive))
        }
        let all = Checker().check(c, lengths: .all)
        #expect(all.everyLength?.verdict == .pass && all.verdict == .pass)
    }

    // MARK: - Certified engines, on states that are exactly 0

    /// tanh K = 1 with U = 0, flags {0, 1}: s_n = tanh(X^I_n + b), exactly 0 when X^I_n = −b.
    func tanhCell(b: String, beta: String, gamma: String = "0", state: Int = 1) throws -> Construction {
        let W = state == 1 ? "[[1, 0]]" : "[[1, 0], [0, 0]]"
        let bias = state == 1 ? "[\(b)]" : "[\(b), 0]"
        return try ConstructionReader.parse("""
            model: vanilla
            activation: tanh
            state: \(state)
            flags: zero-one
            parameters: {W: \(W), b: \(bias)}
            initial: \(state == 1 ? "[0]" : "[0, 0]")
            classifier: {beta: \(beta), gamma: \(gamma)}
            """)
    }

    static let certifiedMethods: [String] = ["enclosure", "enumerate"]

    @Test(arguments: certifiedMethods)
    func certifiedNegativeTieFails(_ method: String) throws {
        // b = 1: the negative path's state is tanh(0) = 0, score 0 → +1: wrong.
        let r = checker(method).check(try tanhCell(b: "1", beta: "[1]"), length: 1)
        #expect(r.verdict == .fail)
        guard case .misclassified(let paths)? = r.counterexample else { Issue.record("no paths"); return }
        #expect(paths.map(\.path.classLabel) == [.negative])
        #expect(paths[0].scoreEnclosure?.isPoint == true && paths[0].scoreEnclosure?.lower == 0)
    }

    @Test(arguments: certifiedMethods)
    func certifiedPositiveTiePassesWithMarginZero(_ method: String) throws {
        // b = −1: the positive path's state is tanh(0) = 0, score 0 → +1: correct.
        let r = checker(method).check(try tanhCell(b: "-1", beta: "[1]"), length: 1)
        #expect(r.verdict == .pass)
        #expect(r.margin == Margin(value: 0, tie: .positive))
    }

    @Test func certifiedNegativeTieFailsAtK2() throws {
        // K = 2 (certified enumeration): state (tanh(X^I + 1), 0).
        let r = checker("enumerate").check(try tanhCell(b: "1", beta: "[1, 5]", state: 2), length: 1)
        #expect(r.verdict == .fail)
        let zero = try tanhCell(b: "1", beta: "[0, 1]", state: 2)
        for n in 1...4 {
            // β·s = the identically-zero second dimension: every negative path is wrong.
            let r = checker("enumerate").check(zero, length: n)
            #expect(r.verdict == .fail)
            guard case .misclassified(let paths)? = r.counterexample else { Issue.record("no paths"); continue }
            #expect(paths.allSatisfy { $0.path.classLabel == .negative })
            // Every path was placed (each score is exactly 0): the count is exact.
            #expect(r.misclassified == BigInteger(n << n / 2))
        }
    }

    @Test func certifiedEveryLengthRejectsANegativeTie() throws {
        // The tanh latch with β = 0, γ = 0: every score is exactly 0, so every negative path is wrong.
        let text = try String(contentsOfFile: shippedConstruction("vanilla-tanh-k1-latch.yaml"), encoding: .utf8)
        let range = try #require(text.range(of: "classifier:"))
        let c = try ConstructionReader.parse(String(text[..<range.lowerBound]) + "classifier: {beta: [0], gamma: 0}\n")
        let report = Checker().check(c, lengths: .all)
        #expect(report.everyLength?.verdict == .fail)
        #expect(report.results.first?.verdict == .fail)
        #expect(IntervalInvariant.separating(Interval(1), Interval(0), given: Classifier(beta: [1], gamma: 0)) == nil)
        #expect(IntervalInvariant.separating(Interval(0), Interval(-1), given: Classifier(beta: [1], gamma: 0)) != nil)
    }
}
