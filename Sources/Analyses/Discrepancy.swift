import Cells
import Exact
import F1B
import Foundation
import Simulation
import Synchronization
import _Parallel

/// How the untrained weights of the (l,k)-discrepancy are drawn.
public enum WeightDistribution: String, CaseIterable, Sendable, Codable {
    /// Every weight i.i.d. N(0, 1): Stérin et al.'s Definition V.1.
    case normal
    /// Every weight i.i.d. U(−1/√k, 1/√k): PyTorch's default initialisation
    /// (the authors' notebook calls it `_init_uni`).
    case pytorch
}

/// Which two input sequences the discrepancy compares.
public enum DiscrepancyInputs: String, CaseIterable, Sendable, Codable {
    /// Stérin et al.'s: a binary alphabet, one-hot (0 → (1, 0), 1 → (0, 1)),
    /// u = 0·0^(l−1) and v = 1·0^(l−1), every input entering through the cell's
    /// input weights and nothing else (their cells have no biases).
    case paper
    /// F1B paths that differ only in the flagged bit: the flag at t = 1 with
    /// X^I_1 = +1 for u and −1 for v, the l − 1 later information bits random
    /// and the same for both (new bits for every block of `DoubleLanes.width`
    /// cells run side by side), x_t = (X^I_t, X^F_t)
    /// with ±1 flags through W, no biases.
    case f1b
}

/// One (l,k)-discrepancy experiment: for each state size k and each length l,
///
///     D(l, k) = E ‖h_u(l) − h_v(l)‖₂
///
/// over untrained cells with state size k whose weights are drawn i.i.d.
/// (Stérin, Farrugia, Gripon 2017, Definition V.1), both runs from h = 0.
/// h is the state a classifier reads (s; the LSTMs' c; the +RNN's y).
///
/// The paper's one-hot input term U x_t (U = [U₀ U₁], x ∈ {e₀, e₁}) is written in
/// f1b's input coordinates as W x^I + b with x^I = −1 for symbol 0 and +1 for
/// symbol 1: W = (U₁ − U₀)/2, b = (U₀ + U₁)/2, the flag column 0 — the same
/// cell, so no bias is added; every other bias is 0. Stérin's GRU retains with
/// z where f1b's paper GRU updates with it (their z is f1b's 1 − z, i.e. W_z,
/// U_z negated); N(0, 1) and U(±a) are symmetric, so the two have the same
/// distribution of discrepancies and f1b's GRU is used as it is.
///
/// The l values of one k are read off one run of max(l) steps per draw, so
/// they share their draws (Stérin's notebook draws afresh per (l, k)).
public struct DiscrepancySetup: Sendable, Equatable {
    public var model: CellModel
    public var activation: Activation?
    public var convention: CellConvention
    public var stateSizes: [Int]
    public var steps: [Int]
    public var draws: Int
    public var weights: WeightDistribution
    public var inputs: DiscrepancyInputs
    public var seed: UInt64

    public init(model: CellModel, activation: Activation?, convention: CellConvention = .paper, stateSizes: [Int], steps: [Int],
                draws: Int = 2000, weights: WeightDistribution = .normal, inputs: DiscrepancyInputs = .paper, seed: UInt64 = 1) {
        self.model = model
        self.activation = activation
        self.convention = convention
        self.stateSizes = stateSizes
        self.steps = steps
        self.draws = draws
        self.weights = weights
        self.inputs = inputs
        self.seed = seed
    }

    /// Largest state size and length accepted (a draw costs O(k²·l)).
    public static let largestStateSize = 512, longestRun = 100_000, mostDraws = 1_000_000

