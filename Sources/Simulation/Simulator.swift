import Cells

/// Floating-point format of a simulation.
public enum SimulationPrecision: String, Sendable, CaseIterable {
    /// `PathBlock.width` (64) paths per block in Float lanes (`LaneSimulation`), the fast default.
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
