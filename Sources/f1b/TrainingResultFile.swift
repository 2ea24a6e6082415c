import Foundation
import Simulation

/// The mergeable result of `f1b train --seeds … --result FILE`: the protocol
/// and every run of the shards it covers.
struct TrainingResultFile {
    static let kind = "f1b-training"
    /// Everything that must agree between shards of one experiment.
    var protocolKey: [String: String]
    var shards: [Int]
    var shardCount: Int
    /// The runs as written (JSON objects), with their n, seed and outcome.
    var runs: [[String: Any]]

    struct FormatError: Error, CustomStringConvertible { var description: String }

    init(json text: String, file: String) throws {
        func fail(_ what: String) -> FormatError { FormatError(description: "\(file): error: not an f1b training result (\(what))") }
        guard let root = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
              root["kind"] as? String == Self.kind else { throw fail("\"kind\" is not \"\(Self.kind)\"") }
        var key: [String: String] = [:]
        for name in ["model", "convention", "initialization", "activation", "state", "steps", "batch", "lr", "optimizer"] { key[name] = "\(root[name] ?? "null")" }
        protocolKey = key
        guard let count = root["shard_count"] as? Int, let runs = root["runs"] as? [[String: Any]] else { throw fail("\"shard_count\" or \"runs\"") }
        shards = (root["shards"] as? [Int]) ?? [(root["shard"] as? Int) ?? 0]
        shardCount = count
        for run in runs where run["n"] as? Int == nil || run["seed"] == nil { throw fail("a run without n or seed") }
        self.runs = runs
    }

    mutating func merge(_ other: TrainingResultFile) -> String? {
        guard other.protocolKey == protocolKey, other.shardCount == shardCount else {
            return "the results are not shards of one experiment (model, protocol or shard count differ)"
        }
        if let twice = Set(shards).intersection(other.shards).first { return "shard \(twice) appears twice" }
        shards = (shards + other.shards).sorted()
        runs += other.runs
        return nil
    }

    var missingShards: [Int] { (0..<shardCount).filter { !shards.contains($0) } }

    /// (n, steps to success or nil) of every run.
    var outcomes: [(length: Int, stepsToSuccess: Int?)] { runs.map { ($0["n"] as! Int, $0["steps_to_success"] as? Int) } }

    func serialized() -> String {
        var root: [String: Any] = ["kind": Self.kind, "shards": shards, "shard_count": shardCount, "runs": runs]
        for (k, v) in protocolKey { root[k] = v }
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Success rate per n with its 95% interval and the median steps to success.
enum TrainingTextWriter {
    static func successTable(_ outcomes: [(length: Int, stepsToSuccess: Int?)]) -> String {
        var out = "n      successes   rate [95% CI]             median steps to success\n"
        for n in Set(outcomes.map(\.length)).sorted() {
            let mine = outcomes.filter { $0.length == n }
            let steps = mine.compactMap(\.stepsToSuccess).sorted()
            let e = ErrorEstimate(errors: steps.count, trials: mine.count)
            out += SimulationTextWriter.pad(String(n), 7) + SimulationTextWriter.pad("\(steps.count)/\(mine.count)", 12)
            out += SimulationTextWriter.pad(String(format: "%.2f [%.2f, %.2f]", e.rate, e.lower, e.upper), 26)
            out += (steps.isEmpty ? "—" : String(steps[steps.count / 2])) + "\n"
        }
        return out
    }
}
