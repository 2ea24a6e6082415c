import Cells
import Constructions
import Exact
import F1B

/// Decides whether a construction passes F1B(n) for each requested n.
///
/// Piecewise-linear cells are decided exactly in `Rational`, by reachable-set
/// dynamic programming (`dp`, the default) or by enumerating every path
/// (`enumerate`). Cells with tanh or sigmoid are evaluated in `Double` and
/// always come back inconclusive, their numbers labelled "not certified": a
/// floating-point run is never a proof.
public struct Checker: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        /// DP, falling back to enumeration for the n it could not reach within --max-states.
        case auto
        case dp
        case enumerate
    }

    public struct Options: Sendable {
        public var method: Method = .auto
        /// Refuse (inconclusive) to enumerate an n with more paths than this.
        public var maximumPaths: Int = 1 << 25
        /// Distinct states kept: by the DP over all its layers, by enumeration per n.
        public var maximumStates: Int = 2_000_000
        /// Deepest DP sweep for `--n all`.
        public var maximumDepth: Int = 100_000
        public var counterexampleLimit: Int = 5
        /// Off only to time the full DP sweep in benchmarks.
        public var detectRepetition = true
        public init() {}
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// Checks every n in `lengths`; `.all` asks for an all-n certificate.
    /// `progress` receives short notes as work proceeds.
    public func check(_ construction: Construction, lengths: SequenceLengths,
                      progress: (String) -> Void = { _ in }) -> CheckReport {
        var report = CheckReport(name: construction.name, model: construction.cell.model, results: [],
                                 allLengths: nil, expectation: construction.expectation)
        let ns: [Int]
        switch lengths {
        case .list(let list): ns = list
        case .all: ns = []
        }
        let exact = construction.cell.isPiecewiseLinear
        var byLength: [Int: LengthResult] = [:]

        if exact, options.method != .enumerate {
            progress("reachable-set DP\(lengths == .all ? " until the sets repeat" : " to n = \(ns.max() ?? 0)")")
            let outcome = construction.cell.withCell(ReachableSetCheck<Rational>(
                lengths: ns, untilRepeat: lengths == .all ? options.maximumDepth : nil,
                classifier: construction.classifier, options: options))
            byLength = outcome.results
            report.allLengths = outcome.allLengths
            if lengths == .all {
                report.results = byLength.keys.sorted().map { byLength[$0]! }
                return report
            }
        } else if lengths == .all {
            report.allLengths = AllLengthsResult(
                verdict: .inconclusive, from: nil,
                reason: exact ? "--method enumerate cannot cover every n; use --method dp"
                              : "all-n certificates for tanh/sigmoid cells need certified enclosures")
        }
        for n in ns {
            if let r = byLength[n] {
                report.results.append(r)
                continue
            }
            if exact, options.method == .dp {
                var r = LengthResult(length: n, verdict: .inconclusive, arithmetic: .exact, method: "reachable-set DP",
                                     pathCount: Path.count(length: n), classifier: construction.classifier, classifierFound: false)
                r.reason = "the reachable sets exceed \(options.maximumStates) stored states (--max-states) before step \(n)"
                report.results.append(r)
                continue
            }
            progress("n = \(n): enumerating \(Path.count(length: n)) paths")
            report.results.append(enumerate(construction, length: n))
        }
        return report
    }

    /// One n, by the configured method.
    public func check(_ construction: Construction, length n: Int) -> LengthResult {
        check(construction, lengths: .list([n])).results[0]
    }

    /// One n by exhaustive enumeration (exact for piecewise-linear cells, double otherwise).
    public func enumerate(_ construction: Construction, length n: Int) -> LengthResult {
        let exact = construction.cell.isPiecewiseLinear
        var result = LengthResult(length: n, verdict: .inconclusive, arithmetic: exact ? .exact : .double,
                                  method: "exhaustive enumeration", pathCount: Path.count(length: n),
                                  classifier: construction.classifier, classifierFound: false)
        guard n <= 57, n << n <= options.maximumPaths else {
            result.reason = "n·2^n = \(result.pathCount) paths exceeds the enumeration budget of \(options.maximumPaths) (--max-paths)"
                + (exact && options.method == .auto ? ", and the DP exceeded --max-states" : "")
            return result
        }
        result = exact
            ? construction.cell.withCell(EnumerationCheck<Rational>(length: n, classifier: construction.classifier, options: options))
            : construction.cell.withCell(EnumerationCheck<Double>(length: n, classifier: construction.classifier, options: options))
        if !exact {
            let estimate = result.verdict
            result.verdict = .inconclusive
            result.reason = "tanh/sigmoid evaluated in double precision, not certified (double-precision estimate: \(estimate.rawValue))"
        }
        return result
    }
}

/// `f1b check` by enumerating every path of one n.
struct EnumerationCheck<Scalar: EnumerableScalar>: CellVisitor {
    let length: Int
    let classifier: Classifier?
    let options: Checker.Options

    func visit<C: RecurrentCell>(_ cell: C) -> LengthResult where C.Scalar == Scalar {
        let n = length
        let enumerator = ExhaustiveEnumerator(cell: cell)
        let K = cell.stateSize
        var result = LengthResult(length: n, verdict: .inconclusive,
                                  arithmetic: C.Scalar.self == Rational.self ? .exact : .double,
                                  method: "exhaustive enumeration", pathCount: Path.count(length: n),
                                  classifier: classifier, classifierFound: false)
        let maximumStates = options.maximumStates, limit = options.counterexampleLimit
        func collectStates() -> SeparabilityDecision? {
            let states = enumerator.walk(length: n) {
                ExactTally<Scalar>(stateSize: K, classifier: nil, collectStates: true, maximumStates: maximumStates)
            }
            guard !states.stateLimitExceeded else { return nil }
            func points(_ dictionary: [[Scalar]: Int]) -> [SeparabilityDecision.Point] {
                dictionary.sorted { $0.value < $1.value }.map { state, index in
                    .init(state: state.map(\.exactValue), path: { Path(length: n, index: index) })
                }
            }
            return SeparabilityDecision(positive: points(states.positiveStates), negative: points(states.negativeStates))
        }

        guard let classifier else {
            guard let decision = collectStates() else {
                result.reason = "more than \(options.maximumStates) distinct final states (--max-states); separability not decided"
                return result
            }
            decision.apply(to: &result)
            return result
        }
        let outcome = enumerator.walk(length: n) {
            ExactTally<Scalar>(stateSize: K, classifier: classifier, collectStates: false, counterexampleLimit: limit)
        }
        result.misclassified = BigInteger(outcome.misclassified)
        result.errorProbability = Rational(numerator: BigInteger(outcome.misclassified), denominator: result.pathCount)
        if outcome.misclassified == 0 {
            result.verdict = .pass
            result.margin = outcome.leastMargin?.exactValue
            return result
        }
        result.verdict = .fail
        result.counterexample = .misclassified(outcome.firstMisclassified.map { index in
            let path = Path(length: n, index: index)
            let state = cell.classifiedState(cell.run(path)).map(\.exactValue)
            return ScoredPath(path: path, finalState: state, score: classifier.score(state))
        })
        // Would another classifier do? Worth telling the author.
        if let decision = collectStates() {
            result.distinctStates = (decision.positive.count, decision.negative.count)
            result.separatingClassifier = decision.alternative()
        }
        return result
    }
}
