import Foundation
import Cells
import Constructions
import Exact
import Experiments
import F1B
import Sharding
import Simulation
import Testing
import Training
import Verification

/// The experiments' result files through Codable: round trips, merges, and
/// refusals that name what is wrong.
@Suite struct ResultFileTests {
    func encoded<T: Encodable>(_ v: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(v)
    }

    func searchResult(shard: Int) -> ShardedResult<SearchResult> {
        let space = VanillaSearchSpace(activation: .hardclip, ranges: ["U": -2...2], fixed: ["b": Rational(0)], grid: 2, samples: 3, seed: 7)
        var screen = SearchScreen(keep: 3)
        screen.add(ScreenedSetting(index: shard, values: space.setting(shard), errors: 0, trials: 10))
        let confirmation = SearchResult.Confirmation(
            index: shard, verdict: .pass, method: "reachable-set DP",
            classifier: Classifier(beta: [Rational(1, 3)], gamma: Rational(-2, 7)), reason: nil, file: "x.yaml",
            everyLength: .init(verdict: .inconclusive, reason: "budget"))
        return ShardedResult(SearchResult(space: space, length: 4, pathsPerClass: 50, screen: screen, confirmations: [confirmation]),
                             shard: Shard(index: shard, count: 2))
    }

    @Test func searchResultRoundTripsExactly() throws {
        let r = searchResult(shard: 0)
        let back = try JSONDecoder().decode(ShardedResult<SearchResult>.self, from: try encoded(r))
        #expect(back == r)
        // Exact values are strings, never JSON numbers; the keys are the file format's.
        let text = String(decoding: try encoded(r), as: UTF8.self)
        #expect(text.contains("\"gamma\":\"-2/7\"") && text.contains("\"seed\":\"7\""))
        for key in ["schema", "kind", "fingerprint", "shards", "shard_count", "space", "n", "paths_per_class", "screen", "confirmed", "all_n"] {
            #expect(text.contains("\"\(key)\":"), "\(key)")
        }
        #expect(back.sweep.confirmations[0].verdict == .pass && back.sweep.passingForEveryLength.isEmpty)
    }

    @Test func searchShardsMergeOnlyWithinOneSweep() throws {
        var merged = searchResult(shard: 0)
        try merged.merge(searchResult(shard: 1))
        #expect(merged.shards == [0, 1] && merged.isComplete && merged.sweep.screen.screened == 2)
        #expect(throws: MergeError.repeated([1])) { try merged.merge(searchResult(shard: 1)) }
        var other = searchResult(shard: 1)
        other.sweep.length = 5
        other = ShardedResult(other.sweep, shard: Shard(index: 1, count: 2))
        var first = searchResult(shard: 0)
        #expect(throws: MergeError.self) { try first.merge(other) }
    }

    @Test func searchResultRefusesAnotherKindAndUnknownParameters() throws {
        var text = String(decoding: try encoded(searchResult(shard: 0)), as: UTF8.self)
        let wrongKind = text.replacingOccurrences(of: "\"f1b-search\"", with: "\"f1b-training\"")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ShardedResult<SearchResult>.self, from: Data(wrongKind.utf8)) }
        text = text.replacingOccurrences(of: "\"fixed\":{\"b\"", with: "\"fixed\":{\"q\"")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ShardedResult<SearchResult>.self, from: Data(text.utf8)) }
    }

    /// A result file of another schema, or of none (an older f1b), is refused, not half-read.
    @Test func resultFilesOfAnotherSchemaAreRefused() throws {
        let text = String(decoding: try encoded(searchResult(shard: 0)), as: UTF8.self)
        #expect(text.contains("\"schema\":1"))
        for changed in [text.replacingOccurrences(of: "\"schema\":1,", with: "\"schema\":2,"),
                        text.replacingOccurrences(of: "\"schema\":1,", with: "")] {
            #expect(changed != text)
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(ShardedResult<SearchResult>.self, from: Data(changed.utf8)) }
        }
    }

    @Test func trainingSweepRoundTripsAndMerges() throws {
        let estimate = ErrorEstimate(errors: 3, trials: 4096)
        func run(_ seed: UInt64) throws -> TrainingSweepResult.Run {
            let json = """
                {"n": 10, "seed": "\(seed)", "steps_to_success": null, "steps": 3000, "final_loss": null,
                 "final_error": {"errors": 3, "trials": 4096, "confidence": 0.95}, "parameters": [0.5, null]}
                """
            return try JSONDecoder().decode(TrainingSweepResult.Run.self, from: Data(json.utf8))
        }
        let key = TrainingSweepResult.TrainingProtocol(model: "vanilla", convention: "paper", initialization: "pytorch", activation: "tanh",
                                                       state: 2, steps: 3000, batch: 128, lr: 0.01, optimizer: "adam")
        var a = ShardedResult(TrainingSweepResult(trainingProtocol: key, runs: [try run(2)]), shard: Shard(index: 0, count: 2))
        let b = ShardedResult(TrainingSweepResult(trainingProtocol: key, runs: [try run(1)]), shard: Shard(index: 1, count: 2))
        #expect(a.sweep.runs[0].finalError == estimate && a.sweep.runs[0].finalLoss == nil && a.sweep.runs[0].parameters == [0.5, nil])
        let back = try JSONDecoder().decode(ShardedResult<TrainingSweepResult>.self, from: try encoded(a))
        #expect(back == a)
        try a.merge(b)
        #expect(a.sweep.runs.map(\.seed) == [1, 2] && a.isComplete)
        var other = key
        other.lr = 0.001
        var c = ShardedResult(TrainingSweepResult(trainingProtocol: other, runs: []), shard: Shard(index: 1, count: 2))
        #expect(throws: MergeError.self) { try c.merge(b) }
        // An impossible estimate is refused, not trusted.
        let bad = #"{"errors": 5, "trials": 4, "confidence": 0.95}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ErrorEstimate.self, from: Data(bad.utf8)) }
    }
}

/// The training report's analyses use the cell definition and `Bounds`.
@Suite struct TrainingReportTests {
    /// Theorem 4's GRU with W_z = [0, a]: off the flag z = σ(−a), so 1 − z = σ(a).
    @Test func effectiveRetentionIsTheGateOfTheCellDefinition() {
        for a in [Rational(1, 2), Rational(4), Rational(-3, 2)] {
            let c = PaperConstructions.theorem4(model: .gru, a: a, b: Rational(1))
            let expected = 1 / (1 + exp(-Double(a)))
            #expect(abs(TrainingReport.effectiveRetention(c) - expected) < 1e-12)
        }
    }

    /// The bracket's certified end matches the closed form A^(n−1)(1 + A) > 1.
    @Test func theorem4ThresholdMatchesTheClosedForm() {
        for n in [2, 5, 10, 20] {
            var low = 0.5, high = 1.0
            for _ in 0..<80 {
                let mid = (low + high) / 2
                if pow(mid, Double(n - 1)) * (1 + mid) > 1 { high = mid } else { low = mid }
            }
            let threshold = TrainingReport.theorem4Threshold(n)
            #expect(threshold >= high - 1e-12 && (threshold - high) / (1 - high) < 1e-3, "n = \(n): \(threshold) vs \(high)")
        }
    }
}
