import Foundation
import Reports
import Simulation

/// `f1b simulate`'s terminal output.
enum SimulationTextWriter {
    static func text(_ run: SimulationRun) -> String {
        let s = run.summary
        var out = "\(run.name): \(run.setupLine)\n"
        out += "simulated in \(fixed(run.seconds, 4)) s on \(run.threads) thread\(run.threads == 1 ? "" : "s") "
            + "(\(scientific(run.cellStepsPerSecond)) cell-steps/s)\n\n"
        out += "time  dim   mean(+)     sd(+)     mean(−)     sd(−)     fitted-classifier test error [95% CI]\n"
        for t in s.setup.times {
            let fit = s.fitted.first { $0.time == t }!.fit
            for k in 1...s.stateSize {
                let p = s.moments.first { $0.time == t && $0.dimension == k && $0.positive }!
                let n = s.moments.first { $0.time == t && $0.dimension == k && !$0.positive }!
                out += pad(String(t), 6) + pad(String(k), 4) + pad(signed(p.mean), 12) + pad(signed(p.standardDeviation), 10)
                    + pad(signed(n.mean), 12) + pad(signed(n.standardDeviation), 10)
                out += (k == 1 ? estimate(fit.test) : "") + "\n"
            }
        }
        out += "\n"
        let final = s.finalFit
        out += "fitted linear classifier at t = \(s.setup.length): β = [\(final.beta.map { signed($0) }.joined(separator: ", "))], "
            + "γ = \(signed(final.gamma))\n"
        out += "  trained on \(counted(final.training.trials, "path")): error \(estimate(final.training))\n"
        out += "  scored on \(final.test.trials) others:  error \(estimate(final.test))\n"
        if let c = s.fileClassifier {
            out += "classifier from the file (β = [\(c.classifier.beta.map(\.description).joined(separator: ", "))], "
                + "γ = \(c.classifier.gamma)) on all \(c.total.trials) final states:\n"
            out += "  Pe ≈ \(estimate(c.total))\n"
            out += "  positive paths called −1: \(estimate(c.positive)); negative paths called +1: \(estimate(c.negative))\n"
        } else {
            out += "the file has no classifier; the fitted one stands in for it\n"
        }
        out += "(intervals: 95% Clopper–Pearson)\n"
        return out
    }

    static func estimate(_ e: ErrorEstimate) -> String {
        "\(RateFormat.interval(e)) (\(e.errors)/\(e.trials))"
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func signed(_ x: Double) -> String { String(format: "%+.4f", x) }
    static func scientific(_ x: Double) -> String { String(format: "%.3g", x) }
    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}

extension SimulationTextWriter {
    /// A Flagged-m-Bit simulation.
    static func text(_ name: String, _ r: FlaggedBitsSimulation) -> String {
        var out = "\(name): Flagged-\(r.flaggedBits)-Bit test, n = \(r.length), \(counted(r.paths, "path")) (m distinct flags, fair bits), seed \(r.seed), double"
        out += String(format: ", %.2f s\n", r.seconds)
        for o in r.readouts {
            out += "readout \(o.index) (the \(o.index)\(o.index == 1 ? "st" : o.index == 2 ? "nd" : o.index == 3 ? "rd" : "th") flagged bit): "
            if let e = o.fileError { out += "file's readout Pe ≈ \(estimate(e)); " }
            out += "fitted on the first half, scored on the second: Pe ≈ \(estimate(o.fitted.test))\n"
        }
        if let any = r.anyWrong { out += "some readout wrong: \(estimate(any))\n" }
        return out + "(intervals: 95% Clopper–Pearson)\n"
    }
}
