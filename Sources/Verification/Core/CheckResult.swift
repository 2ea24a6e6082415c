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

/// A path, its final-state enclosure and a convex weight (a Radon certificate).
public struct WeightedEnclosure: Sendable, Equatable {
    public var weight: Rational
    public var path: Path
    public var finalEnclosure: [Interval]
}

/// Evidence that the verdict is fail, re-checked in exact or certified
/// arithmetic before it is reported (`Recheck`).
public enum Counterexample: Sendable, Equatable {
    /// The classifier errs on these paths (the first ones in canonical order
    /// where every path was seen; otherwise the ones found).
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
    /// Flagged-m-Bit: readouts that err, each with a path it gets wrong.
    case readouts([ReadoutResult])
}

/// How many of the equally likely paths the classifier gets wrong.
public enum ErrorCount: Sendable, Equatable {
    /// Every path was placed: exactly this many are wrong.
    case exact(BigInteger)
    /// Every path was seen; `atLeast` are certified wrong and `undecided` more
    /// could not be placed (a score enclosure holding 0): the count lies in
    /// atLeast … atLeast + undecided.
    case bracket(atLeast: BigInteger, undecided: BigInteger)
    /// Only some paths were examined: at least this many are wrong.
    case atLeast(BigInteger)

    /// The certified lower bound.
    public var lowerBound: BigInteger {
        switch self {
        case .exact(let k), .atLeast(let k): return k
        case .bracket(let k, _): return k
        }
    }

    /// The exact count, when every path was placed.
    public var exactValue: BigInteger? {
        if case .exact(let k) = self { return k }
        return nil
    }
}

/// What a pass rests on (the procedure's certificate).
public enum PassEvidence: Sendable {
    /// Every path evaluated (exactly, or with its certified enclosure) and on its side.
    case everyPath
    /// The exact reachable sets of the two classes at n, every state on its side.
    case reachableSets
    /// K = 1: hulls enclosing every positive and every negative final state.
    case extremeEnclosures(positive: Interval, negative: Interval)
    /// Covers of the reachable sets by boxes, each certified on its side.
    case cover(CoverStatistics)
    /// n lies where an every-n certificate holds (`EveryLengthResult`).
    case everyLengthCertificate
    /// A set procedure's own summary (e.g. zonotopes and their count).
    case sets(description: String)
    /// Unions of zonotopes over-approximating the three phase sets at n, each
    /// after-flag zonotope's certified score range on its side (`ZonotopeProcedure`).
    case zonotopes(ZonotopeUnions)
}

/// A pass and what it rests on.
public struct Certificate: Sendable {
    public var evidence: PassEvidence
    /// The file's classifier, or the one found and certified.
    public var classifier: Classifier?
    public var classifierFound: Bool
    /// The least signed margin label·(βᵀs + γ): exact, or a certified lower bound.
    public var margin: Margin?
    /// Distinct classified final states (positive, negative), when collected.
    public var distinctStates: (positive: Int, negative: Int)?

    public init(evidence: PassEvidence, classifier: Classifier?, classifierFound: Bool = false, margin: Margin? = nil,
                distinctStates: (positive: Int, negative: Int)? = nil) {
        self.evidence = evidence
        self.classifier = classifier
        self.classifierFound = classifierFound
        self.margin = margin
        self.distinctStates = distinctStates
    }
}

/// A fail and the evidence for it.
public struct Refutation: Sendable {
    public var counterexample: Counterexample
    /// The classifier that errs (the file's), nil when none exists.
    public var classifier: Classifier?
    /// Misclassified paths (nil where no classifier was given and none exists).
    public var count: ErrorCount?
    /// The least signed margin (negative, or a −1 tie), when every path was placed exactly.
    public var margin: Margin?
    /// When the file's classifier fails but another one separates the states.
    public var separatingClassifier: (classifier: Classifier, margin: Rational)?
    public var distinctStates: (positive: Int, negative: Int)?

    public init(counterexample: Counterexample, classifier: Classifier?, count: ErrorCount?, margin: Margin? = nil,
                separatingClassifier: (classifier: Classifier, margin: Rational)? = nil,
                distinctStates: (positive: Int, negative: Int)? = nil) {
        self.counterexample = counterexample
        self.classifier = classifier
        self.count = count
        self.margin = margin
        self.separatingClassifier = separatingClassifier
        self.distinctStates = distinctStates
    }
}

/// The decision of one procedure on one length.
public enum Outcome: Sendable {
    case pass(Certificate)
    case fail(Refutation)
    case open(OpenReason)

