import Cells
import Constructions
import Exact
import F1B

/// Everything `f1b bound` computes for one gated K = 1 construction.
public struct BoundReport: Sendable {
    /// How A and B were given: exact rationals, or gate weights a, b.
    public var source: String
    public var A: Interval
    public var B: Interval
    public var s0: Rational
    public var rows: [BoundRow]
    /// The smallest certifying A per route and n.
    public var thresholds: [GateThreshold]
    /// The n ≤ `certifiedThrough` at which each route certifies Pe = 0 for this A.
    public var certified: [Route: [Int]]
    public var certifiedThrough: Int

    /// Computes the report. `A` and `B` are enclosures (points when exact).
    /// `candidate(p)` encloses B at p bits (the thresholds need B as precisely as A).
    public static func compute(source: String, A: Interval, B: Interval, candidate: @escaping (Int) -> Interval,
                               s0: Rational, exact: Bool,
                               lengths: [Int], thresholdLengths: [Int], certifiedThrough: Int,
                               progress: (_ task: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }) -> BoundReport {
        let rows: [BoundRow]
        if exact {
            rows = BoundTable.rows(GatedRecursion(A: A.lower, B: B.lower, s0: s0), context: (), lengths: lengths)
        } else {
            let p = Swift.max(A.precision, B.precision)
            rows = BoundTable.rows(GatedRecursion(A: A, B: B, s0: Interval(s0, precision: p)), context: p, lengths: lengths)
        }
        var thresholds: [GateThreshold] = []
        for (i, n) in thresholdLengths.enumerated() {
            progress("gate thresholds (n = \(n))", i, thresholdLengths.count)
            for route in Route.allCases { thresholds.append(Thresholds.gateThreshold(route, length: n, B: candidate, s0: s0)) }
        }
        progress("gate thresholds", thresholdLengths.count, thresholdLengths.count)
        let certified = Thresholds.certifiedLengths(A: A.precision > 0 ? A : A.withPrecision(128),
                                                    B: B.precision > 0 ? B : B.withPrecision(128),
                                                    s0: s0, through: certifiedThrough)
        return BoundReport(source: source, A: A, B: B, s0: s0, rows: rows, thresholds: thresholds,
                           certified: certified, certifiedThrough: certifiedThrough)
    }

    /// A Theorem 4 construction's gate and candidate weights (a, b) and S_0, or why the file is not one.
    public static func theorem4Weights(_ c: Construction) -> Result<(a: Rational, b: Rational, s0: Rational), Theorem4Mismatch> {
        let cell = c.cell
        guard cell.stateSize == 1, cell.model != .vanilla, cell.flags == .plusMinus, cell.convention == .paper else {
            return .failure(Theorem4Mismatch(reason: "expected a gru, lstm or pru cell in the paper's convention with K = 1 and flags plus-minus"))
        }
        let gate = cell.model == .lstm ? "W_i" : "W_z", candidate = cell.model == .lstm ? "W_c" : "W_s"
        let a = cell.parameter(gate)[0, 1], b = cell.parameter(candidate)[0, 0]
        var expected = cell.model == .lstm
            ? PaperConstructions.theorem4(model: .lstm, a: a, b: b).cell
            : PaperConstructions.theorem4(model: cell.model, a: a, b: b).cell
        expected.initialState = cell.initialState
        guard expected == cell else {
            return .failure(Theorem4Mismatch(reason: "expected Theorem 4's pattern (\(gate) = [0, a], \(candidate) = [b, 0]\(cell.model == .lstm ? ", W_f = [0, -a]" : ""), every other weight 0); f1b construct theorem4 writes one"))
        }
        guard b.signum > 0 else { return .failure(Theorem4Mismatch(reason: "the bound needs b > 0 (B = tanh(b) > 0)")) }
        return .success((a, b, cell.initialState[0]))
    }
}

public struct Theorem4Mismatch: Error, Sendable {
    public var reason: String
}
