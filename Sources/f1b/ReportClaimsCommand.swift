import ArgumentParser
import F1B
import Foundation
import Proofs
import Reports

/// `f1b report claims`: one row per claim of the paper, decided where it can be.
struct ReportClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Every claim of the F1B paper with what f1b finds: proved, refuted, confirmed, reproduced — and the command that shows it.",
        discussion: "Writes DIR/claims.md. The statements are decided by f1b prove (constructions/statements/), the experiments point at their reports.")

    @Option(help: "Output directory.") var out = "reports"
    @Option(help: "Directory of the construction files (and statements/).") var constructions = "constructions"
    @Option(help: "z3's limit per question, in seconds.") var seconds: Double = 60
    @Option(help: "Branch-and-bound boxes per n.") var maxBoxes = 20_000
    @Option(help: "Theorem 4's boundary is proved for n = 1 … this.") var boundaryThrough = 11
    @Option(name: .customLong("theorem2-n"), help: "Lengths for the Theorem 2 statements (default: each statement's claim).") var theorem2Lengths: String?

    func run() throws {
        try Outputs.check(directories: [out])
        guard seconds > 0, maxBoxes >= 1, boundaryThrough >= 1 else { throw ValidationError("expected --seconds > 0, --max-boxes ≥ 1, --boundary-through ≥ 1") }
        var options = PaperClaims.Options()
        options.constructions = constructions
        options.seconds = seconds
        options.maximumBoxes = maxBoxes
        options.boundaryThrough = boundaryThrough
        options.theorem2Lengths = try theorem2Lengths.map { try parseLengths($0) }
        let start = Date()
        let claims: [PaperClaim]
        do {
            claims = try PaperClaims.decide(options) { StandardError.note("claims: \($0)") }
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(ExitStatus.badInput)
        }
        let command = "f1b report claims --out \(out)"
        try Outputs.write([("\(out)/claims.md", ClaimsMarkdown.markdown(claims, command: command, seconds: Date().timeIntervalSince(start)))],
                          directories: [out])
    }
}