    /// What is wrong with the setup, in the words of the command line's options.
    public var problem: String? {
        if !model.exists(in: convention) { return "--convention \(convention.rawValue): the \(model.rawValue) cell has no framework form" }
        if let activation, !model.hasActivation { return "--activation: the \(model.rawValue) cell has no activation to choose (found \(activation.rawValue))" }
        if let activation, !model.allowedActivations.contains(activation) {
            return "--activation: \(model.rawValue) takes \(model.allowedActivations.map(\.rawValue).joined(separator: ", ")), found \(activation.rawValue)"
        }
        if stateSizes.isEmpty || stateSizes.contains(where: { $0 < 1 || $0 > Self.largestStateSize }) {
            return "--state: expected state sizes from 1 to \(Self.largestStateSize)"
        }
        if steps.isEmpty || steps.contains(where: { $0 < 1 || $0 > Self.longestRun }) { return "--steps: expected lengths from 1 to \(Self.longestRun)" }
        if !(2...Self.mostDraws).contains(draws) { return "--draws: expected 2 to \(Self.mostDraws), found \(draws)" }
        return nil
    }

    /// The activation the cell runs (the paper's Vanilla is logistic).
    public var cellActivation: Activation? { model.hasActivation ? (activation ?? (model == .vanilla ? .sigmoid : .tanh)) : nil }
}

/// D(l, k) with its spread over the draws.
public struct DiscrepancyPoint: Sendable, Codable, Equatable {
    public var stateSize: Int
    public var steps: Int
    public var draws: Int
    public var mean: Double
    public var standardDeviation: Double
    /// The standard error of the mean, σ/√draws.
    public var standardError: Double { standardDeviation / Double(draws).squareRoot() }
}

/// A whole experiment: its setup, D(l, k) for every k and l asked, and how long it took.
public struct DiscrepancySurface: Sendable {
    public var setup: DiscrepancySetup
    public var points: [DiscrepancyPoint]
    public var seconds: Double

    public func point(stateSize k: Int, steps l: Int) -> DiscrepancyPoint? {
        points.first { $0.stateSize == k && $0.steps == l }
    }

    /// The cell as a reader names it ("vanilla sigmoid", "gru").
    public var cellName: String {
        setup.model.rawValue + (setup.cellActivation.map { " \($0.rawValue)" } ?? "")
            + (setup.convention == .paper ? "" : " (\(setup.convention.rawValue))")
    }
}

public enum Discrepancy {
    /// Draws per task: tasks are (k, chunk of draws), each with its own random
    /// stream, so the numbers depend on the seed and not on the thread count.
    /// A chunk runs as blocks of `DoubleLanes.width` cells side by side.
    static let drawsPerTask = 48

