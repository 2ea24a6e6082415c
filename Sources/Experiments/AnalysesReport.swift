import Analyses
import Bounds
import Cells
import Constructions
import Exact
import F1B
import Foundation
import Simulation
import Verification
import _Parallel

/// `f1b report analyses`: why a cell keeps or loses the flagged bit — the
/// (l,k)-discrepancy of random cells (Stérin et al.), each fixed model's
/// discrepancy against n − L, input–output connectivity (Madsen), and the
/// Flagged-m-Bit test of per-unit capacity (Collins et al.).
public struct AnalysesReport: Sendable {
    public struct Options: Sendable {
        public var constructions = "constructions"
        public var draws = 2000
        public var capacitySeeds: [UInt64] = [1, 2, 3]
        public var capacitySteps = 3000
        public var capacityStateSizes = Array(1...6)
        public var threads = availableThreads
        public init() {}
    }

    public struct ConnectivityCase: Sendable {
        public var file: String
        public var role: String
        public var connectivity: Connectivity
        /// `f1b check`'s verdict at this n, and in a few words.
        public var verdict: Verdict
        public var check: String
        /// The first this many of `connectivity.paths` are paths `check` certified misclassified.
        public var counterexamplePaths: Int
    }

    /// One fixed model's discrepancy against n − L, and for a Theorem 4 construction its gate's retention.
    public struct ModelCase: Sendable {
        public var file: String
        public var discrepancy: ModelDiscrepancy
        /// A = σ(a) of a Theorem 4 construction's gate weight (nil for other files); a statistic's yardstick, in Double.
        public var theorem4Gate: Double?

        public init(file: String, discrepancy: ModelDiscrepancy, theorem4Gate: Double?) {
            self.file = file
            self.discrepancy = discrepancy
            self.theorem4Gate = theorem4Gate
        }
    }

    public struct FlaggedBitsConstructionRow: Sendable {
        public var flaggedBits: Int
        public var stateSize: Int
        public var verdict: Verdict
        public var from: Int?
        public var seconds: Double
    }

    public var options: Options
    /// Stérin et al.'s cells and inputs: the logistic Vanilla and the GRU.
    public var paperSurfaces: [DiscrepancySurface]
    /// Every cell on F1B pairs (the flagged bit at t = 1 differs).
    public var f1bSurfaces: [DiscrepancySurface]
    public var models: [ModelCase]
    public var connectivity: [ConnectivityCase]
    public var flaggedBitsConstructions: [FlaggedBitsConstructionRow]
    public var capacity: FlaggedBitsCapacity

    /// The fixed models: file, what it is (its verdicts are computed, not written here), n for connectivity.
    public static let connectivityCases: [(file: String, role: String, n: Int)] = [
        ("vanilla-pwl-k2.yaml", "Theorem 3's construction", 40),
        ("gru-k1-a4-b1.yaml", "Theorem 4's GRU, a = 4", 38),
        ("trained-vanilla-k2-n100-seed4.yaml", "the trained Figure 4 model (f1b train, n = 100, seed 4)", 100),
        ("trained-vanilla-k2-n10-seed1.yaml", "a trained model (f1b train, n = 10, seed 1)", 10),
        ("trained-vanilla-k2-n10-seed9.yaml", "a trained model (f1b train, n = 10, seed 9)", 10),
    ]
    public static let discrepancyModels = ["vanilla-hardclip-k1-latch.yaml", "vanilla-pwl-k2.yaml", "gru-k1-a4-b1.yaml", "lstm-k1-a4-b1.yaml",
                                           "figure2-vanilla-u0.8.yaml", "trained-vanilla-k2-n100-seed4.yaml", "trained-vanilla-k2-n10-seed1.yaml",
                                           "trained-vanilla-k2-n10-seed9.yaml"]

