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
}
