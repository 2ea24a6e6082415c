import Cells
import Exact
import Foundation
import Sharding
import Simulation
import Verification

/// `f1b report search`: Section 5.1's K = 1 search run as a battery — both
/// activations, no restriction or the paper's b = 0, s0 = 0, a wide range of
/// weights, and n from 2 to 1000 — each plan a `VanillaSearchExperiment`
/// (Monte-Carlo screen, then `f1b check` of the best settings).
public enum SearchBattery {
    /// One search of the battery.
    public struct Plan: Sendable {
        public var activation: Activation
        public var restriction: String
        public var fixed: [String: Rational]
        public var ranges: [String: ClosedRange<Double>] = [:]
        public var length: Int
        public var paths: Int
        public var grid: Int
        public var samples: Int

        public init(activation: Activation, restriction: String, fixed: [String: Rational], ranges: [String: ClosedRange<Double>] = [:],
                    length: Int, paths: Int, grid: Int, samples: Int) {
            (self.activation, self.restriction, self.fixed, self.ranges) = (activation, restriction, fixed, ranges)
            (self.length, self.paths, self.grid, self.samples) = (length, paths, grid, samples)
        }

        /// Whether the plan samples the default ranges (U, W, b in [−3, 3], s0 in [−1, 1]).
        public var defaultRanges: Bool { ranges.isEmpty }
    }

    /// A plan with what it found.
    public struct Row: Sendable {
        public var plan: Plan
        public var result: SearchResult

        public init(plan: Plan, result: SearchResult) {
            self.plan = plan
            self.result = result
        }
    }

    /// The plans of the shipped report.
    public static func plans() -> [Plan] {
        var plans: [Plan] = []
        for activation in [Activation.tanh, .hardclip] {
            for (restriction, fixed) in [("none", [String: Rational]()), ("b = 0, s0 = 0", ["b": Rational(0), "s0": Rational(0)])] {
                for n in [2, 3, 4, 5, 10, 20, 1000] {
                    // Five free parameters: 6 grid points each (7 776 settings), 5 at n = 1000; three free: 15, 9 at n = 1000.
                    let grid = fixed.isEmpty ? (n == 1000 ? 5 : 6) : (n == 1000 ? 9 : 15)
                    let (paths, samples) = n == 1000 ? (10_000, 100) : (n <= 5 ? 1000 : 2000, 2000)
                    plans.append(Plan(activation: activation, restriction: restriction, fixed: fixed, length: n,
                                      paths: paths, grid: grid, samples: samples))
                }
            }
            // Saturating settings need large weights for tanh: the same search with U, W, b in [−20, 20].
            let wide: [String: ClosedRange<Double>] = ["U": -20...20, "W1": -20...20, "W2": -20...20, "b": -20...20]
            for n in [2, 5, 20, 1000] {
                plans.append(Plan(activation: activation, restriction: "none, U, W, b in [−20, 20]", fixed: [:], ranges: wide,
                                  length: n, paths: n == 1000 ? 2000 : 1000, grid: 5, samples: n == 1000 ? 100 : 2000))
            }
        }
        return plans
    }

    /// Runs every plan; confirmed passes go to `directory` (their files are returned, not written).
    public static func run(_ plans: [Plan], seed: UInt64, directory: String,
                           progress: (_ done: Int, _ total: Int, _ plan: Plan) -> Void = { _, _, _ in },
                           note: @escaping @Sendable (VanillaSearchExperiment.Progress) -> Void = { _ in }) -> (rows: [Row], found: [VanillaSearchExperiment.Found]) {
        var rows: [Row] = []
        var found: [VanillaSearchExperiment.Found] = []
        for (i, plan) in plans.enumerated() {
            progress(i, plans.count, plan)
            let space = VanillaSearchSpace(activation: plan.activation, ranges: plan.ranges, fixed: plan.fixed, grid: plan.grid,
                                           samples: plan.samples, seed: seed)
            let (result, files) = VanillaSearchExperiment.run(space, length: plan.length, pathsPerClass: plan.paths, shard: .whole,
                                                              keep: 20, confirm: 5, directory: directory, progress: note)
            rows.append(Row(plan: plan, result: result.sweep))
            found += files
        }
        return (rows, found)
    }
}
