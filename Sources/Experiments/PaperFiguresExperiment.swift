import Cells
import Constructions
import Exact
import F1B
import Foundation
import Simulation

/// `f1b report figures`: the paper's Figures 2–4 by Monte Carlo (each setting's
/// state distributions and fitted-classifier errors), and Figure 4's printed
/// U and W under the other readings a reader might try (flags ±1 or {0, 1},
/// U as printed or transposed).
public struct PaperFiguresExperiment: Sendable {
    public struct Setting: Sendable {
        public var setting: PaperFigure.Setting
        public var summary: SimulationSummary

        public init(setting: PaperFigure.Setting, summary: SimulationSummary) {
            self.setting = setting
            self.summary = summary
        }
    }

    public struct Reading: Sendable {
        public var name: String
        public var summary: SimulationSummary

        public init(name: String, summary: SimulationSummary) {
            self.name = name
            self.summary = summary
        }
    }

    public var seed: UInt64
    public var figures: [(figure: PaperFigure, settings: [Setting])]
    /// Figure 4's printed parameters under each reading, at t = L + 1 and `Self.lateTime`.
    public var readings: [Reading]

    /// The time after the flag at which Figure 4's readings are compared (the figure's t = 75).
    public static let lateTime = 75
    /// Paths per class of each reading.
    public static let readingPaths = 10_000

    public init(seed: UInt64, figures: [(figure: PaperFigure, settings: [Setting])], readings: [Reading]) {
        self.seed = seed
        self.figures = figures
        self.readings = readings
    }

    public enum Progress: Sendable {
        case simulating(file: String, done: Int, total: Int)
        case reading(String)
    }

    /// Reads each figure's files from `constructions`; throws the reader's error (file, line, column).
    public static func run(constructions: String, seed: UInt64, progress: (Progress) -> Void = { _ in }) throws -> PaperFiguresExperiment {
        func read(_ file: String) throws -> Construction { try ConstructionReader.read(contentsOf: "\(constructions)/\(file)") }
        var figures: [(figure: PaperFigure, settings: [Setting])] = []
        let total = PaperFigure.all.map(\.settings.count).reduce(0, +)
        var done = 0
        for figure in PaperFigure.all {
            var settings: [Setting] = []
            for setting in figure.settings {
                let construction = try read(setting.file)
                progress(.simulating(file: setting.file, done: done, total: total))
                let states = construction.cell.simulate(figure.setup(seed: seed))
                settings.append(Setting(setting: setting, summary: SimulationSummary(states: states, classifier: nil, bins: 80)))
                done += 1
            }
            figures.append((figure, settings))
        }
        let printed = try read("figure4-vanilla-k2-printed.yaml")
        let figure4 = PaperFigure.all.first { $0.id == "figure4" }!
        var readings: [Reading] = []
        for (name, flags, transpose) in [("flags ±1, U as printed (the shipped file)", FlagEncoding.plusMinus, false),
                                         ("flags ±1, U transposed", .plusMinus, true),
                                         ("flags in {0, 1}, U as printed", .zeroOne, false),
                                         ("flags in {0, 1}, U transposed", .zeroOne, true)] {
            progress(.reading(name))
            var cell = printed.cell
            cell.flags = flags
            if transpose, let U = cell.parameters["U"] {
                cell.parameters["U"] = ExactMatrix(rowsOf: (0..<U.columns).map { j in (0..<U.rows).map { i in U[i, j] } })
            }
            let setup = SimulationSetup(length: figure4.length, pathsPerClass: readingPaths, seed: seed,
                                        flagPosition: figure4.flagPosition, times: [figure4.flagPosition + 1, lateTime])
            readings.append(Reading(name: name, summary: SimulationSummary(states: cell.simulate(setup), classifier: nil)))
        }
        return PaperFiguresExperiment(seed: seed, figures: figures, readings: readings)
    }
}
