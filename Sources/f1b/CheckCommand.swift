import ArgumentParser
import Constructions
import F1B
import Synchronization
import Verification

/// `f1b check FILE [--n SPEC] [--json]`: the check contract of ARCHITECTURE.md.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide whether a construction passes F1B(n), exactly, with a certificate or counterexamples.",
        discussion: """
            Piecewise-linear cells (vanilla hardclip or relu) are decided exactly over the \
            rationals, by reachable-set dynamic programming over the distinct states of each phase \
            (before the flag; after it with label +1; with label -1), or by enumerating all n·2^n \
            paths (--method enumerate). --n all looks for a step from which the reachable sets \
            repeat: with every earlier n checked, that proves every n. tanh and sigmoid cells are \
            decided in certified interval arithmetic (--precision bits): K = 1 cells by propagating \
            enclosures of the least and greatest reachable state of each phase (--method enclosure; \
            complete when the update is monotone in the state, which is certified at every step), any \
            cell by enumerating every path. Any cell, any K, any n (and every n): invariant covers \
            (--method cover; tried by auto wherever the others leave an n undecided), unions of boxes \
            over-approximating the three reachable sets, stepped with certified images and refined \
            where the classes meet, up to --max-boxes; a failure is shown by paths certified \
            misclassified (found by the covers' witnesses and a search), or, without a classifier, by \
            K + 2 paths whose certified enclosures' hulls meet. A pass is a proof; what the enclosures cannot decide is \
            inconclusive. With a classifier in the file, its exact \
            error probability and the first misclassified paths are reported; without one, exact \
            linear programming decides separability and prints a classifier with its margin, or \
            convex weights on positive and negative paths whose final states coincide.
            Exit status: 0 pass, 1 fail, 2 bad input, 3 inconclusive.
            """)

    @Argument(help: "Construction file (YAML).") var file: String
    @Option(name: .customLong("n"), help: "Sequence lengths: 12, 1...40, 1,5,10 or all (default: the file's expect.n).")
    var lengths: String?
    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Option(help: "auto, dp, enumerate, enclosure or cover (see the discussion above).") var method = "auto"
    @Option(help: "Bits kept by certified interval arithmetic (tanh/σ cells).") var precision = 128
    @Option(help: "Largest number of paths n·2^n to enumerate for one n.") var maxPaths = 1 << 25
    @Option(help: "Largest number of states stored (by the DP over all steps; by enumeration per n).") var maxStates = 2_000_000
    @Option(help: "Deepest DP sweep when looking for repeating sets (--n all).") var maxDepth = 100_000
    @Option(help: "How many counterexample paths to print.") var counterexamples = 5
    @Option(help: "Largest number of boxes a cover's partition may grow to (--method cover).") var maxBoxes = 200_000
    @Flag(help: .hidden) var sweepEveryStep = false

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
        guard maxPaths >= 1, maxStates >= 1, maxDepth >= 1, maxBoxes >= 1, counterexamples >= 0 else {
            throw ValidationError("--max-paths, --max-states, --max-depth and --max-boxes must be at least 1, --counterexamples at least 0")
        }
        guard let method = Checker.Method(rawValue: method) else {
            throw ValidationError("--method: expected auto, dp, enumerate, enclosure or cover, found '\(method)'")
        }
        guard (16...4096).contains(precision) else {
            throw ValidationError("--precision: expected a number of bits from 16 to 4096, found \(precision)")
        }
        if spec == .all, method == .enumerate {
            throw ValidationError("--n all and --method enumerate: enumeration checks one n at a time; every n needs dp, enclosure, cover or auto")
        }
        if construction.flaggedBits > 1 {
            guard method == .auto else {
                throw ValidationError("--method \(method.rawValue): a Flagged-m-Bit file (flagged_bits: \(construction.flaggedBits)) is decided by reachable sets (piecewise-linear cells) or certified enumeration (tanh/σ); leave --method at auto")
            }
            try checkFlaggedBits(construction, spec)
            return
        }
        var options = Checker.Options()
        options.method = method
        options.precision = precision
        options.maximumDepth = maxDepth
        options.detectRepetition = !sweepEveryStep
        options.maximumPaths = maxPaths
        options.maximumStates = maxStates
        options.counterexampleLimit = counterexamples
        options.maximumBoxes = maxBoxes
        // Text output streams each n's block as it is decided for good; the rest follows at the end.
        let streamed = Mutex<Set<Int>>([])
        let stream = !json
        if stream { StandardOutput.write(CheckTextWriter.header(construction)) }
        options.observer = CheckObserver(
            step: { done, total in StandardError.progress("checking: step", done, of: total) },
            decided: { r in
                guard stream, streamed.withLock({ $0.insert(r.length).inserted }) else { return }
                StandardOutput.write(CheckTextWriter.block(r))
            })
        let report = Checker(options: options).check(construction, lengths: spec) { note in StandardError.note(note) }
        try writeOutput(json ? CheckJSONWriter.json(report) + "\n" : CheckTextWriter.tail(report, streamed: streamed.withLock { $0 }), to: nil)
        switch report.verdict {
        case .pass: return
        case .fail: throw ExitCode(ExitStatus.fail)
        case .inconclusive: throw ExitCode(ExitStatus.inconclusive)
        }
    }

    /// `flagged_bits: m ≥ 2`: the Flagged-m-Bit test.
    func checkFlaggedBits(_ construction: Construction, _ spec: SequenceLengths) throws {
        let lengths: [Int]
        if case .list(let ns) = spec { lengths = ns } else { lengths = [] }
        let (results, all) = FlaggedBitsCheck.check(construction, lengths: lengths, everyLength: spec == .all, precision: precision)
        try writeOutput(json ? FlaggedBitsWriter.json(construction, results, all).serialized + "\n" : FlaggedBitsWriter.text(construction, results, all), to: nil)
        switch Verdict.combined(results.map(\.verdict) + (all.map { [$0.verdict] } ?? [])) {
        case .pass: return
        case .fail: throw ExitCode(ExitStatus.fail)
        case .inconclusive: throw ExitCode(ExitStatus.inconclusive)
        }
    }
}
