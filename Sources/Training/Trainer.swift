import Cells
import Constructions
import Exact
import F1B
import Simulation
import _Parallel

/// Mini-batch back-propagation through time on fresh F1B(n) batches (the
/// paper's Section 5.3 protocol): each step draws a new batch, evaluates the
/// loss and its gradient on the tape, clips, and updates with the optimizer.
/// Every `evaluateEvery` steps (and at the end) the model is exported and
/// its classifier's error measured on fresh simulated paths.
public struct TrainingConfiguration: Sendable {
    public var length: Int
    public var steps: Int
    /// Paths per batch: a positive multiple of 64 (blocks of alternating class).
    public var batchSize: Int
    public var learningRate: Double
    public var optimizer: OptimizerKind
    public var clip: Double?
    public var evaluateEvery: Int
    /// Paths per class in each evaluation (4096 in all by default, the success test).
    public var evaluationPaths: Int
    /// Stop at the first evaluation below this error (nil: run every step).
    public var stopBelow: Double?
    public var seed: UInt64
    /// Threads of the run: the dense engine's blocks of each batch and each
    /// evaluation's simulation (1 when runs are already parallel). The numbers
    /// do not depend on it.
    public var threads: Int = availableThreads
    /// The same knob under the name the experiments use.
    public var evaluationThreads: Int {
        get { threads }
        set { threads = newValue }
    }
    /// The engine of the batches (nil: `TrainingEngine.preferred`).
    public var engine: TrainingEngine?

    public init(length: Int, steps: Int, batchSize: Int = 128, learningRate: Double = 0.01, optimizer: OptimizerKind = .adam,
                clip: Double? = nil, evaluateEvery: Int = 100, evaluationPaths: Int = 2048, stopBelow: Double? = nil, seed: UInt64) {
        self.length = length
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.optimizer = optimizer
        self.clip = clip
        self.evaluateEvery = evaluateEvery
        self.evaluationPaths = evaluationPaths
        self.stopBelow = stopBelow
        self.seed = seed
    }

    public var problem: String? {
        if length < 1 { return "the sequence length must be at least 1" }
        if steps < 1 { return "at least one training step is needed" }
        if batchSize < 64 || batchSize % 64 != 0 { return "the batch size must be a positive multiple of 64 (blocks of 64 paths), got \(batchSize)" }
        if !(learningRate > 0) { return "the learning rate must be positive" }
        if let clip, !(clip > 0) { return "the clipping norm must be positive" }
        if evaluateEvery < 1 { return "evaluate at least every step count ≥ 1" }
        if evaluationPaths < 2 { return "at least 2 evaluation paths per class are needed" }
        if threads < 1 { return "at least one thread is needed" }
        return nil
    }
}

public struct TrainingRecord: Sendable, Equatable {
    public var step: Int
    public var loss: Double
    /// The exported classifier's error on fresh paths, where evaluated.
    public var evaluation: ErrorEstimate?
}

public struct TrainingResult: Sendable {
    public var model: TrainableModel
    public var records: [TrainingRecord]
    /// The first evaluated step whose error was below the success threshold.
    public var stepsToSuccess: Int?
    public var finalEvaluation: ErrorEstimate
}

public enum Trainer {
    /// The error of `model`'s exported cell and classifier on fresh paths.
    public static func evaluate(_ model: TrainableModel, length: Int, pathsPerClass: Int, seed: UInt64,
                                threads: Int = availableThreads) -> ErrorEstimate {
        if model.flaggedBits > 1 {
            let construction = model.construction(name: "evaluation")
            // The worst readout's error on 2P fresh Flagged-m-Bit paths.
            let r = FlaggedBitsSimulation.run(construction, length: length, paths: 2 * pathsPerClass, seed: seed, threads: threads)
            return r.readouts.compactMap(\.fileError).max { $0.errors < $1.errors }!
        }
        let setup = SimulationSetup(length: length, pathsPerClass: pathsPerClass, seed: seed)
        if DenseSimulation.isPreferred(stateSize: model.stateSize), let dense = DenseCell(model) {
            // Straight from the Floats: the exported cell value for value, without entering K² parameters as rationals.
            let classifier = Classifier(beta: model.beta.map(TrainableModel.exact), gamma: TrainableModel.exact(model.gamma))
            return SimulationSummary.error(of: classifier, on: dense.simulate(setup, threads: threads)).total
        }
        // The file's classifier only (the summary's fitted classifiers are not needed here).
        let construction = model.construction(name: "evaluation")
        return SimulationSummary.error(of: construction.classifier!, on: construction.cell.simulate(setup, threads: threads)).total
    }

    /// Trains from `model`; `progress` sees every record as it is made.
    public static func train(_ model: TrainableModel, _ c: TrainingConfiguration, successBelow: Double = 0.01,
                             progress: (TrainingRecord) -> Void = { _ in }) -> TrainingResult {
        var model = model
        var optimizer = Optimizer(c.optimizer, learningRate: c.learningRate, count: model.flat.count)
        var records: [TrainingRecord] = []
        var stepsToSuccess: Int?
        var last: ErrorEstimate?
        // Evaluation paths come from streams of their own, disjoint from the training batches'.
        let evaluationSeed = SplitMix64.stream(0xE7A1, seed: c.seed).state
        let workspace = TrainingWorkspace()
        let engine = c.engine ?? TrainingEngine.preferred(for: model)
        for step in 1...c.steps {
            let batch = BatchLoss(length: c.length, blocks: c.batchSize / 64, seed: SplitMix64.stream(UInt64(step), seed: c.seed).state)
            let (loss, gradient) = batch.evaluate(model, engine: engine, threads: c.threads, workspace: workspace)
            var flat = model.flat
            optimizer.step(&flat, gradient: c.clip.map { clipped(gradient, norm: $0) } ?? gradient)
            model.flat = flat
            var record = TrainingRecord(step: step, loss: loss, evaluation: nil)
            if step % c.evaluateEvery == 0 || step == c.steps {
                let e = evaluate(model, length: c.length, pathsPerClass: c.evaluationPaths, seed: evaluationSeed &+ UInt64(step),
                                 threads: c.threads)
                record.evaluation = e
                last = e
                if stepsToSuccess == nil, e.rate < successBelow { stepsToSuccess = step }
            }
            records.append(record)
            progress(record)
            if let stop = c.stopBelow, let e = record.evaluation, e.rate < stop { break }
        }
        return TrainingResult(model: model, records: records, stepsToSuccess: stepsToSuccess, finalEvaluation: last!)
    }
}
