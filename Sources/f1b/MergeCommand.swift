import ArgumentParser
import Experiments
import Verification
import Foundation

/// A result that shards of one sweep write and `f1b merge` combines.
protocol MergeableResult: Codable {
    static var kind: String { get }
    /// Adds another shard; a reason when it is not a shard of the same sweep.
    mutating func merge(_ other: Self) -> String?
    var missingShards: [Int] { get }
    var shardCount: Int { get }
    /// The terminal summary.
    var summary: String { get }
}

extension SearchResult: MergeableResult {
    var summary: String { SearchTextWriter.text(self) }
}

extension EnumerationShardResult: MergeableResult {
    var summary: String { ShardTextWriter.text(self) }
}

extension TrainingSweepResult: MergeableResult {
    var summary: String { TrainingTextWriter.successTable(runs.map { ($0.n, $0.stepsToSuccess) }) }
}

/// `f1b merge`: combines the shards of a sweep.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the results of a sharded sweep (f1b search, f1b train --seeds or f1b check --shard, with --shard i/N --result FILE) into one.")

    @Argument(help: "Result files of the shards.") var files: [String]
    @Option(name: [.short, .long], help: "Write the merged result (JSON) to this file.") var out: String?
    @Flag(help: "Print the merged result as JSON on stdout.") var json = false

    func run() throws {
        try Outputs.check(files: [out])
        guard !files.isEmpty else { throw ValidationError("give the shards' result files") }
        let first = (try? String(contentsOfFile: files[0], encoding: .utf8)) ?? ""
        if first.contains("\"\(TrainingSweepResult.kind)\"") {
            try merge(TrainingSweepResult.self)
        } else if first.contains("\"\(EnumerationShardResult.kind)\"") {
            try merge(EnumerationShardResult.self)
        } else {
            try merge(SearchResult.self)
        }
    }

    func merge<Result: MergeableResult>(_: Result.Type) throws {
        var merged: Result?
        for file in files {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                StandardError.write("\(file): error: cannot read the file\n")
                throw ExitCode(ExitStatus.badInput)
            }
            let shard: Result
            do { shard = try ResultJSON.decode(Result.self, from: text, file: file, what: "an f1b \(Result.kind == SearchResult.kind ? "search" : Result.kind == EnumerationShardResult.kind ? "check --shard" : "training") result") } catch {
                StandardError.write("\(error)\n")
                throw ExitCode(ExitStatus.badInput)
            }
            if merged == nil {
                merged = shard
            } else if let problem = merged!.merge(shard) {
                StandardError.write("\(file): error: \(problem)\n")
                throw ExitCode(ExitStatus.badInput)
            }
        }
        let result = merged!
        if !result.missingShards.isEmpty {
            StandardError.write("f1b: warning: shards \(result.missingShards.map(String.init).joined(separator: ",")) of \(result.shardCount) are missing\n")
        }
        let serialized = try ResultJSON.serialized(result)
        if let out { try writeOutput(serialized, to: out) }
        try writeOutput(json ? serialized : result.summary, to: nil)
    }
}
