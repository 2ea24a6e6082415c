import Cells
import Exact
import F1B
import Foundation

/// The two routes to "Pe = 0" compared in the report.
public enum Route: String, Sendable, CaseIterable {
    /// The paper's: Chebyshev's inequality on the unconditional moments, below Lemma 3's 1/(n·2^n).
    case chebyshev
    /// The truth: the exact worst case (least positive S_n ≥ 0 > greatest negative S_n).
    case worstCase = "worst case"
}

/// The smallest gate strength A for which a route certifies Pe = 0 at n, bracketed.
public struct GateThreshold: Sendable {
    public var length: Int
    public var route: Route
    /// The route certifies at A = upper and does not at A = lower (nil: not reached).
    public var lower: Rational?
    public var upper: Rational?
    /// a = logit A at the bracket's ends (enclosures).
    public var logitLower: Interval?
    public var logitUpper: Interval?
    /// Why the bracket is wider than asked, if it is.
    public var note: String?

    /// log₁₀(1 − A) at the certified end, for plotting (display only).
    public var log10OneMinusA: Double? { upper.map { log10(Rational(1) - $0) } }
}

public enum Thresholds {
    /// Relative precision of 1 − A* the bisection stops at: 2^−12.
    public static let relativeBits = 12

    /// Whether `route` certifies Pe = 0 at n for gate strength A (exact) and
    /// candidate strength B (enclosed at the precision asked), S_0 = s0; in
    /// intervals at 3n + 128 bits, so that A^n is resolved even when 1 − A is
    /// ~2^−n and the variance's cancellation of about n bits is absorbed.
    public static func certifies(_ route: Route, A: Rational, B: (Int) -> Interval, s0: Rational, length n: Int) -> Decision {
        let precision = 3 * n + 128
        let r = GatedRecursion(A: Interval(A, precision: precision), B: B(precision), s0: Interval(s0, precision: precision))
        switch route {
        case .worstCase:
            return WorstCase(r, length: n).errorFree
        case .chebyshev:
            let sweep = MomentSweep(r, context: precision)
            let pos = sweep.unconditional(sign: 1, through: n)[n - 1], neg = sweep.unconditional(sign: -1, through: n)[n - 1]
            let bound = BoundTable.half(BoundTable.bounds(pos, sign: 1).bound, BoundTable.bounds(neg, sign: -1).bound)
            return .below(bound, Path.probability(length: n))
        }
    }

    /// Bisection on 1 − A ∈ (0, 1/2] (A ∈ [1/2, 1)): doubling k in 1 − A = 2^−k
    /// until the route certifies, a binary search for the least such k, then
    /// halving the bracket until it is within 2^−12 relative. Assumes
    /// certification is monotone in A, which the tests check on the bracket's
    /// ends; an undecided evaluation stops the search with the bracket reached.
    public static func gateThreshold(_ route: Route, length n: Int, B: (Int) -> Interval, s0: Rational = 0) -> GateThreshold {
        var result = GateThreshold(length: n, route: route)
        func u(_ k: Int) -> Rational { Rational(numerator: 1, denominator: BigInteger.powerOfTwo(k)) }
        func test(_ u: Rational) -> Decision { certifies(route, A: Rational(1) - u, B: B, s0: s0, length: n) }
        if test(u(1)) == .yes {
            result.upper = Rational(1, 2)
            result.note = "certifies already at A = 1/2"
            return finish(result)
        }
        // Doubling: k with 2^−k certified, k/2 (or 1) not.
        var bad = 1, good = 2
        let limit = 8 * n + 256
        while true {
            let d = test(u(good))
            if d == .yes { break }
            if d == .undecided || good >= limit {
                result.lower = Rational(1) - u(bad)
                result.note = d == .undecided ? "undecided at 1 − A = 2^−\(good)" : "not certified for 1 − A ≥ 2^−\(limit)"
                return finish(result)
            }
            bad = good
            good = Swift.min(2 * good, limit)
        }
        // Least certified k in (bad, good].
        while good - bad > 1 {
            let middle = (good + bad) / 2
            switch test(u(middle)) {
            case .yes: good = middle
            case .no: bad = middle
            case .undecided:
                result.lower = Rational(1) - u(bad)
                result.upper = Rational(1) - u(good)
                result.note = "undecided at 1 − A = 2^−\(middle)"
                return finish(result)
            }
        }
        // Linear bisection in [2^−good, 2^−bad] on 1 − A.
        var certified = u(good), refused = u(bad)
        let tolerance = Rational(numerator: 1, denominator: BigInteger.powerOfTwo(relativeBits))
        while refused - certified > certified * tolerance {
            let middle = (certified + refused) / 2
            switch test(middle) {
            case .yes: certified = middle
            case .no: refused = middle
            case .undecided:
                result.note = "bisection stopped: undecided at 1 − A = \(middle)"
                result.lower = Rational(1) - refused
                result.upper = Rational(1) - certified
                return finish(result)
            }
        }
        result.lower = Rational(1) - refused
        result.upper = Rational(1) - certified
        return finish(result)
    }

    static func finish(_ t: GateThreshold) -> GateThreshold {
        var t = t
        t.logitLower = t.lower.map { logit($0) }
        t.logitUpper = t.upper.map { logit($0) }
        return t
    }

    /// logit A = ln A − ln(1 − A), enclosed.
    public static func logit(_ A: Rational) -> Interval {
        Interval.log(A, precision: 64) - Interval.log(Rational(1) - A, precision: 64)
    }

    /// For gate strength A = σ(a) (enclosed) and B: the n in 1…limit at which
    /// each route certifies Pe = 0, by one sweep over n.
    public static func certifiedLengths(A: Interval, B: Interval, s0: Rational = 0, through limit: Int) -> [Route: [Int]] {
        let precision = Swift.max(A.precision, B.precision, 64)
        let r = GatedRecursion(A: A, B: B, s0: Interval(s0, precision: precision))
        let sweep = MomentSweep(r, context: precision)
        let pos = sweep.unconditional(sign: 1, through: limit), neg = sweep.unconditional(sign: -1, through: limit)
        var out: [Route: [Int]] = [.chebyshev: [], .worstCase: []]
        var power = Interval(1, precision: precision)   // A^{n−1}
        for n in 1...limit {
            let bound = BoundTable.half(BoundTable.bounds(pos[n - 1], sign: 1).bound,
                                        BoundTable.bounds(neg[n - 1], sign: -1).bound)
            if Decision.below(bound, Path.probability(length: n)) == .yes { out[.chebyshev]!.append(n) }
            if WorstCase(r, length: n, powerOfA: power).errorFree == .yes { out[.worstCase]!.append(n) }
            power = power * A
        }
        return out
    }
}

/// log₁₀ of a positive rational, for plot coordinates only (display, not a bound).
func log10(_ x: Rational) -> Double {
    let num = x.numerator.description, den = x.denominator.description
    func digits(_ s: String) -> Double {
        let head = Double(String(s.prefix(17)))!
        return Foundation.log10(head) + Double(s.count - min(s.count, 17))
    }
    return digits(num) - digits(den)
}
