import Cells
import Constructions
import Exact
import F1B

/// Decides a `Problem` with a portfolio of `DecisionProcedure`s — the
/// scheduler of `f1b check`.
///
/// Lengths (`--n 12`, `1...40`): the applicable procedures in order of
/// estimated cost — a falsifier (most failing models fail on paths a search
/// finds) before anything costlier than its search — each given what is left
/// of the budget and only the lengths it can still add to: an undecided length, or
/// — for a complete procedure — a failing length whose error count is only a
/// lower bound. Under a time limit a sound procedure (which may prove
/// nothing) yields its turn to a complete one that fits the time left now but
/// would not after it. A length decided once is never decided again; what no
/// procedure decides the falsifier searches on while the budget's
/// `searchSeconds` last, and then the last-resort procedures
/// (`LastResortProcedure`: history-keyed boxes) take the time left. Every fail is
/// replayed (`Recheck`) before it counts; an over-approximation that does not
/// prove leaves the length open, never failed.
///
/// Every n (`--n all`): the procedures that can give an every-n certificate,
/// by cost; without one, the boundary found length by length — a falsifier
/// scans n = 1, 2, … for the smallest failing length, and the lengths below
/// it are decided as a list — so the answer is the smallest failing n and the
/// largest n up to which every length is decided, never a ladder's rung.
public struct Checker: Sendable {
    public struct Options: Sendable {
        /// The procedure to use alone (its `--method` id), or nil for the portfolio.
        public var method: String?
        public var budget = Budget()
        /// Bits kept by rational-endpoint intervals (tanh/σ cells).
        public var precision = 128
        public var counterexampleLimit = 5
        /// Paths an already failing length may be enumerated to count its errors exactly.
        public var countingPaths: BigInteger = BigInteger(1 << 22)
        /// Off only to time the full DP sweep in benchmarks.
        public var detectRepetition = true
        public var observer = CheckObserver()
        /// Tests only: covers with deliberately unsound images.
        public var unsoundCoverShiftForTesting = 0.0
        public init() {}

        /// Only the procedure with this id.
        public static func only(_ method: String) -> Options {
            var o = Options()
            o.method = method
            return o
        }
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// The procedures this run may use: the registry, or the one `--method` names.
    var procedures: [any DecisionProcedure] {
        let all = ProcedureRegistry.procedures(options)
        guard let method = options.method, method != "auto" else { return all }
        return all.filter { $0.id.id == method }
    }

    public func check(_ construction: Construction, lengths: SequenceLengths) -> CheckReport {
        check(Problem(construction, lengths: lengths))
    }

    /// One n.
    public func check(_ construction: Construction, length n: Int) -> LengthResult {
        check(construction, lengths: .list([n])).results[0]
    }

    public func check(_ problem: Problem) -> CheckReport {
        var ledger = Ledger()
        var report = CheckReport(problem: problem)
        switch problem.lengths {
        case .list(let ns):
            decide(problem, ns, &ledger)
            searchOn(problem, ns, &ledger)
            lastResort(problem, ns, &ledger)
            report.results = ns.map { ledger.result($0, problem: problem) }
        case .all:
            let every = decideEveryLength(problem, &ledger)
            report.everyLength = every
            report.results = ledger.decided.keys.sorted().map { ledger.result($0, problem: problem) }
        }
        report.interruption = options.budget.exhaustion
        return report
    }

    func context(_ ledger: Ledger, _ problem: Problem, budget: Budget? = nil) -> DecisionContext {
        let observer = options.observer, precision = options.precision, budget = budget ?? options.budget
        return DecisionContext(budget: budget, observer: observer, candidates: ledger.candidates, emit: { r in
            // Streamed only when final: a pass, or a fail whose count is exact (or that has no count).
            let checked = Recheck.confirm(r, problem: problem, precision: precision, budget: budget)
            switch checked.outcome {
            case .pass: observer.decided(checked)
            case .fail(let refutation) where refutation.count == nil || refutation.count?.exactValue != nil: observer.decided(checked)
            default: break
            }
        })
    }

