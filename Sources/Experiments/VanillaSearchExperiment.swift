import Cells
import Constructions
import Exact
import F1B
import Foundation
import Simulation
import Verification

/// The mergeable outcome of Section 5.1's search (`f1b search`, one shard or
/// several): the space, the Monte-Carlo screen, and the exact confirmations.
/// Stored as JSON through `Codable`.
public struct SearchResult: Sendable, Equatable, Codable {
    public static let kind = "f1b-search"

    public var space: VanillaSearchSpace
    public var length: Int
    public var pathsPerClass: Int
    /// The shards this result covers, of `shardCount`.
    public var shards: [Int]
    public var shardCount: Int
    public var screen: SearchScreen
    public var confirmations: [Confirmation]

    /// What `f1b check` decided of one of the best screened settings.
    public struct Confirmation: Sendable, Equatable, Codable {
        public var index: Int
        public var verdict: Verdict
        public var method: String
        public var classifier: Classifier?
        public var reason: String?
        /// The construction file written for a pass.
        public var file: String?
        /// For a pass: what `f1b check --n all` decides.
        public var everyN: EveryN?

        enum CodingKeys: String, CodingKey {
            case index, verdict, method, classifier, reason, file
            case everyN = "all_n"
        }

        public init(index: Int, verdict: Verdict, method: String, classifier: Classifier?, reason: String?,
                    file: String? = nil, everyN: EveryN? = nil) {
            self.index = index
            self.verdict = verdict
            self.method = method
            self.classifier = classifier
            self.reason = reason
            self.file = file
            self.everyN = everyN
        }
    }

    /// The `--n all` verdict of a passing setting, with the checker's reason when it is not a pass.
    public struct EveryN: Sendable, Equatable, Codable {
        public var verdict: Verdict
        public var reason: String?

        public init(verdict: Verdict, reason: String?) {
            self.verdict = verdict
            self.reason = reason
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind, space, screen, shards
        case length = "n", pathsPerClass = "paths_per_class", shardCount = "shard_count", confirmations = "confirmed"
    }

    public init(space: VanillaSearchSpace, length: Int, pathsPerClass: Int, shards: [Int], shardCount: Int,
                screen: SearchScreen, confirmations: [Confirmation]) {
        self.space = space
        self.length = length
        self.pathsPerClass = pathsPerClass
        self.shards = shards
        self.shardCount = shardCount
        self.screen = screen
        self.confirmations = confirmations
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        guard kind == Self.kind else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "\"kind\" is \"\(kind)\", not \"\(Self.kind)\"")
        }
        self.init(space: try c.decode(VanillaSearchSpace.self, forKey: .space), length: try c.decode(Int.self, forKey: .length),
                  pathsPerClass: try c.decode(Int.self, forKey: .pathsPerClass), shards: try c.decode([Int].self, forKey: .shards),
                  shardCount: try c.decode(Int.self, forKey: .shardCount), screen: try c.decode(SearchScreen.self, forKey: .screen),
                  confirmations: try c.decode([Confirmation].self, forKey: .confirmations))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.kind, forKey: .kind)
        try c.encode(space, forKey: .space)
        try c.encode(length, forKey: .length)
        try c.encode(pathsPerClass, forKey: .pathsPerClass)
        try c.encode(shards, forKey: .shards)
        try c.encode(shardCount, forKey: .shardCount)
        try c.encode(screen, forKey: .screen)
        try c.encode(confirmations, forKey: .confirmations)
    }

    /// Combines shards of one sweep; the reason when they are not of one sweep.
    public mutating func merge(_ other: SearchResult) -> String? {
        guard other.space == space, other.length == length, other.pathsPerClass == pathsPerClass, other.shardCount == shardCount else {
            return "the results are not shards of one search (space, n, paths or shard count differ)"
        }
        if let twice = Set(shards).intersection(other.shards).first { return "shard \(twice) appears twice" }
        shards = (shards + other.shards).sorted()
        screen.merge(other.screen)
        confirmations = (confirmations + other.confirmations).sorted { $0.index < $1.index }
        return nil
    }

    public var missingShards: [Int] { (0..<shardCount).filter { !shards.contains($0) } }

    /// The settings confirmed to pass F1B(n) for every n.
    public var passingForEveryN: [Confirmation] { confirmations.filter { $0.everyN?.verdict == .pass } }
}

/// Section 5.1's search as an experiment: screen one shard of the space by
/// Monte Carlo, decide the best settings with `Checker`, and return the
/// result with the constructions of the confirmed passes. Nothing is written.
public enum VanillaSearchExperiment {
    public enum Progress: Sendable {
        case screened(Int, of: Int)
        case deciding(setting: Int)
    }

    /// A confirmed pass, as the construction file `f1b search --out` writes.
    public struct Found: Sendable {
        public var path: String
        public var construction: Construction
        /// Comment lines for the file's head.
        public var comment: [String]
    }

    /// - Parameter directory: where the found constructions are to be written
    ///   (their paths are recorded in the confirmations); nil: none are returned.
    public static func run(_ space: VanillaSearchSpace, length: Int, pathsPerClass paths: Int, shard: Int, of shardCount: Int,
                           keep: Int, confirm: Int, directory: String?,
                           progress: @escaping @Sendable (Progress) -> Void = { _ in }) -> (result: SearchResult, found: [Found]) {
        let screen = space.screen(length: length, pathsPerClass: paths, shard: shard, of: shardCount, keep: keep) { done, total in
            progress(.screened(done, of: total))
        }
        var confirmations: [SearchResult.Confirmation] = []
        var found: [Found] = []
        let activation = space.activation.rawValue
        for candidate in screen.best.prefix(confirm) {
            let name = "search-vanilla-\(activation)-k1-n\(length)-s\(space.seed)-\(candidate.index)"
            var construction = Construction(name: name, cell: space.cell(candidate.values))
            progress(.deciding(setting: candidate.index))
            let decided = Checker().check(construction, length: length)
            var confirmation = SearchResult.Confirmation(index: candidate.index, verdict: decided.verdict, method: decided.procedure.title,
                                                         classifier: decided.classifier, reason: decided.reason)
            if decided.verdict == .pass {
                // Does it hold beyond the n it was found at?
                construction.classifier = decided.classifier
                if let all = Checker().check(construction, lengths: .all).everyLength {
                    confirmation.everyN = .init(verdict: all.verdict, reason: all.verdict == .pass ? nil : all.summary)
                }
                construction.expectation = confirmation.everyN?.verdict == .pass
                    ? Expectation(lengths: .all, verdict: .pass) : Expectation(lengths: .list([length]), verdict: .pass)
                if let directory {
                    let path = "\(directory)/\(name).yaml"
                    found.append(Found(path: path, construction: construction, comment: [
                        "Found by f1b search (Vanilla K = 1, \(activation)): setting \(candidate.index) of seed \(space.seed),",
                        "screened at n = \(length) with \(paths) + \(paths) paths, then decided by f1b check (\(decided.procedure.title)).",
                    ]))
                    confirmation.file = path
                }
            }
            confirmations.append(confirmation)
        }
        let result = SearchResult(space: space, length: length, pathsPerClass: paths, shards: [shard],
                                  shardCount: shardCount, screen: screen, confirmations: confirmations)
        return (result, found)
    }
}
