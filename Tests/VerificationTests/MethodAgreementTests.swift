import Cells
import Constructions
import Exact
import F1B
import Testing
@testable import Verification

@Suite struct MethodAgreementTests {
    /// Soundness across methods on random K = 1 cells (any signs, nonzero U,
    /// any initial state): enclosure propagation never contradicts certified
    /// enumeration, and on hardclip cells never contradicts the exact DP.
    @Test func methodsNeverContradictEachOther() throws {
        var rng = SplitMix64(seed: 4242)
        func q() -> String { "\(Int(rng.next() % 25) - 12)/\(Int(rng.next() % 4) + 1)" }
        var decided = 0
        for trial in 0..<16 {
            let hardclip = trial % 4 == 0
            let model = hardclip ? "vanilla" : ["vanilla", "gru", "pru"][trial % 3]
            let gates = model == "gru" ? ["z", "s", "r"] : ["z", "s"]
            let parameters = model == "vanilla"
                ? "{U: [[\(q())]], W: [[\(q()), \(q())]], b: [\(q())]}"
                : "{" + gates.map { "W_\($0): [[\(q()), \(q())]], U_\($0): [[\(q())]], b_\($0): [\(q())]" }.joined(separator: ", ") + "}"
            var lines = ["model: \(model)", "state: 1", "parameters: \(parameters)", "initial: [\(q())]"]
            if model == "vanilla" { lines.append("activation: \(hardclip ? "hardclip" : "tanh")") }
            if trial % 2 == 0 { lines.append("classifier: {beta: [\(q())], gamma: \(q())}") }
            let c = try ConstructionReader.parse(lines.joined(separator: "\n"))
            let ns = Array(1...5)
            let enclosure = Checker(options: options("enclosure")).check(c, lengths: .list(ns)).results
            let reference = Checker(options: options(hardclip ? "dp" : "enumerate")).check(c, lengths: .list(ns)).results
            for (a, b) in zip(enclosure, reference) {
                let contradiction = (a.verdict == .pass && b.verdict == .fail) || (a.verdict == .fail && b.verdict == .pass)
                #expect(!contradiction, "trial \(trial), n = \(a.length): \(a.verdict) vs \(b.verdict)")
                if a.verdict != .inconclusive && b.verdict != .inconclusive { decided += 1 }
            }
        }
        #expect(decided >= 40)
    }

    /// The interval all-n certificate is sound: where `--n all` passes a tanh
    /// K = 1 cell, certified enumeration at n = 1…7 and enclosure propagation at
    /// n = 60 and 400 never find a failure; where it fails at n, the check of
    /// that n fails too. The cells are latches s_t = tanh(u s + w x^I + w x^F + w),
    /// s_0 = −1: they pass when w = u/2 is large enough and fail otherwise.
    @Test(arguments: [(6, 3), (10, 5), (20, 10), (8, 4), (6, 2), (10, 3), (20, 5), (3, 3), (16, 8), (16, 5)])
    func intervalEveryLengthCertificateIsSound(_ weights: (u: Int, w: Int)) throws {
        let (u, w) = weights
        for classifier in ["", "\nclassifier: {beta: [1], gamma: 0}"] {
            let c = try ConstructionReader.parse("model: vanilla\nactivation: tanh\nstate: 1\n"
                + "parameters: {U: [[\(u)]], W: [[\(w), \(w)]], b: [\(w)]}\ninitial: [-1]" + classifier)
            var deep = Checker.Options()
            deep.budget.depth = 300
            let all = try #require(Checker(options: deep).check(c, lengths: .all).everyLength)
            #expect(all.verdict != .inconclusive)
            #expect((all.verdict == .pass) == (2 * w == u && u >= 6), "u = \(u), w = \(w): \(all.verdict)")
            if all.verdict == .pass {
                for r in Checker(options: options("enumerate")).check(c, lengths: .list(Array(1...7))).results {
                    #expect(r.verdict == .pass, "all-n pass, but n = \(r.length): \(r.verdict)")
                }
                for r in Checker(options: options("enclosure")).check(c, lengths: .list([60, 400])).results {
                    #expect(r.verdict == .pass, "all-n pass, but n = \(r.length): \(r.verdict)")
                }
            } else if all.verdict == .fail {
                let n = try #require(all.firstFailure)
                #expect(Checker(options: options("enclosure")).check(c, length: n).verdict == .fail)
            }
        }
    }
}
