import Cells
import Constructions
import Exact
import F1B
import Foundation
import Sharding
import Simulation
import Verification

/// The mergeable outcome of Section 5.1's search (`f1b search`, one shard or
/// several): the space, the Monte-Carlo screen, and the exact confirmations.
/// Stored as a `ShardedResult<SearchResult>`.
public struct SearchResult: ShardedSweep {
    public static let kind = "f1b-search"
    public static let title = "an f1b search result"

    public var space: VanillaSearchSpace
    public var length: Int
    public var pathsPerClass: Int
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
        public var everyLength: EveryLength?

        enum CodingKeys: String, CodingKey {
            case index, verdict, method, classifier, reason, file
            case everyLength = "all_n"
        }

        public init(index: Int, verdict: Verdict, method: String, classifier: Classifier?, reason: String?,
                    file: String? = nil, everyLength: EveryLength? = nil) {
            self.index = index
            self.verdict = verdict
            self.method = method
            self.classifier = classifier
            self.reason = reason
            self.file = file
            self.everyLength = everyLength
        }
    }

    /// The `--n all` verdict of a passing setting, with the checker's reason when it is not a pass.
    public struct EveryLength: Sendable, Equatable, Codable {
        public var verdict: Verdict
        public var reason: String?

        public init(verdict: Verdict, reason: String?) {
            self.verdict = verdict
            self.reason = reason
        }
    }

    enum CodingKeys: String, CodingKey {
        case space, screen
        case length = "n", pathsPerClass = "paths_per_class", confirmations = "confirmed"
    }

    public init(space: VanillaSearchSpace, length: Int, pathsPerClass: Int, screen: SearchScreen, confirmations: [Confirmation]) {
        self.space = space
        self.length = length
        self.pathsPerClass = pathsPerClass
        self.screen = screen
        self.confirmations = confirmations
    }

    /// What every shard of one search shares: the space, n and the paths per class.
    public struct Inputs: Encodable {
        public var space: VanillaSearchSpace
        public var length: Int
        public var pathsPerClass: Int
    }

    public var inputs: Inputs { Inputs(space: space, length: length, pathsPerClass: pathsPerClass) }

    /// Adds another shard's screen and confirmations (in setting order). The
    /// merged screen is the unsharded one; each shard confirmed its own best
    /// settings, so the confirmations are the union of the shards'.
    public mutating func absorb(_ other: SearchResult) {
        screen.merge(other.screen)
        confirmations = (confirmations + other.confirmations).sorted { $0.index < $1.index }
    }

    /// The settings confirmed to pass F1B(n) for every n.
    public var passingForEveryLength: [Confirmation] { confirmations.filter { $0.everyLength?.verdict == .pass } }
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
    public static func run(_ space: VanillaSearchSpace, length: Int, pathsPerClass paths: Int, shard: Shard,
                           keep: Int, confirm: Int, directory: String?,
                           progress: @escaping @Sendable (Progress) -> Void = { _ in }) -> (result: ShardedResult<SearchResult>, found: [Found]) {
        let screen = space.screen(length: length, pathsPerClass: paths, shard: shard, keep: keep) { done, total in
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
                    confirmation.everyLength = .init(verdict: all.verdict, reason: all.verdict == .pass ? nil : all.summary)
                }
                construction.expectation = confirmation.everyLength?.verdict == .pass
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
        let result = SearchResult(space: space, length: length, pathsPerClass: paths, screen: screen, confirmations: confirmations)
        return (ShardedResult(result, shard: shard), found)
    }
}
