import ArgumentParser
import Constructions
import Dispatch
import Exact
import F1B
import Foundation
import Sharding
import Synchronization
import Verification
import _Parallel

/// `f1b check FILE [--n SPEC] [--json]`: the check contract of ARCHITECTURE.md.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide whether a construction passes F1B(n), exactly, with a certificate or counterexamples.",
        discussion: """
            check runs a portfolio of decision procedures (--method names one of them alone): \
            falsify (a search for misclassified paths in Double arithmetic; every path it reports \
            is certified), dp (reachable-set dynamic programming, exact, hardclip/relu cells; the \
            sets repeating proves every n), enclosure (K = 1 tanh/σ cells: propagating the extreme \
            states in certified intervals; invariant intervals prove every n), enumerate (all n·2^n \
            paths: exact rationals for hardclip/relu, certified Double intervals for tanh/σ with a \
            rational-endpoint re-run of the paths they cannot place; exact error counts), cover \
            (any cell, any K: unions of boxes over-approximating the reachable sets, refined where \
            the classes meet; invariant boxes prove every n), zonotope (any cell, any K: unions of \
            certified zonotopes; parallelotope invariants prove every n), history (any cell, any K, one n \
            at a time: boxes keyed by the last information bits and the flag's age, stepped through \
            certified zonotopes), and for Flagged-m-Bit files flagged-dp \
            and flagged-enumerate. The falsifier runs first (unless a procedure that decides exactly is estimated \
            cheaper than its search), then the others by estimated cost, each \
            on what is still undecided, the falsifier searching on where nothing decided and history last, \
            with the time left; every fail is replayed in exact or certified arithmetic \
            before it is printed. --n all gives a certificate for every n, or the smallest failing \
            n with the largest n up to which every length is decided. A pass is a proof; what no \
            procedure decides is inconclusive, with each procedure's reason.
            --threads spreads enumeration subtrees, cover boxes and zonotope images over workers; \
            the verdicts, counts and counterexamples are the same on any number of threads.
            Exit status: 0 pass, 1 fail, 2 bad input, 3 inconclusive (also when --time-limit or \
            Ctrl-C stops the run before a failure is found: what was decided is printed).
            """)

    @Argument(help: "Construction file (YAML).") var file: String
    @Option(name: .customLong("n"), help: "Sequence lengths: 12, 1...40, 1,5,10 or all (default: the file's expect.n).")
    var lengths: String?
    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Option(help: "auto, or one procedure alone.") var method: MethodChoice = .auto
    @Option(help: "Threads (default: every core).") var threads: Int?
    @Option(help: "Seconds before the run stops and prints what it decided (0: no limit).") var timeLimit: Double = 60
    @Option(help: "Seconds the falsifier may go on searching random paths at the lengths nothing else decided (within --time-limit; 0: none).")
    var searchTime: Double = 10
    @Option(help: "Bits kept by rational-endpoint intervals (tanh/σ cells).") var precision = 128
    @Option(help: "Most paths n·2^n to enumerate for one n (default: as many as the time limit allows).") var maxPaths: String?
    @Option(help: "Most paths enumerated only to count the errors of a length already shown to fail.") var countPaths = 1 << 22
    @Option(help: "Most states stored (by the DP over all steps; by enumeration per n).") var maxStates = 2_000_000
    @Option(help: "Deepest sweep looking for repeating sets or an invariant (--n all).") var maxDepth = 100_000
    @Option(help: "Longest n scanned length by length for a failure when no certificate covers every n (--n all).") var maxScan = 200
    @Option(help: "How many counterexample paths to print.") var counterexamples = 5
    @Option(help: "Most leaves a cover's partition may grow to.") var maxBoxes = 200_000
    @Option(help: ArgumentHelp("Enumerate only this part of the paths of one n (0 ≤ i < N), with --result; f1b merge adds the parts.", valueName: "i/N")) var shard: Shard?
    @Option(help: "With --shard: write the shard's counts (JSON) to this file.") var result: String?
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
        guard maxStates >= 1, maxDepth >= 1, maxBoxes >= 1, maxScan >= 1, countPaths >= 0, counterexamples >= 0 else {
            throw ValidationError("--max-states, --max-depth, --max-scan and --max-boxes must be at least 1, --count-paths and --counterexamples at least 0")
        }
        let threadCount = threads ?? availableThreads
        guard threadCount >= 1 else { throw ValidationError("--threads: expected at least 1") }
        guard (16...4096).contains(precision) else {
            throw ValidationError("--precision: expected a number of bits from 16 to 4096, found \(precision)")
        }
        guard timeLimit >= 0, timeLimit.isFinite else { throw ValidationError("--time-limit: expected seconds ≥ 0 (0: no limit), found \(timeLimit)") }
        guard searchTime >= 0, searchTime.isFinite else { throw ValidationError("--search-time: expected seconds ≥ 0 (0: none), found \(searchTime)") }
        var options = Checker.Options()
        options.method = method.id
        options.budget.threads = threadCount
        options.precision = precision
        options.counterexampleLimit = counterexamples
        options.countingPaths = BigInteger(countPaths)
        options.detectRepetition = !sweepEveryStep
        options.budget.states = maxStates
        options.budget.depth = maxDepth
        options.budget.boxes = maxBoxes
        options.budget.everyLengthScan = maxScan
        options.budget.searchSeconds = searchTime
        if let maxPaths {
            guard let limit = BigInteger(decimalDigits: Substring(maxPaths)), limit.signum > 0 else { throw ValidationError("--max-paths: expected a positive integer, found '\(maxPaths)'") }
            options.budget.paths = limit
        } else {
            // Enumeration is chosen by its estimated time when there is a time limit.
            options.budget.paths = timeLimit > 0 ? BigInteger.powerOfTwo(62) : BigInteger(1 << 25)
        }
        options.budget.limitTime(to: timeLimit)
        if let shard {
            try runShard(construction, spec, shard, options)
            return
        }
        let stop = options.budget.stop
        let interrupt = Self.stopOnInterrupt(stop)
        defer { interrupt.cancel() }

        // A named procedure that cannot decide this file's test is a usage error, not an open verdict.
        if let named = options.method, let procedure = ProcedureRegistry.procedures(options).first(where: { $0.id.id == named }),
           case .notApplicable(let why) = procedure.applicability(Problem(construction, lengths: spec)) {
            StandardError.write("\(file): error: --method \(named) does not apply: \(why)\n")
            throw ExitCode(ExitStatus.badInput)
        }
        // Text output streams each n's block as it is decided for good; the rest follows at the end.
        let streamed = Mutex<Set<Int>>([])
        let stream = !json
        if stream { StandardOutput.write(CheckTextWriter.header(construction)) }
        options.observer = CheckObserver(
            progress: { task, done, total in StandardError.progress(task, done, of: total) },
            decided: { r in
                guard stream, streamed.withLock({ $0.insert(r.length).inserted }) else { return }
                StandardOutput.write(CheckTextWriter.block(r))
            },
            note: { StandardError.note($0) })
        let report = Checker(options: options).check(construction, lengths: spec)
        try writeOutput(json ? CheckJSONWriter.json(report) + "\n" : CheckTextWriter.tail(report, streamed: streamed.withLock { $0 }), to: nil)
        switch report.verdict {
        case .pass: return
        case .fail: throw ExitCode(ExitStatus.fail)
        case .inconclusive: throw ExitCode(ExitStatus.inconclusive)
        }
    }

    /// `--shard i/N --result FILE`: one part of an exhaustive enumeration of one n.
    func runShard(_ construction: Construction, _ spec: SequenceLengths, _ shard: Shard, _ base: Checker.Options) throws {
        guard let result else { throw ValidationError("--shard needs --result FILE (the shard's counts, for f1b merge)") }
        guard case .list(let ns) = spec, ns.count == 1 else { throw ValidationError("--shard enumerates one n: give --n N") }
        guard method == .auto || method == .procedure("enumerate") else {
            throw ValidationError("--shard and --method \(method): a shard is part of an enumeration")
        }
        try Outputs.check(files: [result])
        var options = base
        options.budget.limitTime(to: 0)   // a shard is a batch job: it runs to the end (Ctrl-C still stops it)
        let interrupt = Self.stopOnInterrupt(options.budget.stop)
        defer { interrupt.cancel() }
        options.observer = CheckObserver(progress: { task, done, total in StandardError.progress(task, done, of: total) })
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        do {
            let part = try EnumerationCounts.run(Problem(construction, lengths: spec), length: ns[0], shard: shard,
                                                 construction: Fingerprint.of(text), options: options)
            try writeOutput(try ResultFile.serialized(part), to: result)
            try writeOutput(ShardTextWriter.text(part), to: nil)
        } catch let error as EnumerationCounts.ShardError {
            if case .interrupted = error { throw ExitCode(ExitStatus.inconclusive) }
            throw ValidationError("\(file): \(error)")
        }
    }

    /// Ctrl-C stops the check (it prints what was decided); a second Ctrl-C ends the process.
    static func stopOnInterrupt(_ stop: StopSignal) -> DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if stop.isStopped { Foundation.exit(ExitStatus.inconclusive) }
            StandardError.write("f1b: interrupted; finishing the work in hand and printing what was decided\n")
            stop.stop()
        }
        source.resume()
        return source
    }
}
