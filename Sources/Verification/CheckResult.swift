import Cells
import Constructions
import Exact
import F1B

/// pass: every path of F1B(n) is classified correctly (proved); fail: some path
/// is not (shown by a counterexample); inconclusive: neither was established.
public enum Verdict: String, Sendable, Codable {
    case pass, fail, inconclusive

    /// The combined verdict of several checks: any fail fails; otherwise any
    /// inconclusive is inconclusive; otherwise pass.
    public static func combined(_ verdicts: [Verdict]) -> Verdict {
        if verdicts.contains(.fail) { return .fail }
        if verdicts.contains(.inconclusive) || verdicts.isEmpty { return .inconclusive }
        return .pass
    }
}

/// How the numbers of a result were computed.
public enum Arithmetic: String, Sendable {
    /// Exact rationals: the result is a proof.
    case exact
    /// Certified interval enclosures (tanh, σ): every verdict other than
    /// inconclusive is a proof.
    case intervals = "certified intervals"
}

/// A path with its final classified state and classifier score: exact, or
/// enclosed by intervals for tanh/σ cells.
public struct ScoredPath: Sendable, Equatable {
    public var path: Path
    public var finalState: [Rational]
    /// βᵀs_n + γ; the classifier says +1 iff it is ≥ 0 (`Classification`).
    public var score: Rational?
    public var finalEnclosure: [Interval]?
    public var scoreEnclosure: Interval?

    public init(path: Path, finalState: [Rational], score: Rational?, finalEnclosure: [Interval]? = nil,
                scoreEnclosure: Interval? = nil) {
        self.path = path
        self.finalState = finalState
        self.score = score
        self.finalEnclosure = finalEnclosure
        self.scoreEnclosure = scoreEnclosure
    }
}

/// A path carrying a convex weight in a non-separability certificate.
public struct WeightedPath: Sendable, Equatable {
    public var weight: Rational
    public var path: Path
    public var finalState: [Rational]
}

/// Evidence that the verdict is fail.
public enum Counterexample: Sendable, Equatable {
    /// The classifier errs on these paths (the first ones in canonical order).
    case misclassified([ScoredPath])
    /// No linear classifier exists: Σ λᵢ s(pᵢ) = Σ μⱼ s(qⱼ) = point, with pᵢ
    /// positive paths, qⱼ negative ones, λ and μ convex weights.
    case inseparable(positive: [WeightedPath], negative: [WeightedPath], point: [Rational])
    /// K = 1, no threshold exists: a positive path certified below a negative
    /// one (so β > 0 fails) and a positive path certified above a negative one
    /// (so β < 0 fails); β = 0 fails as both classes occur.
    case interleaved(positiveBelow: ScoredPath, negativeAbove: ScoredPath, positiveAbove: ScoredPath, negativeBelow: ScoredPath)
    /// Any K, from enclosures: K + 2 paths whose Radon partition is certified
    /// to put the positive ones on one side and the negative ones on the other,
    /// so the hulls of the classes meet for every state in the enclosures
    /// (`RadonCertificate`). Weights are the Radon weights at the midpoints.
    case radon(positive: [WeightedEnclosure], negative: [WeightedEnclosure])
}

/// A path, its final-state enclosure and a convex weight (a Radon certificate).
public struct WeightedEnclosure: Sendable, Equatable {
    public var weight: Rational
    public var path: Path
    public var finalEnclosure: [Interval]
}

