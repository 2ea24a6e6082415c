import ArgumentParser
import Cells
import Constructions
import Exact
import F1B
import Foundation
import Reports
import Simulation

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
        var figures: [(PaperFigure, [FiguresMarkdown.Row])] = []
        let settings = PaperFigure.all.map(\.settings.count).reduce(0, +)
        for figure in PaperFigure.all {
            var rows: [FiguresMarkdown.Row] = []
            for setting in figure.settings {
                let construction = try mapBadInput { try readConstruction("\(constructions)/\(setting.file)") }
                StandardError.progress("figure settings simulated", figures.map(\.1.count).reduce(0, +) + rows.count, of: settings)
                StandardError.note("\(figure.id): simulating \(setting.file)")
                let states = construction.cell.simulate(figure.setup(seed: seed))
                rows.append(.init(setting: setting, summary: SimulationSummary(states: states, classifier: nil, bins: 80)))
            }
            figures.append((figure, rows))
        }
        let svgs = figures.map { figure, rows in
            (figure.id, DistributionFigure(title: figure.title,
                                           subtitle: "\(figure.pathsPerClass) + \(figure.pathsPerClass) paths, L = \(figure.flagPosition), seed \(seed)",
                                           rows: rows.flatMap { DistributionFigure.rows($0.summary, label: $0.setting.label) }).svg())
        }
        // Figure 4's printed numbers under the other readings a reader might try.
        let printed = try mapBadInput { try readConstruction("\(constructions)/figure4-vanilla-k2-printed.yaml") }
        let figure4 = PaperFigure.all.first { $0.id == "figure4" }!
        var readings: [(String, SimulationSummary)] = []
        for (name, flags, transpose) in [("flags ±1, U as printed (the shipped file)", FlagEncoding.plusMinus, false),
                                         ("flags ±1, U transposed", .plusMinus, true),
                                         ("flags in {0, 1}, U as printed", .zeroOne, false),
                                         ("flags in {0, 1}, U transposed", .zeroOne, true)] {
            var cell = printed.cell
            cell.flags = flags
            if transpose, let U = cell.parameters["U"] {
                cell.parameters["U"] = ExactMatrix(rowsOf: (0..<U.columns).map { j in (0..<U.rows).map { i in U[i, j] } })
            }
            let setup = SimulationSetup(length: figure4.length, pathsPerClass: 10_000, seed: seed,
                                        flagPosition: figure4.flagPosition, times: [figure4.flagPosition + 1, 75])
            readings.append((name, SimulationSummary(states: cell.simulate(setup), classifier: nil)))
        }
        let notes = [
            "Figure 2's caption gives no bias or initial state; the files use b = 0 and s0 = 0.",
            "Figure 4's caption prints U and W only; the file uses b = 0 and s0 = 0. Under every reading of the printed "
                + "numbers tried below (10 000 + 10 000 paths, fitted-classifier test error) the classes overlap "
                + "completely again by t = 75 — the opposite of what the figure shows. The printed numbers alone do not "
                + "reproduce the figure; the paper's bias (not printed) may be what keeps the memory. A model trained "
                + "by `f1b train` reproduces the figure's behaviour: `figure4-trained.svg` in `training.md`.\n\n"
                + FiguresMarkdown.readingsTable(readings),
        ]
        let command = "f1b report figures --out \(out)" + (seed == 1 ? "" : " --seed \(seed)")
        let markdown = FiguresMarkdown.markdown(figures, seed: seed, command: command, notes: notes)
        try Outputs.write(svgs.map { ("\(out)/\($0.0).svg", $0.1) } + [("\(out)/figures.md", markdown)], directories: [out])
    }
}
