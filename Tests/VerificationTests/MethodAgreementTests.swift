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
            let enclosure = Checker(options: options(.enclosure)).check(c, lengths: .list(ns)).results
            let reference = Checker(options: options(hardclip ? .dp : .enumerate)).check(c, lengths: .list(ns)).results
            for (a, b) in zip(enclosure, reference) {
                let contradiction = (a.verdict == .pass && b.verdict == .fail) || (a.verdict == .fail && b.verdict == .pass)
                #expect(!contradiction, "trial \(trial), n = \(a.length): \(a.verdict) vs \(b.verdict)")
                if a.verdict != .inconclusive && b.verdict != .inconclusive { decided += 1 }
            }
        }
        #expect(decided >= 40)
    }
}
