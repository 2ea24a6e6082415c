import ArgumentParser
import Experiments
import Foundation
import Reports
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
    @Option(help: "This run's part of the grid, i/N (with --result).") var shard = "0/1"
    @Option(help: "Write this shard's runs (JSON) here instead of the report.") var result: String?
    @Option(parsing: .upToNextOption, help: "Render the report from these shards' results.") var from: [String] = []

    struct ShardFile: Codable {
        var kind = "f1b-cells"
        var seeds: [UInt64]
        var lengths: [Int]
        var steps: Int
        var runs: [CellComparison.Run]
    }

    func run() throws {
        guard case .list(let seedList)? = try? parseLengths(seeds), case .list(let ns)? = try? parseLengths(lengths) else {
            throw ValidationError("--seeds and --n: expected lists like 1...20 and 20,50,100")
        }
        let (shardIndex, shardCount) = try parseShard(shard)
        if shardCount > 1, result == nil { throw ValidationError("--shard \(shard) needs --result: a shard writes its runs, not the report") }
        try Outputs.check(files: [result], directories: result == nil ? [out] : [])
        var runs: [CellComparison.Run] = []
        var seconds = 0.0
        var setup = (seeds: seedList.map(UInt64.init), lengths: ns, steps: steps)
        if !from.isEmpty {
            for file in from {
                guard let data = FileManager.default.contents(atPath: file),
                      let shard = try? JSONDecoder().decode(ShardFile.self, from: data), shard.kind == "f1b-cells" else {
                    StandardError.write("\(file): error: expected the JSON that f1b report cells --result writes\n")
                    throw ExitCode(ExitStatus.badInput)
                }
                runs += shard.runs
                setup = (shard.seeds, shard.lengths, shard.steps)
            }
        } else {
            let comparison = CellComparison(lengths: ns, seeds: setup.seeds,
                                            configuration: TrainingConfiguration(length: ns[0], steps: steps, seed: 0))
            StandardError.note("training and checking \(comparison.grid.count / shardCount) runs")
            let clock = ContinuousClock()
            seconds = clock.measure {
                runs = comparison.run(shard: shardIndex, of: shardCount) { done, total in StandardError.progress("runs trained and checked", done, of: total) }
            }.seconds
        }
        if let result {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(ShardFile(seeds: setup.seeds, lengths: setup.lengths, steps: setup.steps, runs: runs))
            try Outputs.write([(result, String(decoding: data, as: UTF8.self) + "\n")])
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
