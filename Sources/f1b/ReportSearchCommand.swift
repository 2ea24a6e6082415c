import ArgumentParser
import Experiments
import Foundation
import Reports

/// `f1b report search`: Section 5.1's K = 1 search, run over both activations,
/// two restrictions and a range of n, written up in reports/search.md; every
/// confirmed pass becomes a construction file.
struct ReportSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Run the Vanilla K = 1 parameter search over activations, restrictions and n; write search.md.",
        discussion: "Regenerate the shipped report with: f1b report search --out reports --constructions constructions/search")

    @Option(help: "Output directory for search.md.") var out = "reports"
    @Option(help: "Directory for the construction files of confirmed passes.") var constructions = "constructions/search"
    @Option(help: "Seed.") var seed: UInt64 = 1

    func run() throws {
        try Outputs.check(directories: [out, constructions])
        let clock = ContinuousClock()
        var battery: (rows: [SearchBattery.Row], found: [VanillaSearchExperiment.Found]) = ([], [])
        let elapsed = clock.measure {
            battery = SearchBattery.run(SearchBattery.plans(), seed: seed, directory: constructions, progress: { done, total, plan in
                StandardError.progress("search plans", done, of: total)
                StandardError.note("\(plan.activation.rawValue), \(plan.restriction), n = \(plan.length)")
            }, note: SearchTextWriter.note)
        }
        let command = "f1b report search --out \(out) --constructions \(constructions)" + (seed == 1 ? "" : " --seed \(seed)")
        let markdown = SearchMarkdown.markdown(battery.rows, command: command, seconds: elapsed.seconds)
        try Outputs.write(SearchTextWriter.files(battery.found) + [("\(out)/search.md", markdown)], directories: [out, constructions])
    }
}
