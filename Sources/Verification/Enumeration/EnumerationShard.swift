import Cells
import Exact
import F1B
import Sharding

/// The counts of an exhaustive enumeration of F1B(n), or of some of its
/// shards (`f1b check --shard i/N --result FILE`, merged by `f1b merge`): shard
/// i of N walks the subtrees j ≡ i (mod N) of the input tree (`Shard`), so N
/// jobs of a Slurm array together see every path once and their counts add up
/// to the exact count. The file's classifier is required: separability without
/// one is a question about all final states together, which shards cannot
/// answer apart. Stored as a `ShardedResult<EnumerationCounts>`.
public struct EnumerationCounts: ShardedSweep {
    public static let kind = "check-enumeration-shard"
    public static let title = "an f1b check --shard result"
    public var name: String
    /// A fingerprint of the construction file's text.
    public var construction: String
    public var length: Int
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

    /// What every shard of one enumeration shares: the file, n and the arithmetic.
    public struct Inputs: Encodable {
        public var construction: String
        public var length: Int
        public var arithmetic: String
    }

    public var inputs: Inputs { Inputs(construction: construction, length: length, arithmetic: arithmetic) }

    public mutating func absorb(_ other: EnumerationCounts) {
        func sum(_ a: String, _ b: String) -> String { (BigInteger(decimalDigits: Substring(a))! + BigInteger(decimalDigits: Substring(b))!).description }
        paths = sum(paths, other.paths)
        misclassified = sum(misclassified, other.misclassified)
        undecided = sum(undecided, other.undecided)
        firstMisclassified = Array((firstMisclassified + other.firstMisclassified).sorted().prefix(counterexampleLimit))
        switch (leastMargin.flatMap { Rational($0) }, other.leastMargin.flatMap { Rational($0) }) {
        case let (a?, b?): leastMargin = Swift.min(a, b).description
        case (nil, let b?): leastMargin = b.description
        default: break
        }
    }

    /// The first misclassified paths.
    public var counterexamplePaths: [Path] { firstMisclassified.map { Path(length: length, index: $0) } }
}

extension ShardedResult where Sweep == EnumerationCounts {
    /// The error count once every shard is in: exact, or a bracket where paths stayed undecided.
    public var errorCount: ErrorCount? {
        guard isComplete, let wrong = BigInteger(decimalDigits: Substring(sweep.misclassified)),
              let open = BigInteger(decimalDigits: Substring(sweep.undecided)) else { return nil }
        return open.signum == 0 ? .exact(wrong) : .bracket(atLeast: wrong, undecided: open)
    }
}

extension EnumerationCounts {
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
    /// - Parameter construction: the fingerprint of the construction file's text.
    public static func run(_ problem: Problem, length n: Int, shard: Shard, construction: String, options: Checker.Options)
        throws(ShardError) -> ShardedResult<EnumerationCounts> {
        guard let classifier = problem.classifier else { throw .needsClassifier }
        guard n <= 57 else { throw .tooLong(n) }
        let K = problem.stateSize, limit = options.counterexampleLimit, budget = options.budget
        let observer = options.observer
        let progress: @Sendable (Int, Int) -> Void = { done, total in observer.progress("n = \(n), shard \(shard): done", done, total) }
        var result = EnumerationCounts(name: problem.name, construction: construction, length: n,
                                       arithmetic: problem.isPiecewiseLinear ? Arithmetic.exact.rawValue : Arithmetic.intervals.rawValue,
                                       paths: "0", misclassified: "0", undecided: "0", firstMisclassified: [],
                                       counterexampleLimit: limit, leastMargin: nil)
        if problem.isPiecewiseLinear {
            guard let tally = problem.cell.withCell(ShardedExactWalk(length: n, shard: shard, threads: budget.threads,
                                                                      classifier: classifier, stateSize: K, limit: limit,
                                                                      progress: progress, shouldStop: { budget.isExhausted }))
            else { throw .interrupted }
            result.paths = tally.paths.description
            result.misclassified = String(tally.tally.misclassified)
            result.firstMisclassified = tally.tally.firstMisclassified
            result.leastMargin = tally.tally.leastMargin?.value.description
            return ShardedResult(result, shard: shard)
        }
        let walk = problem.cell.withCell(LaneWalk<LaneScalar>(length: n, shard: shard, threads: budget.threads, makeTally: {
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
        return ShardedResult(result, shard: shard)
    }
}

/// The exact walk of one shard.
struct ShardedExactWalk: CellVisitor {
    typealias Scalar = Rational
    let length: Int
    let shard: Shard
    let threads: Int
    let classifier: Classifier
    let stateSize: Int
    let limit: Int
    let progress: @Sendable (Int, Int) -> Void
    let shouldStop: @Sendable () -> Bool

    func visit<C: RecurrentCell>(_ cell: C) -> (tally: ExactTally<Rational>, paths: BigInteger)? where C.Scalar == Rational {
        let (c, K, limit) = (classifier, stateSize, self.limit)
        let enumerator = ExhaustiveEnumerator(cell: cell, threads: threads)
        guard let tally = enumerator.walk(length: length, shard: shard, makeTally: {
            ExactTally<Rational>(stateSize: K, classifier: c, collectStates: false, counterexampleLimit: limit)
        }, progress: progress, shouldStop: shouldStop) else { return nil }
        return (tally, BigInteger(tally.paths))
    }
}
