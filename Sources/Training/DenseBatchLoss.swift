import Cells
import F1B
import Foundation
import Simulation
import _LaneMath
import _Parallel

/// `BatchLoss`'s objective and its gradient for the cells `DenseCell` serves,
/// by batched products instead of the gradient tape: per block of 64 paths
/// (one chunk), the forward pass keeps every step's input and state (`Z`, one
/// row per input code and state entry, one column per path and step) and gate
/// values; back-propagation through time (`DenseCell.backward`) turns the gate
/// values into the adjoints ā of each product's rows, and each product's
/// matrix gradient is then a single product over all steps,
///
///     ∂L/∂A = Σ_t ā_t Z_tᵀ = ā_all · Z_allᵀ,
///
/// from which `DenseCell.parameterGradients` reads W, U, V and b. The same
/// paths and labels as the tape's (`BatchLoss.Forward`), the same loss per
/// path in Double. Chunks run in parallel; their losses and gradients are
/// summed in block order, so the result does not depend on the thread count.
public struct DenseBatchLoss: Sendable {
    public let batch: BatchLoss
    public let model: TrainableModel
    public let cell: DenseCell

    /// Nil for a model `DenseCell` does not serve.
    public init?(_ batch: BatchLoss, _ model: TrainableModel) {
        guard let cell = DenseCell(model) else { return nil }
        self.batch = batch
        self.model = model
        self.cell = cell
    }

    /// Loss and ∂loss/∂(model.flat), in `BatchLoss.evaluate`'s order.
    public func evaluate(threads: Int = 1, workspaces: DenseWorkspaces = DenseWorkspaces()) -> (loss: Double, gradient: [Double]) {
        let blocks = batch.blocks
        let workers = max(1, min(threads, blocks))
        let pool = workspaces.prepare(workers, cell: cell, length: batch.length)
        let results = Slots<(loss: Double, gradient: [Float])>(count: blocks)
        // A workspace is scratch only, so which worker runs a block never changes its result.
        runPulling(tasks: blocks, threads: workers) { w, block in
            results.set(block, chunk(block, workspace: pool[w]))
        }
        var loss = 0.0
        var gradient = [Double](repeating: 0, count: model.flat.count)
        for r in results.values {
            loss += r.loss
            for i in gradient.indices { gradient[i] += Double(r.gradient[i]) }
        }
        return (loss / Double(batch.batchSize * model.flaggedBits), gradient)
    }

    /// The loss alone (for finite differences of this engine).
    public func loss() -> Double { evaluate().loss }

    /// One block of 64 paths: its summed loss (not yet divided by the batch)
    /// and its gradient contribution in `model.flat` order.
    func chunk(_ block: Int, workspace w: DenseWorkspace) -> (loss: Double, gradient: [Float]) {
        let T = batch.length, N = PathBlock.width, K = cell.stateSize, m = model.flaggedBits
        let Z = w.z.view(stride: (T + 1) * N), gates = w.gates.view(stride: T * N), mixed = w.mixed.view(stride: T * N)
        let (inputs, labels) = batch.block(block, flaggedBits: m)
        for t in 0..<T { DenseCell.encode(inputs[t], into: Z, column: t * N) }
        for i in 0..<cell.stateWidth { Z.row(4 + i).update(repeating: cell.initialState[i], count: N) }
        for t in 0..<T {
            cell.forward(Z.offset(row: 0, column: t * N), into: Z.offset(row: 0, column: (t + 1) * N),
                         gates: gates.offset(row: 0, column: t * N), mixed: mixed.offset(row: 0, column: t * N), paths: N)
        }
        // The heads: z_j = γ_j + β_jᵀ s_n per path; dL/dz = −y σ(−y z) / (B m); s̄_n = Σ_j β_j dL/dz_j.
        var dState = w.dState.view(stride: N), dPrevious = w.dPrevious.view(stride: N)
        dState.base.update(repeating: 0, count: cell.stateWidth * N)
        let final = Z.offset(row: 4 + cell.classifiedRow, column: T * N)
        let scale = Float(batch.batchSize * m)
        var loss = 0.0
        var headGradients: [Float] = []
        var score = [Float](repeating: 0, count: N), slope = [Float](repeating: 0, count: N)
        for j in 0..<m {
            let (beta, gamma) = model.readout(j)
            for lane in 0..<N { score[lane] = gamma }
            for k in 0..<K {
                let s = final.row(k)
                for lane in 0..<N { score[lane] = score[lane].addingProduct(beta[k], s[lane]) }
            }
            for lane in 0..<N {
                let y = labels[j][lane]
                let margin = Double(-y * score[lane])
                loss += margin > 0 ? margin + log1p(exp(-margin)) : log1p(exp(margin))
                slope[lane] = -y * Float(1 / (1 + exp(-margin))) / scale
            }
            var betaGradient = [Float](repeating: 0, count: K)
            for k in 0..<K {
                let s = final.row(k), d = dState.row(cell.classifiedRow + k)
                var total: Float = 0
                for lane in 0..<N {
                    total = total.addingProduct(slope[lane], s[lane])
                    d[lane] = d[lane].addingProduct(beta[k], slope[lane])
                }
                betaGradient[k] = total
            }
            headGradients += betaGradient + [slope.reduce(0, +)]
        }
        for t in stride(from: T, to: 0, by: -1) {
            cell.backward(Z.offset(row: 0, column: (t - 1) * N), state: Z.offset(row: 0, column: t * N),
                          gates: gates.offset(row: 0, column: (t - 1) * N), mixed: mixed.offset(row: 0, column: (t - 1) * N),
                          dState: dState, into: dPrevious, scratch: w.scratch.view(stride: N), paths: N)
            swap(&dState, &dPrevious)
        }
        // ∂L/∂A = ā_all Z_allᵀ for each product (the columns of all T steps at once).
        let columns = cell.firstColumns
        MatrixProduct.multiply(cell.firstRows, columns, T * N, gates, Z, into: w.dFirst.view(stride: columns), transposingB: true)
        if case .gru = cell.kind {
            MatrixProduct.multiply(K, 4 + K, T * N, gates.offset(row: 2 * K), mixed, into: w.dCandidate.view(stride: 4 + K),
                                   transposingB: true)
        }
        if case .resetAfterGRU = cell.kind {
            MatrixProduct.multiply(K, 4, T * N, gates.offset(row: 3 * K), Z, into: w.dCandidate.view(stride: 4), transposingB: true)
        }
        let named = cell.parameterGradients(first: w.dFirst.values,
                                            candidate: { if case .gru = cell.kind { return w.dCandidate.values } else { return [] } }(),
                                            candidateDrive: { if case .resetAfterGRU = cell.kind { return w.dCandidate.values } else { return [] } }())
        let cellGradient = model.shapes.flatMap { named[$0.name]! }
        return (loss, cellGradient + headGradients)
    }
}