    /// Records a procedure's results, each fail replayed first.
    func record(_ results: [LengthResult], _ problem: Problem, _ ledger: inout Ledger) {
        for r in results {
            let checked = Recheck.confirm(r, problem: problem, precision: options.precision, budget: options.budget)
            let wasSettled = ledger.isSettled(r.length)
            ledger.record(checked)
            if !wasSettled, ledger.isSettled(r.length) { options.observer.decided(ledger.result(r.length, problem: problem)) }
            if case .fail(let refutation) = checked.outcome, case .misclassified(let paths) = refutation.counterexample {
                ledger.candidates[r.length, default: []].append(contentsOf: paths.map(\.path))
            }
        }
    }

    /// The procedures that apply, falsifiers first — their search is bounded
    /// (by the budget and, at short lengths, by the number of paths), and a
    /// certified failure settles a length whatever the other procedures would
    /// cost — unless a procedure that decides is estimated ten times cheaper
    /// (the DP, a small enumeration, K = 1 propagation: they give the exact
    /// answer themselves), or is complete and estimated cheaper than the search;
    /// the rest by estimated cost on `lengths`. A complete
    /// procedure still runs after a fail where the paths fit the counting
    /// budget, to give the exact count.
    func ordered(_ problem: Problem, lengths: [Int], _ ledger: inout Ledger) -> [any DecisionProcedure] {
        var applicable: [(any DecisionProcedure, Cost)] = []
        for p in procedures where !(isPortfolio && p is any LastResortProcedure) {
            switch p.applicability(problem) {
            case .applies: applicable.append((p, p.estimate(problem, lengths: lengths)))
            case .notApplicable(let why):
                if options.method != nil && options.method != "auto" {
                    // The one named procedure does not apply: every length says so.
                    for n in lengths { ledger.record(p.open(problem, n, .notApplicable(why), arithmetic: p.arithmetic(problem))) }
                }
            }
        }
        // A falsifier's work counts a tenth: it runs first unless a procedure that
        // decides (and counts) is estimated ten times cheaper — or is a complete
        // procedure estimated cheaper than the search itself: its answer is exact
        // and includes any failure the search could find (the search's operations
        // are scalar cell steps, several times dearer than enumeration's lanes:
        // a K = 32 GRU at n = 10 took 1.9 s to search and 0.2 s to enumerate).
        let search = applicable.filter { $0.0.guarantee == .falsifier }.map(\.1.operations).min() ?? -.infinity
        func key(_ entry: (any DecisionProcedure, Cost)) -> Double {
            switch entry.0.guarantee {
            case .falsifier: return entry.1.operations / 10
            case .complete where entry.1.operations < search: return entry.1.operations / 100
            default: return entry.1.operations
            }
        }
        return applicable.sorted { a, b in
            key(a) != key(b) ? key(a) < key(b) : (a.0.guarantee == .falsifier && b.0.guarantee != .falsifier)
        }.map(\.0)
    }

    /// Decides a list of lengths into the ledger.
    func decide(_ problem: Problem, _ lengths: [Int], _ ledger: inout Ledger) {
        func wanted(_ p: any DecisionProcedure, _ ledger: Ledger) -> [Int] {
            lengths.filter { n in
                guard ledger.wants(n, from: p.guarantee) else { return false }
                // Counting the errors of a failing length is worth a bounded enumeration only.
                if ledger.isDecided(n) { return problem.pathCount(n) <= options.countingPaths }
                return true
            }
        }
        var queue = ordered(problem, lengths: lengths, &ledger)
        while !queue.isEmpty {
            if queue[0].guarantee == .sound, let left = options.budget.secondsLeft, case let asked = wanted(queue[0], ledger), !asked.isEmpty {
                let sound = queue[0].estimate(problem, lengths: asked).operations
                let complete = queue.indices.dropFirst().compactMap { i -> TimedCandidate? in
                    guard queue[i].guarantee == .complete, let timed = queue[i] as? any TimedProcedure else { return nil }
                    let ns = wanted(timed, ledger)
                    guard !ns.isEmpty else { return nil }
                    return TimedCandidate(index: i, operations: timed.estimate(problem, lengths: ns).operations,
                                          seconds: timed.estimatedSeconds(problem, lengths: ns, threads: options.budget.threads))
                }
                if let i = Self.completeFirst(soundOperations: sound, complete: complete, secondsLeft: left) {
                    queue.insert(queue.remove(at: i), at: 0)
                }
            }
            let p = queue.removeFirst()
            if let stop = options.budget.exhaustion {
                for n in lengths where !ledger.isDecided(n) { ledger.record(p.open(problem, n, stop, arithmetic: p.arithmetic(problem))) }
                return
            }
            let ns = wanted(p, ledger)
            guard !ns.isEmpty else { continue }
            record(p.decide(problem, lengths: ns, context: context(ledger, problem)), problem, &ledger)
        }
    }

