import Constructions
import F1B
import Testing
import TestSupport
@testable import Verification

/// `--threads` changes how fast a check runs, never what it finds: the same
/// file checked on 1, 2 and 3 threads gives the same verdicts, counts,
/// certificates and counterexample paths, for the procedures that spread
/// their work (enumeration subtrees, cover boxes, zonotope images).
@Suite struct ThreadCountTests {
    /// Everything a check reports about each length and about every n, in
    /// words — work included except its seconds.
    static func summary(_ report: CheckReport) -> [String] {
        var lines = report.results.map { r in
            var work = r.work
            work.seconds = nil
            return "n = \(r.length): \(r.verdict) by \(r.procedure.id) in \(r.arithmetic), precision \(r.precision.map(String.init) ?? "-"), "
                + "misclassified \(r.misclassified.map(\.description) ?? "-"), \(r.outcome), work \(work)"
        }
        if let every = report.everyLength {
            lines.append("every n: \(every.verdict) by \(every.procedure?.id ?? "-"), first failure \(every.firstFailure.map(String.init) ?? "-"), "
                         + "through \(every.decidedThrough), undecided \(every.undecided), certificate \(every.certificate.map { "\($0)" } ?? "-"), "
                         + "attempts \(every.attempts.map { "\($0.procedure.id): \($0.reason)" })")
        }
        return lines
    }

    static func check(_ c: Construction, _ lengths: SequenceLengths, method: String, threads: Int) -> [String] {
        var options = Checker.Options.only(method)
        options.budget.threads = threads
        options.budget.boxes = 20_000
        return summary(Checker(options: options).check(c, lengths: lengths))
    }

    /// (what, method, construction, lengths): passes, fails with counted paths, every n.
    static func cases() throws -> [(String, String, Construction, SequenceLengths)] {
        let trained = try ConstructionReader.read(contentsOf: shippedConstruction("trained-vanilla-k2-n10-seed1.yaml"))
        let gru = try ConstructionReader.read(contentsOf: shippedConstruction("gru-k1-a4-b1.yaml"))
        let latch = try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-tanh-k1-latch.yaml"))
        return [
            ("exact enumeration, failing", "enumerate", try theorem3(b1: "2", w21: "1/2", b2: "-2", classifier: true), .list([6, 9])),
            ("exact enumeration, passing", "enumerate", try theorem3(b1: "1/4", w21: "1/2", b2: "-2", classifier: true), .list([8])),
            ("certified enumeration, failing", "enumerate", trained, .list([10])),
            ("certified enumeration, passing", "enumerate", gru, .list([7])),
            ("cover", "cover", gru, .list(Array(1...8))),
            ("cover, failing", "cover", trained, .list([10])),
            ("cover, every n", "cover", latch, .all),
            ("zonotope", "zonotope", gru, .list(Array(1...8))),
            ("zonotope, open", "zonotope", trained, .list([10])),
            ("zonotope, every n", "zonotope", latch, .all),
            ("history-keyed boxes", "history", gru, .list(Array(1...8))),
        ]
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        for (what, method, c, lengths) in try Self.cases() {
            let one = Self.check(c, lengths, method: method, threads: 1)
            #expect(!one.isEmpty, "\(what)")
            for threads in [2, 3] {
                #expect(Self.check(c, lengths, method: method, threads: threads) == one, "\(what) on \(threads) threads")
            }
        }
    }

    /// The cases above say something: they include fails with counts and counterexamples, and passes.
    @Test func theCasesIncludeFailsWithPathsAndPasses() throws {
        var options = Checker.Options.only("enumerate")
        options.budget.threads = 2
        let r = Checker(options: options).check(try theorem3(b1: "2", w21: "1/2", b2: "-2", classifier: true), length: 9)
        #expect(r.verdict == .fail && (r.misclassified ?? 0) > 0)
        guard case .misclassified(let paths)? = r.counterexample else { Issue.record("no counterexample paths"); return }
        #expect(!paths.isEmpty)
        let gru = try ConstructionReader.read(contentsOf: shippedConstruction("gru-k1-a4-b1.yaml"))
        var cover = Checker.Options.only("cover")
        cover.budget.threads = 2
        #expect(Checker(options: cover).check(gru, lengths: .list(Array(1...8))).verdict == .pass)
    }
}
