import Cells
import F1B
import Foundation
import Simulation
import _LaneMath

/// The training objective on one batch of F1B(n) paths and its gradient:
///
///     loss = (1/B) Σ_paths softplus(−y · (βᵀ s_n + γ)),   y the flagged bit,
///
/// (the logistic regression head's negative log-likelihood), differentiated
/// through the cell by a `GradientTape` over the one cell definition. The
/// batch is `blocks` blocks of 64 paths, alternately of flagged bit +1 and −1,
/// drawn from `PathBlock` streams of `seed`.
public struct BatchLoss: Sendable {
    public var length: Int
    public var blocks: Int
    public var seed: UInt64

    public init(length: Int, blocks: Int, seed: UInt64) {
        self.length = length
        self.blocks = blocks
        self.seed = seed
    }

    public var batchSize: Int { blocks * PathBlock.width }

    /// Loss and ∂loss/∂(model.flat).
    public func evaluate(_ model: TrainableModel, on tape: GradientTape = GradientTape()) -> (loss: Double, gradient: [Double]) {
        if model.flaggedBits > 1 { return evaluateFlaggedBits(model, on: tape) }
        tape.reset()
        var leaves: [String: [TapeLanes]] = [:]
        for shape in model.shapes {
            leaves[shape.name] = model.parameters[shape.name]!.map { tape.variable(FloatLanes(repeating: $0)) }
        }
        let beta = model.beta.map { tape.variable(FloatLanes(repeating: $0)) }
        let gamma = tape.variable(FloatLanes(repeating: model.gamma))
        let shapes = Dictionary(uniqueKeysWithValues: model.shapes.map { ($0.name, $0) })
        let visitor = Forward(setup: SimulationSetup(length: length, pathsPerClass: (blocks + 1) / 2 * PathBlock.width, seed: seed),
                              blocks: blocks, beta: beta, gamma: gamma)
        let scores = model.model.withCell(
            activation: model.activation,
            parameters: { name in ParameterMatrix(rows: shapes[name]!.rows, columns: shapes[name]!.columns, entries: leaves[name]!) },
            initial: Array(repeating: TapeLanes.zero, count: model.stateWidth), flags: model.flags,
            convention: model.convention, classifiesHidden: model.classifiesHidden, visitor)
        // d loss / d z = −y σ(−y z) / B per path; loss = Σ softplus(−y z) / B.
        var loss = 0.0
        var seeds: [(TapeLanes, FloatLanes)] = []
        let B = Float(batchSize)
        for (block, z) in scores.enumerated() {
            let y: Float = block % 2 == 0 ? 1 : -1
            var lanes = [Float](repeating: 0, count: PathBlock.width)
            for lane in 0..<PathBlock.width {
                let margin = Double(-y * z.value[lane: lane])
                loss += margin > 0 ? margin + log1p(exp(-margin)) : log1p(exp(margin))
                lanes[lane] = -y * Float(1 / (1 + exp(-margin))) / B
            }
            let slope = FloatLanes(FloatVector(lanes[0..<16]), FloatVector(lanes[16..<32]), FloatVector(lanes[32..<48]), FloatVector(lanes[48..<64]))
            seeds.append((z, slope))
        }
        let adjoint = tape.gradients(seeds: seeds)
        func total(_ x: TapeLanes) -> Double { Double(adjoint[Int(x.node)].sum) }
        let gradient = model.shapes.flatMap { leaves[$0.name]!.map(total) } + beta.map(total) + [total(gamma)]
        return (loss / Double(batchSize), gradient)
    }

    /// The loss alone, in the same arithmetic (for finite differences).
    public func loss(_ model: TrainableModel) -> Double { evaluate(model).loss }

    /// Runs the cell over the batch's blocks on the tape; returns each block's score z = βᵀ s_n + γ.
    struct Forward: CellVisitor {
        typealias Scalar = TapeLanes
        let setup: SimulationSetup
        let blocks: Int
        let beta: [TapeLanes]
        let gamma: TapeLanes

        func visit<C: RecurrentCell>(_ cell: C) -> [TapeLanes] where C.Scalar == TapeLanes {
            var scratch = cell.makeScratch()
            return (0..<blocks).map { block in
                let positive = block % 2 == 0
                var inputs = LaneInputStream(setup: setup, positive: positive, block: block / 2)
                var state = cell.initialState, next = state
                for t in 1...setup.length {
                    cell.step(state, inputs.next(at: t), into: &next, scratch: &scratch)
                    swap(&state, &next)
                }
                var z = gamma
                for k in 0..<cell.stateSize { z.addProduct(beta[k], state[k]) }
                return z
            }
        }
    }

