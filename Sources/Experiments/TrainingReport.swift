import Bounds
import Cells
import Constructions
import Exact
import F1B
import Foundation
import Simulation
import Training
import Verification

/// What one state dimension of a trained K = 2 model does: its error alone,
/// by its best threshold, at t = L and at t = n.
public struct StateRoles: Sendable, Equatable {
    /// The dimension that separates best at t = n (0-based).
    public var memorization: Int
    /// Per dimension: fitted-threshold test error at t = L and at t = n.
    public var errorAtFlag: [Double]
    public var errorAtEnd: [Double]

    /// The other dimension loads: it separates at t = L (error < 0.05) and not at t = n (> 0.2).
    public var otherLoads: Bool { errorAtFlag[1 - memorization] < 0.05 && errorAtEnd[1 - memorization] > 0.2 }

    /// Each dimension alone, by its best threshold, on simulated paths with L = n/2
    /// (4000 + 4000 paths, seed 5): the paper's memorization and loading states.
    public static func of(_ c: Construction, length n: Int) -> StateRoles {
        let L = max(1, n / 2)
        let states = c.cell.simulate(SimulationSetup(length: n, pathsPerClass: 4000, seed: 5, flagPosition: L, times: [L]))
        func error(_ k: Int, _ ti: Int) -> Double {
            FittedClassifier.fit(positive: states.values(positive: true, timeIndex: ti, dimension: k).map(Double.init),
                                 negative: states.values(positive: false, timeIndex: ti, dimension: k).map(Double.init)).test.rate
        }
        let atL = (0..<2).map { error($0, 0) }, atN = (0..<2).map { error($0, 1) }
        return StateRoles(memorization: atN[0] <= atN[1] ? 0 : 1, errorAtFlag: atL, errorAtEnd: atN)
    }
}

/// Section 5.3's experiment as `f1b report training` runs it: tanh Vanilla
/// K = 2 trained over seeds and n, what the successful models learned,
/// Figure 4 from a trained model, trained K = 1 GRUs beside Theorem 4's
/// threshold, and every success decided by `Checker`.
public struct TrainingReport: Sendable {
    public struct Learned: Sendable {
        public var length: Int
        public var seed: UInt64
        public var roles: StateRoles
        /// Monte Carlo of the model at 2n (10 000 paths per class).
        public var doubled: ErrorEstimate
    }

    public struct Gated: Sendable {
        public var length: Int
        public var seed: UInt64
        /// The learned retention off the flag, 1 − z at s = 0, the least over x^I = ±1.
        public var effectiveA: Double
        /// Theorem 4's threshold A*(n), the least A with A^(n−1)(1 + A) > 1 (certified end of its bracket).
        public var threshold: Double
    }

    public struct Figure: Sendable {
        public var seed: UInt64
        public var summary: SimulationSummary
        public var roles: StateRoles
    }

    public var runs: [TrainingExperiment.Run]
    public var learned: [Learned]
    /// Per n: successful models whose second dimension loads, of all successful models.
    public var split: [Int: (split: Int, of: Int)]
    public var figure: Figure?
    public var gated: [Gated]
    public var verdicts: [TrainedVerdict]

    public enum Progress: Sendable {
        case training(done: Int, of: Int)
        case analysing(length: Int, seed: UInt64)
        case trainingGRU
        case checking(done: Int, of: Int)
    }

    public static func run(lengths ns: [Int], seeds: [UInt64], progress: @escaping @Sendable (Progress) -> Void = { _ in }) -> TrainingReport {
        let configuration = TrainingConfiguration(length: ns[0], steps: 3000, seed: 0)
        let experiment = TrainingExperiment(model: .vanilla, activation: .tanh, stateSize: 2, lengths: ns,
                                            seeds: seeds, configuration: configuration)
        let runs = experiment.run { done, total in progress(.training(done: done, of: total)) }

        // Roles in every successful model: does one dimension memorize and the other load?
        let successes = runs.filter { $0.stepsToSuccess != nil }
        let roles = successes.map { StateRoles.of($0.model.construction(name: "r"), length: $0.length) }
        var split: [Int: (split: Int, of: Int)] = [:]
        for (run, r) in zip(successes, roles) {
            let entry = split[run.length] ?? (0, 0)
            split[run.length] = (entry.split + (r.otherLoads ? 1 : 0), entry.of + 1)
        }
        // What the successful models learned in detail (the first five at the two shortest n).
        var learned: [Learned] = []
        for n in ns.sorted().prefix(2) {
            for (run, r) in zip(successes, roles).filter({ $0.0.length == n }).prefix(5) {
                progress(.analysing(length: n, seed: run.seed))
                learned.append(.init(length: n, seed: run.seed, roles: r,
                                     doubled: Trainer.evaluate(run.model, length: 2 * n, pathsPerClass: 10_000, seed: 99)))
            }
        }
        // Figure 4 from the first model trained successfully at n = 100 (if any).
        var figure: Figure?
        if let (run, r) = zip(successes, roles).first(where: { $0.0.length == 100 }) {
            let c = run.model.construction(name: "trained-n100-seed\(run.seed)")
            let setup = SimulationSetup(length: 100, pathsPerClass: 100_000, seed: 1, flagPosition: 50, times: [25, 49, 50, 51, 75, 100])
            figure = Figure(seed: run.seed, summary: SimulationSummary(states: c.cell.simulate(setup), classifier: c.classifier),
                            roles: r)
        }
        // Trained GRUs at K = 1 beside Theorem 4's exact gate threshold.
        progress(.trainingGRU)
        let gruRuns = TrainingExperiment(model: .gru, activation: nil, stateSize: 1, lengths: [10, 20],
                                         seeds: Array(1...10), configuration: configuration).run()
        let gated = gruRuns.filter { $0.stepsToSuccess != nil }.map { run in
            Gated(length: run.length, seed: run.seed, effectiveA: effectiveRetention(run.model.construction(name: "gru")),
                  threshold: theorem4Threshold(run.length))
        }
        let verdicts = TrainedVerdicts.decide(runs, model: "vanilla-k2") { done, total in progress(.checking(done: done, of: total)) }
            + TrainedVerdicts.decide(gruRuns, model: "gru-k1")
        return TrainingReport(runs: runs, learned: learned, split: split, figure: figure, gated: gated, verdicts: verdicts)
    }

    /// A K = 1 GRU's retention off the flag, 1 − z_t at s = 0 with the flag off,
    /// the least over x^I = ±1, through the cell definition (`GRUCell.updateGate`):
    /// Theorem 4's A = σ(a) when W_z = [0, a]. Display only (Double).
    public static func effectiveRetention(_ c: Construction) -> Double {
        let spec = c.cell
        precondition(spec.model == .gru && spec.convention == .paper && spec.stateSize == 1)
        let cell = GRUCell<Double>(parameters: { ParameterMatrix(spec.parameter($0), context: ()) }, initial: [0], encoding: spec.flags)
        return [1, -1].map { 1 - cell.updateGate([0], StepInput(informationBit: $0, flagged: false))[0] }.min()!
    }

    /// Theorem 4's A*(n): the exact worst-case route's least certifying A,
    /// bracketed by `Thresholds.gateThreshold` (the closed form A^(n−1)(1 + A) > 1
    /// does not involve B > 0, so B = 1/2 is exact and arbitrary). Display only.
    public static func theorem4Threshold(_ n: Int) -> Double {
        let t = Thresholds.gateThreshold(.worstCase, length: n, B: { Interval(Rational(1, 2), precision: $0) })
        return t.upper.map(Double.init) ?? .nan
    }
}
