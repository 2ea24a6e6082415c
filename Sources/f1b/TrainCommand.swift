import ArgumentParser
import Cells
import Constructions
import Experiments
import Foundation
import Reports
import Sharding
import Simulation
import Training
import _Parallel

/// `f1b train`: one training run (Section 5.3), exported as a construction file.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a cell and a logistic-regression head on F1B(n); export the result as a construction file.",
        discussion: """
            Mini-batch back-propagation through time: every step draws a fresh batch (half with \
            flagged bit +1, half −1), the final state goes into a logistic-regression head, and the \
            gradient of the mean negative log-likelihood — taken through the same cell definition the \
            checker uses, on a gradient tape over 64-lane Float vectors, or for the Vanilla, GRU and LSTM \
            from K = 8 on by the same equations as batched matrix products (OpenBLAS, one thread per \
            worker; the two engines are tested to agree) — updates every parameter \
            (Adam by default). --threads splits each batch into its blocks of 64 paths (and runs the \
            evaluations and the seed sweep's runs side by side); the same seed gives the same numbers \
            on any thread count. A run too large for the machine's memory is refused before it starts, \
            with the memory it would need. Initialisation: uniform on ±1/√K, as PyTorch's recurrent cells; s0 = 0. \
            Every --eval-every steps the exported model's classifier is scored on 2048 + 2048 fresh \
            paths. --out writes the trained cell and head as a construction file that f1b check and \
            f1b simulate accept unchanged.
            """)

    @Option(help: "vanilla, gru, lstm, pru, ugrnn, plus-rnn, ur-gru or ur-lstm.") var model: String
    @Option(help: "pytorch (default), identity (Vanilla: U = I, b = 0, the IRNN with relu), forget-bias (retention bias 1), uniform-gate (retention bias σ⁻¹(U[0.01, 0.99])), chrono[:TMAX] (retention bias ln U[1, TMAX − 1], input bias its negative; TMAX defaults to n).")
    var initialization = "pytorch"
    @Option(help: "Vanilla only: tanh (default), hardclip, sigmoid or relu.") var activation: String?
    @Option(help: "State dimension K (1…\(ConstructionReader.maximumStateSize), memory permitting).") var state: Int
    @Option(help: "paper (the F1B paper's equations) or pytorch (PyTorch's, Flax's and Keras' equations: two biases per gate, the GRU's reset after the product, the LSTM without peepholes classifying h).")
    var convention = "paper"
    @Option(name: .customLong("n"), help: "Sequence length n; with --seeds, a list (10,20,50,100).") var lengths: String
    @Option(help: "Training steps (at most).") var steps = 3000
    @Option(help: "Paths per batch (a multiple of 64).") var batch = 128
    @Option(parsing: .unconditional, help: "Learning rate.") var lr = 0.01
    @Option(help: "adam or sgd.") var optimizer = "adam"
    @Option(parsing: .unconditional, help: "Clip the gradient to this Euclidean norm.") var clip: Double?
    @Option(help: "Evaluate every this many steps.") var evalEvery = 100
    @Option(help: "Seed of the initialisation and the batches.") var seed: UInt64 = 1
    @Option(help: "The experiment: train once per seed (1...50) and per n, each run stopping at success.") var seeds: String?
    @Option(help: ArgumentHelp("With --seeds: this run's part of the grid, 0 ≤ i < N.", valueName: "i/N")) var shard = Shard.whole
    @Option(help: "With --seeds: write every run (JSON) to this file.") var result: String?
    @Flag(help: "Stop at the first evaluation with error below 1%.") var stopAtSuccess = false
    @Option(help: "Write the trained model as a construction file.") var out: String?
    @Option(help: "m of the Flagged-m-Bit test: m flags per path, one readout per flagged bit (default 1: F1B).") var flaggedBits = 1
    @Option(help: "Threads (default: every core); the numbers do not depend on it.") var threads: Int?
    @Option(help: "With --out: write an expect block claiming this verdict (pass or fail) at the trained n, for f1b check to test; without it the file claims nothing.")
    var expect: String?

    func run() throws {
        guard let cellModel = CellModel(rawValue: model) else {
            throw ValidationError("--model: expected one of \(CellModel.allCases.map(\.rawValue).joined(separator: ", ")), found '\(model)'")
        }
        guard let cellInitialization = Initialization.parse(initialization) else {
            throw ValidationError("--initialization: expected pytorch, identity, forget-bias, uniform-gate or chrono[:TMAX], found '\(initialization)'")
        }
        if let problem = cellInitialization.problem(for: cellModel) { throw ValidationError("--initialization \(initialization) and --model \(model): \(problem)") }
        if activation != nil, !cellModel.hasActivation {
            throw ValidationError("--activation and --model \(model): the activation is the vanilla and ugrnn cells'; the other gated cells use σ gates and a tanh candidate")
        }
        let activation = self.activation ?? "tanh"
        guard let act = Activation(rawValue: activation) else { throw ValidationError("--activation: expected tanh, hardclip, sigmoid or relu") }
        guard let kind = OptimizerKind(rawValue: optimizer) else { throw ValidationError("--optimizer: expected adam or sgd") }
        guard (1...ConstructionReader.maximumStateSize).contains(state) else {
            throw ValidationError("--state: expected 1…\(ConstructionReader.maximumStateSize), found \(state)")
        }
        let threadCount = threads ?? availableThreads
        guard threadCount >= 1 else { throw ValidationError("--threads: expected at least 1, found \(threadCount)") }
        guard let cellConvention = CellConvention(rawValue: convention), cellModel.exists(in: cellConvention) else {
            throw ValidationError("--convention: expected paper or pytorch (the pru exists in the paper's convention only)")
        }
        guard case .list(let ns)? = try? parseLengths(lengths), !ns.isEmpty else {
            throw ValidationError("--n: expected a length or a list of lengths (10 or 10,20,50), found '\(lengths)'")
        }
        guard (1...16).contains(flaggedBits) else { throw ValidationError("--flagged-bits: expected 1…16, found \(flaggedBits)") }
        if flaggedBits > 1, seeds != nil {
            throw ValidationError("--flagged-bits and --seeds: the success-rate experiment is F1B's; f1b report analyses runs the Flagged-m-Bit one")
        }
        if let n = ns.first, n < flaggedBits { throw ValidationError("--n \(n) and --flagged-bits \(flaggedBits): a path needs n ≥ m") }
        if seeds != nil, out != nil {
            throw ValidationError("--out and --seeds: the experiment writes its runs with --result, not one construction file with --out")
        }
        let verdict = try expect.map { text -> Expectation.Verdict in
            guard let v = Expectation.Verdict(rawValue: text) else { throw ValidationError("--expect: expected pass or fail, found '\(text)'") }
            guard out != nil else { throw ValidationError("--expect: the expect block goes into the construction file; give --out too") }
            return v
        }
        try Outputs.check(files: [out, result])
        if let seeds {
            try runExperiment(cellModel, act, cellConvention, cellInitialization, kind, lengths: ns, seeds: seeds, threads: threadCount)
            return
        }
        guard ns.count == 1 else { throw ValidationError("--n: one length per run; give --seeds for the experiment over several") }
        let length = ns[0]
        var configuration = TrainingConfiguration(length: length, steps: steps, batchSize: batch, learningRate: lr, optimizer: kind,
                                                  clip: clip, evaluateEvery: evalEvery, stopBelow: stopAtSuccess ? 0.01 : nil, seed: seed)
        configuration.threads = threadCount
        if let problem = configuration.problem { throw ValidationError(problem) }
        let start = TrainableModel.initialized(model: cellModel, activation: cellModel.hasActivation ? act : nil, stateSize: state,
                                               convention: cellConvention, initialization: cellInitialization, length: length,
                                               flaggedBits: flaggedBits, seed: seed)
        if let problem = TrainingMemory(model: start, configuration: configuration).problem() { throw ValidationError(problem) }
        let clock = ContinuousClock()
        var result: TrainingResult!
        let elapsed = clock.measure {
            result = Trainer.train(start, configuration) { record in
                guard StandardError.showsProgress else { return }
                let done = Int(Double(record.step) / Double(configuration.steps) * 30)
                let bar = String(repeating: "█", count: done) + String(repeating: "·", count: 30 - done)
                let eval = record.evaluation.map { String(format: "  eval error %.4f", $0.rate) } ?? ""
                StandardError.write(String(format: "\r%@ step %d/%d  loss %.4f", bar, record.step, configuration.steps, record.loss) + eval)
            }
        }
        if StandardError.showsProgress { StandardError.write("\n") }
        let name = out.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            ?? "trained-\(model)-k\(state)-n\(length)-seed\(seed)"
        var construction = result.model.construction(name: name)
        // A claim only when asked for: training aims at a pass but does not always reach it.
        construction.expectation = verdict.map { Expectation(lengths: .list([length]), verdict: $0) }
        let e = result.finalEvaluation
        var text = "\(model)\(cellModel.hasActivation ? " \(activation)" : ""), K = \(state), n = \(length)\(flaggedBits > 1 ? ", \(flaggedBits) flagged bits" : ""): "
        text += "\(counted(result.records.count, "step")) of batch \(batch), \(optimizer) lr \(lr), seed \(seed), \(String(format: "%.3f", elapsed.seconds)) s\n"
        text += String(format: "final loss %.5f; ", result.records.last!.loss)
        text += "error on \(e.trials) fresh paths \(SimulationTextWriter.estimate(e))\(flaggedBits > 1 ? " (the worst readout)" : "")\n"
        text += result.stepsToSuccess.map { "success (error < 1%) first at step \($0)\n" } ?? "no evaluation reached error < 1%\n"
        if let out {
            try writeOutput(ConstructionWriter.yaml(construction, comment: [
                "Trained by f1b train --model \(model)\(cellModel.hasActivation ? " --activation \(activation)" : "")\(cellConvention == .paper ? "" : " --convention \(convention)")\(initialization == "pytorch" ? "" : " --initialization \(initialization)") --state \(state)\(flaggedBits > 1 ? " --flagged-bits \(flaggedBits)" : "") --n \(length) --steps \(steps) --batch \(batch) --lr \(lr) --optimizer \(optimizer) --seed \(seed)\(expect.map { " --expect \($0)" } ?? "")",
                "Error of the head on \(e.trials) fresh paths: \(SimulationTextWriter.estimate(e)). Parameters are the trained Float values as exact decimals.",
            ], decimals: true), to: out)
            text += "written to \(out)\n"
        }
        try writeOutput(text, to: nil)
    }

    /// `--seeds`: the success-rate experiment.
    func runExperiment(_ cellModel: CellModel, _ act: Activation, _ cellConvention: CellConvention, _ cellInitialization: Initialization,
                       _ kind: OptimizerKind,
                       lengths ns: [Int], seeds text: String, threads: Int) throws {
        guard case .list(let seedList)? = try? parseLengths(text) else {
            throw ValidationError("--seeds: expected seeds like 1...50 or 1,2,3, found '\(text)'")
        }
        var configuration = TrainingConfiguration(length: ns.max()!, steps: steps, batchSize: batch, learningRate: lr, optimizer: kind,
                                                  clip: clip, evaluateEvery: evalEvery, seed: 0)
        configuration.threads = 1   // each run on one thread, the runs side by side
        if let problem = configuration.problem { throw ValidationError(problem) }
        let largest = TrainableModel.initialized(model: cellModel, activation: cellModel.hasActivation ? act : nil, stateSize: state,
                                                 convention: cellConvention, initialization: cellInitialization, length: ns.max()!, seed: 1)
        let concurrent = min(threads, ns.count * seedList.count)
        if let problem = TrainingMemory(model: largest, configuration: configuration, concurrentRuns: concurrent).problem() {
            throw ValidationError(problem)
        }
        let experiment = TrainingExperiment(model: cellModel, activation: cellModel.hasActivation ? act : nil, stateSize: state,
                                            convention: cellConvention, initialization: cellInitialization,
                                            lengths: ns, seeds: seedList.map(UInt64.init), configuration: configuration)
        let clock = ContinuousClock()
        var runs: [TrainingExperiment.Run] = []
        let elapsed = clock.measure {
            runs = experiment.run(shard: shard, threads: threads) { done, total in
                StandardError.progress("training runs", done, of: total)
            }
        }
        var out = "\(model)\(cellModel.hasActivation ? " \(act.rawValue)" : ""), K = \(state): \(counted(runs.count, "run")) "
        out += "(seeds \(text), shard \(shard)), at most \(counted(steps, "step")) of batch \(batch), \(optimizer) lr \(lr); "
        out += "success = error < 1% on 4096 fresh paths, evaluated every \(counted(evalEvery, "step")); \(String(format: "%.1f", elapsed.seconds)) s\n"
        out += TrainingTextWriter.successTable(runs.map { ($0.length, $0.stepsToSuccess) })
        if let result {
            let sweep = TrainingSweepResult(
                trainingProtocol: .init(model: model, convention: convention, initialization: initialization,
                                        activation: cellModel.hasActivation ? act.rawValue : nil, state: state, steps: steps,
                                        batch: batch, lr: lr, optimizer: optimizer),
                runs: runs.map(TrainingSweepResult.Run.init))
            try writeOutput(try ResultFile.serialized(ShardedResult(sweep, shard: shard)), to: result)
        }
        try writeOutput(out, to: nil)
    }
}
