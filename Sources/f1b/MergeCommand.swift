import ArgumentParser
import Foundation

/// A result that shards of one sweep write and `f1b merge` combines.
protocol MergeableResult {
    init(json text: String, file: String) throws
    /// Adds another shard; a reason when it is not a shard of the same sweep.
    mutating func merge(_ other: Self) -> String?
    var missingShards: [Int] { get }
    var shardCount: Int { get }
    /// The merged result as written to --out / --json.
    var serializedJSON: String { get }
    /// The terminal summary.
    var summary: String { get }
}

extension SearchResult: MergeableResult {
    var serializedJSON: String { json.serialized + "\n" }
    var summary: String { SearchTextWriter.text(self) }
}

extension TrainingResultFile: MergeableResult {
    var serializedJSON: String { serialized() }
    var summary: String { TrainingTextWriter.successTable(outcomes) }
}

/// `f1b merge`: combines the shards of a sweep.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the results of a sharded sweep (f1b search or f1b train --seeds, with --shard i/N --result FILE) into one.")

    @Argument(help: "Result files of the shards.") var files: [String]
    @Option(name: [.short, .long], help: "Write the merged result (JSON) to this file.") var out: String?
    @Flag(help: "Print the merged result as JSON on stdout.") var json = false

    func run() throws {
        try Outputs.check(files: [out])
        guard !files.isEmpty else { throw ValidationError("give the shards' result files") }
        if let first = try? String(contentsOfFile: files[0], encoding: .utf8), first.contains("\"\(TrainingResultFile.kind)\"") {
            try merge(TrainingResultFile.self)
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
            do { shard = try Result(json: text, file: file) } catch {
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
        if let out { try writeOutput(result.serializedJSON, to: out) }
        try writeOutput(json ? result.serializedJSON : result.summary, to: nil)
    }
}