    /// The Flagged-m-Bit objective: every path has m flags, readout j a
    /// logistic head on the j-th flagged bit,
    ///
    ///     loss = (1/(B·m)) Σ_paths Σ_j softplus(−y_j · (β_jᵀ s_n + γ_j)),
    ///
    /// on `blocks` blocks of 64 paths drawn uniformly (`FlaggedBitsPath.random`).
    func evaluateFlaggedBits(_ model: TrainableModel, on tape: GradientTape) -> (loss: Double, gradient: [Double]) {
        tape.reset()
        let m = model.flaggedBits, K = model.stateSize
        var leaves: [String: [TapeLanes]] = [:]
        for shape in model.shapes {
            leaves[shape.name] = model.parameters[shape.name]!.map { tape.variable(FloatLanes(repeating: $0)) }
        }
        let heads = (0..<m).map { j -> (beta: [TapeLanes], gamma: TapeLanes) in
            let r = model.readout(j)
            return (r.beta.map { tape.variable(FloatLanes(repeating: $0)) }, tape.variable(FloatLanes(repeating: r.gamma)))
        }
        let shapes = Dictionary(uniqueKeysWithValues: model.shapes.map { ($0.name, $0) })
        let paths = (0..<blocks).map { block -> [FlaggedBitsPath] in
            var rng = SplitMix64.stream(UInt64(block), seed: seed)
            return (0..<PathBlock.width).map { _ in FlaggedBitsPath.random(length: length, flaggedBits: m, using: &rng) }
        }
        let finals = model.model.withCell(
            activation: model.activation,
            parameters: { name in ParameterMatrix(rows: shapes[name]!.rows, columns: shapes[name]!.columns, entries: leaves[name]!) },
            initial: Array(repeating: TapeLanes.zero, count: model.stateWidth), flags: model.flags,
            convention: model.convention, classifiesHidden: model.classifiesHidden, FlaggedBitsForward(paths: paths, length: length))
        var loss = 0.0
        var seeds: [(TapeLanes, FloatLanes)] = []
        let scale = Float(batchSize * m)
        for (block, state) in finals.enumerated() {
            for j in 0..<m {
                var z = heads[j].gamma
                for k in 0..<K { z.addProduct(heads[j].beta[k], state[k]) }
                var lanes = [Float](repeating: 0, count: PathBlock.width)
                for lane in 0..<PathBlock.width {
                    let y = Float(paths[block][lane].label(j))
                    let margin = Double(-y * z.value[lane: lane])
                    loss += margin > 0 ? margin + log1p(exp(-margin)) : log1p(exp(margin))
                    lanes[lane] = -y * Float(1 / (1 + exp(-margin))) / scale
                }
                seeds.append((z, FloatLanes(FloatVector(lanes[0..<16]), FloatVector(lanes[16..<32]), FloatVector(lanes[32..<48]), FloatVector(lanes[48..<64]))))
            }
        }
        let adjoint = tape.gradients(seeds: seeds)
        func total(_ x: TapeLanes) -> Double { Double(adjoint[Int(x.node)].sum) }
        let gradient = model.shapes.flatMap { leaves[$0.name]!.map(total) }
            + heads.flatMap { $0.beta.map(total) + [total($0.gamma)] }
        return (loss / Double(batchSize * m), gradient)
    }

    /// Runs the cell over blocks of 64 Flagged-m-Bit paths on the tape; returns each block's final classified state.
    struct FlaggedBitsForward: CellVisitor {
        typealias Scalar = TapeLanes
        let paths: [[FlaggedBitsPath]]
        let length: Int

        func visit<C: RecurrentCell>(_ cell: C) -> [[TapeLanes]] where C.Scalar == TapeLanes {
            var scratch = cell.makeScratch()
            return paths.map { block in
                var state = cell.initialState, next = state
                for t in 1...length {
                    var positive: UInt64 = 0, flagged: UInt64 = 0
                    for (lane, path) in block.enumerated() {
                        let x = path.input(at: t)
                        if x.informationBit == 1 { positive |= 1 << UInt64(lane) }
                        if x.flagged { flagged |= 1 << UInt64(lane) }
                    }
                    cell.step(state, LaneInputs(positive: LaneMasks(bits: positive), flagged: LaneMasks(bits: flagged)), into: &next, scratch: &scratch)
                    swap(&state, &next)
                }
                return Array(state.prefix(cell.stateSize))
            }
        }
    }
}
