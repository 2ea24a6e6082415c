import ArgumentParser
import Constructions
import F1B
import Verification

/// `f1b check FILE [--n SPEC] [--json]`: DESIGN.md's check contract.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide whether a construction passes F1B(n), exactly, with a certificate or counterexamples.",
        discussion: """
            Piecewise-linear cells (vanilla hardclip or relu) are decided exactly over the \
            rationals by enumerating all n·2^n paths. With a classifier in the file, its exact \
            error probability and the first misclassified paths are reported; without one, exact \
            linear programming decides separability and prints a classifier with its margin, or \
            convex weights on positive and negative paths whose final states coincide.
            tanh and sigmoid cells are evaluated in double precision, labelled not certified, \
            and the verdict is inconclusive (exit 3).
            Exit status: 0 pass, 1 fail, 2 bad input, 3 inconclusive.
            """)

    @Argument(help: "Construction file (YAML).") var file: String
    @Option(name: .customLong("n"), help: "Sequence lengths: 12, 1...40, 1,5,10 or all (default: the file's expect.n).")
    var lengths: String?
    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Option(help: "Largest number of paths n·2^n to enumerate for one n.") var maxPaths = 1 << 25
    @Option(help: "Largest number of distinct final states kept for the separability decision.") var maxStates = 2_000_000
    @Option(help: "How many counterexample paths to print.") var counterexamples = 5

    func run() throws {
        let construction = try mapBadInput { try readConstruction(file) }
        let spec: SequenceLengths
        if let lengths {
            do { spec = try SequenceLengths.parse(lengths) } catch { throw ValidationError("--n: \(error)") }
        } else if let expected = construction.expectation?.lengths {
            spec = expected
        } else {
            throw ValidationError("\(file) has no expect.n; say which lengths to check with --n (e.g. --n 1...12)")
        }
        guard maxPaths >= 1, maxStates >= 1, counterexamples >= 0 else {
            throw ValidationError("--max-paths and --max-states must be at least 1, --counterexamples at least 0")
        }
        var options = Checker.Options()
        options.maximumPaths = maxPaths
        options.maximumStates = maxStates
        options.counterexampleLimit = counterexamples
        let showProgress = StandardError.isTerminal
        let report = Checker(options: options).check(construction, lengths: spec) { note in
            if showProgress { StandardError.write("f1b: \(note)\n") }
        }
        try writeOutput(json ? CheckJSONWriter.json(report) + "\n" : CheckTextWriter.text(report, construction: construction), to: nil)
        switch report.verdict {
        case .pass: return
        case .fail: throw ExitCode(ExitStatus.fail)
        case .inconclusive: throw ExitCode(ExitStatus.inconclusive)
        }
    }
}