    public var verdict: Verdict {
        switch self {
        case .pass: return .pass
        case .fail: return .fail
        case .open: return .inconclusive
        }
    }
}

/// What a procedure got through before it stopped: the numbers a reason cites.
public struct Work: Sendable, Equatable {
    public var paths: BigInteger?
    public var states: Int?
    public var boxes: Int?
    public var rounds: Int?
    public var steps: Int?
    /// Wall-clock seconds the procedure spent on this length (enumeration sets
    /// it); the one field of a result that differs between identical runs.
    public var seconds: Double?

    public init(paths: BigInteger? = nil, states: Int? = nil, boxes: Int? = nil, rounds: Int? = nil, steps: Int? = nil,
                seconds: Double? = nil) {
        self.paths = paths
        self.states = states
        self.boxes = boxes
        self.rounds = rounds
        self.steps = steps
        self.seconds = seconds
    }

    public static let none = Work()
}

/// A procedure that tried a length and left it open, and why.
public struct Attempt: Sendable {
    public var procedure: ProcedureID
    public var reason: OpenReason
    public var work: Work

    public init(procedure: ProcedureID, reason: OpenReason, work: Work = .none) {
        self.procedure = procedure
        self.reason = reason
        self.work = work
    }
}

/// The check of one sequence length n: the outcome, which procedure decided
/// it (or tried last), and the attempts that left it open on the way.
public struct LengthResult: Sendable {
    public var length: Int
    public var outcome: Outcome
    /// The procedure whose outcome this is.
    public var procedure: ProcedureID
    public var arithmetic: Arithmetic
    /// The equally likely paths: n·2^n (F1B) or C(n, m)·2^n (Flagged-m-Bit).
    public var pathCount: BigInteger
    /// Interval precision in bits, where rational-endpoint intervals were used.
    public var precision: Int?
    /// Procedures that ran on this length before and left it open.
    public var attempts: [Attempt] = []
    /// What the deciding procedure got through.
    public var work: Work = .none
    /// Flagged-m-Bit: each readout's verdict (empty for F1B).
    public var readouts: [ReadoutResult] = []

    public init(length: Int, outcome: Outcome, procedure: ProcedureID, arithmetic: Arithmetic, pathCount: BigInteger,
                precision: Int? = nil, work: Work = .none) {
        self.length = length
        self.outcome = outcome
        self.procedure = procedure
        self.arithmetic = arithmetic
        self.pathCount = pathCount
        self.precision = precision
        self.work = work
    }

    public var verdict: Verdict { outcome.verdict }

    public var certificate: Certificate? {
        if case .pass(let c) = outcome { return c }
        return nil
    }

    public var refutation: Refutation? {
        if case .fail(let r) = outcome { return r }
        return nil
    }

    public var openReason: OpenReason? {
        if case .open(let r) = outcome { return r }
        return nil
    }

    /// The classifier evaluated: the file's, or the one found for a pass.
    public var classifier: Classifier? { certificate?.classifier ?? refutation?.classifier }

    /// The exact number of misclassified paths, where every path was placed (0 on a pass).
    public var misclassified: BigInteger? {
        switch outcome {
        case .pass: return BigInteger(0)
        case .fail(let r): return r.count?.exactValue
        case .open: return nil
        }
    }

    /// The certified errors and, where the count is exact, Pe = errors / paths (Lemma 3: each path has 1/(paths)).
    public var errorCount: ErrorCount? {
        switch outcome {
        case .pass: return .exact(BigInteger(0))
        case .fail(let r): return r.count
        case .open: return nil
        }
    }

    /// Pe exactly (reduced), where the count is exact.
    public var errorProbability: Rational? {
        guard let k = misclassified, pathCount.signum > 0 else { return nil }
        return Rational(numerator: k, denominator: pathCount)
    }

    public var counterexample: Counterexample? { refutation?.counterexample }
    /// Whether the classifier of a pass was found (not the file's).
    public var classifierFound: Bool { certificate?.classifierFound ?? false }
    public var margin: Margin? { certificate?.margin ?? refutation?.margin }
}

/// The every-n part of a check (`--n all`): a certificate for every n, or the
/// boundary found length by length.
public struct EveryLengthResult: Sendable {
    /// pass: a certificate covers every n; fail: some n fails (the smallest
    /// failing n is `firstFailure` when every shorter n is decided);
    /// inconclusive: neither.
    public var verdict: Verdict
    /// The certificate for every n (with `verdict == .pass`).
    public var certificate: EveryLengthCertificate?
    /// Who proved it, or found the failure.
    public var procedure: ProcedureID?
    /// The smallest failing n found.
    public var firstFailure: Int?
    /// Every n in 1…decidedThrough is decided (each passes unless it is `firstFailure`).
    public var decidedThrough: Int
    /// Lengths below `firstFailure` (or checked while looking for one) left undecided.
    public var undecided: [Int]
    /// Every-n procedures that ran and did not give a certificate, and why.
    public var attempts: [Attempt]

