import ArgumentParser
import Bounds
import Constructions
import Exact
import F1B
import Foundation
import Reports
import Cells
import Experiments

/// `f1b bound`: Theorem 4's Chebyshev route beside the exact answer.
struct BoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bound",
        abstract: "Chebyshev and Cantelli error bounds for Theorem 4's gated K = 1 constructions, beside the exact worst case.",
        discussion: """
            Give a construction file in Theorem 4's pattern, or gate weights (--model gru --a A --b B: \
            A = sigmoid(a), B = tanh(b), certified intervals), or the recursion's coefficients exactly \
            (--gate-A A --gate-B B: exact rationals). For each n: exact moments, both bounds, Lemma 3's \
            threshold, the exact worst case and (n ≤ 16) the enumerated Pe; the smallest gate each route \
            needs (bisection) at the n asked (--thresholds SPEC for other n, --thresholds ladder for \
            n = 1 … 1000 as in the report's plot); and for this gate, the n each route certifies \
            (through --scan). --out DIR writes DIR/bounds.md and DIR/bounds.svg.
            Regenerate the shipped report with:
              f1b bound --model gru --a 4 --b 1 --n 1...16,20,30,38,39,50,100 --thresholds ladder --out reports
            """)

    @Argument(help: "A Theorem 4 construction file (optional).") var file: String?
    @Option(help: "gru, lstm or pru (with --a; default gru).") var model: CellModel?
    @Option(parsing: .unconditional, help: "Gate weight a: A = sigmoid(a).") var a: String?
    @Option(parsing: .unconditional, help: "Candidate weight b: B = tanh(b).") var b = "1"
    @Option(name: .customLong("gate-A"), parsing: .unconditional, help: "A itself, exact (with --gate-B).") var gateA: String?
    @Option(name: .customLong("gate-B"), parsing: .unconditional, help: "B itself, exact.") var gateB: String?
    @Option(parsing: .unconditional, help: "S_0.") var s0 = "0"
    @Option(name: .customLong("n"), help: "Lengths for the per-n table.") var lengths = "1...16"
    @Option(help: "Lengths for the gate thresholds (default: the n of --n; 'ladder': \(Self.ladder)).") var thresholds: String?
    @Option(help: "Largest n scanned for what each route certifies at this gate.") var scan = 5000
    @Option(help: "Bits for certified intervals.") var precision = 128
    @Option(help: "Paths per class for the Monte-Carlo column (0: none).") var mcPaths = 100_000
    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Option(help: "Write bounds.md and bounds.svg into this directory.") var out: String?

    func run() throws {
        try Outputs.check(directories: [out])
        var options = BoundExperiment.Options()
        let gate = try parseGate(&options)
        let result = BoundExperiment.run(gate, options, progress: { StandardError.progress($0, $1, of: $2) }, note: StandardError.note)
        if let out {
            // The command as typed, or the one that ran it (f1b report all).
            let typed = CommandLine.arguments
            let command = typed.firstIndex(of: "bound").map { "f1b bound " + typed[($0 + 1)...].joined(separator: " ") } ?? "f1b report all"
            try Outputs.write([("\(out)/bounds.md", BoundsMarkdown.markdown(result.report, monteCarlo: result.monteCarlo, command: command, plotFile: "bounds.svg")),
                               ("\(out)/bounds.svg", BoundsMarkdown.plot(result.report))], directories: [out])
        }
        try writeOutput(json ? BoundJSONWriter.json(result.report, monteCarlo: result.monteCarlo) + "\n"
                            : BoundTextWriter.text(result.report, monteCarlo: result.monteCarlo), to: nil)
    }

    /// The gate from exactly one source (a file, --a, or --gate-A/--gate-B), and the options; usage errors name the option.
    func parseGate(_ options: inout BoundExperiment.Options) throws -> BoundExperiment.Gate {
        let given = [file.map { _ in "a construction file" }, a.map { _ in "--a" }, gateA.map { _ in "--gate-A" }].compactMap { $0 }
        guard given.count <= 1 else { throw ValidationError("give one of a construction file, --a (with --model, --b), or --gate-A and --gate-B; found \(given.joined(separator: " and "))") }
        if model != nil, a == nil { throw ValidationError("--model goes with --a (a construction file or --gate-A/--gate-B already says what the gate is)") }
        if gateB != nil, gateA == nil { throw ValidationError("--gate-B needs --gate-A") }
        options.lengths = try lengthList(lengths, "--n")
        options.thresholdLengths = thresholds == nil ? options.lengths
            : try lengthList(thresholds == "ladder" ? Self.ladder : thresholds!, "--thresholds")
        guard mcPaths == 0 || mcPaths >= 2 else { throw ValidationError("--mc-paths: expected 0 or at least 2") }
        guard (16...4096).contains(precision), scan >= 1 else { throw ValidationError("--precision: 16…4096 bits; --scan ≥ 1") }
        (options.scan, options.precision, options.monteCarloPaths) = (scan, precision, mcPaths)
        options.s0 = try exact(s0, "--s0")
        if let gateA {
            guard let gateB else { throw ValidationError("--gate-A needs --gate-B") }
            let (exactA, exactB) = (try exact(gateA, "--gate-A"), try exact(gateB, "--gate-B"))
            guard exactA.signum > 0, exactA < 1, exactB.signum > 0 else { throw ValidationError("expected 0 < A < 1 and B > 0") }
            return .exact(A: exactA, B: exactB)
        }
        if let file {
            let construction = try mapBadInput { try readConstruction(file) }
            switch BoundReport.theorem4Weights(construction) {
            case .success(let w):
                options.s0 = w.s0
                return .weights(a: w.a, b: w.b, name: construction.cell.model.rawValue, cell: construction.cell)
            case .failure(let mismatch):
                StandardError.write("\(file): error: not a Theorem 4 construction: \(mismatch.reason)\n")
                throw ExitCode(ExitStatus.badInput)
            }
        }
        guard let a else { throw ValidationError("give a construction file, --a (with --model, --b), or --gate-A and --gate-B") }
        let model = self.model ?? .gru
        guard [.gru, .lstm, .pru].contains(model) else { throw ValidationError("--model: expected gru, lstm or pru, found '\(model.rawValue)'") }
        let weights = (a: try exact(a, "--a"), b: try exact(b, "--b"))
        guard weights.b.signum > 0 else { throw ValidationError("--b: the bound needs b > 0") }
        return .weights(a: weights.a, b: weights.b, name: model.rawValue,
                        cell: PaperConstructions.theorem4(model: model, a: weights.a, b: weights.b).cell)
    }

    /// The lengths of the report's threshold plot: n = 1 … 1000, about evenly in log n.
    static let ladder = "1,2,3,4,6,8,12,16,24,32,48,64,96,128,192,256,384,512,768,1000"

    func lengthList(_ text: String, _ option: String) throws -> [Int] {
        guard case .list(let ns) = try parseLengths(text) else { throw ValidationError("\(option): expected finite lengths, not all") }
        return ns
    }
}
