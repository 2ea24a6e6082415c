import Foundation
import Testing

@Suite struct ProveCommandTests {
    func statementPath(_ name: String) -> String { construction("statements/\(name).yaml") }

    @Test func refutationsAreWrittenAndCheckConfirmsThem() throws {
        let dir = temporaryFile("found")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = try f1b("prove", statementPath("theorem2-hardclip"), "--n", "3", "--out", dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("n = 3: REFUTED") && r.stdout.hasSuffix("statement: REFUTED\n"))
        let file = "\(dir)/theorem2-hardclip-counterexample-n3.yaml"
        let check = try f1b("check", file)
        #expect(check.status == 0 && check.stdout.contains("confirmed"), "\(check.stdout)")
    }

    @Test func proofsExitZeroWithJSON() throws {
        let r = try f1b("prove", statementPath("theorem2-hardclip-b0-s0"), "--n", "2", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.json?["outcome"] as? String == "proved")
        #expect(r.json?["schema"] as? Int == 1)
        let results = try #require(r.json?["results"] as? [[String: Any]])
        #expect(results.first?["n"] as? Int == 2 && results.first?["outcome"] as? String == "proved")
    }

    @Test func undecidedExitsThreeWithTheShareDecided() throws {
        let r = try f1b("prove", statementPath("theorem2-tanh-b0-s0"), "--n", "2", "--max-boxes", "50")
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stdout.contains("region decided:") && r.stdout.contains("undecided"))
    }

    @Test(arguments: [
        (["--n", "all"], "--n all"),
        (["--method", "smt", "--n", "2"], "--method smt"),
        (["--method", "proof", "--n", "2"], "--method"),
    ])
    func usageErrorsExitTwo(_ extra: [String], _ phrase: String) throws {
        let r = try f1b(["prove", statementPath("theorem2-tanh-b0-s0")] + extra)
        #expect(r.status == 2 && r.stderr.contains(phrase), "\(r.stderr)")
    }

    @Test func badStatementsExitTwoWithALocation() throws {
        let unbounded = temporaryFile("s.yaml", contents: """
            model: vanilla
            activation: tanh
            state: 1
            parameters: {U: [[u]]}
            initial: [0]
            free: {u: [null, 2]}
            claim: {n: 2, verdict: fails}
            """)
        let r = try f1b("prove", unbounded)
        #expect(r.status == 2 && r.stderr.contains("'u' is unbounded"), "\(r.stderr)")
        let typo = temporaryFile("t.yaml", contents: "model: vanilla\nactivation: hardclip\nstate: 1\nparameters: {U: [[v]]}\ninitial: [0]\nfree: {u: [0, 1]}\nclaim: {n: 2, verdict: fails}\n")
        let t = try f1b("prove", typo)
        #expect(t.status == 2 && t.stderr.contains("t.yaml:4:") && t.stderr.contains("'v' is neither"), "\(t.stderr)")
        let missing = try f1b("prove", "no-such-statement.yaml")
        #expect(missing.status == 2 && missing.stderr.contains("no such file"))
    }
}
