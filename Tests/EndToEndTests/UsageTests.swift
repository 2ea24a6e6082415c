import Foundation
import Testing

/// Usage errors name the subcommand's usage; negative numbers are values; length specs say their limits.
@Suite struct UsageTests {
    /// A usage error found while a command runs (after parsing) names the command from the root: "Usage: f1b construct theorem3 …".
    @Test(arguments: [
        (["check", "FILE", "--n", "0"], "f1b check"),
        (["lift", "FILE", "--to", "1"], "f1b lift"),
        (["bound", "--model", "gru", "--a", "4", "--mc-paths", "1"], "f1b bound"),
        (["construct", "theorem3", "--b1", "x"], "f1b construct theorem3"),
        (["construct", "theorem4", "--model", "vanilla", "--a", "4"], "f1b construct theorem4"),
        (["construct", "flagged-bits", "--m", "0"], "f1b construct flagged-bits"),
        (["discrepancy", "--model", "gru", "--draws", "1", "--state", "0"], "f1b discrepancy"),
        (["search", "--activation", "sigmoid", "--n", "3"], "f1b search"),
        (["report", "claims", "--seconds", "0"], "f1b report claims"),
        (["report", "analyses", "--draws", "1"], "f1b report analyses"),
        (["report", "cells", "--seeds", "x"], "f1b report cells"),
        (["report", "training", "--seeds", "x"], "f1b report training"),
    ])
    func usageErrorsNameTheCommandFromTheRoot(arguments: [String], usage: String) throws {
        let run = try f1b(arguments.map { $0 == "FILE" ? construction("vanilla-pwl-k2.yaml") : $0 })
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains("Usage: \(usage) "), "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains("See '\(usage) --help'"), "\(arguments): \(run.stderr)")
        #expect(!run.stderr.contains("Usage: f1b <subcommand>"))
    }

    /// Option enums are parsed by argument-parser: a bad value names the option and lists the values.
    @Test(arguments: [
        (["encode", "FILE", "--flags", "bits"], "'plus-minus' and 'zero-one'"),
        (["discrepancy", "--model", "rnn"], "is invalid for '--model <model>'"),
        (["prove", "STATEMENT", "--method", "magic"], "'auto', 'smt' or 'intervals'"),
        (["construct", "theorem4", "--model", "gru", "--a", "4", "--refine", "half"], "--refine"),
    ])
    func badEnumValuesListTheAcceptedOnes(arguments: [String], phrase: String) throws {
        let run = try f1b(arguments.map { $0 == "FILE" ? construction("vanilla-pwl-k2.yaml") : $0 == "STATEMENT" ? construction("statements/theorem3-region.yaml") : $0 })
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(phrase), "\(arguments): \(run.stderr)")
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