    /// A complete procedure that can time itself, as the next sound one is about to run.
    struct TimedCandidate: Equatable {
        var index: Int
        var operations: Double
        var seconds: Double
    }

    /// Under a time limit, a sound procedure — which may prove nothing — does
    /// not go first where it would leave too little time for a complete
    /// procedure that fits now: the queue index of the first complete
    /// procedure with `seconds` ≤ `secondsLeft` whose time, added to the sound
    /// one's, exceeds it (nil: keep the order). The sound procedure's seconds
    /// are its estimated work at the complete one's calibrated rate — rough
    /// (on an LSTM with K = 32 at n = 20 it put zonotope propagation at 36 s
    /// against 11 s measured) but erring toward keeping the time, and without
    /// it that model went undecided where enumeration alone passes it in 49 s.
    static func completeFirst(soundOperations: Double, complete: [TimedCandidate], secondsLeft left: Double) -> Int? {
        guard let c = complete.first(where: { $0.seconds <= left }), c.operations > 0 else { return nil }
        let soundSeconds = soundOperations * c.seconds / c.operations
        return soundSeconds + c.seconds > left ? c.index : nil
    }

    /// Whether this run schedules the whole registry (no `--method`, or `auto`).
    var isPortfolio: Bool { options.method == nil || options.method == "auto" }

    /// The lengths of a list still open after the search-on, by each
    /// `LastResortProcedure` in turn with the time left (the portfolio only).
    func lastResort(_ problem: Problem, _ lengths: [Int], _ ledger: inout Ledger) {
        guard isPortfolio else { return }
        for p in procedures where p is any LastResortProcedure {
            guard options.budget.exhaustion == nil, case .applies = p.applicability(problem) else { continue }
            let open = lengths.filter { !ledger.isDecided($0) }
            guard !open.isEmpty else { return }
            record(p.decide(problem, lengths: open, context: context(ledger, problem)), problem, &ledger)
        }
    }

    /// The lengths of a list nothing decided: the falsifier searches on while
    /// the budget allows (`Budget.searchSeconds`; not in the every-n scan,
    /// whose lengths are many and whose boundary needs no more than a search).
    func searchOn(_ problem: Problem, _ lengths: [Int], _ ledger: inout Ledger) {
        let open = lengths.filter { !ledger.isDecided($0) }
        guard !open.isEmpty, options.budget.exhaustion == nil,
              let falsifier = procedures.lazy.compactMap({ $0 as? FalsificationProcedure }).first,
              case .applies = falsifier.applicability(problem) else { return }
        record(falsifier.searchOn(problem, lengths: open, context: context(ledger, problem)), problem, &ledger)
    }

