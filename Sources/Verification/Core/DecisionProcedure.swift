import Exact
import F1B

/// A procedure's name: `id` is what `--method` takes, `title` what a reader sees.
public struct ProcedureID: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let title: String

    public init(_ id: String, title: String) {
        self.id = id
        self.title = title
    }

    public static func == (a: ProcedureID, b: ProcedureID) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    public var description: String { title }

    /// The scheduler's own name, for lengths no procedure reached.
    public static let scheduler = ProcedureID("auto", title: "scheduler")
}

/// What a procedure's answers mean.
public enum Guarantee: String, Sendable {
    /// Sees every path: its pass and fail are exact, and it can count the errors.
    case complete
    /// Over-approximates the reachable sets: it proves passes; where the
    /// over-approximation meets the wrong side it says open, never fail
    /// (a fail from it needs a certified misclassified path).
    case sound
    /// Looks for counterexamples: it only ever fails a length (with paths
    /// certified misclassified) or leaves it open.
    case falsifier
}

/// Whether a procedure applies to a problem.
public enum Applicability: Sendable, Equatable {
    case applies
    case notApplicable(NotApplicable)

    /// Applies to F1B problems only (not to Flagged-m-Bit, m ≥ 2).
    static func flaggedOneBitOnly(_ problem: Problem) -> Applicability {
        problem.test == .flaggedOneBit ? .applies : .notApplicable(.flaggedOneBitOnly(flags: problem.test.flags))
    }
}

/// An estimate of a procedure's work, for ordering: about how many scalar
/// multiply–adds it will spend (infinity when it cannot finish within its budget).
public struct Cost: Sendable, Comparable {
    public var operations: Double

    public init(operations: Double) { self.operations = operations }

    public static func < (a: Cost, b: Cost) -> Bool { a.operations < b.operations }
    public static let unaffordable = Cost(operations: .infinity)
}

/// What an every-n attempt established.
public enum EveryLengthOutcome: Sendable {
    /// Every n ≥ certificate.from passes; the results hold every n below it.
    case certificate(EveryLengthCertificate)
    /// This length fails (its result is among the results).
    case fails(at: Int)
    case open(OpenReason)
}

/// An every-n attempt and the lengths it decided on the way.
public struct EveryLengthAttempt: Sendable {
    public var outcome: EveryLengthOutcome
    public var results: [LengthResult]
    public var work: Work

    public init(outcome: EveryLengthOutcome, results: [LengthResult] = [], work: Work = .none) {
        self.outcome = outcome
        self.results = results
        self.work = work
    }
}

/// What a procedure is given besides the problem: what is left of the budget,
/// the progress observer, and what earlier procedures found.
public struct DecisionContext: Sendable {
    public var budget: Budget
    public var observer: CheckObserver
    /// Paths earlier procedures proposed as counterexamples, per n (a falsifier's
    /// best candidates, cover witnesses): later procedures may try them first.
    public var candidates: [Int: [Path]]
    /// Hands over a length's result as soon as it is known, so a caller can
    /// print it before the procedure has finished its other lengths (the
    /// scheduler re-checks it first; the returned results are what counts).
    public var emit: @Sendable (LengthResult) -> Void

    public init(budget: Budget, observer: CheckObserver = CheckObserver(), candidates: [Int: [Path]] = [:],
                emit: @escaping @Sendable (LengthResult) -> Void = { _ in }) {
        self.budget = budget
        self.observer = observer
        self.candidates = candidates
        self.emit = emit
    }
}

/// One way of deciding F1B(n) (or the Flagged-m-Bit test). Every requirement
/// is essential and has no default: a procedure that cannot do a part says so
/// in its answer (`.notApplicable`, `.open` with a reason).
public protocol DecisionProcedure: Sendable {
    /// Its name (`--method` takes `id.id`).
    var id: ProcedureID { get }
    /// What its answers mean.
    var guarantee: Guarantee { get }
    /// Whether it applies to this problem at all, or why not.
    func applicability(_ problem: Problem) -> Applicability
    /// Its estimated work for these lengths (empty: every n), for ordering.
    func estimate(_ problem: Problem, lengths: [Int]) -> Cost
    /// One result per length asked, in the order asked; open ones with a reason.
    func decide(_ problem: Problem, lengths: [Int], context: DecisionContext) -> [LengthResult]
    /// A certificate for every n, a failing length, or why neither.
    func decideEveryLength(_ problem: Problem, context: DecisionContext) -> EveryLengthAttempt
}

/// A procedure the portfolio runs after every other one and after the
/// falsifier's search-on, on the lengths still open, with the time left:
/// its work is large and its estimate rough. (Measured: ordered by cost with
/// the others, history-keyed boxes took the time certified enumeration
/// needed to pass a K = 32 LSTM at n = 20, and the search-on's time.)
/// Named alone (`--method`), it runs like any other.
protocol LastResortProcedure: DecisionProcedure {}

/// A procedure that can say, before it starts, about how long it will take on
/// this machine (calibrated on the cell), so the scheduler can keep that time
/// for it under a time limit.
protocol TimedProcedure: DecisionProcedure {
    /// Seconds to decide these lengths with `threads` workers.
    func estimatedSeconds(_ problem: Problem, lengths: [Int], threads: Int) -> Double
}

extension DecisionProcedure {
    /// An open result of this procedure.
    func open(_ problem: Problem, _ n: Int, _ reason: OpenReason, arithmetic: Arithmetic, work: Work = .none) -> LengthResult {
        LengthResult(length: n, outcome: .open(reason), procedure: id, arithmetic: arithmetic,
                     pathCount: problem.pathCount(n), work: work)
    }

    /// The arithmetic this procedure's answers on this problem are in.
    func arithmetic(_ problem: Problem) -> Arithmetic { problem.isPiecewiseLinear ? .exact : .intervals }
}
