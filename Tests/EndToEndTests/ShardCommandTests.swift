import Foundation
import Testing

/// `--shard i/N --result FILE` and `f1b merge` for every sweep: merged shards
/// equal the unsharded run, shards of other inputs and bad "i/N" are refused (exit 2).
@Suite struct ShardCommandTests {
    @Test func checkShardsMergeToTheUnshardedCount() throws {
        let file = construction("gru-k1-a1_2-b1.yaml")
        let whole = try f1b("check", file, "--n", "7", "--method", "enumerate", "--json")
        #expect(whole.status == 1, "\(whole.stderr)")
        let result = try #require((whole.json?["results"] as? [[String: Any]])?.first)
        var files: [String] = []
        for i in 0..<3 {
            let out = temporaryFile("check\(i).json")
            let run = try f1b("check", file, "--n", "7", "--shard", "\(i)/3", "--result", out)
            #expect(run.status == 0, "\(run.stderr)")
            files.append(out)
        }
        let merged = try f1b(["merge"] + files.reversed() + ["--json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.json?["misclassified"] as? String != nil && merged.json?["misclassified"] as? String == result["misclassified"] as? String)
        #expect(merged.json?["paths"] as? String == result["paths"] as? String)
        #expect(merged.json?["shards"] as? [Int] == [0, 1, 2] && merged.json?["kind"] as? String == "check-enumeration-shard")
        let text = try f1b(["merge"] + files)
        #expect(text.stdout.contains("verdict: FAIL for n = 7 (every shard merged)"))

        // A shard of another file, or of another n, is refused and named.
        let other = temporaryFile("other.json")
        #expect(try f1b("check", construction("gru-k1-a4-b1.yaml"), "--n", "7", "--shard", "1/3", "--result", other).status == 0)
        let mismatch = try f1b("merge", files[0], other)
        #expect(mismatch.status == 2 && mismatch.stderr.contains("\(other): error: not a shard of the same sweep: its inputs differ"))
        let longer = temporaryFile("longer.json")
        #expect(try f1b("check", file, "--n", "8", "--shard", "1/3", "--result", longer).status == 0)
        #expect(try f1b("merge", files[0], longer).status == 2)
    }

    @Test func trainShardsOfAnotherProtocolAreRefused() throws {
        let common = ["train", "--model", "vanilla", "--state", "2", "--n", "4", "--seeds", "1...2", "--eval-every", "50"]
        let a = temporaryFile("a.json"), b = temporaryFile("b.json")
        #expect(try f1b(common + ["--steps", "100", "--shard", "0/2", "--result", a]).status == 0)
        #expect(try f1b(common + ["--steps", "150", "--shard", "1/2", "--result", b]).status == 0)
        let mismatch = try f1b("merge", a, b)
        #expect(mismatch.status == 2 && mismatch.stderr.contains("\(b): error: not a shard of the same sweep: its inputs differ"))
    }

    @Test func cellShardsMergeAndOtherGridsAreRefused() throws {
        let common = ["report", "cells", "--seeds", "1", "--n", "4"]
        let a = temporaryFile("a.json"), b = temporaryFile("b.json"), c = temporaryFile("c.json")
        #expect(try f1b(common + ["--steps", "100", "--shard", "0/24", "--result", a]).status == 0)
        #expect(try f1b(common + ["--steps", "100", "--shard", "1/24", "--result", b]).status == 0)
        #expect(try f1b(common + ["--steps", "150", "--shard", "2/24", "--result", c]).status == 0)
        let merged = try f1b("merge", a, b, "--json")
        #expect(merged.status == 0 && merged.stderr.contains("missing"), "\(merged.stderr)")
        #expect(merged.json?["shards"] as? [Int] == [0, 1] && (merged.json?["runs"] as? [Any])?.count == 2)
        let mismatch = try f1b("merge", a, c)
        #expect(mismatch.status == 2 && mismatch.stderr.contains("\(c): error: not a shard of the same sweep"))
        let render = try f1b("report", "cells", "--out", temporaryFile("out"), "--from", a, c)
        #expect(render.status == 2 && render.stderr.contains(c))
    }

    @Test(arguments: ["2/2", "1", "a/3", "-1/2", "1/0", "0/1/2"])
    func badShardsAreRefused(_ shard: String) throws {
        let commands: [[String]] = [
            ["check", construction("gru-k1-a1_2-b1.yaml"), "--n", "5", "--result", temporaryFile("r.json")],
            ["search", "--n", "4", "--samples", "2", "--confirm", "0"],
            ["train", "--model", "vanilla", "--n", "4", "--seeds", "1...2", "--steps", "10"],
            ["report", "cells", "--seeds", "1", "--n", "4", "--result", temporaryFile("r.json")],
        ]
        for command in commands {
            let run = try f1b(command + ["--shard", shard])
            #expect(run.status == 2 && run.stderr.contains("--shard <i/N>") && run.stderr.contains("0 ≤ i < N"), "\(command[0]): \(run.stderr)")
        }
    }
}