    /// Runs the experiment on `threads` workers. Precondition: `setup.problem == nil`.
    public static func surface(_ setup: DiscrepancySetup, threads: Int = availableThreads,
                               progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> DiscrepancySurface {
        precondition(setup.problem == nil)
        let clock = ContinuousClock(), start = clock.now
        let longest = setup.steps.max()!
        let chunks = (setup.draws + drawsPerTask - 1) / drawsPerTask
        let tasks = setup.stateSizes.count * chunks
        // Per task: Σ‖Δ‖ and Σ‖Δ‖² at every t = 1…longest.
        let sums = TaskSums(tasks: tasks, width: 2 * longest)
        let done = Atomic<Int>(0)
        runInParallel(tasks: tasks, threads: threads, makeWorker: { () }) { _, task in
            // Chunk-major, so each worker's contiguous run of tasks holds every k (balanced work).
            let k = setup.stateSizes[task % setup.stateSizes.count], chunk = task / setup.stateSizes.count
            let count = min(drawsPerTask, setup.draws - chunk * drawsPerTask)
            var draws = GaussianDraws(SplitMix64.stream(UInt64(k) << 32 | UInt64(chunk), seed: setup.seed))
            var local = [Double](repeating: 0, count: 2 * longest)
            let layout = ParameterLayout(setup, stateSize: k)
            var block = [Double](repeating: 0, count: layout.count * DoubleLanes.width)
            for first in stride(from: 0, to: count, by: DoubleLanes.width) {
                let used = min(DoubleLanes.width, count - first)
                // Each lane's cell drawn in turn (lanes past `used` repeat the last and are not counted).
                for lane in 0..<DoubleLanes.width {
                    if lane < used { layout.draw(setup.weights, into: &block, lane: lane, &draws) }
                    else { for i in 0..<layout.count { block[i * DoubleLanes.width + lane] = block[i * DoubleLanes.width + used - 1] } }
                }
                let (u, v) = inputPair(setup.inputs, length: longest, &draws)
                let parameters = layout.matrices(block)
                let distances = setup.model.withCell(
                    activation: setup.cellActivation, parameters: { parameters[$0]! },
                    initial: [DoubleLanes](repeating: .zero, count: setup.model.stateWidth(stateSize: k)), flags: .plusMinus,
                    convention: setup.convention, PairDistances<DoubleLanes>(u: u, v: v))
                for (t, d) in distances.enumerated() {
                    for lane in 0..<used {
                        local[2 * t] += d[lane]
                        local[2 * t + 1] += d[lane] * d[lane]
                    }
                }
            }
            sums.store(local, task: task)
            progress(done.add(1, ordering: .relaxed).newValue, tasks)
        }
        var points: [DiscrepancyPoint] = []
        for (index, k) in setup.stateSizes.enumerated() {
            var total = [Double](repeating: 0, count: 2 * longest)
            for chunk in 0..<chunks {   // in task order: the sum does not depend on the schedule
                let part = sums.values(task: chunk * setup.stateSizes.count + index)
                for i in total.indices { total[i] += part[i] }
            }
            for l in setup.steps {
                let n = Double(setup.draws), mean = total[2 * (l - 1)] / n
                let variance = max(0, (total[2 * (l - 1) + 1] - n * mean * mean) / (n - 1))
                points.append(DiscrepancyPoint(stateSize: k, steps: l, draws: setup.draws, mean: mean, standardDeviation: variance.squareRoot()))
            }
        }
        return DiscrepancySurface(setup: setup, points: points, seconds: (clock.now - start).secondsValue)
    }

    /// u and v of one block of cells: they differ only at t = 1.
    static func inputPair(_ inputs: DiscrepancyInputs, length l: Int, _ draws: inout GaussianDraws) -> ([StepInput], [StepInput]) {
        switch inputs {
        case .paper:
            let zero = StepInput(informationBit: -1, flagged: false)
            return ([zero] + Array(repeating: zero, count: l - 1), [StepInput(informationBit: 1, flagged: false)] + Array(repeating: zero, count: l - 1))
        case .f1b:
            let later = (1..<l).map { _ in StepInput(informationBit: draws.rng.next() & 1 == 1 ? 1 : -1, flagged: false) }
            return ([StepInput(informationBit: 1, flagged: true)] + later, [StepInput(informationBit: -1, flagged: true)] + later)
        }
    }
}

/// Where each parameter of a model at state size k sits in one drawn cell:
/// the weights in the order the model lists its parameters (row-major), each
/// drawn i.i.d.; for `paper` inputs an input weight is drawn as the one-hot
/// columns U₀, U₁ and stored as W = (U₁ − U₀)/2 with its bias (U₀ + U₁)/2; every
/// other bias is 0.
struct ParameterLayout {
    struct Slot {
        var name: String
        var role: ParameterRole
        var rows, columns, offset: Int
        /// An input weight drawn through the one-hot map (its bias follows it).
        var oneHot: Bool
    }

    let slots: [Slot]
    let count: Int
    let stateSize: Int
    let convention: CellConvention

    init(_ setup: DiscrepancySetup, stateSize k: Int) {
        var slots: [Slot] = [], offset = 0
        for shape in setup.model.parameterShapes(stateSize: k, convention: setup.convention) {
            let oneHot = setup.model.isInputWeight(shape) && setup.inputs == .paper
            slots.append(Slot(name: shape.name, role: shape.role, rows: shape.rows, columns: shape.columns, offset: offset, oneHot: oneHot))
            offset += shape.rows * shape.columns
        }
        self.slots = slots
        count = offset
        stateSize = k
        convention = setup.convention
    }