    /// `--n all`: a certificate, or the boundary.
    func decideEveryLength(_ problem: Problem, _ ledger: inout Ledger) -> EveryLengthResult {
        var attempts: [Attempt] = []
        var failing: (n: Int, by: ProcedureID)?
        for p in ordered(problem, lengths: [], &ledger) where p.guarantee != .falsifier {
            if let stop = options.budget.exhaustion {
                attempts.append(Attempt(procedure: p.id, reason: stop))
                break
            }
            // Half of the time left, so the length-by-length scan keeps the rest.
            let attempt = p.decideEveryLength(problem, context: context(ledger, problem, budget: options.budget.share(0.5)))
            record(attempt.results, problem, &ledger)
            switch attempt.outcome {
            case .certificate(let certificate):
                // Every n below `from` must be decided too; a failing one among them ends the claim.
                let missing = (1..<Swift.max(certificate.from, 1)).filter { !ledger.isDecided($0) }
                if !missing.isEmpty { decide(problem, missing, &ledger) }
                if let fail = ledger.decided.values.filter({ $0.verdict == .fail }).map(\.length).min() {
                    failing = (fail, p.id)
                    break
                }
                let open = (1..<Swift.max(certificate.from, 1)).filter { ledger.decided[$0]?.verdict != .pass }
                let through = (1...).first { !ledger.isDecided($0) }! - 1
                return EveryLengthResult(verdict: open.isEmpty ? .pass : .inconclusive, certificate: certificate, procedure: p.id,
                                         firstFailure: nil, decidedThrough: through, undecided: open, attempts: attempts)
            case .fails(let n):
                if ledger.decided[n]?.verdict == .fail { failing = (n, p.id) }
            case .open(let reason):
                attempts.append(Attempt(procedure: p.id, reason: reason, work: attempt.work))
            }
            if failing != nil { break }
        }
        // No certificate: the boundary, length by length.
        let scan = boundaryScan(problem, &ledger, knownFailure: failing?.n)
        let failure = ledger.decided.values.filter { $0.verdict == .fail }.map(\.length).min()
        let through = (1...).first { !(ledger.decided[$0]?.verdict == .pass) }! - 1
        let undecided = failure.map { f in (1..<f).filter { !ledger.isDecided($0) } } ?? []
        let by = failure.flatMap { ledger.decided[$0]?.procedure }
        return EveryLengthResult(verdict: failure == nil ? .inconclusive : .fail, certificate: nil, procedure: by,
                                 firstFailure: failure, decidedThrough: through, undecided: undecided,
                                 attempts: attempts + scan)
    }

    /// Scans n = 1, 2, … for the smallest failing length (up to
    /// `budget.everyLengthScan`, or below a failure already known) with the
    /// falsifiers and, where the paths fit the counting budget, the complete
    /// procedures; then decides the lengths below the first failure found (or
    /// the scanned range) as a list, with the whole portfolio.
    func boundaryScan(_ problem: Problem, _ ledger: inout Ledger, knownFailure: Int?) -> [Attempt] {
        let limit = knownFailure.map { $0 - 1 } ?? options.budget.everyLengthScan
        guard limit >= 1 else { return [] }
        var firstFailure = knownFailure
        let scanners = ordered(problem, lengths: [], &ledger).filter { $0.guarantee != .sound }
        var scanned = 0
        // Complete procedures only while every shorter length is decided: past a gap the boundary is open anyway.
        var contiguous = true
        scan: for n in 1...limit {
            if !ledger.isDecided(n) {
                for p in scanners {
                    if options.budget.isExhausted { break scan }
                    if p.guarantee == .complete && (!contiguous || problem.pathCount(n) > options.countingPaths) { continue }
                    record(p.decide(problem, lengths: [n], context: context(ledger, problem)), problem, &ledger)
                    if ledger.isDecided(n) { break }
                }
            }
            scanned = n
            if !ledger.isDecided(n) { contiguous = false }
            options.observer.progress("every n: lengths scanned for a failure", n, limit)
            if ledger.decided[n]?.verdict == .fail && knownFailure == nil { firstFailure = n; break }
        }
        // Decide every length below the failure (or the scanned range) with the whole portfolio.
        let below = (1..<((firstFailure ?? (scanned + 1)))).filter { !ledger.isDecided($0) }
        if !below.isEmpty { decide(problem, below, &ledger) }
        guard firstFailure == nil else { return [] }
        let reason: OpenReason = options.budget.exhaustion ?? .noFailureUpTo(scanned)
        return [Attempt(procedure: .scheduler, reason: reason, work: Work(steps: scanned))]
    }
}

extension Checker {
    /// A file's claim checked together with where it ends: for lengths 1…N,
    /// F1B(N + 1) in the same run, returned apart (`next`) so a report can say
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
