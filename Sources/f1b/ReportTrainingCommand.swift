import ArgumentParser
import Cells
import Constructions
import Experiments
import Foundation
import Reports
import Simulation
import Training
import Verification

/// `f1b report training`: Section 5.3's experiment beside PyTorch, what the
/// successful models learned, and Figure 4 from a trained model.
struct ReportTrainingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Success rate of training against n (f1b beside PyTorch), the learned mechanisms, Figure 4 from a trained model.",
        discussion: """
            Regenerate the shipped report with (the first line runs PyTorch; it is slow):
              python3 Benchmarks/train_pytorch.py rates .build/release/f1b 1...10 10,20,50 reports/pytorch-training.json
              f1b report training --out reports
            """)

    @Option(help: "Output directory.") var out = "reports"
    @Option(help: "PyTorch's runs of the same protocol (Benchmarks/train_pytorch.py rates …).") var pytorch = "reports/pytorch-training.json"
    @Option(help: "Seeds of the f1b runs.") var seeds = "1...50"
    @Option(name: .customLong("n"), help: "Sequence lengths.") var lengths = "10,20,50,100"

    func run() throws {
        try Outputs.check(directories: [out])
        guard case .list(let seedList)? = try? parseLengths(seeds), case .list(let ns)? = try? parseLengths(lengths) else {
            throw ValidationError("--seeds and --n: expected lists like 1...50 and 10,20,50")
        }
        let peer = try readPeer()
        let configuration = TrainingConfiguration(length: ns[0], steps: 3000, seed: 0)
        let experiment = TrainingExperiment(model: .vanilla, activation: .tanh, stateSize: 2, lengths: ns,
                                            seeds: seedList.map(UInt64.init), configuration: configuration)
        StandardError.note("training \(experiment.grid.count) runs")
        let runs = experiment.run { done, total in StandardError.note("runs done: \(done)/\(total)") }

        // What the successful models learned (the first five at the two shortest n).
        var learned: [TrainingMarkdown.Learned] = []
        for n in ns.sorted().prefix(2) {
            for run in runs.filter({ $0.length == n && $0.stepsToSuccess != nil }).prefix(5) {
                StandardError.note("analysing n = \(n), seed \(run.seed)")
                let c = run.model.construction(name: "trained-n\(n)-seed\(run.seed)")
                let roles = Self.roles(c, length: n)
                let longer = Trainer.evaluate(run.model, length: 2 * n, pathsPerClass: 10_000, seed: 99)
                learned.append(.init(length: n, seed: run.seed, roles: roles, doubled: longer))
            }
        }
        // Roles in every successful model: does one dimension memorize and the other load?
        var split: [Int: (split: Int, of: Int)] = [:]
        for run in runs where run.stepsToSuccess != nil {
            let roles = Self.roles(run.model.construction(name: "r"), length: run.length)
            let entry = split[run.length] ?? (0, 0)
            split[run.length] = (entry.split + (roles.contains("loads") ? 1 : 0), entry.of + 1)
        }
        // Figure 4 from the first model trained successfully at n = 100 (if any).
        var figure: (run: TrainingExperiment.Run, summary: SimulationSummary, roles: String)?
        if let run = runs.first(where: { $0.length == 100 && $0.stepsToSuccess != nil }) {
            let c = run.model.construction(name: "trained-n100-seed\(run.seed)")
            let setup = SimulationSetup(length: 100, pathsPerClass: 100_000, seed: 1, flagPosition: 50, times: [25, 49, 50, 51, 75, 100])
            figure = (run, SimulationSummary(states: c.cell.simulate(setup), classifier: c.classifier), Self.roles(c, length: 100))
        }
        // Trained GRUs at K = 1 beside Theorem 4's exact gate threshold.
        let gruExperiment = TrainingExperiment(model: .gru, activation: nil, stateSize: 1, lengths: [10, 20],
                                               seeds: Array(1...10), configuration: configuration)
        StandardError.note("training GRU K = 1")
        let gruRuns = gruExperiment.run()
        let gated = gruRuns.filter { $0.stepsToSuccess != nil }.map { run -> TrainingMarkdown.Gated in
            .init(length: run.length, seed: run.seed, effectiveA: Self.effectiveRetention(run.model),
                  threshold: Self.theorem4Threshold(run.length))
        }
        // What f1b check says of every successful model, at n, 2n and every n.
        StandardError.note("checking every successful model")
        let verdicts = TrainedVerdicts.decide(runs, model: "vanilla-k2") { done, total in StandardError.note("checked: \(done)/\(total)") }
            + TrainedVerdicts.decide(gruRuns, model: "gru-k1")
        let command = "f1b report training --out \(out)"
        let markdown = TrainingMarkdown.markdown(runs: runs, peer: peer, learned: learned, split: split, gated: gated,
                                                 verdicts: verdicts,
                                                 figure: figure.map { ($0.run.seed, $0.summary, $0.roles) }, command: command)
        let ours = TrainingExperiment.successRates(runs).map { ($0.length, $0.interval) }
        let theirs = TrainingMarkdown.peerRates(peer).map { ($0.length, $0.interval) }
        let plot = SuccessRatePlot(title: "Training tanh Vanilla K = 2 on F1B(n): success rate (error < 1%)", series: [
            .init(name: "f1b train (\(seedList.count) seeds)", color: "#d62728", points: ours.map { (length: $0.0, rate: $0.1) }),
            .init(name: "PyTorch (\(peer.count / max(Set(peer.map(\.n)).count, 1)) seeds)", color: "#1f77b4", points: theirs.map { (length: $0.0, rate: $0.1) }),
        ]).svg()
        let figureSVG = figure.map { f in
            DistributionFigure(title: "Figure 4 from a trained model: tanh Vanilla K = 2, n = 100, L = 50",
                               subtitle: "f1b train seed \(f.run.seed); 100000 + 100000 paths",
                               rows: DistributionFigure.rows(f.summary, label: "trained")).svg()
        }
        try Outputs.write([("\(out)/training.svg", plot), ("\(out)/training.md", markdown)]
                          + (figureSVG.map { [("\(out)/figure4-trained.svg", $0)] } ?? []), directories: [out])
    }

    /// Which state dimension separates the classes at t = L (loading) and at
    /// t = n (memorization), on simulated paths with L = n/2: each dimension
    /// alone, by its best threshold.
    static func roles(_ c: Construction, length n: Int) -> String {
        let L = max(1, n / 2)
        let setup = SimulationSetup(length: n, pathsPerClass: 4000, seed: 5, flagPosition: L, times: [L])
        let states = c.cell.simulate(setup)
        func error(_ k: Int, _ ti: Int) -> Double {
            FittedClassifier.fit(positive: states.values(positive: true, timeIndex: ti, dimension: k).map(Double.init),
                                 negative: states.values(positive: false, timeIndex: ti, dimension: k).map(Double.init)).test.rate
        }
        let atL = (0..<2).map { error($0, 0) }, atN = (0..<2).map { error($0, 1) }
        let memory = atN[0] <= atN[1] ? 0 : 1, other = 1 - memory
        var text = "S\(memory + 1) memorizes (alone: error \(String(format: "%.3f", atN[memory])) at t = n)"
        text += atL[other] < 0.05 && atN[other] > 0.2
            ? "; S\(other + 1) loads (error \(String(format: "%.3f", atL[other])) at t = L, \(String(format: "%.3f", atN[other])) at t = n)"
            : "; S\(other + 1): error \(String(format: "%.3f", atL[other])) at t = L, \(String(format: "%.3f", atN[other])) at t = n"
        return text
    }

    /// A trained GRU's retention off the flag, 1 − z with z = σ(W_z x + b_z) at s = 0
    /// (flag −1), the least over x^I = ±1: Theorem 4's A = σ(a) when W_z = [0, a].
    static func effectiveRetention(_ m: TrainableModel) -> Double {
        let w = m.parameters["W_z"]!, b = Double(m.parameters["b_z"]![0])
        return [1.0, -1.0].map { x in 1 - 1 / (1 + exp(-(Double(w[0]) * x - Double(w[1]) + b))) }.min()!
    }

    /// The least A with A^(n−1)(1 + A) > 1: where Theorem 4's construction starts
    /// to pass F1B(n) exactly (the bound report's worst-case route), by bisection.
    static func theorem4Threshold(_ n: Int) -> Double {
        var low = 0.5, high = 1.0
        for _ in 0..<80 {
            let mid = (low + high) / 2
            if pow(mid, Double(n - 1)) * (1 + mid) > 1 { high = mid } else { low = mid }
        }
        return high
    }

    func readPeer() throws -> [TrainingMarkdown.PeerRun] {
        guard let data = FileManager.default.contents(atPath: pytorch),
              let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              root["kind"] as? String == "pytorch-training", let runs = root["runs"] as? [[String: Any]] else {
            StandardError.write("\(pytorch): error: expected the JSON that `python3 Benchmarks/train_pytorch.py rates …` writes\n")
            throw ExitCode(ExitStatus.badInput)
        }
        return try runs.map { r in
            guard let n = r["n"] as? Int, let seed = r["seed"] as? Int else {
                StandardError.write("\(pytorch): error: a run without n or seed\n")
                throw ExitCode(ExitStatus.badInput)
            }
            return .init(n: n, seed: seed, stepsToSuccess: r["steps_to_success"] as? Int, torch: root["torch"] as? String ?? "?")
        }
    }
}