    public init(verdict: Verdict, certificate: EveryLengthCertificate?, procedure: ProcedureID?, firstFailure: Int?,
                decidedThrough: Int, undecided: [Int], attempts: [Attempt]) {
        self.verdict = verdict
        self.certificate = certificate
        self.procedure = procedure
        self.firstFailure = firstFailure
        self.decidedThrough = decidedThrough
        self.undecided = undecided
        self.attempts = attempts
    }

    /// Whether `firstFailure` is the smallest failing n: every shorter n passes.
    public var isBoundary: Bool { firstFailure.map { decidedThrough >= $0 - 1 } ?? false }
}

/// An inductive certificate that every n passes (or, for exact reachable
/// sets, that every n has the sets of an n checked).
public struct EveryLengthCertificate: Sendable {
    public enum Kind: Sendable {
        /// The exact reachable sets repeat: layers from…from+period−1 recur forever.
        case repeatingSets(period: Int, layers: [ReachableLayer])
        /// K = 1 intervals mapped into themselves by every input.
        case invariantIntervals(before: Interval, positive: Interval, negative: Interval, classifier: Classifier)
        /// Boxes mapped into themselves by every input (`CoverInvariant`).
        case cover(CoverInvariant, rechecked: Bool)
        /// Covers that repeat from a step on.
        case repeatingCovers(period: Int)
        /// A set procedure's own certificate, summarised.
        case sets(description: String)
        /// Parallelotopes mapped into themselves by every input, separated by
        /// the classifier, re-checked (`ZonotopeInvariantCertificate`).
        case zonotopeInvariant(ZonotopeInvariantCertificate)
    }

    public var kind: Kind
    /// The certificate holds from this step on; every n below it was decided on the way.
    public var from: Int

    public init(kind: Kind, from: Int) {
        self.kind = kind
        self.from = from
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
    public var test: Problem.Test
    public var results: [LengthResult]
    public var everyLength: EveryLengthResult?
    public var expectation: Expectation?
    /// Set when the run was cut short (time limit, Ctrl-C): what was decided so far.
    public var interruption: OpenReason?

    public init(problem: Problem, results: [LengthResult] = [], everyLength: EveryLengthResult? = nil) {
        name = problem.name
        model = problem.cell.model
        test = problem.test
        self.results = results
        self.everyLength = everyLength
        expectation = problem.construction.expectation
    }

    public var verdict: Verdict {
        Verdict.combined(results.map(\.verdict) + (everyLength.map { [$0.verdict] } ?? []))
    }

    /// The result at n, if n was checked.
    public func result(at n: Int) -> LengthResult? { results.first { $0.length == n } }

    /// Whether the file's claim (`expect`) is what was found at every length it
    /// names: true when every claimed length was decided with the claimed
    /// verdict, false when one was decided otherwise, nil without a claim or
    /// when some claimed length was not decided (or not checked).
    public var expectationConfirmed: Bool? {
        guard let expectation else { return nil }
        let expected: Verdict = expectation.verdict == .pass ? .pass : .fail
        switch expectation.lengths {
        case .all:
            // "pass for every n" needs the every-n certificate; "fail" needs a failing n.
            guard let every = everyLength else { return nil }
            if every.verdict == .inconclusive { return nil }
            return every.verdict == expected
        case .list(let ns):
            var undecided = false
            for n in ns {
                guard let verdict = verdictAt(n) else { undecided = true; continue }
                if verdict == .inconclusive { undecided = true } else if verdict != expected { return false }
            }
            return undecided ? nil : true
        }
    }

    /// The verdict at n: a checked length's, or one an every-n certificate implies.
    public func verdictAt(_ n: Int) -> Verdict? {
        if let r = result(at: n) { return r.verdict }
        if let every = everyLength, every.verdict == .pass { return .pass }
        return nil
    }

    /// The claimed lengths that this check did not decide.
    public var undecidedClaims: [Int] {
        guard let expectation, case .list(let ns) = expectation.lengths else { return [] }
        return ns.filter { verdictAt($0).map { $0 == .inconclusive } ?? true }
    }

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
