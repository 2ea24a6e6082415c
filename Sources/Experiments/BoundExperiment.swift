import Bounds
import Cells
import Constructions
import Exact
import F1B
import Foundation
import Simulation

/// `f1b bound`: Theorem 4's reduced recursion S_t = A S_{t−1} + (1 − A) B x_t
/// (eq. 19–20) for one gate — the paper's Chebyshev route, Cantelli's, the
/// exact worst case and the gate each needs (`BoundReport.compute`) — and,
/// when the gate comes from a cell, that cell simulated in Float lanes and
/// classified by sign(S_n), an estimate of Pe beside the bounds.
public enum BoundExperiment {
    /// Where A and B come from.
    public enum Gate: Sendable {
        /// A and B themselves, exact rationals (0 < A < 1, B > 0).
        case exact(A: Rational, B: Rational)
        /// A = σ(a), B = tanh(b) of a Theorem 4 cell (a construction file's or one built from the weights),
        /// as certified enclosures; `name` is the model named in the report.
        case weights(a: Rational, b: Rational, name: String, cell: CellSpecification)
    }

    public struct Options: Sendable {
        /// n of the per-n table, and of the gate thresholds.
        public var lengths: [Int] = Array(1...16)
        public var thresholdLengths: [Int] = Array(1...16)
        /// What each route certifies for this gate is scanned over n = 1 … this.
        public var scan = 5000
        /// Bits of the certified enclosures of σ(a) and tanh(b).
        public var precision = 128
        /// Paths per class of the Monte-Carlo column (0: none), and their seed.
        public var monteCarloPaths = 100_000
        public var seed: UInt64 = 1
        public var s0 = Rational(0)
        public init() {}
    }

    public struct Result: Sendable {
        public var report: BoundReport
        /// Per n, the cell's sign(S_n) error on `monteCarloPaths` + `monteCarloPaths` paths (empty for an exact gate).
        public var monteCarlo: [Int: ErrorEstimate]
    }

    /// What the run is doing, for a progress line: a task, how much of it is done, of how much.
    public typealias Progress = (_ task: String, _ done: Int, _ total: Int) -> Void

    /// `progress` counts the gate thresholds and the simulated lengths; `note` says what starts next.
    public static func run(_ gate: Gate, _ o: Options, progress: Progress = { _, _, _ in },
                           note: (String) -> Void = { _ in }) -> Result {
        let A: Interval, B: Interval, source: String, isExact: Bool
        let candidate: (Int) -> Interval
        var cell: CellSpecification?
        switch gate {
        case .exact(let exactA, let exactB):
            (A, B, source, isExact) = (Interval(exactA), Interval(exactB), "A = \(exactA), B = \(exactB) (exact)", true)
            candidate = { Interval(exactB, precision: $0) }
        case .weights(let a, let b, let name, let c):
            (A, B) = (Interval.sigmoid(a, precision: o.precision), Interval.tanh(b, precision: o.precision))
            candidate = { Interval.tanh(b, precision: $0) }
            source = "the \(name.uppercased()) weights a = \(a), b = \(b): A = σ(a), B = tanh(b) as certified enclosures at \(o.precision) bits"
            isExact = false
            cell = c
        }
        note("moments, bounds and worst cases for n = \(SequenceLengths.list(o.lengths)); then the gate thresholds")
        let report = BoundReport.compute(source: source, A: A, B: B, candidate: candidate, s0: o.s0, exact: isExact, lengths: o.lengths,
                                         thresholdLengths: o.thresholdLengths, certifiedThrough: o.scan) { _, done, total in
            progress("gate thresholds bracketed (both routes)", done, total)
            if done == total { note("what each route certifies at this gate, n = 1…\(o.scan) (one sweep of the moments)") }
        }
        var monteCarlo: [Int: ErrorEstimate] = [:]
        if let cell, o.monteCarloPaths > 0 {
            for (i, n) in o.lengths.enumerated() {
                progress("lengths simulated (Monte Carlo, \(o.monteCarloPaths) + \(o.monteCarloPaths) paths each)", i, o.lengths.count)
                let states = cell.simulate(SimulationSetup(length: n, pathsPerClass: o.monteCarloPaths, seed: o.seed))
                let summary = SimulationSummary(states: states, classifier: Classifier(beta: [1], gamma: 0), bins: 1)
                monteCarlo[n] = summary.fileClassifier!.total
            }
            progress("lengths simulated (Monte Carlo)", o.lengths.count, o.lengths.count)
        }
        return Result(report: report, monteCarlo: monteCarlo)
    }
}
