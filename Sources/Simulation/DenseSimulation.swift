import Cells
import F1B
import Synchronization
import _LaneMath
import _Parallel

/// The Monte-Carlo engine for the cells `DenseCell` serves, at the state
/// sizes where batched products beat the lane engine: the same paths as
/// `LaneSimulation` (the same `LaneInputStream` per block of 64), taken
/// `blocksPerChunk` blocks of one class at a time, each step one matrix product
/// for the chunk's paths (`DenseCell.forward`). Chunks are fixed by the cell
/// and the setup alone and run on the threads in any order, each writing its
/// own paths, so the same seed gives the same states on any number of threads.
public struct DenseSimulation: Sendable {
    public let cell: DenseCell
    public let setup: SimulationSetup
    /// Blocks of 64 paths per product.
    public let blocksPerChunk: Int

    public init(cell: DenseCell, setup: SimulationSetup) {
        self.cell = cell
        self.setup = setup
        blocksPerChunk = Self.blocksPerChunk(stateSize: cell.stateSize)
    }

    /// Paths per product, by K: enough columns for the product to run near the
    /// machine's peak, few enough that a chunk's working set stays in cache.
    public static func blocksPerChunk(stateSize K: Int) -> Int { K <= 64 ? 4 : 2 }

    /// Whether this engine is the faster of the two at state size K (measured:
    /// Benchmarks/train_simulate_pytorch.py); below, `LaneSimulation` runs.
    public static func isPreferred(stateSize K: Int) -> Bool { K >= 8 }

    /// Simulates both classes; `progress(done, total)` counts blocks of 64 paths.
    public func run(threads: Int, progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> SimulatedStates {
        var states = SimulatedStates(setup: setup, stateSize: cell.stateSize)
        let layout = states, blocks = setup.blocksPerClass
        let chunks = (blocks + blocksPerChunk - 1) / blocksPerChunk
        let done = Atomic<Int>(0)
        let cell = cell, setup = setup, perChunk = blocksPerChunk
        states.storage.withUnsafeMutableBufferPointer { buffer in
            let target = SharedStorage(base: buffer.baseAddress!)
            runInParallel(tasks: 2 * chunks, threads: threads,
                          makeWorker: { Workspace(cell: cell, paths: perChunk * PathBlock.width) }) { workspace, task in
                let positive = task < chunks
                let chunk = positive ? task : task - chunks
                let first = chunk * perChunk, count = min(perChunk, blocks - first)
                Self.simulate(cell, setup: setup, positive: positive, blocks: first..<(first + count), layout: layout,
                              into: target.base, workspace: workspace)
                progress(done.add(count, ordering: .relaxed).newValue, 2 * blocks)
            }
        }
        return states
    }

    /// A worker's buffers: two states (current and next, each with its input rows), the gates, the GRU's mixed rows.
    final class Workspace {
        let z: [FloatBuffer]
        let gates, mixed: FloatBuffer
        let stride: Int

        init(cell: DenseCell, paths: Int) {
            stride = paths
            z = (0..<2).map { _ in FloatBuffer(count: (4 + cell.stateWidth) * paths) }
            gates = FloatBuffer(count: cell.gateRows * paths)
            mixed = FloatBuffer(count: (4 + cell.stateSize) * paths)
        }
    }

    static func simulate(_ cell: DenseCell, setup: SimulationSetup, positive: Bool, blocks: Range<Int>,
                         layout: SimulatedStates, into storage: UnsafeMutablePointer<Float>, workspace w: Workspace) {
        let N = blocks.count * PathBlock.width, stride = w.stride
        var inputs = blocks.map { LaneInputStream(setup: setup, positive: positive, block: $0) }
        var current = w.z[0].view(stride: stride), next = w.z[1].view(stride: stride)
        for i in 0..<cell.stateWidth {
            let row = current.row(4 + i), value = cell.initialState[i]
            for j in 0..<N { row[j] = value }
        }
        let gates = w.gates.view(stride: stride), mixed = w.mixed.view(stride: stride)
        var record = 0
        for t in 1...setup.length {
            for b in inputs.indices { DenseCell.encode(inputs[b].next(at: t), into: current, column: b * PathBlock.width) }
            cell.forward(current, into: next, gates: gates, mixed: mixed, paths: N)
            swap(&current, &next)
            if t == setup.times[record] {
                for (b, block) in blocks.enumerated() {
                    let firstPath = block * PathBlock.width
                    let lanes = min(PathBlock.width, setup.pathsPerClass - firstPath)
                    for k in 0..<cell.stateSize {
                        let destination = storage + layout.offset(positive: positive, timeIndex: record, dimension: k) + firstPath
                        destination.update(from: current.row(4 + cell.classifiedRow + k) + b * PathBlock.width, count: lanes)
                    }
                }
                record += 1
            }
        }
    }
}

private struct SharedStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
}

extension DenseCell {
    /// Float simulation of this cell on the setup's paths.
    public func simulate(_ setup: SimulationSetup, threads: Int = availableThreads,
                         progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> SimulatedStates {
        DenseSimulation(cell: self, setup: setup).run(threads: threads, progress: progress)
    }
}
