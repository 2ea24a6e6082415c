import Cells
import Constructions
import Exact
import F1B

/// Decides whether a construction passes F1B(n) for each requested n.
///
/// Piecewise-linear cells are decided exactly in `Rational`, by reachable-set
/// dynamic programming (`dp`) or by enumerating every path (`enumerate`).
/// Cells with tanh or σ are decided in certified interval arithmetic: by
/// enclosure propagation of the reachable sets (`enclosure`; K = 1 cells with a
/// monotone update, any n) or by enumerating every path (`enumerate`, any K).
/// A PASS is always a proof; what cannot be decided is inconclusive.
public struct Checker: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        /// Exact cells: DP, then enumeration where the DP ran out of states.
        /// tanh/σ cells: enclosure propagation where it applies and decides, else enumeration.
        case auto
        case dp
        case enumerate
        case enclosure
        /// Invariant covers (unions of boxes, any cell and K, every n); `auto`
        /// tries them wherever the methods above leave an n undecided.
        case cover
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
        /// Bits kept by interval arithmetic (tanh/σ cells).
        public var precision = 128
        /// Leaves a cover's partition may grow to (`--max-boxes`).
        public var maximumBoxes = 200_000
        /// Watches a long check: each step of a sweep and each n decided for good.
        public var observer = CheckObserver()
        /// `auto` leaves enumeration until covers have had their turn.
        var deferEnumeration = false
        /// Tests only: covers with deliberately unsound images (`CoverGraph.unsoundShiftForTesting`).
        var unsoundCoverShiftForTesting = 0.0
        public init() {}
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// Checks every n in `lengths`; `.all` asks for an all-n certificate.
    /// `progress` receives short notes as work proceeds.
    public func check(_ construction: Construction, lengths: SequenceLengths,
                      progress: (String) -> Void = { _ in }) -> CheckReport {
        if options.method == .cover { return covered(construction, lengths: lengths, progress: progress) }
        guard options.method == .auto else { return direct(construction, lengths: lengths, progress: progress) }
        // auto: the DP or enclosure propagation; covers for what they leave; then enumeration
        // (complete, and slow) of what covers leave, within --max-paths.
        var first = self
        first.options.deferEnumeration = true
        var report = withCovers(first.direct(construction, lengths: lengths, progress: progress), construction,
                                lengths: lengths, progress: progress)
        report.results = report.results.map { r in
            guard r.verdict == .inconclusive, fitsEnumeration(r.length) else { return r }
            progress("n = \(r.length): enumerating \(Path.count(length: r.length)) paths")
            return enumerate(construction, length: r.length, note: r.reason)
        }
        return report
    }

    /// `--method cover`.
    func covered(_ construction: Construction, lengths: SequenceLengths, progress: (String) -> Void) -> CheckReport {
        var report = CheckReport(name: construction.name, model: construction.cell.model, results: [],
                                 allLengths: nil, expectation: construction.expectation)
        let check = CoverCheck(construction: construction, options: options)
        switch lengths {
        case .list(let ns):
            let outcome = check.run(lengths: ns, progress: progress)
            report.results = ns.map { outcome.results[$0]! }
        case .all:
            let outcome = check.run(lengths: nil, progress: progress)
            report.results = outcome.results.keys.sorted().map { outcome.results[$0]! }
            report.allLengths = outcome.allLengths
        }
        return report
    }

    /// `auto`: covers for whatever the direct methods left inconclusive.
    func withCovers(_ report: CheckReport, _ construction: Construction, lengths: SequenceLengths,
                    progress: (String) -> Void) -> CheckReport {
        var report = report
        let check = CoverCheck(construction: construction, options: options)
        if lengths == .all {
            guard report.allLengths?.verdict == .inconclusive else { return report }
            progress("invariant covers for every n")
            let outcome = check.run(lengths: nil, progress: progress)
            guard let all = outcome.allLengths, all.verdict != .inconclusive else {
                report.allLengths?.reason += "; covers: \(outcome.allLengths?.reason ?? "undecided")"
                return report
            }
            var byLength = Dictionary(uniqueKeysWithValues: report.results.map { ($0.length, $0) })
            for (n, r) in outcome.results where byLength[n]?.verdict != .pass || r.verdict == .fail { byLength[n] = r }
            report.results = byLength.keys.sorted().map { byLength[$0]! }
            report.allLengths = all
            return report
        }
        let open = report.results.filter { $0.verdict == .inconclusive }.map(\.length)
        guard !open.isEmpty else { return report }
        progress("invariant covers for n = \(SequenceLengths.list(open))")
        let outcome = check.run(lengths: open, progress: progress)
        report.results = report.results.map { r in
            guard r.verdict == .inconclusive, var c = outcome.results[r.length] else { return r }
            if c.verdict == .inconclusive { c.reason = [r.reason, c.reason.map { "covers: \($0)" }].compactMap { $0 }.joined(separator: "; ") }
            return c
        }
        return report
    }

    /// The direct methods: DP and enumeration (exact), enclosure propagation and enumeration (certified).
    func direct(_ construction: Construction, lengths: SequenceLengths,
                progress: (String) -> Void) -> CheckReport {
        var report = CheckReport(name: construction.name, model: construction.cell.model, results: [],
                                 allLengths: nil, expectation: construction.expectation)
        let ns: [Int]
        switch lengths {
        case .list(let list): ns = list
        case .all: ns = []
        }
        let exact = construction.cell.isPiecewiseLinear && options.method != .enclosure
        guard exact else { return certified(construction, lengths: lengths, report: report, progress: progress) }
        var byLength: [Int: LengthResult] = [:]

        if options.method != .enumerate {
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
            report.allLengths = AllLengthsResult(verdict: .inconclusive, from: nil,
                                                 reason: "--method enumerate cannot cover every n; use --method dp")
        }
        for n in ns {
            if let r = byLength[n] {
                report.results.append(r)
                continue
            }
            if options.method == .dp {
                var r = LengthResult(length: n, verdict: .inconclusive, arithmetic: .exact, method: "reachable-set DP",
                                     pathCount: Path.count(length: n), classifier: construction.classifier, classifierFound: false)
                r.reason = "the reachable sets exceed \(options.maximumStates) stored states (--max-states) before step \(n)"
                report.results.append(r)
                continue
            }
            guard !options.deferEnumeration else {
                var r = LengthResult(length: n, verdict: .inconclusive, arithmetic: .exact, method: "reachable-set DP",
                                     pathCount: Path.count(length: n), classifier: construction.classifier, classifierFound: false)
                r.reason = "the DP exceeded --max-states"
                report.results.append(r)
                continue
            }
            progress("n = \(n): enumerating \(Path.count(length: n)) paths")
            report.results.append(enumerate(construction, length: n,
                                            note: options.method == .auto ? "the DP exceeded --max-states" : nil))
        }
        return report
    }

    /// One n, by the configured method.
    public func check(_ construction: Construction, length n: Int) -> LengthResult {
        check(construction, lengths: .list([n])).results[0]
    }

    /// One n by exhaustive enumeration: exact for piecewise-linear cells,
    /// certified intervals for tanh/σ cells.
    public func enumerate(_ construction: Construction, length n: Int, note: String? = nil) -> LengthResult {
        let exact = construction.cell.isPiecewiseLinear
        var result = LengthResult(length: n, verdict: .inconclusive, arithmetic: exact ? .exact : .intervals,
                                  method: "exhaustive enumeration", pathCount: Path.count(length: n),
                                  classifier: construction.classifier, classifierFound: false)
        guard fitsEnumeration(n) else {
            result.reason = "n·2^n = \(result.pathCount) paths exceeds the enumeration budget of \(options.maximumPaths) (--max-paths)"
                + (note.map { "; \($0)" } ?? "")
            return result
        }
        return exact
            ? construction.cell.withCell(EnumerationCheck<Rational>(length: n, classifier: construction.classifier, options: options))
            : construction.cell.withCell(IntervalEnumerationCheck(length: n, classifier: construction.classifier,
                                                                  precision: options.precision, options: options))
    }

    /// Whether n·2^n paths fit the enumeration budget.
    func fitsEnumeration(_ n: Int) -> Bool { n <= 57 && n << n <= options.maximumPaths }

    /// Whether enclosure propagation applies: one classified number that
    /// evolves on its own (K = 1; for the LSTM, no U weights, so c never reads d).
    public static func enclosureApplies(to cell: CellSpecification) -> String? {
        guard cell.stateSize == 1 else { return "enclosure propagation needs K = 1 (this cell has K = \(cell.stateSize))" }
        guard cell.model.hasTwoHalves else { return nil }
        // The LSTMs classifying c with no U weights: c evolves on its own.
        guard cell.model == .lstm || cell.model == .urLSTM, !cell.classifiesHidden else {
            return "enclosure propagation needs the classified number to evolve on its own (this \(cell.model.rawValue) classifies a state that reads the other half)"
        }
        let recurrent = cell.parameterShapes.map(\.name).filter { $0.hasPrefix("U_") }
        if recurrent.contains(where: { !cell.parameter($0).isZero }) {
            return "enclosure propagation needs an LSTM whose c does not read h (all U weights zero)"
        }
        return nil
    }

    /// tanh/σ cells (or --method enclosure): certified interval arithmetic.
    func certified(_ construction: Construction, lengths: SequenceLengths, report: CheckReport,
                   progress: (String) -> Void) -> CheckReport {
        var report = report
        guard case .list(let ns) = lengths else {
            if let reason = Self.enclosureApplies(to: construction.cell) {
                report.allLengths = AllLengthsResult(
                    verdict: .inconclusive, from: nil,
                    reason: "an all-n certificate for tanh/σ cells needs enclosure propagation, which does not apply: \(reason)")
                return report
            }
            progress("enclosure propagation until the intervals are invariant, at \(options.precision) bits")
            let derivative = construction.cell.withCell(DerivativeVisitor(precision: options.precision))
            let (all, results) = construction.cell.withCell(EnclosureAllLengths(
                classifier: construction.classifier, precision: options.precision,
                maximumDepth: min(options.maximumDepth, 20_000), derivative: derivative))
            report.allLengths = all
            report.results = results
            return report
        }
        var byLength: [Int: LengthResult] = [:]
        let notApplicable = Self.enclosureApplies(to: construction.cell)
        if options.method == .auto || options.method == .enclosure, notApplicable == nil {
            progress("enclosure propagation to n = \(ns.max() ?? 0) at \(options.precision) bits")
            let derivative = construction.cell.withCell(DerivativeVisitor(precision: options.precision))
            byLength = construction.cell.withCell(EnclosureCheck(lengths: ns, classifier: construction.classifier,
                                                                 precision: options.precision, derivative: derivative,
                                                                 observer: options.observer))
        }
        for n in ns {
            // An undecided enclosure result falls back to enumeration when that is allowed and affordable.
            if let r = byLength[n], r.verdict != .inconclusive || options.method == .enclosure || !fitsEnumeration(n)
                || options.deferEnumeration {
                report.results.append(r)
                continue
            }
            switch options.method {
            case .dp:
                var r = LengthResult(length: n, verdict: .inconclusive, arithmetic: .intervals, method: "reachable-set DP",
                                     pathCount: Path.count(length: n), classifier: construction.classifier, classifierFound: false)
                r.reason = "the reachable-set DP needs exact states; tanh/σ cells use --method enclosure or enumerate"
                report.results.append(r)
            case .enclosure:
                var r = LengthResult(length: n, verdict: .inconclusive, arithmetic: .intervals, method: "enclosure propagation",
                                     pathCount: Path.count(length: n), classifier: construction.classifier, classifierFound: false)
                r.reason = notApplicable ?? "not reached"
                report.results.append(r)
            case .auto where options.deferEnumeration:
                var r = LengthResult(length: n, verdict: .inconclusive, arithmetic: .intervals, method: "enclosure propagation",
                                     pathCount: Path.count(length: n), classifier: construction.classifier, classifierFound: false)
                r.reason = notApplicable
                report.results.append(r)
            case .auto, .enumerate, .cover:
                progress("n = \(n): enumerating \(Path.count(length: n)) paths in interval arithmetic")
                report.results.append(enumerate(construction, length: n, note: byLength[n]?.reason ?? notApplicable))
            }
        }
        return report
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
                                  arithmetic: .exact,
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
        result.margin = outcome.leastMargin
        if outcome.misclassified == 0 {
            result.verdict = .pass
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

extension Checker {
    /// A file's claim checked together with where it ends: for lengths 1…N,
    /// F1B(N + 1) in the same sweep, returned apart (`next`) so a report can say
    /// whether N is the boundary. Other specs are checked as they are.
    public func checkClaim(_ construction: Construction, lengths: SequenceLengths) -> (report: CheckReport, next: LengthResult?) {
        guard case .list(let ns) = lengths, let last = ns.last, ns == Array(1...last) else {
            return (check(construction, lengths: lengths), nil)
        }
        var report = check(construction, lengths: .list(ns + [last + 1]))
        let next = report.results.popLast()
        return (report, next)
    }
}
