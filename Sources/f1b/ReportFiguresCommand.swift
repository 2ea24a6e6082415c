import ArgumentParser
import Experiments
import Foundation
import Reports

/// `f1b report figures`: the paper's Figures 2–4 by Monte Carlo, as SVG plus a Markdown summary.
struct ReportFiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Reproduce the paper's Figures 2–4 by Monte Carlo: figureN.svg and figures.md in the output directory.",
        discussion: "Regenerate the shipped figures with: f1b report figures --out reports")

    @Option(help: "Directory of the construction files the figures use.") var constructions = "constructions"
    @Option(help: "Output directory.") var out = "reports"
    @Option(help: "Seed of the random paths.") var seed: UInt64 = 1

    func run() throws {
        try Outputs.check(directories: [out])
        let experiment: PaperFiguresExperiment
        do {
            experiment = try PaperFiguresExperiment.run(constructions: constructions, seed: seed) { p in
                switch p {
                case .simulating(let file, let done, let total):
                    StandardError.progress("figure settings simulated", done, of: total)
                    StandardError.note("simulating \(file)")
                case .reading(let name): StandardError.note("Figure 4's printed numbers: \(name)")
                }
            }
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(ExitStatus.badInput)
        }
        let command = "f1b report figures --out \(out)" + (seed == 1 ? "" : " --seed \(seed)")
        let files = FiguresMarkdown.figures(experiment).map { ("\(out)/\($0.0)", $0.1) }
            + [("\(out)/figures.md", FiguresMarkdown.markdown(experiment, command: command))]
        try Outputs.write(files, directories: [out])
    }
}
