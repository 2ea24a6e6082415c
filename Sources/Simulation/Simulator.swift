import Cells

/// Floating-point format of a simulation.
public enum SimulationPrecision: String, Sendable, CaseIterable {
    /// Sixteen Float lanes per block (`LaneSimulation`), the fast default.
    case float
    /// One path at a time in Double (`ReferenceSimulation`).
    case double
}

extension CellSpecification {
    /// Simulates this cell on the setup's paths. (Defined here, not at the call
    /// site, so the engines are specialised for each concrete cell in this module.)
    public func simulate(_ setup: SimulationSetup, precision: SimulationPrecision = .float,
                         threads: Int = availableThreads) -> SimulatedStates {
        switch precision {
        case .float: return withCell(LaneSimulation(setup: setup, threads: threads))
        case .double: return withCell(ReferenceSimulation(setup: setup, threads: threads))
        }
    }
}
