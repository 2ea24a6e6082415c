import ArgumentParser
import Cells
import Constructions
import Foundation
import Reports
import Simulation
import _Parallel

/// `f1b simulate FILE --n N --paths P --seed S ...`: the Monte-Carlo engine.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate P positive and P negative paths of F1B(n) through a construction's cell.",
        discussion: """
            Float by default: 64 paths per SIMD block, time in the outer loop, blocks shared \
            among threads, random bits drawn on the fly from one stream per block, so the same seed \
            gives the same numbers on any number of threads. --precision double runs the same paths \
            one at a time in Double (libm tanh and σ) as a reference. Reported per recorded time: \
            each class's mean and spread per state dimension and histograms (--csv, --plot); the \
            error of the file's classifier on the final states; the error of a linear classifier \
            fitted on the first half of each class and scored on the second. Every error rate \
            comes with its 95% Clopper–Pearson interval.
            """)

    @Argument(help: "Construction file (YAML).") var file: String
    @Option(name: .customLong("n"), help: "Sequence length n.") var length: Int
    @Option(help: "Paths per class.") var paths = 10_000
    @Option(help: "Seed of the random paths.") var seed: UInt64 = 1
    @Option(help: "Fix the flag position L for every path (default: uniform on 1…n).") var flagAt: Int?
    @Option(help: "Recorded times t1,t2,… (n is always recorded).") var times: String?
    @Option(help: "float or double.") var precision = "float"
    @Option(help: "Histogram bins.") var bins = 60
    @Option(help: "Common histogram range lo:hi (default: each histogram spans its values).") var range: String?
    @Option(help: "Threads (default: every core).") var threads: Int?
    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Option(help: "Write the histograms as tidy CSV to this file.") var csv: String?
    @Option(help: "Write the distributions as an SVG figure to this file.") var plot: String?

    func run() throws {
        let construction = try mapBadInput { try readConstruction(file) }
        if construction.flaggedBits > 1 { return try simulateFlaggedBits(construction) }
        let recorded = try times.map { try parseTimes($0, option: "--times") } ?? []
        let setup = SimulationSetup(length: length, pathsPerClass: paths, seed: seed, flagPosition: flagAt, times: recorded)
        if let problem = setup.problem ?? setup.storageProblem(stateWidth: construction.cell.model.stateWidth(stateSize: construction.cell.stateSize)) {
            throw ValidationError(problem)
        }
        guard let precision = SimulationPrecision(rawValue: precision) else {
            throw ValidationError("--precision: expected float or double, found '\(precision)'")
        }
        guard (1...10_000).contains(bins) else { throw ValidationError("--bins: expected 1…10000, found \(bins)") }
        let histogramRange = try range.map { try parseRange($0, option: "--range") }
        let threadCount = threads ?? availableThreads
        guard threadCount >= 1 else { throw ValidationError("--threads: expected at least 1") }
        try Outputs.check(files: [csv, plot])

        let clock = ContinuousClock()
        var states: SimulatedStates!
        let elapsed = clock.measure {
            states = construction.cell.simulate(setup, precision: precision, threads: threadCount) { done, total in
                StandardError.progress("simulated blocks of \(PathBlock.width) paths", done, of: total)
            }
        }
        let summary = SimulationSummary(states: states, classifier: construction.classifier, bins: bins, range: histogramRange)
        let run = SimulationRun(name: construction.name, cell: construction.cell, precision: precision,
                                threads: threadCount, seconds: elapsed.seconds, summary: summary)

        // Everything is computed before anything is written.
        let csvText = csv.map { _ in SimulationCSVWriter.histograms(summary) }
        let plotText = plot.map { _ in
            DistributionFigure(title: "\(construction.name): state distributions",
                               subtitle: run.setupLine,
                               rows: DistributionFigure.rows(summary, label: construction.name)).svg()
        }
        try Outputs.write([csv.flatMap { p in csvText.map { (p, $0) } }, plot.flatMap { p in plotText.map { (p, $0) } }].compactMap { $0 })
        try writeOutput(json ? SimulationJSONWriter.json(run) + "\n" : SimulationTextWriter.text(run), to: nil)
    }
}

extension SimulateCommand {
    /// `flagged_bits: m ≥ 2`: Monte Carlo of the Flagged-m-Bit test (Double, one path at a time).
    func simulateFlaggedBits(_ construction: Construction) throws {
        let m = construction.flaggedBits
        let refused = [flagAt.map { _ in "--flag-at" }, times.map { _ in "--times" }, csv.map { _ in "--csv" }, plot.map { _ in "--plot" },
                       range.map { _ in "--range" }, precision != "float" && precision != "double" ? "--precision" : nil].compactMap { $0 }
        if let option = refused.first {
            throw ValidationError("\(option): a Flagged-\(m)-Bit file (flagged_bits: \(m)) is simulated for its readouts' errors only (m flags per path, Double)")
        }
        // P paths per class for F1B; here 2P paths in all, as many cell steps.
        if let problem = FlaggedBitsSimulation.problem(length: length, flaggedBits: m, paths: 2 * paths) { throw ValidationError(problem) }
        let threadCount = threads ?? availableThreads
        guard threadCount >= 1 else { throw ValidationError("--threads: expected at least 1") }
        let result = FlaggedBitsSimulation.run(construction, length: length, paths: 2 * paths, seed: seed, threads: threadCount) { done, total in
            StandardError.progress("simulated blocks of 256 paths", done, of: total)
        }
        try writeOutput(json ? SimulationJSONWriter.json(construction.name, result) + "\n" : SimulationTextWriter.text(construction.name, result), to: nil)
    }
}

/// A run as the writers see it.
struct SimulationRun {
    var name: String
    var cell: CellSpecification
    var precision: SimulationPrecision
    var threads: Int
    var seconds: Double
    var summary: SimulationSummary

    var setupLine: String {
        let s = summary.setup
        let activation = cell.model == .vanilla ? " \(cell.activation?.rawValue ?? "tanh")" : ""
        let flag = s.flagPosition.map { "L = \($0)" } ?? "L uniform on 1…\(s.length)"
        return "\(cell.model.rawValue)\(activation), K = \(cell.stateSize), n = \(s.length), \(flag), "
            + "\(s.pathsPerClass) + \(s.pathsPerClass) paths, seed \(s.seed), \(precision.rawValue)"
    }

    /// Cell steps per second (2P paths of n steps).
    var cellStepsPerSecond: Double {
        Double(2 * summary.setup.pathsPerClass * summary.setup.length) / max(seconds, 1e-9)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// "5,9,10" → [5, 9, 10].
func parseTimes(_ text: String, option: String) throws -> [Int] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    return try parts.map { part in
        guard let t = Int(part.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(option): expected whole numbers separated by commas, found '\(part)'")
        }
        return t
    }
}

/// "lo:hi" with lo < hi.
func parseRange(_ text: String, option: String) throws -> ClosedRange<Double> {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo.isFinite, hi.isFinite, lo < hi else {
        throw ValidationError("\(option): expected lo:hi with lo < hi, found '\(text)'")
    }
    return lo...hi
}
