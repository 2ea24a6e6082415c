import Cells
import Testing
@testable import Training

/// Every gradient the tape computes, against central finite differences of the
/// same loss, for every cell.
@Suite struct GradientTests {
    static let cells: [(CellModel, Activation?, CellConvention)] = [
        (.vanilla, .tanh, .paper), (.vanilla, .sigmoid, .paper), (.vanilla, .hardclip, .paper), (.vanilla, .relu, .paper),
        (.gru, nil, .paper), (.pru, nil, .paper), (.lstm, nil, .paper),
        (.vanilla, .tanh, .pytorch), (.gru, nil, .pytorch), (.lstm, nil, .pytorch),
        (.ugrnn, .tanh, .paper), (.ugrnn, .relu, .paper), (.plusRNN, nil, .paper), (.urGRU, nil, .paper), (.urLSTM, nil, .paper),
    ]

    @Test(arguments: cells.indices)
    func tapeGradientsMatchFiniteDifferences(_ i: Int) {
        let (model, activation, convention) = Self.cells[i]
        var m = TrainableModel.initialized(model: model, activation: activation, stateSize: 2, convention: convention, seed: 42)
        // Larger weights than the default initialisation, so every term matters.
        m.flat = m.flat.map { $0 * 2 }
        let batch = BatchLoss(length: 6, blocks: 2, seed: 7)
        let (loss, gradient) = batch.evaluate(m)
        #expect(loss.isFinite && loss > 0)
        let names = m.flatNames
        #expect(gradient.count == m.flat.count && names.count == m.flat.count)
        let h: Float = activation == .hardclip || activation == .relu || model == .plusRNN ? 1e-3 : 1e-2
        var worst = 0.0
        var kinks = 0
        func centred(_ j: Int, _ h: Float) -> Double {
            var plus = m, minus = m
            plus.flat[j] += h
            minus.flat[j] -= h
            return (batch.loss(plus) - batch.loss(minus)) / Double(2 * h)
        }
        let piecewise = activation == .hardclip || activation == .relu || model == .plusRNN
        for j in m.flat.indices {
            let difference = centred(j, h)
            // Across a kink of g or relu a difference quotient is no derivative: where halving
            // the step changes it, the entry is skipped (and counted).
            if piecewise, abs(centred(j, h / 2) - difference) > 0.05 * (1e-3 + abs(difference)) {
                kinks += 1
                continue
            }
            let error = abs(difference - gradient[j]) / (1e-3 + abs(difference))
            worst = max(worst, error)
            #expect(error < 2e-2, "\(model.rawValue) \(activation?.rawValue ?? "") \(convention.rawValue): \(names[j]) tape \(gradient[j]) vs finite difference \(difference)")
        }
        // Not vacuous: some gradients are well away from zero, and kinks are rare.
        #expect(gradient.map(abs).max()! > 1e-3)
        #expect(kinks * 10 <= m.flat.count, "\(kinks) of \(m.flat.count) entries sit on a kink")
    }

    /// The Flagged-m-Bit objective (m readouts) against finite differences.
    @Test(arguments: [(CellModel.vanilla, Activation?.some(.tanh)), (.gru, nil), (.lstm, nil)])
    func flaggedBitsGradientsMatchFiniteDifferences(model: CellModel, activation: Activation?) {
        var m = TrainableModel.initialized(model: model, activation: activation, stateSize: 3, flaggedBits: 3, seed: 5)
        m.flat = m.flat.map { $0 * 2 }
        #expect(m.flat.count == m.flatNames.count)
        let batch = BatchLoss(length: 6, blocks: 2, seed: 3)
        let (loss, gradient) = batch.evaluate(m)
        #expect(loss.isFinite && loss > 0 && gradient.count == m.flat.count)
        for j in m.flat.indices {
            var plus = m, minus = m
            plus.flat[j] += 1e-2
            minus.flat[j] -= 1e-2
            let difference = (batch.loss(plus) - batch.loss(minus)) / 2e-2
            #expect(abs(difference - gradient[j]) / (1e-3 + abs(difference)) < 2e-2, "\(model.rawValue): \(m.flatNames[j]) tape \(gradient[j]) vs \(difference)")
        }
        // The readouts past the first take part.
        #expect(gradient.suffix(8).map(abs).max()! > 1e-4)
    }

    @Test func constantsStayOffTheTape() {
        let tape = GradientTape()
        let x = tape.variable(FloatLanes(repeating: 3))
        let c = TapeLanes.one + TapeLanes.one
        #expect(c.node == -1 && tape.count == 1)
        var y = x * c
        y.addProduct(x, x)          // y = 2x + x² → dy/dx = 2 + 2x = 8
        y.activate(.relu)
        let adjoint = tape.gradients(seeds: [(y, FloatLanes(repeating: 1))])
        #expect(adjoint[Int(x.node)].sum == 8 * 64)
    }
}
