import ArgumentParser
import Foundation

/// `f1b merge`: combines the shards of a sweep.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the results of a sharded sweep (f1b search or f1b train --seeds, with --shard i/N --result FILE) into one.")

    @Argument(help: "Result files of the shards.") var files: [String]
    @Option(name: [.short, .long], help: "Write the merged result (JSON) to this file.") var out: String?
    @Flag(help: "Print the merged result as JSON on stdout.") var json = false

    func run() throws {
        guard !files.isEmpty else { throw ValidationError("give the shards' result files") }
        if let first = try? String(contentsOfFile: files[0], encoding: .utf8), first.contains("\"\(TrainingResultFile.kind)\"") {
            try mergeTraining()
            return
        }
        var merged: SearchResult?
        for file in files {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                StandardError.write("\(file): error: cannot read the file\n")
                throw ExitCode(ExitStatus.badInput)
            }
            let shard: SearchResult
            do { shard = try SearchResult(json: text, file: file) } catch {
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
        if let out { try writeOutput(result.json.serialized + "\n", to: out) }
        try writeOutput(json ? result.json.serialized + "\n" : SearchTextWriter.text(result), to: nil)
    }

    func mergeTraining() throws {
        var merged: TrainingResultFile?
        for file in files {
            let shard: TrainingResultFile
            do {
                shard = try TrainingResultFile(json: try String(contentsOfFile: file, encoding: .utf8), file: file)
            } catch let error as TrainingResultFile.FormatError {
                StandardError.write("\(error)\n")
                throw ExitCode(ExitStatus.badInput)
            } catch {
                StandardError.write("\(file): error: cannot read the file\n")
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
        if let out { try writeOutput(result.serialized(), to: out) }
        try writeOutput(json ? result.serialized() : TrainingTextWriter.successTable(result.outcomes), to: nil)
    }
}
