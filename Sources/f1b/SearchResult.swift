import Cells
import Exact
import F1B
import Foundation
import Simulation
import Verification

/// The mergeable outcome of `f1b search` (one shard or several): the space,
/// the screen, and the exact confirmations. Written and read as JSON.
struct SearchResult {
    var space: VanillaSearchSpace
    var length: Int
    var pathsPerClass: Int
    /// The shards this result covers, of `shardCount`.
    var shards: [Int]
    var shardCount: Int
    var screen: SearchScreen
    var confirmations: [Confirmation]

    struct Confirmation: Equatable {
        var index: Int
        var verdict: String
        var method: String
        var classifier: Classifier?
        var reason: String?
        /// The construction file written for a pass.
        var file: String?
        /// For a pass: what `f1b check --n all` finds (every n, or where it stops).
        var allLengths: String?
    }

    static let kind = "f1b-search"

    // MARK: JSON

    var json: JSON {
        let s = space
        func values(_ v: [String: Rational]) -> JSON {
            .object(VanillaSearchSpace.names.compactMap { name in v[name].map { (name, .string($0.description)) } })
        }
        return .object([
            ("kind", .string(Self.kind)),
            ("space", .object([
                ("activation", .string(s.activation.rawValue)), ("flags", .string(s.flags.rawValue)),
                ("ranges", .object(s.free.map { ($0, .array([.number(s.ranges[$0]!.lowerBound), .number(s.ranges[$0]!.upperBound)])) })),
                ("fixed", values(s.fixed)), ("grid", .int(s.grid)), ("samples", .int(s.samples)), ("seed", .string(String(s.seed))),
            ])),
            ("n", .int(length)), ("paths_per_class", .int(pathsPerClass)),
            ("shards", .array(shards.map(JSON.int))), ("shard_count", .int(shardCount)),
            ("screened", .int(screen.screened)), ("zero_errors", .int(screen.zeroErrors)),
            ("error_deciles", .array(screen.errorDeciles.map(JSON.int))), ("keep", .int(screen.keep)),
            ("best", .array(screen.best.map { b in
                .object([("index", .int(b.index)), ("values", values(b.values)), ("errors", .int(b.errors)), ("trials", .int(b.trials))])
            })),
            ("confirmed", .array(confirmations.map { c in
                .object([("index", .int(c.index)), ("verdict", .string(c.verdict)), ("method", .string(c.method)),
                         ("classifier", c.classifier.map { .object([("beta", .array($0.beta.map { .string($0.description) })),
                                                                    ("gamma", .string($0.gamma.description))]) } ?? .null),
                         ("reason", c.reason.map(JSON.string) ?? .null), ("file", c.file.map(JSON.string) ?? .null),
                         ("all_n", c.allLengths.map(JSON.string) ?? .null)])
            })),
        ])
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads a result written by `json`.
    init(json text: String, file: String) throws {
        func fail(_ what: String) -> FormatError { FormatError(description: "\(file): error: not an f1b search result (\(what))") }
        guard let root = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { throw fail("not a JSON object") }
        guard root["kind"] as? String == Self.kind else { throw fail("\"kind\" is not \"\(Self.kind)\"") }
        func int(_ o: [String: Any], _ key: String) throws -> Int {
            guard let v = o[key] as? Int else { throw fail("\"\(key)\" missing or not an integer") }
            return v
        }
        func rational(_ any: Any?, _ key: String) throws -> Rational {
            guard let text = any as? String, let r = Rational(text) else { throw fail("\"\(key)\" is not an exact number") }
            return r
        }
        func values(_ any: Any?) throws -> [String: Rational] {
            guard let o = any as? [String: Any] else { throw fail("parameter values are not an object") }
            var out: [String: Rational] = [:]
            for (k, v) in o {
                guard VanillaSearchSpace.names.contains(k) else { throw fail("unknown parameter \"\(k)\"") }
                out[k] = try rational(v, k)
            }
            return out
        }
        guard let s = root["space"] as? [String: Any],
              let activation = (s["activation"] as? String).flatMap(Activation.init(rawValue:)),
              let flags = (s["flags"] as? String).flatMap(FlagEncoding.init(rawValue:)),
              let rangeObject = s["ranges"] as? [String: Any],
              let seed = (s["seed"] as? String).flatMap(UInt64.init) else { throw fail("\"space\" incomplete") }
        var ranges: [String: ClosedRange<Double>] = [:]
        for (k, v) in rangeObject {
            guard let pair = v as? [Double], pair.count == 2, pair[0] <= pair[1] else { throw fail("range of \(k)") }
            ranges[k] = pair[0]...pair[1]
        }
        space = VanillaSearchSpace(activation: activation, flags: flags, ranges: ranges, fixed: try values(s["fixed"]),
                                   grid: try int(s, "grid"), samples: try int(s, "samples"), seed: seed)
        length = try int(root, "n")
        pathsPerClass = try int(root, "paths_per_class")
        guard let shardList = root["shards"] as? [Int] else { throw fail("\"shards\"") }
        shards = shardList
        shardCount = try int(root, "shard_count")
        screen = SearchScreen(keep: try int(root, "keep"))
        screen.screened = try int(root, "screened")
        screen.zeroErrors = try int(root, "zero_errors")
        guard let deciles = root["error_deciles"] as? [Int], deciles.count == 10 else { throw fail("\"error_deciles\"") }
        screen.errorDeciles = deciles
        guard let best = root["best"] as? [[String: Any]], let confirmed = root["confirmed"] as? [[String: Any]] else {
            throw fail("\"best\" or \"confirmed\"")
        }
        screen.best = try best.map { b in
            ScreenedSetting(index: try int(b, "index"), values: try values(b["values"]), errors: try int(b, "errors"), trials: try int(b, "trials"))
        }
        confirmations = try confirmed.map { c in
            var classifier: Classifier?
            if let o = c["classifier"] as? [String: Any] {
                guard let beta = o["beta"] as? [String] else { throw fail("classifier") }
                classifier = Classifier(beta: try beta.map { try rational($0, "beta") }, gamma: try rational(o["gamma"], "gamma"))
            }
            guard let verdict = c["verdict"] as? String, let method = c["method"] as? String else { throw fail("confirmation") }
            return Confirmation(index: try int(c, "index"), verdict: verdict, method: method, classifier: classifier,
                                reason: c["reason"] as? String, file: c["file"] as? String, allLengths: c["all_n"] as? String)
        }
    }

    init(space: VanillaSearchSpace, length: Int, pathsPerClass: Int, shards: [Int], shardCount: Int,
         screen: SearchScreen, confirmations: [Confirmation]) {
        self.space = space
        self.length = length
        self.pathsPerClass = pathsPerClass
        self.shards = shards
        self.shardCount = shardCount
        self.screen = screen
        self.confirmations = confirmations
    }

    /// Combines shards of one sweep; nil with a reason if they are not of one sweep.
    mutating func merge(_ other: SearchResult) -> String? {
        guard other.space == space, other.length == length, other.pathsPerClass == pathsPerClass, other.shardCount == shardCount else {
            return "the results are not shards of one search (space, n, paths or shard count differ)"
        }
        if let twice = Set(shards).intersection(other.shards).first { return "shard \(twice) appears twice" }
        shards = (shards + other.shards).sorted()
        screen.merge(other.screen)
        confirmations = (confirmations + other.confirmations).sorted { $0.index < $1.index }
        return nil
    }

    var missingShards: [Int] { (0..<shardCount).filter { !shards.contains($0) } }
}
