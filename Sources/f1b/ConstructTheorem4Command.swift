import ArgumentParser
import Cells
import Constructions
import Exact

/// `f1b construct theorem4`: the gated K = 1 constructions of Theorem 4.
struct ConstructTheorem4Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theorem4",
        abstract: "Theorem 4's gated construction at K = 1 (gate weight a on the flag, candidate weight b on the information bit).",
        discussion: "--n checks the construction with certified intervals and records in expect the lengths it passes.")

    @Option(help: "gru, lstm, pru, ugrnn, ur-gru or ur-lstm.") var model: CellModel
    @Option(help: "ur-gru and ur-lstm: the refine gate, saturated[:BIAS] (q = σ(BIAS) ≈ 1, default bias 40) or matching (q = the gate itself).")
    var refine: RefineArgument?
    @Option(parsing: .unconditional, help: "Gate weight a (A = sigmoid(a)).") var a: String
    @Option(parsing: .unconditional, help: "Candidate weight b (B = tanh(b)).") var b = "1"
    @Option(name: .customLong("n"), help: "Check these lengths and record the result in expect (e.g. 1...1000).") var lengths: String?
    @Option(name: [.short, .long], help: "Output file (default: stdout).") var out: String?

    func run() throws {
        try Outputs.check(files: [out])
        let cellModel = model
        guard PaperConstructions.theorem4Models.contains(cellModel) else {
            throw ValidationError("--model: expected \(PaperConstructions.theorem4Models.map(\.rawValue).joined(separator: ", ")), found '\(model.rawValue)'")
        }
        var refined = PaperConstructions.Refine.saturated(bias: 40)
        if let refine {
            guard [.urGRU, .urLSTM].contains(cellModel) else { throw ValidationError("--refine and --model \(model.rawValue): only ur-gru and ur-lstm have a refine gate") }
            refined = refine.refine
        }
        let (ea, eb) = (try exact(a, "--a"), try exact(b, "--b"))
        var construction = PaperConstructions.theorem4(model: cellModel, a: ea, b: eb, refine: refined)
        var comment = PaperConstructions.theorem4Comments(model: cellModel, a: ea, b: eb, refine: refined)
        if let lengths {
            let (recorded, lines) = recordingExpectation(construction, spec: try parseLengths(lengths)) { StandardError.note($0) }
            construction = recorded
            comment += lines
        }
        try mapBadInput { try writeConstruction(construction, comment: comment, to: out) }
    }
}

/// `--refine saturated[:BIAS] | matching`, parsed by argument-parser.
struct RefineArgument: ExpressibleByArgument {
    var refine: PaperConstructions.Refine

    init?(argument: String) {
        if argument == "matching" {
            refine = .matching
        } else if argument == "saturated" {
            refine = .saturated(bias: 40)
        } else if argument.hasPrefix("saturated:"), let bias = Rational(String(argument.dropFirst("saturated:".count))) {
            refine = .saturated(bias: bias)
        } else {
            return nil
        }
    }

    static var defaultCompletionKind: CompletionKind { .list(["saturated", "matching"]) }
}
