import Cells
import Exact
import F1B
import Testing
@testable import Simulation

/// The batched engine (`DenseSimulation`) against the one generic cell
/// definition in Float lanes (`LaneSimulation`) on the same paths, for every
/// cell it serves, on random parameters and a random initial state.
@Suite struct DenseSimulationTests {
    static let cells: [(CellModel, Activation?, CellConvention, classifiesHidden: Bool)] = [
        (.vanilla, .tanh, .paper, false), (.vanilla, .sigmoid, .paper, false), (.vanilla, .hardclip, .paper, false),
        (.vanilla, .relu, .paper, false), (.vanilla, .tanh, .pytorch, false), (.gru, nil, .paper, false), (.gru, nil, .pytorch, false),
        (.lstm, nil, .paper, false), (.lstm, nil, .pytorch, true), (.lstm, nil, .pytorch, false),
    ]

    /// A cell with entries uniform on ±2/√K (exact dyadics), biases and the initial state on ±1/2.
    static func randomCell(_ i: Int, stateSize K: Int, flags: FlagEncoding = .plusMinus) -> CellSpecification {
        let (model, activation, convention, hidden) = cells[i]
        var rng = SplitMix64.stream(UInt64(i), seed: UInt64(K))
        func uniform(_ bound: Double) -> Rational {
            Rational(exactly: (Double(rng.next() >> 40) / Double(1 << 24) * 2 - 1) * bound)!
        }
        var parameters: [String: ExactMatrix] = [:]
        for shape in model.parameterShapes(stateSize: K, convention: convention) {
            let bound = shape.isVector ? 0.5 : 2 / Double(K).squareRoot()
            parameters[shape.name] = ExactMatrix(rows: shape.rows, columns: shape.columns,
                                                 entries: (0..<(shape.rows * shape.columns)).map { _ in uniform(bound) })
        }
        let width = model.stateWidth(stateSize: K)
        return CellSpecification(model: model, activation: activation, stateSize: K, flags: flags, parameters: parameters,
                                 initialState: (0..<width).map { _ in uniform(0.5) }, convention: convention, classifiesHidden: hidden)
    }

    /// Every recorded state agrees with the generic cell's to Float rounding (the
    /// two sum the recurrent products in different orders).
    @Test(arguments: cells.indices, [3, 8, 24])
    func denseAgreesWithGenericLanes(_ i: Int, stateSize K: Int) throws {
        let cell = Self.randomCell(i, stateSize: K, flags: K == 3 ? .zeroOne : .plusMinus)
        let setup = SimulationSetup(length: 30, pathsPerClass: 300, seed: 4, times: [1, 9])
        let dense = try #require(DenseCell(cell)).simulate(setup, threads: 2)
        let lanes = cell.withCell(LaneSimulation(setup: setup, threads: 2))
        #expect(dense.storage.count == lanes.storage.count)
        var worst: Float = 0
        for (a, b) in zip(dense.storage, lanes.storage) { worst = max(worst, abs(a - b) / max(1, abs(b))) }
        #expect(worst < 1e-4, "\(Self.cells[i]) K = \(K): largest difference \(worst)")
        // Not vacuous: the states spread out.
        #expect(Set(lanes.storage).count > 100)
    }

    /// Bit-identical states on any number of threads, with a partial last chunk and a partial last block.
    @Test func deterministicAcrossThreadCounts() throws {
        let cell = try #require(DenseCell(Self.randomCell(6, stateSize: 10)))
        let setup = SimulationSetup(length: 12, pathsPerClass: 64 * 9 + 13, seed: 8, times: [4])
        let one = cell.simulate(setup, threads: 1)
        for threads in [2, 3, 5] { #expect(cell.simulate(setup, threads: threads).storage == one.storage) }
    }

    /// `simulate(.float)` runs the dense engine from K = 8 on, the lane engine below.
    @Test func floatSimulationPicksTheEngine() throws {
        let setup = SimulationSetup(length: 6, pathsPerClass: 100, seed: 1)
        for K in [4, 8] {
            let cell = Self.randomCell(5, stateSize: K)
            let expected = K >= 8 ? try #require(DenseCell(cell)).simulate(setup) : cell.withCell(LaneSimulation(setup: setup))
            #expect(cell.simulate(setup).storage == expected.storage)
        }
    }

    /// Products through OpenBLAS, in each transposition, against a plain triple loop.
    @Test func matrixProductsAgreeWithTheDefinition() {
        var rng = SplitMix64(seed: 3)
        func values(_ count: Int) -> FloatBuffer {
            FloatBuffer((0..<count).map { _ in Float(Int(rng.next() >> 60)) - 8 })
        }
        let (m, n, k) = (5, 7, 3)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = values(m * k), b = values(k * n), c = values(m * n)
            let before = c.values
            let (lda, ldb) = (ta ? m : k, tb ? k : n)
            MatrixProduct.multiply(m, n, k, a.view(stride: lda), b.view(stride: ldb), into: c.view(stride: n),
                                   transposingA: ta, transposingB: tb, alpha: 2, beta: -1)
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = 0
                    for l in 0..<k { sum += (ta ? a.base[l * lda + i] : a.base[i * lda + l]) * (tb ? b.base[j * ldb + l] : b.base[l * ldb + j]) }
                    #expect(c.base[i * n + j] == 2 * sum - before[i * n + j])
                }
            }
        }
    }

    /// The Gram matrix over more rows than one block (1100 = 2·512 + 76) against Σ_r v_r v_rᵀ term by term.
    @Test func gramMatchesTheSumOfOuterProducts() {
        var rng = SplitMix64(seed: 4)
        let (rows, width) = (1100, 6)
        // Small integers: every sum is exact in Double, so the comparison is exact.
        let v = (0..<(rows * width)).map { _ in Double(Int(rng.next() >> 60)) - 8 }
        let g = MatrixProduct.gram(rows: rows, width: width) { r, x in
            for j in 0..<width { x[j] = v[r * width + j] }
        }
        for i in 0..<width {
            for j in 0..<width {
                let sum = (0..<rows).reduce(0.0) { $0 + v[$1 * width + i] * v[$1 * width + j] }
                #expect(g[i * width + j] == sum)
            }
        }
        #expect(MatrixProduct.gram(rows: 0, width: 3) { _, _ in } == Array(repeating: 0, count: 9))
    }
}
