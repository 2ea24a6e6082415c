import ArgumentParser
import Experiments
import Foundation
import Reports
import Simulation

/// `f1b report analyses`: discrepancy, connectivity and the Flagged-m-Bit test, with pictures.
struct ReportAnalysesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyses",
        abstract: "Why a cell remembers: the (l,k)-discrepancy, input–output connectivity and the Flagged-m-Bit test: analyses.md and its figures.",
        discussion: "Writes DIR/analyses.md, DIR/discrepancy-*.svg and DIR/connectivity-*.svg.")

    @Option(help: "Output directory.") var out = "reports"
    @Option(help: "Directory of the construction files.") var constructions = "constructions"
    @Option(help: "Random cells per state size for the discrepancy surfaces.") var draws = 2000
    @Option(help: "Training seeds per (m, K) of the capacity experiment.") var seeds = "1...3"
    @Option(help: "Training steps (at most) per run of the capacity experiment.") var steps = 3000

    func run() throws {
        try Outputs.check(directories: [out])
        guard draws >= 8, steps >= 1 else { throw ValidationError("--draws: at least 8; --steps: at least 1") }
        guard case .list(let seedList)? = try? parseLengths(seeds) else { throw ValidationError("--seeds: expected seeds like 1...3, found '\(seeds)'") }
        var options = AnalysesReport.Options()
        options.constructions = constructions
        options.draws = draws
        options.capacitySeeds = seedList.map(UInt64.init)
        options.capacitySteps = steps
        let start = Date()
        let report: AnalysesReport
        do {
            report = try AnalysesReport.run(options) { StandardError.note("analyses: \($0)") }
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(ExitStatus.badInput)
        }
        let command = "f1b report analyses --out \(out)"
        let files = [("\(out)/analyses.md", AnalysesMarkdown.markdown(report, command: command, seconds: Date().timeIntervalSince(start)))]
            + AnalysesMarkdown.figures(report).map { ("\(out)/\($0.0)", $0.1) }
        try Outputs.write(files, directories: [out])
    }
}
