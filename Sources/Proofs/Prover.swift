import Constructions
import F1B
import Foundation

/// `f1b prove`: a statement decided by the method its cell allows — z3 for
/// piecewise-linear cells (exact and complete), interval branch-and-bound for
/// tanh/σ cells (sound over a bounded region, with the fraction decided).
public struct Prover: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        /// z3 for piecewise-linear cells, then branch-and-bound where z3 gives up and the region is bounded.
        case auto
        /// z3 only (piecewise-linear cells).
        case smt
        /// Interval branch-and-bound only (any cell, bounded region).
        case intervals
    }

    public struct Options: Sendable {
        public var method = Method.auto
        /// z3's limit per question.
        public var seconds: Double = 300
        /// Stationarity is tried up to this step for `n: all`.
        public var maximumDepth = 5
        /// Branch-and-bound: boxes examined at most, and the deepest split.
        public var maximumBoxes = 20_000
        public var maximumSplits = 40
        public var precision = 64
        public init() {}
    }

    public var options: Options
    public init(options: Options = .init()) { self.options = options }

    public func prove(_ s: Statement, lengths: SequenceLengths? = nil,
                      progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }) -> ProofReport {
        let lengths = lengths ?? s.lengths
        var report = ProofReport(name: s.name, claim: s.claim, results: [], everyLength: nil)
        let bounded = s.free.allSatisfy { $0.lower != nil && $0.upper != nil }
        if s.origin.cell.isPiecewiseLinear && options.method != .intervals {
            var prover = PiecewiseLinearProver()
            prover.seconds = options.seconds
            prover.maximumDepth = options.maximumDepth
            switch lengths {
            case .list(let ns):
                for (i, n) in ns.enumerated() {
                    progress("lengths decided", i, ns.count)
                    let started = Date()
                    if options.method == .auto, let c = LatticeScreen().refute(s, length: n) {
                        report.results.append(.init(length: n, outcome: .refuted, method: "exact check on a lattice of parameter points",
                                                    reason: "a lattice point \(s.claim == .fails ? "passes" : "fails") F1B(\(n)) (f1b check)",
                                                    counterexample: c, seconds: Date().timeIntervalSince(started)))
                        continue
                    }
                    var result = prover.prove(s, lengths: [n])[0]
                    if result.outcome == .undecided, options.method == .auto, bounded {
                        var boxes = IntervalBranchAndBound(options: options).prove(s, length: n) { done, total in progress("boxes at n = \(n)", done, total) }
                        boxes.reason = "\(result.reason ?? "z3 undecided"); then \(boxes.reason ?? "")"
                        boxes.seconds += result.seconds
                        result = boxes
                    }
                    report.results.append(result)
                }
                progress("lengths decided", ns.count, ns.count)
            case .all:
                let (every, results) = prover.proveEveryLength(s)
                report.everyLength = every
                report.results = results
            }
            return report
        }
        let search = IntervalBranchAndBound(options: options)
        switch lengths {
        case .list(let ns):
            for (i, n) in ns.enumerated() {
                progress("lengths decided", i, ns.count)
                report.results.append(search.prove(s, length: n) { done, total in progress("boxes at n = \(n)", done, total) })
            }
            progress("lengths decided", ns.count, ns.count)
        case .all:
            report.everyLength = .init(outcome: .undecided, stationaryFrom: nil,
                                       reason: "tanh/σ statements are decided for listed n only (interval branch-and-bound); give --n")
        }
        return report
    }
}