/// The check of one sequence length n.
public struct LengthResult: Sendable {
    public var length: Int
    public var verdict: Verdict
    public var arithmetic: Arithmetic
    public var method: String
    /// n·2^n.
    public var pathCount: BigInteger
    /// Paths the classifier gets wrong (nil when no classifier was evaluated).
    public var misclassified: BigInteger?
    /// When only a lower bound is known (certified paths found): at least this many are wrong.
    public var misclassifiedAtLeast: BigInteger?
    /// misclassified / (n·2^n): every path has probability 1/(n·2^n).
    public var errorProbability: Rational?
    /// The file's classifier, or the one found.
    public var classifier: Classifier?
    public var classifierFound: Bool
    /// The least signed margin label·(βᵀs + γ) over every path, with the class
    /// on the hyperplane when it is 0 (ties are +1: see `Classification`).
    /// Exact engines give it exactly (negative or a −1 tie on a fail); certified
    /// engines give a certified lower bound, on a pass.
    public var margin: Margin?
    public var counterexample: Counterexample?
    /// When the file's classifier fails but another one separates the states.
    public var separatingClassifier: (classifier: Classifier, margin: Rational)?
    /// Distinct classified final states (positive, negative), when collected.
    public var distinctStates: (positive: Int, negative: Int)?
    /// Why the verdict is inconclusive, or a caveat.
    public var reason: String?
    /// Interval precision in bits (certified results).
    public var precision: Int?
    /// Hulls enclosing every final state of each class (K = 1 certified results).
    public var enclosures: (positive: Interval, negative: Interval)?
    /// Paths whose enclosures could not be decided at this precision.
    public var undecided: BigInteger?
    /// The covers that decided it (`--method cover`).
    public var cover: CoverStatistics?

    public init(length: Int, verdict: Verdict, arithmetic: Arithmetic, method: String, pathCount: BigInteger,
                classifier: Classifier?, classifierFound: Bool) {
        self.length = length
        self.verdict = verdict
        self.arithmetic = arithmetic
        self.method = method
        self.pathCount = pathCount
        self.classifier = classifier
        self.classifierFound = classifierFound
    }
}

/// The all-n part of a check (`--n all`).
public struct AllLengthsResult: Sendable {
    public var verdict: Verdict
    /// The reachable sets repeat from step `from` on (n < from was checked exactly).
    public var from: Int?
    public var reason: String
    /// The certificate: the reachable sets of steps from…from+period−1, which
    /// recur forever (one layer when they are stationary). Full states.
    public var invariant: [ReachableLayer] = []
    /// The certificate of covers (`--method cover`).
    public var cover: CoverInvariant?

    public init(verdict: Verdict, from: Int?, reason: String, invariant: [ReachableLayer] = []) {
        self.verdict = verdict
        self.from = from
        self.reason = reason
        self.invariant = invariant
    }
}

/// The three reachable sets of one step, exactly.
public struct ReachableLayer: Sendable, Equatable {
    public var step: Int
    public var beforeFlag: [[Rational]]
    public var positive: [[Rational]]
    public var negative: [[Rational]]
}

/// Everything `f1b check` establishes about one construction file.
public struct CheckReport: Sendable {
    public var name: String
    public var model: CellModel
    public var results: [LengthResult]
    public var allLengths: AllLengthsResult?
    public var expectation: Expectation?

    public var verdict: Verdict {
        Verdict.combined(results.map(\.verdict) + (allLengths.map { [$0.verdict] } ?? []))
    }

    /// Whether the file's own claim (`expect`) agrees with what was found, judged
    /// on the claimed lengths that were checked: false when one of them has the
    /// other decided verdict, true when all of them have the claimed one, nil
    /// without a claim, without a claimed n checked, or with one undecided.
    public var expectationConfirmed: Bool? {
        guard let expectation else { return nil }
        var claimed: [Verdict] = []
        switch expectation.lengths {
        case .all:
            if let all = allLengths { claimed.append(all.verdict) }
        case .list(let ns):
            let wanted = Set(ns)
            for result in results where wanted.contains(result.length) { claimed.append(result.verdict) }
        }
        let expected: Verdict = expectation.verdict == .pass ? .pass : .fail
        var undecided = false
        for verdict in claimed {
            if verdict == .inconclusive {
                undecided = true
            } else if verdict != expected {
                return false
            }
        }
        if claimed.isEmpty || undecided { return nil }
        return true
    }
}

extension CheckReport {
    /// The longest run n = 1…N of passes among the results (0 if n = 1 did not pass).
    public var passingPrefix: Int {
        var n = 0
        for r in results.sorted(by: { $0.length < $1.length }) {
            guard r.length == n + 1, r.verdict == .pass else { break }
            n += 1
        }
        return n
    }

    /// The first result that fails, if any.
    public var firstFailure: LengthResult? {
        results.filter { $0.verdict == .fail }.min { $0.length < $1.length }
    }
}
