import Foundation
import Testing

/// Usage errors name the subcommand's usage; negative numbers are values; length specs say their limits.
@Suite struct UsageTests {
    @Test func usageErrorsAfterParsingShowTheSubcommandsUsage() throws {
        let run = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "0")
        #expect(run.status == 2 && run.stderr.contains("Usage: check") && !run.stderr.contains("Usage: f1b <subcommand>"))
        let lift = try f1b("lift", construction("vanilla-pwl-k2.yaml"), "--to", "1")
        #expect(lift.status == 2 && lift.stderr.contains("Usage: lift"))
    }

    @Test func negativeNumbersAreValues() throws {
        let construct = try f1b("construct", "theorem4", "--model", "gru", "--a", "-4", "--b", "-1")
        #expect(construct.status == 0 && construct.stdout.contains("W_z: [[0, -4]]") && construct.stdout.contains("W_s: [[-1, 0]]"))
        let lr = try f1b("train", "--model", "vanilla", "--state", "2", "--n", "5", "--lr", "-1")
        #expect(lr.status == 2 && lr.stderr.contains("the learning rate must be positive"))
    }

    @Test func lengthSpecsSayTheirLimitAndDoNotRepeat() throws {
        let huge = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "1000000000")
        #expect(huge.status == 2 && huge.stderr.contains("exceeds the largest length f1b accepts, 1000000"))
        let twice = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "1...3,2", "--json")
        #expect(twice.status == 0)
        #expect((twice.json?["results"] as? [Any])?.count == 3)
    }
}

/// Options that contradict each other are refused, naming both.
@Suite struct ConflictTests {
    @Test(arguments: [
        (["bound", "FILE", "--model", "gru"], "--model goes with --a"),
        (["bound", "FILE", "--a", "4"], "found a construction file and --a"),
        (["bound", "--gate-A", "1/2", "--gate-B", "1", "--a", "4"], "found --a and --gate-A"),
        (["search", "--activation", "tanh", "--n", "3", "--fix", "b=0", "--range", "b=-1:1"], "either fixed or sampled"),
        (["train", "--model", "gru", "--activation", "tanh", "--state", "1", "--n", "5"], "--activation and --model gru"),
        (["check", "FILE", "--n", "all", "--method", "enumerate"], "--n all and --method enumerate"),
    ])
    func conflictsExitTwo(arguments: [String], phrase: String) throws {
        let args = arguments.map { $0 == "FILE" ? construction("gru-k1-a4-b1.yaml") : $0 }
        let run = try f1b(args)
        #expect(run.status == 2, "\(args): \(run.stdout)")
        #expect(run.stderr.contains(phrase), "\(run.stderr)")
    }
}
