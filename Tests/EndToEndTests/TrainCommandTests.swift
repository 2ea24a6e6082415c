import Foundation
import Testing

@Suite struct TrainCommandTests {
    @Test func trainsExportsAndTheExportIsChecked() throws {
        let out = temporaryFile("learned.yaml")
        let run = try f1b("train", "--model", "vanilla", "--state", "2", "--n", "5", "--steps", "600", "--eval-every", "50",
                          "--seed", "1", "--stop-at-success", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("success (error < 1%) first at step"))
        let check = try f1b("check", out, "--n", "5")
        #expect(check.status == 0, "\(check.stdout)")
        let simulate = try f1b("simulate", out, "--n", "5", "--paths", "1000")
        #expect(simulate.status == 0 && simulate.stdout.contains("classifier from the file"))
    }

    /// The file claims a verdict only when --expect names one; --expect needs --out and pass or fail.
    @Test func expectBlockOnlyWhenAsked() throws {
        let plain = temporaryFile("plain.yaml"), claimed = temporaryFile("claimed.yaml")
        let common = ["train", "--model", "vanilla", "--state", "2", "--n", "4", "--steps", "20", "--eval-every", "10", "--seed", "1"]
        #expect(try f1b(common + ["--out", plain]).status == 0)
        #expect(!(try String(contentsOfFile: plain, encoding: .utf8)).contains("expect:"))
        #expect(try f1b(common + ["--out", claimed, "--expect", "fail"]).status == 0)
        let text = try String(contentsOfFile: claimed, encoding: .utf8)
        #expect(text.contains("expect:\n  n: 4\n  verdict: fail") && text.contains("--expect fail"))
        let bad = try f1b(common + ["--out", temporaryFile("never.yaml"), "--expect", "maybe"])
        #expect(bad.status == 2 && bad.stderr.contains("--expect"))
        let noFile = try f1b(common + ["--expect", "pass"])
        #expect(noFile.status == 2 && noFile.stderr.contains("--out"))
    }

    @Test func gatedCellsTrainToo() throws {
        for model in ["gru", "lstm", "pru"] {
            let run = try f1b("train", "--model", model, "--state", "1", "--n", "4", "--steps", "20", "--eval-every", "10")
            #expect(run.status == 0, "\(model): \(run.stderr)")
            #expect(run.stdout.contains("\(model), K = 1, n = 4: 20 steps"))
        }
    }

    @Test(arguments: [["--model", "rnn"], ["--activation", "softmax"], ["--batch", "100"], ["--optimizer", "rmsprop"],
                      ["--state", "0"], ["--lr", "0"], ["--n", "0"]])
    func badOptionsExitTwo(_ options: [String]) throws {
        let out = temporaryFile("never.yaml")
        var arguments = ["train", "--model", "vanilla", "--state", "2", "--n", "5", "--steps", "5", "--out", out]
        for pair in stride(from: 0, to: options.count, by: 2) {
            if let i = arguments.firstIndex(of: options[pair]) { arguments[i + 1] = options[pair + 1] } else { arguments += [options[pair], options[pair + 1]] }
        }
        let run = try f1b(arguments)
        #expect(run.status == 2 && !run.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func experimentShardsMergeToTheWhole() throws {
        let common = ["train", "--model", "vanilla", "--state", "2", "--n", "4,6", "--seeds", "1...4", "--steps", "200", "--eval-every", "50"]
        let whole = try f1b(common)
        #expect(whole.status == 0, "\(whole.stderr)")
        var files: [String] = []
        for i in 0..<2 {
            let file = temporaryFile("train\(i).json")
            let run = try f1b(common + ["--shard", "\(i)/2", "--result", file])
            #expect(run.status == 0, "\(run.stderr)")
            files.append(file)
        }
        let merged = try f1b(["merge"] + files.reversed())
        #expect(merged.status == 0, "\(merged.stderr)")
        // The merged file's runs are the unsharded run's, in the same order.
        let wholeFile = temporaryFile("whole.json")
        #expect(try f1b(common + ["--result", wholeFile]).status == 0)
        let mergedRuns = try f1b(["merge", "--json"] + files).json?["runs"] as? [[String: Any]]
        let wholeRuns = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: wholeFile))) as? [String: Any])?["runs"] as? [[String: Any]]
        #expect(mergedRuns?.count == 8 && mergedRuns?.map { "\($0["n"]!)/\($0["seed"]!)/\($0["steps"]!)/\($0["parameters"]!)" }
                == wholeRuns?.map { "\($0["n"]!)/\($0["seed"]!)/\($0["steps"]!)/\($0["parameters"]!)" })
        let table = whole.stdout.components(separatedBy: "\n").drop { !$0.hasPrefix("n ") }.joined(separator: "\n")
        #expect(merged.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == table.trimmingCharacters(in: .whitespacesAndNewlines))
        let twice = try f1b("merge", files[0], files[0])
        #expect(twice.status == 2 && twice.stderr.contains("twice"))
    }

    @Test func trainingReportNeedsPyTorchsRuns() throws {
        let run = try f1b("report", "training", "--out", temporaryFile("reports"), "--pytorch", "/nonexistent/pytorch.json")
        #expect(run.status == 2 && run.stderr.contains("/nonexistent/pytorch.json"))
    }
}
