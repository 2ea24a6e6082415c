import ArgumentParser
import Experiments
import Foundation
import Reports
import Sharding
import Verification

/// `f1b merge`: combines the shards of any sweep (its result files' `"kind"`
/// says which) through the one merge of `Sharding`.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the results of a sharded sweep (f1b search, f1b train --seeds, f1b report cells or f1b check --shard, with --shard i/N --result FILE) into one.")

    @Argument(help: "Result files of the shards.") var files: [String]
    @Option(name: [.short, .long], help: "Write the merged result (JSON) to this file.") var out: String?
    @Flag(help: "Print the merged result as JSON on stdout.") var json = false

    /// The kinds of result file that merge.
    static let kinds = [SearchResult.kind, TrainingSweepResult.kind, CellComparisonSweep.kind, EnumerationCounts.kind]

    func run() throws {
        try Outputs.check(files: [out])
        guard !files.isEmpty else { throw ValidationError("give the shards' result files") }
        let text = (try? String(contentsOfFile: files[0], encoding: .utf8)) ?? ""
        switch ResultFile.kind(of: text) {
        case SearchResult.kind?: try merge(SearchResult.self, summary: SearchTextWriter.text)
        case TrainingSweepResult.kind?:
            try merge(TrainingSweepResult.self) { TrainingTextWriter.successTable($0.sweep.runs.map { ($0.n, $0.stepsToSuccess) }) }
        case CellComparisonSweep.kind?:
            try merge(CellComparisonSweep.self) { "\(counted($0.sweep.runs.count, "run")) of f1b report cells; render them with f1b report cells --from FILE\n" }
        case EnumerationCounts.kind?: try merge(EnumerationCounts.self, summary: ShardTextWriter.text)
        default:
            StandardError.write("\(files[0]): error: not the result of a sharded sweep (expected a JSON object with \"kind\" one of \(Self.kinds.joined(separator: ", ")))\n")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    func merge<Sweep: ShardedSweep>(_: Sweep.Type, summary: (ShardedResult<Sweep>) -> String) throws {
        let result = try readMerged(files, as: Sweep.self)
        if !result.isComplete {
            let missing = result.missingShards
            StandardError.write("f1b: warning: shard\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ",")) of \(result.shardCount) "
                                + "\(missing.count == 1 ? "is" : "are") missing\n")
        }
        let serialized = try ResultFile.serialized(result)
        if let out { try writeOutput(serialized, to: out) }
        try writeOutput(json ? serialized : summary(result), to: nil)
    }
}

/// Reads result files and merges them; a file that cannot be read or merged is
/// named on stderr (exit 2).
func readMerged<Sweep: ShardedSweep>(_ files: [String], as _: Sweep.Type) throws -> ShardedResult<Sweep> {
    var texts: [(name: String, text: String)] = []
    for file in files {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            StandardError.write("\(file): error: cannot read the file\n")
            throw ExitCode(ExitStatus.badInput)
        }
        texts.append((file, text))
    }
    do { return try ShardMerge.merge(texts, as: Sweep.self) } catch {
        StandardError.write("\(error)\n")
        throw ExitCode(ExitStatus.badInput)
    }
}
