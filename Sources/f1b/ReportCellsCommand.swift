import ArgumentParser
import Experiments
import Foundation
import Reports
import Sharding
import Simulation
import Training
import Verification

/// `f1b report cells`: which cell and initialisation learns F1B at which n,
/// and whether what is learned is correct on every path.
struct ReportCellsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cells",
        abstract: "Training success and exact pass rates of the companion papers' cells and initialisations against n (reports/cells.md).",
        discussion: """
            Every variant (cell, K, initialisation) × n × seed is one run of Section 5.3's protocol; each \
            success is decided by f1b check at its n. Shard a long run with --shard i/N --result FILE per \
            shard and render with --from FILES.
            """)

    @Option(help: "Output directory.") var out = "reports"
    @Option(help: "Seeds per variant and n.") var seeds = "1...4"
    @Option(name: .customLong("n"), help: "Sequence lengths.") var lengths = "20,50,100"
    @Option(help: "Training steps at most.") var steps = 2000
    @Option(help: ArgumentHelp("This run's part of the grid, 0 ≤ i < N (with --result).", valueName: "i/N")) var shard = Shard.whole
    @Option(help: "Write this shard's runs (JSON) here instead of the report.") var result: String?
    @Option(parsing: .upToNextOption, help: "Render the report from these shards' results.") var from: [String] = []

    func run() throws {
        guard case .list(let seedList)? = try? parseLengths(seeds), case .list(let ns)? = try? parseLengths(lengths) else {
            throw ValidationError("--seeds and --n: expected lists like 1...20 and 20,50,100")
        }
        if shard.count > 1, result == nil { throw ValidationError("--shard \(shard) needs --result: a shard writes its runs, not the report") }
        try Outputs.check(files: [result], directories: result == nil ? [out] : [])
        var runs: [CellComparison.Run] = []
        var seconds = 0.0
        var setup = (seeds: seedList.map(UInt64.init), lengths: ns, steps: steps)
        if !from.isEmpty {
            let merged = try readMerged(from, as: CellComparisonSweep.self)
            if !merged.isComplete { StandardError.note("rendering \(merged.shards.count) of \(counted(merged.shardCount, "shard"))") }
            runs = merged.sweep.runs
            setup = (merged.sweep.seeds, merged.sweep.lengths, merged.sweep.steps)
        } else {
            let comparison = CellComparison(lengths: ns, seeds: setup.seeds,
                                            configuration: TrainingConfiguration(length: ns[0], steps: steps, seed: 0))
            StandardError.note("training and checking \(counted(shard.items(of: comparison.grid).count, "run"))")
            let clock = ContinuousClock()
            seconds = clock.measure {
                runs = comparison.run(shard: shard) { done, total in StandardError.progress("runs trained and checked", done, of: total) }
            }.seconds
        }
        if let result {
            let sweep = CellComparisonSweep(seeds: setup.seeds, lengths: setup.lengths, steps: setup.steps, runs: runs)
            try Outputs.write([(result, try ResultFile.serialized(ShardedResult(sweep, shard: shard)))])
            return
        }
        let rows = CellComparison.rows(runs, variants: CellComparison.variants, lengths: setup.lengths)
        let command = "f1b report cells --out \(out)" + (seeds == "1...4" ? "" : " --seeds \(seeds)") + (lengths == "20,50,100" ? "" : " --n \(lengths)")
            + (from.isEmpty ? "" : " --from " + from.map(fileName).joined(separator: " "))
        let markdown = CellsMarkdown.markdown(rows, runs: runs, seeds: setup.seeds.count, steps: setup.steps, seconds: seconds, command: command)
        try Outputs.write([("\(out)/cells.md", markdown)] + CellsMarkdown.figures(rows).map { ("\(out)/\($0.0)", $0.1) },
                          directories: [out])
    }
}
