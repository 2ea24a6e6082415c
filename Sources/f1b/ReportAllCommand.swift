import ArgumentParser

/// `f1b report all`: regenerates every shipped report with the commands each
/// report names in its header.
struct ReportAllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Regenerate everything in reports/ (and constructions/search/): constructions, bounds, figures, search, training, cells, claims.",
        discussion: "Run from the package root: f1b report all. Takes about 26 minutes on 2 cores (the search, the claims and the training experiments most of it).")

    @Option(help: "Directory of the construction files.") var constructions = "constructions"
    @Option(help: "Output directory.") var out = "reports"

    /// The argument lists of the individual report commands.
    static func steps(constructions: String, out: String) -> [(ParsableCommand.Type, [String])] {
        [
            (ReportConstructionsCommand.self, [constructions, "-o", "\(out)/constructions.md"]),
            (BoundCommand.self, ["--model", "gru", "--a", "4", "--b", "1", "--n", "1...16,20,30,38,39,50,100", "--thresholds", "ladder", "--out", out]),
            (ReportFiguresCommand.self, ["--constructions", constructions, "--out", out]),
            (ReportSearchCommand.self, ["--out", out, "--constructions", "\(constructions)/search"]),
            // Reads PyTorch's runs from the committed reports/pytorch-training.json (see its discussion).
            (ReportTrainingCommand.self, ["--out", out, "--pytorch", "\(out)/pytorch-training.json"]),
            (ReportCellsCommand.self, ["--out", out]),
            (ReportAnalysesCommand.self, ["--out", out, "--constructions", constructions]),
            (ReportClaimsCommand.self, ["--out", out, "--constructions", constructions]),
        ]
    }

    func run() throws {
        let steps = Self.steps(constructions: constructions, out: out)
        for (i, (command, arguments)) in steps.enumerated() {
            StandardError.progress("reports", i, of: steps.count)
            StandardError.note("\(command.configuration.commandName ?? "") \(arguments.joined(separator: " "))")
            var step = try command.parseAsRoot(arguments)
            try step.run()
        }
    }
}
