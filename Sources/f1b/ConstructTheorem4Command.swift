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

    @Option(help: "gru, lstm, pru, ugrnn, ur-gru or ur-lstm.") var model: String
    @Option(help: "ur-gru and ur-lstm: the refine gate, saturated[:BIAS] (q = σ(BIAS) ≈ 1, default bias 40) or matching (q = the gate itself).")
    var refine: String?
    @Option(parsing: .unconditional, help: "Gate weight a (A = sigmoid(a)).") var a: String
    @Option(parsing: .unconditional, help: "Candidate weight b (B = tanh(b)).") var b = "1"
    @Option(name: .customLong("n"), help: "Check these lengths and record the result in expect (e.g. 1...1000).") var lengths: String?
    @Option(name: [.short, .long], help: "Output file (default: stdout).") var out: String?

    func run() throws {
        try Outputs.check(files: [out])
        guard let cellModel = CellModel(rawValue: model), PaperConstructions.theorem4Models.contains(cellModel) else {
            throw ValidationError("--model: expected gru, lstm, pru, ugrnn, ur-gru or ur-lstm, found '\(model)'")
        }
        var refined = PaperConstructions.Refine.saturated(bias: 40)
        if let refine {
            guard [.urGRU, .urLSTM].contains(cellModel) else { throw ValidationError("--refine and --model \(model): only ur-gru and ur-lstm have a refine gate") }
            if refine == "matching" {
                refined = .matching
            } else if refine == "saturated" || refine.hasPrefix("saturated:") {
                if refine.hasPrefix("saturated:") { refined = .saturated(bias: try exact(String(refine.dropFirst(10)), "--refine saturated:BIAS")) }
            } else {
                throw ValidationError("--refine: expected saturated, saturated:BIAS or matching, found '\(refine)'")
            }
        }
        let (ea, eb) = (try exact(a, "--a"), try exact(b, "--b"))
        var construction = PaperConstructions.theorem4(model: cellModel, a: ea, b: eb, refine: refined)
        var comment = PaperConstructions.theorem4Comments(model: cellModel, a: ea, b: eb, refine: refined)
        if let lengths {
            let (recorded, lines) = recordingExpectation(construction, spec: try parseLengths(lengths)) { StandardError.note($0) }
            construction = recorded
            comment += lines
        }
        try mapBadInput { try writeOutput(ConstructionWriter.yaml(construction, comment: comment), to: out) }
    }
}
