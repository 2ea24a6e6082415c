import Cells
import Simulation

/// Which engine evaluates a batch's loss and gradient. Both differentiate the
/// same cell equations on the same paths (the tests hold them to each other):
///
/// - `tape`: the one generic cell definition on `TapeLanes` — every model, and
///   the fastest at small K (a step is a few hundred lane operations);
/// - `dense`: `DenseBatchLoss`, the Vanilla, GRU and LSTM (both conventions)
///   as batched matrix products (OpenBLAS), from K = 8 on the faster by far.
public enum TrainingEngine: String, Sendable, CaseIterable {
    case tape, dense

    /// The smallest K at which `dense` is preferred (measured: Benchmarks/train_simulate_pytorch.py).
    public static let denseFrom = 8

    /// The engine a model trains on by default.
    public static func preferred(for model: TrainableModel) -> TrainingEngine {
        DenseCell.supports(model.model) && model.stateSize >= denseFrom ? .dense : .tape
    }
}

/// What one training run keeps between steps: the tape's storage and the dense engine's buffers.
public final class TrainingWorkspace: @unchecked Sendable {
    public let tape = GradientTape()
    public let dense = DenseWorkspaces()
    public init() {}
}

extension BatchLoss {
    /// Loss and ∂loss/∂(model.flat) by `engine` (the tape where the dense engine
    /// does not serve the model); `threads` run the dense engine's blocks.
    public func evaluate(_ model: TrainableModel, engine: TrainingEngine, threads: Int = 1,
                         workspace: TrainingWorkspace = TrainingWorkspace()) -> (loss: Double, gradient: [Double]) {
        if engine == .dense, let dense = DenseBatchLoss(self, model) {
            return dense.evaluate(threads: threads, workspaces: workspace.dense)
        }
        return evaluate(model, on: workspace.tape)
    }
}
