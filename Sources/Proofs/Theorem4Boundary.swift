import Bounds
import Cells
import Constructions
import Exact
import F1B
import Foundation
import Verification

/// Theorem 4's boundary as a statement in the gate strength A, for each n up
/// to a bound: over every A ∈ (0, 1) and B > 0, with S_0 = 0, the least final
/// state of a positive path of the reduced recursion (eq. 19–20,
/// `GatedRecursion`, run on z3 terms) is the closed form
///
///     min S_n = B·(A^(n−1)(1 + A) − 1),   attained at L = 1, bits + − − … −,
///
/// and the negative paths mirror it; so the construction passes F1B(n) with
/// the classifier sign(S_n) exactly when A^(n−1)(1 + A) > 1. Proved by z3
/// (UNSAT of "some positive path lies below the closed form" and of "the
/// extreme path differs from it"). That the GRU, LSTM and PRU constructions
/// follow this recursion is checked separately in certified intervals.
public enum Theorem4Boundary {
    public struct LengthResult: Sendable {
        public var length: Int
        public var outcome: ProofReport.Outcome
        public var reason: String
        public var seconds: Double
    }

    public static func prove(length n: Int, seconds: Double = 300) -> LengthResult {
        let start = Date()
        let c = SMTContext()
        let A = c.variable("A"), B = c.variable("B")
        let zero = c.constant(Rational()), one = c.constant(Rational(1))
        let recursion = GatedRecursion<SymbolicReal>(A: .term(A), B: .term(B), s0: .zero)
        let layers = PhaseLayersVisitor<SymbolicReal>(context: (), depth: n, unique: distinct).visit(recursion).layers
        let positive = layers[n].positive.map { $0[0].smt(c) }
        var power = one
        for _ in 0..<(n - 1) { power = c.multiply(power, A) }
        let closed = c.multiply(B, c.subtract(c.multiply(power, c.add(one, A)), one))
        let region = c.and([c.lessThan(zero, A), c.lessThan(A, one), c.lessThan(zero, B)])
        func unsat(_ claim: SMTTerm) -> SMTSolver.Answer {
            let solver = SMTSolver(c, seconds: seconds)
            solver.assert(region)
            solver.assert(claim)
            return solver.check()
        }
        let below = unsat(c.or(positive.map { c.lessThan($0, closed) }))
        let extreme = Path(flagPosition: 1, informationBits: [1] + Array(repeating: -1, count: n - 1))
        let attained = unsat(c.not(c.equal(recursion.run(extreme)[0].smt(c), closed)))
        let outcome: ProofReport.Outcome
        let reason: String
        switch (below, attained) {
        case (.unsatisfiable, .unsatisfiable):
            outcome = .proved
            reason = "min over the \(positive.count) distinct positive final states is B(A^\(n - 1)(1 + A) − 1), at L = 1, bits + − … − (UNSAT twice)"
        case (.satisfiable, _), (_, .satisfiable):
            outcome = .refuted
            reason = below == .satisfiable ? "a positive path lies below the closed form" : "the extreme path differs from the closed form"
        default:
            outcome = .undecided
            reason = "z3 gave up"
        }
        return .init(length: n, outcome: outcome, reason: reason, seconds: Date().timeIntervalSince(start))
    }

    /// Whether a Theorem 4 construction's cell follows the reduced recursion on
    /// every path of F1B(n): both run in certified intervals (A = σ(a),
    /// B = tanh(b)), each pair of enclosures must meet and be narrower than 2^−(precision/2).
    public static func followsRecursion(_ c: Construction, a: Rational, b: Rational, length n: Int, precision: Int = 256) -> Bool {
        let paths = (0..<(n << n)).map { Path(length: n, index: $0) }
        let cellStates = c.cell.withCell(FinalStatesVisitor<Interval>(context: precision, paths: paths))
        let recursion = GatedRecursion<Interval>(A: Interval.sigmoid(a, precision: precision), B: Interval.tanh(b, precision: precision),
                                                 s0: Interval(Rational(), precision: precision))
        let reduced = FinalStatesVisitor<Interval>(context: precision, paths: paths).visit(recursion)
        let tolerance = Rational(numerator: 1, denominator: BigInteger.powerOfTwo(precision / 2))
        return zip(cellStates, reduced).allSatisfy { x, y in
            x[0].lower <= y[0].upper && y[0].lower <= x[0].upper && x[0].width < tolerance && y[0].width < tolerance
        }
    }

    /// The closed form against `Bounds.WorstCase` (the exact worst case the bound report uses), at rational A.
    public static func closedFormAgreesWithWorstCase(A: Rational, length n: Int) -> Bool {
        let r = GatedRecursion<Rational>(A: A, B: Rational(1), s0: Rational())
        var power = Rational(1)
        for _ in 0..<(n - 1) { power = power * A }
        let closed = power * (Rational(1) + A) - Rational(1)
        return WorstCase(r, length: n).leastPositive == closed
    }
}
