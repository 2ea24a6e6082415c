import Cells
import F1B
import _Parallel

/// The same paths as `LaneSimulation` (same `PathBlock` streams), one at a
/// time through the cell in Double with libm's tanh and σ: the reference the
/// vector engine is tested against, and `--precision double`.
public struct ReferenceSimulation: CellVisitor {
    public typealias Scalar = Double
    public let setup: SimulationSetup
    public let threads: Int
    /// Blocks done of all blocks, as they finish (from any thread).
    public var progress: @Sendable (Int, Int) -> Void = { _, _ in }

    public init(setup: SimulationSetup, threads: Int = availableThreads) {
        self.setup = setup
        self.threads = threads
    }

    public func visit<C: RecurrentCell>(_ cell: C) -> SimulatedStates where C.Scalar == Double {
        let setup = setup
        return SimulatedStates.simulate(setup: setup, stateSize: cell.stateSize, threads: threads, progress: progress,
                                        makeWorker: { cell.makeScratch() }, block: { scratch, target in
            var inputs = PathBlock(setup: setup, positive: target.positive, block: target.block)
            let bits = (1...setup.length).map { _ in inputs.nextBits() }
            for lane in 0..<target.lanes {
                let L = inputs.flagPositions[lane]
                var state = cell.initialState, next = state, record = 0
                for t in 1...setup.length {
                    let drawn = (bits[t - 1] >> UInt64(lane)) & 1 == 1
                    let positiveBit = t == L ? target.positive : drawn
                    cell.step(state, StepInput(informationBit: positiveBit ? 1 : -1, flagged: t == L),
                              into: &next, scratch: &scratch)
                    swap(&state, &next)
                    if t == setup.times[record] {
                        for k in 0..<cell.stateSize { target.store(Float(state[k]), timeIndex: record, dimension: k, lane: lane) }
                        record += 1
                    }
                }
            }
        })
    }
}
