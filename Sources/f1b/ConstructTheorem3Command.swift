import ArgumentParser
import Constructions
import Exact
import F1B

/// `f1b construct theorem3`: the Vanilla K = 2 construction of Theorem 3.
struct ConstructTheorem3Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theorem3",
        abstract: "Theorem 3's piecewise-linear Vanilla RNN at K = 2, from b1, W21, b2.",
        discussion: "Comments list the five parameter conditions and whether each holds; --n records what f1b check proves.")

    @Option(parsing: .unconditional, help: "b1 (exact number).") var b1 = "1/4"
    @Option(parsing: .unconditional, help: "W21 (exact number).") var w21 = "1/2"
    @Option(parsing: .unconditional, help: "b2 (exact number).") var b2 = "-2"
    @Option(name: .customLong("n"), help: "Check these lengths and record the result in expect (e.g. all).") var lengths: String?
    @Option(name: [.short, .long], help: "Output file (default: stdout).") var out: String?

    func run() throws {
        try Outputs.check(files: [out])
        let (p1, p21, p2) = (try exact(b1, "--b1"), try exact(w21, "--w21"), try exact(b2, "--b2"))
        var construction = PaperConstructions.theorem3(b1: p1, w21: p21, b2: p2)
        var comment = ["Theorem 3 (Zhu et al. 2019, Section 4.1): Vanilla RNN with g, K = 2, flags in {0,1},",
                       "U = [[1, b1], [0, 0]], W = [[0, 0], [W21, -b2]], b = [b1, b2], S0 = (0, -1),",
                       "with b1 = \(p1), W21 = \(p21), b2 = \(p2). The five conditions:"]
        for (condition, holds) in PaperConstructions.theorem3Conditions(b1: p1, w21: p21, b2: p2) {
            comment.append("  \(holds ? "holds:  " : "BROKEN: ")\(condition)")
        }
        if let lengths {
            let spec = try parseLengths(lengths)
            let (recorded, lines) = recordingExpectation(construction, spec: spec) { StandardError.note($0) }
            construction = recorded
            comment += lines
        }
        try mapBadInput { try writeConstruction(construction, comment: comment, to: out) }
    }
}

/// An exact number from an option, or a usage error naming the option.
func exact(_ text: String, _ option: String) throws -> Rational {
    guard let value = Rational(text) else {
        throw ValidationError("\(option): expected an exact number (integer, decimal, p/q or scientific), found '\(text)'")
    }
    return value
}

/// `--n` as a SequenceLengths, or a usage error.
func parseLengths(_ text: String) throws -> SequenceLengths {
    do { return try SequenceLengths.parse(text) } catch { throw ValidationError("--n: \(error)") }
}
