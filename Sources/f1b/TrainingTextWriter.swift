import Reports
import Simulation

/// Success rate per n with its 95% interval and the median steps to success.
enum TrainingTextWriter {
    static func successTable(_ outcomes: [(length: Int, stepsToSuccess: Int?)]) -> String {
        var out = "n      successes   rate [95% CI]             median steps to success\n"
        for n in Set(outcomes.map(\.length)).sorted() {
            let mine = outcomes.filter { $0.length == n }
            let steps = mine.compactMap(\.stepsToSuccess).sorted()
            let e = ErrorEstimate(errors: steps.count, trials: mine.count)
            out += SimulationTextWriter.pad(String(n), 7) + SimulationTextWriter.pad("\(steps.count)/\(mine.count)", 12)
            out += SimulationTextWriter.pad(RateFormat.interval(e), 26)
            out += (steps.isEmpty ? "—" : String(steps[steps.count / 2])) + "\n"
        }
        return out
    }
}
