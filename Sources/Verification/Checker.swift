import Cells
import Constructions
import Exact
import F1B

/// Decides whether a construction passes F1B(n) for each requested n.
///
/// Piecewise-linear cells are decided exactly in `Rational`. Cells with tanh or
/// sigmoid are evaluated in `Double` and always come back inconclusive (their
/// numbers labelled "not certified"): a floating-point run is never a proof.
public struct Checker: Sendable {
    public struct Options: Sendable {
        /// Refuse (inconclusive) an n with more paths than this.
        public var maximumPaths: Int = 1 << 25
        /// Distinct final states kept for the separability decision.
        public var maximumStates: Int = 2_000_000
        public var counterexampleLimit: Int = 5
        public init() {}
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// Checks every n in `lengths` (`.all` is answered inconclusive: all-n
    /// certificates need the reachable-set engine). `progress` receives short
    /// human-readable notes as work proceeds.
    public func check(_ construction: Construction, lengths: SequenceLengths,
                      progress: (String) -> Void = { _ in }) -> CheckReport {
        var report = CheckReport(name: construction.name, model: construction.cell.model, results: [],
                                 allLengths: nil, expectation: construction.expectation)
        switch lengths {
        case .list(let ns):
            for n in ns {
                progress("n = \(n): \(Path.count(length: n)) paths")
                report.results.append(check(construction, length: n))
            }
        case .all:
            report.allLengths = AllLengthsResult(
                verdict: .inconclusive, from: nil,
                reason: "an all-n certificate needs the reachable-set engine, which this version does not have; check a finite range with --n a...b")
        }
        return report
    }

    public func check(_ construction: Construction, length n: Int) -> LengthResult {
        let exact = construction.cell.isPiecewiseLinear
        var result = LengthResult(length: n, verdict: .inconclusive, arithmetic: exact ? .exact : .double,
                                  method: "exhaustive enumeration", pathCount: Path.count(length: n),
                                  classifier: construction.classifier, classifierFound: false)
        guard n <= 57, n << n <= options.maximumPaths else {
            result.reason = "n·2^n = \(result.pathCount) paths exceeds the enumeration budget of \(options.maximumPaths) (--max-paths)"
            return result
        }
        result = exact
            ? construction.cell.withCell(LengthVisitor<Rational>(length: n, classifier: construction.classifier, options: options))
            : construction.cell.withCell(LengthVisitor<Double>(length: n, classifier: construction.classifier, options: options))
        if !exact {
            let estimate = result.verdict
            result.verdict = .inconclusive
            result.reason = "tanh/sigmoid evaluated in double precision, not certified (double-precision estimate: \(estimate.rawValue))"
        }
        return result
    }
}

/// Runs the enumerator for one n on whichever concrete cell it is handed.
struct LengthVisitor<Scalar: EnumerableScalar>: CellVisitor {
    let length: Int
    let classifier: Classifier?
    let options: Checker.Options

    func visit<C: RecurrentCell>(_ cell: C) -> LengthResult where C.Scalar == Scalar {
        let n = length
        let enumerator = ExhaustiveEnumerator(cell: cell)
        var result = LengthResult(length: n, verdict: .inconclusive,
                                  arithmetic: C.Scalar.self == Rational.self ? .exact : .double,
                                  method: "exhaustive enumeration", pathCount: Path.count(length: n),
                                  classifier: classifier, classifierFound: false)
        func scored(_ index: Int, with c: Classifier?) -> ScoredPath {
            let path = Path(length: n, index: index)
            let state = cell.classifiedState(cell.run(path)).map(\.exactValue)
            return ScoredPath(path: path, finalState: state, score: c?.score(state))
        }

        if let classifier {
            let outcome = enumerator.enumerate(length: n, options: .init(
                classifier: classifier, collectStates: false, counterexampleLimit: options.counterexampleLimit))
            result.misclassified = BigInteger(outcome.misclassified)
            result.errorProbability = Rational(numerator: BigInteger(outcome.misclassified), denominator: result.pathCount)
            if outcome.misclassified == 0 {
                result.verdict = .pass
                result.margin = outcome.leastMargin?.exactValue
                return result
            }
            result.verdict = .fail
            result.counterexample = .misclassified(outcome.firstMisclassified.map { scored($0, with: classifier) })
            // Would another classifier do? Worth telling the author.
            let states = enumerator.enumerate(length: n, options: .init(
                classifier: nil, collectStates: true, maximumStates: options.maximumStates))
            if !states.stateLimitExceeded {
                result.distinctStates = (states.positiveStates.count, states.negativeStates.count)
                if case .separable(let other, let margin) = separation(states).decision {
                    result.separatingClassifier = (other, margin)
                }
            }
            return result
        }

        let states = enumerator.enumerate(length: n, options: .init(
            classifier: nil, collectStates: true, maximumStates: options.maximumStates))
        guard !states.stateLimitExceeded else {
            result.reason = "more than \(options.maximumStates) distinct final states (--max-states); separability not decided"
            return result
        }
        result.distinctStates = (states.positiveStates.count, states.negativeStates.count)
        let (decision, positiveIndex, negativeIndex) = separation(states)
        switch decision {
        case .separable(let found, let margin):
            result.verdict = .pass
            result.classifier = found
            result.classifierFound = true
            result.margin = margin
            result.misclassified = 0
            result.errorProbability = 0
        case .inseparable(let positive, let negative, let point):
            result.verdict = .fail
            func weighted(_ w: LinearSeparation.Weighted, _ indices: [Int]) -> WeightedPath {
                let s = scored(indices[w.index], with: nil)
                return WeightedPath(weight: w.weight, path: s.path, finalState: s.finalState)
            }
            result.counterexample = .inseparable(positive: positive.map { weighted($0, positiveIndex) },
                                                 negative: negative.map { weighted($0, negativeIndex) },
                                                 point: point)
        }
        return result
    }

    /// Separability of the collected state sets, with the representative path
    /// index of each point (points ordered by that index, for stable output).
    func separation<S: EnumerableScalar>(_ outcome: ExhaustiveEnumerator<some RecurrentCell<S>>.Outcome)
        -> (decision: LinearSeparation, positiveIndex: [Int], negativeIndex: [Int]) {
        let pos = outcome.positiveStates.sorted { $0.value < $1.value }
        let neg = outcome.negativeStates.sorted { $0.value < $1.value }
        let decision = LinearSeparation.decide(positive: pos.map { $0.key.map(\.exactValue) },
                                               negative: neg.map { $0.key.map(\.exactValue) })
        return (decision, pos.map(\.value), neg.map(\.value))
    }
}
