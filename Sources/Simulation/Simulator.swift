import Cells
import _Parallel

/// Floating-point format of a simulation.
public enum SimulationPrecision: String, Sendable, CaseIterable {
    /// Float, the fast default: `PathBlock.width` (64) paths per block in Float lanes
    /// (`LaneSimulation`), or for the Vanilla, GRU and LSTM from K = 8 on, chunks of
    /// blocks as batched products (`DenseSimulation`).
    case float
    /// One path at a time in Double (`ReferenceSimulation`).
    case double
}

extension CellSpecification {
    /// Simulates this cell on the setup's paths. (Defined here, not at the call
    /// site, so the engines are specialised for each concrete cell in this module.)
    /// `progress(done, total)` counts finished blocks (from any thread).
    public func simulate(_ setup: SimulationSetup, precision: SimulationPrecision = .float,
                         threads: Int = availableThreads,
                         progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) -> SimulatedStates {
        switch precision {
        case .float:
            if DenseSimulation.isPreferred(stateSize: stateSize), let dense = DenseCell(self) {
                return dense.simulate(setup, threads: threads, progress: progress)
            }
            var engine = LaneSimulation(setup: setup, threads: threads)
            engine.progress = progress
            return withCell(engine)
        case .double:
            var engine = ReferenceSimulation(setup: setup, threads: threads)
            engine.progress = progress
            return withCell(engine)
        }
    }
}