    public static func run(_ options: Options, note: @escaping @Sendable (String) -> Void = { _ in }) throws -> AnalysesReport {
        func read(_ file: String) throws -> Construction { try ConstructionReader.read(contentsOf: "\(options.constructions)/\(file)") }
        note("discrepancy of random cells")
        let paper = [CellModel.vanilla, .gru].map { model in
            Discrepancy.surface(DiscrepancySetup(model: model, activation: nil, stateSizes: Array(1...30), steps: Array(1...30), draws: options.draws),
                                threads: options.threads)
        }
        let everyCell: [(CellModel, Activation?)] = [(.vanilla, .tanh), (.gru, nil), (.lstm, nil), (.pru, nil), (.ugrnn, .tanh),
                                                     (.plusRNN, nil), (.urGRU, nil), (.urLSTM, nil)]
        let f1b = everyCell.map { model, activation in
            Discrepancy.surface(DiscrepancySetup(model: model, activation: activation, stateSizes: [2, 8], steps: Array(1...30),
                                                 draws: options.draws / 4, inputs: .f1b), threads: options.threads)
        }
        note("discrepancy of the shipped models")
        let models = try discrepancyModels.map { file -> ModelCase in
            let c = try read(file)
            let gate: Double? = switch BoundReport.theorem4Weights(c) {
            case .success(let w): 1 / (1 + Foundation.exp(-Double(w.a)))
            case .failure: nil
            }
            return ModelCase(file: file, discrepancy: ModelDiscrepancy.measure(c.cell, name: c.name, length: 60, paths: 200, seed: 1, threads: options.threads),
                             theorem4Gate: gate)
        }
        note("connectivity")
        let checker = Checker()
        let connectivity = try connectivityCases.map { file, role, n -> ConnectivityCase in
            let c = try read(file)
            let result = checker.check(c, length: n)
            var chosen: [Path] = []
            if case .misclassified(let scored)? = result.counterexample { chosen = scored.prefix(3).map(\.path) }
            let paths = chosen + Connectivity.randomPaths(length: n, count: n >= 100 ? 60 : 150, flagAt: nil, seed: 1)
            var verdict = "`f1b check --n \(n)`: **\(result.verdict.rawValue)**"
            if let wrong = result.errorCount?.lowerBound, wrong.signum > 0 {
                verdict += " (\(result.misclassified == nil ? "≥ " : "")\(wrong) path\(wrong == BigInteger(1) ? "" : "s") misclassified\(chosen.isEmpty ? "" : "; the first \(chosen.count) are the heat maps' top rows"))"
            }
            return ConnectivityCase(file: file, role: role,
                                    connectivity: Connectivity.measure(c.cell, classifier: c.classifier ?? Classifier(beta: [1], gamma: 0),
                                                                       classifierFromFile: c.classifier != nil, name: c.name, paths: paths,
                                                                       threads: options.threads),
                                    verdict: result.verdict, check: verdict, counterexamplePaths: chosen.count)
        }
        note("Flagged-m-Bit constructions")
        let constructions = (1...4).map { m -> FlaggedBitsConstructionRow in
            let c = FlaggedBitsConstruction.latches(flaggedBits: m)
            let start = Date()
            let all = Checker().check(c, lengths: .all).everyLength
            return FlaggedBitsConstructionRow(flaggedBits: m, stateSize: c.cell.stateSize, verdict: all?.verdict ?? .inconclusive,
                                              from: all?.certificate?.from, seconds: Date().timeIntervalSince(start))
        }
        note("Flagged-m-Bit capacity (training)")
        let capacity = FlaggedBitsCapacity.run(model: .gru, activation: nil, length: 20, flaggedBits: Array(1...4),
                                               stateSizes: options.capacityStateSizes, seeds: options.capacitySeeds,
                                               steps: options.capacitySteps, threads: options.threads) { done, total in
            note("capacity: \(done)/\(total) runs")
        }
        return AnalysesReport(options: options, paperSurfaces: paper, f1bSurfaces: f1b, models: models, connectivity: connectivity,
                              flaggedBitsConstructions: constructions, capacity: capacity)
    }
}
