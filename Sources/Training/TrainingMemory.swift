import Cells
import Foundation
import Simulation

/// The memory one training run needs, estimated before any work, so that a
/// run too large for the machine is refused with its size rather than killed
/// half-way. The figure is an upper estimate of the largest allocations:
///
/// - dense engine: per worker the forward pass of one block of 64 paths kept
///   for the backward pass (`DenseWorkspace.Shape.floats`: inputs and states
///   (4 + width)(n + 1)·64, gate values and adjoints rows·n·64, the paper GRU's
///   mixed rows), plus each block's gradient;
/// - tape: every recorded operation's value and adjoint (two `FloatLanes`,
///   512 bytes) and its record, per block and step, the count read off the
///   tape at K = 1, 2, 3 (it is quadratic in K) and extrapolated;
/// - both: the evaluation's recorded states and the optimizer's moments.
public struct TrainingMemory: Sendable {
    public var model: TrainableModel
    public var configuration: TrainingConfiguration
    public var engine: TrainingEngine
    /// Runs at once (the seed sweep's, each on one thread).
    public var concurrentRuns: Int

    public init(model: TrainableModel, configuration: TrainingConfiguration, concurrentRuns: Int = 1) {
        self.model = model
        self.configuration = configuration
        self.concurrentRuns = concurrentRuns
        engine = configuration.engine ?? TrainingEngine.preferred(for: model)
    }

    /// Estimated peak bytes of all concurrent runs.
    public var bytes: Double { Double(concurrentRuns) * bytesPerRun }

    /// Estimated peak bytes of one run.
    public var bytesPerRun: Double {
        let c = configuration, blocks = Double(c.batchSize / 64), parameters = Double(model.flat.count)
        // Flat parameters, gradient, Adam's two moments (Double) and a copy in Float.
        var total = parameters * (4 + 8 * 3 + 4)
        // The evaluation: recorded final states of both classes, and the engine's buffers.
        total += Double(2 * c.evaluationPaths * model.stateWidth) * 4
        if engine == .dense, let cell = DenseCell(model) {
            let workers = Double(max(1, min(c.threads, c.batchSize / 64)))
            total += workers * Double(DenseWorkspace.Shape(cell: cell, length: c.length).floats) * 4
            total += blocks * parameters * 4
            // The simulation's chunks in the evaluation.
            let chunkRows: Int = 2 * (4 + cell.stateWidth) + cell.gateRows + 4 + cell.stateSize
            total += Double(c.threads * chunkRows * DenseSimulation.blocksPerChunk(stateSize: cell.stateSize) * 64 * 4)
        } else {
            let perNode: Int = 2 * MemoryLayout<FloatLanes>.stride + MemoryLayout<GradientTape.Operation>.stride + 16
            total += tapeNodes * Double(perNode)
        }
        return total
    }

    /// Nodes on the tape for one batch: per block, the steps' operations and the head's; the parameters once.
    var tapeNodes: Double {
        /// Nodes of one block of length n at state size K (flagged bits as the model's).
        func count(_ K: Int, _ n: Int) -> Double {
            let small = TrainableModel.initialized(model: model.model, activation: model.activation, stateSize: K, flags: model.flags,
                                                   convention: model.convention, flaggedBits: model.flaggedBits, seed: 1)
            let tape = GradientTape()
            _ = BatchLoss(length: max(n, model.flaggedBits), blocks: 1, seed: 1).evaluate(small, on: tape)
            return Double(tape.count)
        }
        let n0 = model.flaggedBits
        // Per step and the rest, at K = 1, 2, 3; both quadratic in K, so three points fix them.
        let perStep = (1...3).map { count($0, n0 + 1) - count($0, n0) }
        let rest = (1...3).map { count($0, n0) - Double(n0) * perStep[$0 - 1] }
        func quadratic(_ y: [Double], at x: Double) -> Double {
            // Lagrange through (1, y0), (2, y1), (3, y2).
            y[0] * (x - 2) * (x - 3) / 2 - y[1] * (x - 1) * (x - 3) + y[2] * (x - 1) * (x - 2) / 2
        }
        let K = Double(model.stateSize), blocks = Double(configuration.batchSize / 64)
        return blocks * (quadratic(perStep, at: K) * Double(configuration.length) + quadratic(rest, at: K))
    }

    /// The most a run may use: three quarters of the machine's memory.
    public static var limit: Double { Double(ProcessInfo.processInfo.physicalMemory) * 0.75 }

    /// Why the run would not fit, or nil.
    public func problem(limit: Double = TrainingMemory.limit) -> String? {
        let need = bytes
        guard need > limit else { return nil }
        let c = configuration
        let runs = concurrentRuns > 1 ? " (\(concurrentRuns) runs at once)" : ""
        return "training \(model.model.rawValue) at K = \(model.stateSize), n = \(c.length), batch \(c.batchSize) on the \(engine.rawValue) engine\(runs) "
            + "needs about \(Self.gibibytes(need)) of memory, over the \(Self.gibibytes(limit)) allowed (three quarters of this machine's "
            + "\(Self.gibibytes(Double(ProcessInfo.processInfo.physicalMemory)))); lower --state, --n or --batch"
            + (concurrentRuns > 1 || (engine == .dense && c.threads > 1) ? ", or --threads (each thread keeps a run's or a block's working space)" : "")
    }

    static func gibibytes(_ bytes: Double) -> String {
        let g = bytes / Double(1 << 30)
        return g >= 10 ? "\(Int(g.rounded(.up))) GiB" : String(format: "%.1f GiB", g)
    }
}
