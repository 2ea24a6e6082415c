import Synchronization
import _Parallel

/// One block of one class being simulated, and where its recorded states go.
/// Blocks write disjoint paths of the shared storage.
struct BlockTarget: @unchecked Sendable {
    let positive: Bool
    let block: Int
    let layout: SimulatedStates
    let base: UnsafeMutablePointer<Float>

    /// Index of the block's first path within its class.
    var firstPath: Int { block * PathBlock.width }
    /// Paths of the block that are simulated (the last block may be partial).
    var lanes: Int { min(PathBlock.width, layout.setup.pathsPerClass - firstPath) }

    func store(_ value: Float, timeIndex: Int, dimension: Int, lane: Int) {
        base[layout.offset(positive: positive, timeIndex: timeIndex, dimension: dimension) + firstPath + lane] = value
    }
}

extension SimulatedStates {
    /// Simulates every block of both classes on `threads` workers, each with
    /// working state from `makeWorker`, and collects what they record.
    static func simulate<Worker>(setup: SimulationSetup, stateSize: Int, threads: Int,
                                 progress: @Sendable (Int, Int) -> Void = { _, _ in },
                                 makeWorker: @Sendable () -> Worker,
                                 block simulateBlock: @Sendable (inout Worker, BlockTarget) -> Void) -> SimulatedStates {
        var states = SimulatedStates(setup: setup, stateSize: stateSize)
        let layout = states, blocks = setup.blocksPerClass
        let done = Atomic<Int>(0)
        states.storage.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedBase(pointer: buffer.baseAddress!)
            runInParallel(tasks: 2 * blocks, threads: threads, makeWorker: makeWorker) { worker, task in
                let positive = task < blocks
                simulateBlock(&worker, BlockTarget(positive: positive, block: positive ? task : task - blocks,
                                                   layout: layout, base: shared.pointer))
                progress(done.add(1, ordering: .relaxed).newValue, 2 * blocks)
            }
        }
        return states
    }
}

private struct SharedBase: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
}