/// The dense engine's working space per worker, kept from one training step
/// to the next (the forward pass of a block at K = 256, n = 100 keeps some 40 MB).
public final class DenseWorkspaces: @unchecked Sendable {
    var workers: [DenseWorkspace] = []

    public init() {}

    /// `count` workspaces fitting the cell and length (made or remade as needed; call before going parallel).
    func prepare(_ count: Int, cell: DenseCell, length: Int) -> [DenseWorkspace] {
        let shape = DenseWorkspace.Shape(cell: cell, length: length)
        for w in 0..<count {
            if w == workers.count { workers.append(DenseWorkspace(shape)) } else if workers[w].shape != shape { workers[w] = DenseWorkspace(shape) }
        }
        return Array(workers.prefix(count))
    }
}

/// One worker's buffers for one block of 64 paths over n steps.
final class DenseWorkspace: @unchecked Sendable {
    struct Shape: Equatable {
        var stateWidth, stateSize, gateRows, firstRows, firstColumns, mixedRows, length: Int
        init(cell: DenseCell, length: Int) {
            stateWidth = cell.stateWidth
            stateSize = cell.stateSize
            gateRows = cell.gateRows
            firstRows = cell.firstRows
            firstColumns = cell.firstColumns
            if case .gru = cell.kind { mixedRows = 4 + cell.stateSize } else { mixedRows = 0 }
            self.length = length
        }

        /// Floats the buffers hold.
        var floats: Int {
            let N = PathBlock.width, T = length
            return (4 + stateWidth) * (T + 1) * N + gateRows * T * N + mixedRows * T * N + (2 * stateWidth + stateSize) * N
                + firstRows * firstColumns + stateSize * (4 + stateSize)
        }
    }

    let shape: Shape
    let z, gates, mixed, dState, dPrevious, scratch, dFirst, dCandidate: FloatBuffer

    init(_ s: Shape) {
        shape = s
        let N = PathBlock.width
        z = FloatBuffer(count: (4 + s.stateWidth) * (s.length + 1) * N)
        gates = FloatBuffer(count: s.gateRows * s.length * N)
        mixed = FloatBuffer(count: s.mixedRows * s.length * N)
        dState = FloatBuffer(count: s.stateWidth * N)
        dPrevious = FloatBuffer(count: s.stateWidth * N)
        scratch = FloatBuffer(count: s.stateSize * N)
        dFirst = FloatBuffer(count: s.firstRows * s.firstColumns)
        dCandidate = FloatBuffer(count: s.stateSize * (4 + s.stateSize))
    }
}

extension BatchLoss {
    /// Block b's inputs step by step and its labels per readout (±1 per lane):
    /// the paths and labels the tape's forward pass uses for that block.
    func block(_ b: Int, flaggedBits m: Int) -> (inputs: [LaneInputs], labels: [[Float]]) {
        if m == 1 {
            let setup = SimulationSetup(length: length, pathsPerClass: (blocks + 1) / 2 * PathBlock.width, seed: seed)
            let positive = b % 2 == 0
            var stream = LaneInputStream(setup: setup, positive: positive, block: b / 2)
            return ((1...length).map { stream.next(at: $0) }, [[Float](repeating: positive ? 1 : -1, count: PathBlock.width)])
        }
        var rng = SplitMix64.stream(UInt64(b), seed: seed)
        let paths = (0..<PathBlock.width).map { _ in FlaggedBitsPath.random(length: length, flaggedBits: m, using: &rng) }
        let inputs = (1...length).map { t -> LaneInputs in
            var positive: UInt64 = 0, flagged: UInt64 = 0
            for (lane, path) in paths.enumerated() {
                let x = path.input(at: t)
                if x.informationBit == 1 { positive |= 1 << UInt64(lane) }
                if x.flagged { flagged |= 1 << UInt64(lane) }
            }
            return LaneInputs(positive: LaneMasks(bits: positive), flagged: LaneMasks(bits: flagged))
        }
        return (inputs, (0..<m).map { j in paths.map { Float($0.label(j)) } })
    }
}

extension DenseCell {
    /// The trainable model's cell (s_0 = 0). Nil for a model this form does not serve.
    init?(_ model: TrainableModel) {
        self.init(model: model.model, activation: model.activation, stateSize: model.stateSize, flags: model.flags,
                  convention: model.convention, classifiesHidden: model.classifiesHidden,
                  initialState: [Float](repeating: 0, count: model.stateWidth), parameter: { model.parameters[$0]! })
    }
}
