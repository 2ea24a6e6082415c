import ArgumentParser
import Simulation
import _Parallel

/// The options every analysis command shares: threads, and where its results go.
struct AnalysisOutputs: ParsableArguments {
    @Option(help: "Threads (default: every core).") var threads: Int?
    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Option(help: "Write the results as tidy CSV (one row per value) to this file.") var csv: String?
    @Option(help: "Write the figure (SVG) to this file.") var plot: String?

    /// The thread count asked for, checked.
    func threadCount() throws -> Int {
        let count = threads ?? availableThreads
        guard count >= 1 else { throw ValidationError("--threads: expected at least 1") }
        return count
    }
}