    /// Draws one cell into lane `lane` of `block` (entry i of the cell at i·8 + lane).
    func draw(_ weights: WeightDistribution, into block: inout [Double], lane: Int, _ draws: inout GaussianDraws) {
        let half = 1 / Double(stateSize).squareRoot()
        func weight() -> Double {
            switch weights {
            case .normal: return draws.normal()
            case .pytorch: return (2 * draws.uniform() - 1) * half
            }
        }
        let w = DoubleLanes.width
        for slot in slots where slot.rows * slot.columns > 0 {
            if slot.role.isBias {
                if !slots.contains(where: { $0.oneHot && slot.role == .inputBias(gate: $0.role.gate) }) {
                    for i in 0..<slot.rows { block[(slot.offset + i) * w + lane] = 0 }
                }
            } else if slot.oneHot {
                let u0 = (0..<slot.rows).map { _ in weight() }, u1 = (0..<slot.rows).map { _ in weight() }
                let bias = slots.first { $0.role == .inputBias(gate: slot.role.gate) }!
                for i in 0..<slot.rows {
                    block[(slot.offset + 2 * i) * w + lane] = (u1[i] - u0[i]) / 2
                    block[(slot.offset + 2 * i + 1) * w + lane] = 0
                    block[(bias.offset + i) * w + lane] = (u0[i] + u1[i]) / 2
                }
            } else {
                for i in 0..<(slot.rows * slot.columns) { block[(slot.offset + i) * w + lane] = weight() }
            }
        }
    }

    /// The block's parameters as matrices of eight lanes.
    func matrices(_ block: [Double]) -> [String: ParameterMatrix<DoubleLanes>] {
        let w = DoubleLanes.width
        return Dictionary(uniqueKeysWithValues: slots.map { slot in
            (slot.name, ParameterMatrix(rows: slot.rows, columns: slot.columns, entries: (0..<(slot.rows * slot.columns)).map { i in
                DoubleLanes(SIMD8(block[((slot.offset + i) * w)..<((slot.offset + i + 1) * w)]))
            }))
        })
    }
}

/// Values that hold one or more independent lanes (a `Double` is one lane).
public protocol LaneValues: CellScalar {
    static var laneCount: Int { get }
    subscript(lane i: Int) -> Double { get }
}

extension Double: LaneValues {
    public static var laneCount: Int { 1 }
    public subscript(lane i: Int) -> Double { self }
}

extension DoubleLanes: LaneValues {
    public static var laneCount: Int { width }
    public subscript(lane i: Int) -> Double { lanes[i] }
}

/// Runs one cell on two input sequences of equal length from its initial
/// state and returns, for t = 1, 2, …, ‖h_u(t) − h_v(t)‖₂ of the classified
/// state in every lane.
struct PairDistances<S: LaneValues>: CellVisitor where S.Input == StepInput, S.Context == Void {
    typealias Scalar = S
    let u: [StepInput], v: [StepInput]

    func visit<C: RecurrentCell>(_ cell: C) -> [[Double]] where C.Scalar == S {
        var a = cell.initialState, b = a, nextA = a, nextB = a, scratch = cell.makeScratch()
        var out: [[Double]] = []
        out.reserveCapacity(u.count)
        for t in u.indices {
            cell.step(a, u[t], into: &nextA, scratch: &scratch)
            cell.step(b, v[t], into: &nextB, scratch: &scratch)
            swap(&a, &nextA)
            swap(&b, &nextB)
            var squares = S.zero
            for j in 0..<cell.stateSize {
                let d = a[j] - b[j]
                squares.addProduct(d, d)
            }
            out.append((0..<S.laneCount).map { squares[lane: $0].squareRoot() })
        }
        return out
    }
}

/// Disjoint per-task result rows written by parallel workers.
final class TaskSums: @unchecked Sendable {
    private var storage: [Double]
    private let width: Int
    private let lock = Mutex(())

    init(tasks: Int, width: Int) {
        storage = [Double](repeating: 0, count: tasks * width)
        self.width = width
    }

    func store(_ row: [Double], task: Int) {
        lock.withLock { _ in storage.replaceSubrange(task * width..<(task + 1) * width, with: row) }
    }

    func values(task: Int) -> [Double] { Array(storage[task * width..<(task + 1) * width]) }
}

extension Duration {
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
