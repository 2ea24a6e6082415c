import F1B
import TestSupport
import Foundation
import Testing

@Suite struct BadInputTests {
    @Test func missingFile() throws {
        let run = try f1b("check", "/nonexistent/file.yaml", "--n", "3")
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent/file.yaml: error: no such file"))
        #expect(run.stdout.isEmpty)
    }

    @Test(arguments: [
        ("model: vanilla\nactivation: hardclip\nstate: 0\ninitial: []\n", ":3:8: error:"),
        ("model: vanilla\nactivation: hardclip\nstate: 1\nparameters: {U: [[1, 2]]}\ninitial: [0]\n", ":4:18: error: expected row 1 of U"),
        ("model: vanilla\nactivation: hardclip\nstate: 1\nparameters: {U: [[x]]}\ninitial: [0]\n", ":4:19: error: expected a number"),
        ("model: vanilla\nactivation: hardclip\nstate: 1\nunknown: 3\ninitial: [0]\n", ":4:1: error: unknown key 'unknown'"),
        ("model: vanilla\nactivation: hardclip\nstate: 1\n", ": error: missing key 'initial'"),
        ("model: vanilla\nactivation: hardclip\nstate: 1\ninitial: [0]\nexpect: {n: 5...2, verdict: pass}\n", ":5:13: error: the range 5...2 is empty"),
        ("model: vanilla\nactivation: hardclip\nstate: 1\ninitial: [0]\nexpect: {n: 0, verdict: pass}\n", ":5:13: error:"),
        ("model: [\n", ":2:1: error: YAML"),
    ])
    func malformedFilesAreLocated(text: String, location: String) throws {
        let file = temporaryFile("bad.yaml", contents: text)
        let run = try f1b("check", file, "--n", "2")
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.stderr.contains(file + location) || (location.hasPrefix(": error") && run.stderr.contains(file)),
                "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test(arguments: [
        ["check", "FILE", "--n", "5...2"], ["check", "FILE", "--n", "0"], ["check", "FILE", "--n", "x"],
        ["check", "FILE", "--bogus"], ["check"], ["lift", "FILE", "--to", "1"], ["encode", "FILE", "--flags", "binary"],
        ["frobnicate"], ["check", "FILE", "--max-paths", "0"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let args = arguments.map { $0 == "FILE" ? construction("vanilla-pwl-k2.yaml") : $0 }
        let run = try f1b(args)
        #expect(run.status == 2, "\(args): \(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test func helpExitsZero() throws {
        let run = try f1b("check", "--help")
        #expect(run.status == 0)
        #expect(run.stdout.contains("Exit status"))
    }

    /// A failed transform writes nothing: no partial output file.
    @Test func noPartialOutputOnBadInput() throws {
        let input = temporaryFile("half.yaml", contents: "model: vanilla\nstate: 1\n")
        let output = temporaryFile("out.yaml")
        let run = try f1b("encode", input, "--flags", "zero-one", "--out", output)
        #expect(run.status == 2)
        #expect(!FileManager.default.fileExists(atPath: output))
        let lifted = try f1b("lift", construction("vanilla-pwl-k2.yaml"), "--to", "2", "--out", "/nonexistent-dir/x.yaml")
        #expect(lifted.status == 2)
        #expect(lifted.stderr.contains("/nonexistent-dir/x.yaml: error: cannot write here: the directory '/nonexistent-dir' does not exist"))
    }

    /// Damaged construction files through the real binary: a verdict or exit 2, never a crash.
    @Test func mutatedFilesNeverCrashTheTool() throws {
        let original = try String(contentsOfFile: construction("vanilla-pwl-k2.yaml"), encoding: .utf8)
            .components(separatedBy: "\n")
        var rng = SplitMix64(seed: 1903)
        let junk = ["}", "{", "[[", "- x", "state: 3", "n: all", "n: 1...99", "initial: [1e9999]", "\t", "U: [[1, 2, 3]]", "@", "|"]
        for i in 0..<30 {
            let lines = mutate(original, junk: junk, using: &rng)
            let file = temporaryFile("mutant-\(i).yaml", contents: lines.joined(separator: "\n"))
            let run = try f1b("check", file, "--n", "1...3")
            #expect(run.exitedNormally, "crashed on \(file)")
            #expect([0, 1, 2, 3].contains(run.status), "\(file): \(run.status)")
            if run.status == 2 { #expect(run.stderr.contains(file)) }
        }
    }
}
