import Constructions
import Exact
import Verification

/// What `f1b prove` decided of a statement.
public struct ProofReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The claim holds for every parameter in the region.
        case proved
        /// A parameter point in the region where it does not, confirmed by `Checker`.
        case refuted
        /// Neither, with what stopped it.
        case undecided
    }

    /// A parameter point that contradicts the claim, as a construction `check` re-decides.
    public struct Counterexample: Sendable {
        public var point: [String: Rational]
        public var construction: Construction
        /// What `Checker` says of it at n (pass for a `fails` claim, fail for `passes`).
        public var check: LengthResult
    }

    public struct LengthProof: Sendable {
        public var length: Int
        public var outcome: Outcome
        public var method: String
        public var reason: String?
        public var counterexample: Counterexample?
        /// Branch-and-bound: the region's volume decided for the claim, against it, and not at all.
        public var fractions: (proved: Double, refuted: Double, undecided: Double)?
        public var boxes: Int?
        public var seconds: Double
    }

    /// For `n: all`: the step from which the phase sets are the same for every
    /// parameter (so F1B(n) for n past it repeats F1B(stationary)).
    public struct EveryLength: Sendable {
        public var outcome: Outcome
        public var stationaryFrom: Int?
        public var reason: String
    }

    public var name: String
    public var claim: Statement.Claim
    public var results: [LengthProof]
    public var everyLength: EveryLength?

    public var outcome: Outcome {
        let all = results.map(\.outcome) + (everyLength.map { [$0.outcome] } ?? [])
        if all.contains(.refuted) { return .refuted }
        if all.contains(.undecided) || all.isEmpty { return .undecided }
        return .proved
    }
}

extension ProofReport.Counterexample {
    /// The statement's construction at `point`, decided by `Checker` at n
    /// (its `expect` records what would contradict the claim).
    init(_ s: Statement, at point: [String: Rational], length n: Int) {
        var c = s.instance(at: point, name: "\(s.name)-counterexample-n\(n)")
        c.expectation = Expectation(lengths: .list([n]), verdict: s.claim == .fails ? .pass : .fail)
        self.init(point: point, construction: c, check: Checker().check(c, length: n))
    }

    /// Whether it contradicts the claim: in the region, and passing a `fails` claim (failing a `passes` one).
    func contradicts(_ s: Statement) -> Bool {
        check.verdict == (s.claim == .fails ? .pass : .fail) && s.contains(point)
    }
}
