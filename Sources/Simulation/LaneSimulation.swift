import Cells
import F1B
import _LaneMath
import _Parallel

/// The Monte-Carlo engine: runs a cell on `FloatLanes`, 64 paths per
/// block, time in the outer loop of each block and blocks shared among
/// threads. Inputs come from `PathBlock`, so the same seed gives the same
/// states on any number of threads.
public struct LaneSimulation: CellVisitor {
    public typealias Scalar = FloatLanes
    public let setup: SimulationSetup
    public let threads: Int
    /// Blocks done of all blocks, as they finish (from any thread).
    public var progress: @Sendable (Int, Int) -> Void = { _, _ in }

    public init(setup: SimulationSetup, threads: Int = availableThreads) {
        self.setup = setup
        self.threads = threads
    }

    public func visit<C: RecurrentCell>(_ cell: C) -> SimulatedStates where C.Scalar == FloatLanes {
        let setup = setup
        return SimulatedStates.simulate(
            setup: setup, stateSize: cell.stateSize, threads: threads, progress: progress,
            makeWorker: { (state: cell.initialState, next: cell.initialState, scratch: cell.makeScratch()) },
            block: { worker, target in
                Self.simulate(cell, setup: setup, target: target, state: &worker.state, next: &worker.next,
                              scratch: &worker.scratch)
            })
    }

    static func simulate<C: RecurrentCell>(_ cell: C, setup: SimulationSetup, target: BlockTarget,
                                           state: inout [FloatLanes], next: inout [FloatLanes],
                                           scratch: inout [FloatLanes]) where C.Scalar == FloatLanes {
        var inputs = LaneInputStream(setup: setup, positive: target.positive, block: target.block)
        let lanes = target.lanes
        for k in 0..<state.count { state[k] = cell.initialState[k] }
        var record = 0
        for t in 1...setup.length {
            cell.step(state, inputs.next(at: t), into: &next, scratch: &scratch)
            swap(&state, &next)
            if t == setup.times[record] {
                for k in 0..<cell.stateSize {
                    let values = state[k]
                    for lane in 0..<lanes { target.store(values[lane: lane], timeIndex: record, dimension: k, lane: lane) }
                }
                record += 1
            }
        }
    }
}
