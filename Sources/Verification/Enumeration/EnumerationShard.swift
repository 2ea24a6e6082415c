import Cells
import Exact
import F1B

/// One shard of an exhaustive enumeration of F1B(n) (`f1b check --shard i/N
/// --result FILE`), and the merge of shards (`f1b merge`): shard i of N walks
/// every N-th subtree of the input tree (`Shard`), so N jobs of a Slurm array
/// together see every path once, and their counts add up to the exact count.
/// The file's classifier is required: separability without one is a question
/// about all final states together, which shards cannot answer apart.
public struct EnumerationShardResult: Codable, Sendable, Equatable {
    public static let kind = "check-enumeration-shard"
    public var kind: String
    public var name: String
    /// A fingerprint of the construction file, so that only shards of one file merge.
    public var construction: String
    public var length: Int
    public var shardCount: Int
    /// The shards this result holds (0-based, as `--shard i/N`).
    public var shards: [Int]
    /// "exact" or "certified intervals".
    public var arithmetic: String
    public var paths: String
    public var misclassified: String
    /// Paths whose score enclosure held 0 even with rational endpoints (certified arithmetic only).
    public var undecided: String
    /// The first misclassified paths' canonical indices (every path of F1B(n) by L, then bits).
    public var firstMisclassified: [Int]
    public var counterexampleLimit: Int
    /// The least signed margin (exact, or a certified lower bound), as "p/q".
    public var leastMargin: String?

    public var missingShards: [Int] { (0..<shardCount).filter { !shards.contains($0) } }

    /// Adds another shard of the same enumeration; a reason when it is not one.
    public mutating func merge(_ other: EnumerationShardResult) -> String? {
        guard other.kind == kind, other.construction == construction, other.length == length,
              other.shardCount == shardCount, other.arithmetic == arithmetic else {
            return "not a shard of the same enumeration (file \(other.name), n = \(other.length), \(other.shardCount) shards)"
        }
        let twice = Set(shards).intersection(other.shards)
        guard twice.isEmpty else { return "shard \(twice.sorted().map(String.init).joined(separator: ", ")) is given twice" }
        func sum(_ a: String, _ b: String) -> String { (BigInteger(decimalDigits: Substring(a))! + BigInteger(decimalDigits: Substring(b))!).description }
        shards = (shards + other.shards).sorted()
        paths = sum(paths, other.paths)
        misclassified = sum(misclassified, other.misclassified)
        undecided = sum(undecided, other.undecided)
        firstMisclassified = Array((firstMisclassified + other.firstMisclassified).sorted().prefix(counterexampleLimit))
        switch (leastMargin.flatMap { Rational($0) }, other.leastMargin.flatMap { Rational($0) }) {
        case let (a?, b?): leastMargin = Swift.min(a, b).description
        case (nil, let b?): leastMargin = b.description
        default: break
        }
        return nil
    }

    /// The error count once every shard is in: exact, or a bracket where paths stayed undecided.
    public var errorCount: ErrorCount? {
        guard missingShards.isEmpty, let wrong = BigInteger(decimalDigits: Substring(misclassified)),
              let open = BigInteger(decimalDigits: Substring(undecided)) else { return nil }
        return open.signum == 0 ? .exact(wrong) : .bracket(atLeast: wrong, undecided: open)
    }

    /// The first misclassified paths.
    public var counterexamplePaths: [Path] { firstMisclassified.map { Path(length: length, index: $0) } }
}

extension EnumerationShardResult {
    public enum ShardError: Error, CustomStringConvertible {
        case needsClassifier
        case tooLong(Int)
        case interrupted
        public var description: String {
            switch self {
            case .needsClassifier: return "a sharded enumeration needs a classifier in the file (separability is decided over all paths at once)"
            case .tooLong(let n): return "n = \(n): enumeration handles n ≤ 57"
            case .interrupted: return "the shard was interrupted before it finished"
            }
        }
    }

    /// Walks shard `shard` of F1B(n) for the problem's cell and classifier.
    public static func run(_ problem: Problem, length n: Int, shard: Shard, fingerprint: String, options: Checker.Options)
        throws(ShardError) -> EnumerationShardResult {
        guard let classifier = problem.classifier else { throw .needsClassifier }
        guard n <= 57 else { throw .tooLong(n) }
        let K = problem.stateSize, limit = options.counterexampleLimit, budget = options.budget
        let observer = options.observer
        let progress: @Sendable (Int, Int) -> Void = { done, total in observer.progress("n = \(n), shard \(shard): done", done, total) }
        var result = EnumerationShardResult(kind: kind, name: problem.name, construction: fingerprint, length: n, shardCount: shard.count,
                                            shards: [shard.index], arithmetic: problem.isPiecewiseLinear ? Arithmetic.exact.rawValue : Arithmetic.intervals.rawValue,
                                            paths: "0", misclassified: "0", undecided: "0", firstMisclassified: [],
                                            counterexampleLimit: limit, leastMargin: nil)
        if problem.isPiecewiseLinear {
            guard let tally = problem.cell.withCell(ShardedExactWalk(length: n, shard: shard, classifier: classifier, stateSize: K, limit: limit,
                                                                      progress: progress, shouldStop: { budget.isExhausted }))
            else { throw .interrupted }
            result.paths = tally.paths.description
            result.misclassified = String(tally.tally.misclassified)
            result.firstMisclassified = tally.tally.firstMisclassified
            result.leastMargin = tally.tally.leastMargin?.value.description
            return result
        }
        let walk = problem.cell.withCell(LaneWalk<LaneScalar>(length: n, shard: shard, makeTally: {
            CertifiedLaneTally<LaneScalar>(stateSize: K, classifier: classifier, boxLimit: 0, counterexampleLimit: limit)
        }, progress: progress, shouldStop: { budget.isExhausted }))
        guard let tally = walk.tally else { throw .interrupted }
        // The paths Double lanes could not place, again with rational endpoints, at rising precision.
        let again = PathCertification(cell: problem.cell, classifier: classifier, precision: options.precision)
            .decideRaisingPrecision(tally.undecided.map { Path(length: n, index: $0) }, shouldStop: { budget.isExhausted }).decided
        var first = tally.firstWrong
        var wrong = tally.wrong, open = tally.undecidedCount - tally.undecided.count
        for d in again {
            if d.certainty == .wrong { wrong += 1; first.insert(d.scored.path.index) }
            if d.certainty == .undecided { open += 1 }
        }
        result.paths = String(walk.paths)
        result.misclassified = String(wrong)
        result.undecided = String(open)
        result.firstMisclassified = first.indices
        result.leastMargin = tally.leastMargin.isFinite ? Rational(exactly: tally.leastMargin)!.description : nil
        return result
    }
}

/// The exact walk of one shard.
struct ShardedExactWalk: CellVisitor {
    typealias Scalar = Rational
    let length: Int
    let shard: Shard
    let classifier: Classifier
    let stateSize: Int
    let limit: Int
    let progress: @Sendable (Int, Int) -> Void
    let shouldStop: @Sendable () -> Bool

    func visit<C: RecurrentCell>(_ cell: C) -> (tally: ExactTally<Rational>, paths: BigInteger)? where C.Scalar == Rational {
        let (c, K, limit) = (classifier, stateSize, self.limit)
        let enumerator = ExhaustiveEnumerator(cell: cell)
        guard let tally = enumerator.walk(length: length, shard: shard, makeTally: {
            ExactTally<Rational>(stateSize: K, classifier: c, collectStates: false, counterexampleLimit: limit)
        }, progress: progress, shouldStop: shouldStop) else { return nil }
        return (tally, BigInteger(tally.paths))
    }
}
