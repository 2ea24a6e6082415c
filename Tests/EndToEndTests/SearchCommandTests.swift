import Foundation
import Testing

@Suite struct SearchCommandTests {
    @Test func findsConfirmsAndWritesLatches() throws {
        let dir = temporaryFile("found")
        let run = try f1b("search", "--activation", "hardclip", "--n", "6", "--grid", "5", "--samples", "0", "--paths", "200",
                          "--confirm", "2", "--out", dir, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect((json["screen"] as? [String: Any])?["screened"] as? Int == 3125)
        let confirmed = try #require(json["confirmed"] as? [[String: Any]])
        #expect(confirmed.count == 2)
        for c in confirmed {
            #expect(c["verdict"] as? String == "pass")
            #expect((c["all_n"] as? [String: Any])?["verdict"] as? String == "pass")
            let file = try #require(c["file"] as? String)
            let check = try f1b("check", file)
            #expect(check.status == 0 && check.stdout.contains("PASS for every n"), "\(check.stdout)")
        }
    }

    @Test func shardsMergeToTheUnshardedScreen() throws {
        let common = ["search", "--activation", "tanh", "--n", "5", "--grid", "2", "--samples", "30", "--paths", "100", "--confirm", "0"]
        let whole = try f1b(common + ["--json"])
        #expect(whole.status == 0, "\(whole.stderr)")
        var files: [String] = []
        for i in 0..<3 {
            let file = temporaryFile("shard\(i).json")
            let run = try f1b(common + ["--shard", "\(i)/3", "--result", file])
            #expect(run.status == 0, "\(run.stderr)")
            files.append(file)
        }
        let merged = try f1b(["merge"] + files.reversed() + ["--json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let a = try #require(whole.json?["screen"] as? [String: Any]), b = try #require(merged.json?["screen"] as? [String: Any])
        for key in ["screened", "zero_errors"] { #expect(a[key] as? Int != nil && a[key] as? Int == b[key] as? Int) }
        #expect(a["error_deciles"] as? [Int] != nil && a["error_deciles"] as? [Int] == b["error_deciles"] as? [Int])
        let best = (a["best"] as? [[String: Any]])?.map { $0["index"] as? Int }
        #expect(best?.isEmpty == false && best == (b["best"] as? [[String: Any]])?.map { $0["index"] as? Int })
        #expect(merged.json?["shards"] as? [Int] == [0, 1, 2])

        // Partial merges warn; a shard twice or a different sweep is refused.
        let partial = try f1b("merge", files[0], files[1])
        #expect(partial.status == 0 && partial.stderr.contains("missing"))
        let twice = try f1b("merge", files[0], files[0])
        #expect(twice.status == 2 && twice.stderr.contains("twice"))
        let other = temporaryFile("other.json")
        _ = try f1b(["search", "--activation", "tanh", "--n", "6", "--samples", "5", "--paths", "50", "--confirm", "0",
                     "--shard", "1/3", "--result", other])
        let mismatch = try f1b("merge", files[0], other)
        #expect(mismatch.status == 2 && mismatch.stderr.contains(other))
        let junk = temporaryFile("junk.json", contents: "{\"kind\": \"something\"}")
        let bad = try f1b("merge", junk)
        #expect(bad.status == 2 && bad.stderr.contains(junk))
    }

    @Test(arguments: [["--fix", "Q=1"], ["--fix", "U=x"], ["--shard", "2/2"], ["--shard", "1"], ["--range", "U=3:1"],
                      ["--activation", "relu"], ["--paths", "1"], ["--samples", "0"]])
    func badOptionsExitTwo(_ options: [String]) throws {
        let result = temporaryFile("never.json")
        let run = try f1b(["search", "--n", "5", "--result", result] + options)
        #expect(run.status == 2 && !run.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: result))
    }
}
