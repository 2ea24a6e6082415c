import Cells
import F1B
import Simulation
import Testing
@testable import Training

/// The dense engine (`DenseBatchLoss`) against the one generic cell definition
/// on the tape: the same loss and every gradient on random parameters, and
/// its own gradients against finite differences.
@Suite struct DenseEngineTests {
    static let cells: [(CellModel, Activation?, CellConvention)] = [
        (.vanilla, .tanh, .paper), (.vanilla, .sigmoid, .paper), (.vanilla, .hardclip, .paper), (.vanilla, .relu, .paper),
        (.vanilla, .tanh, .pytorch), (.gru, nil, .paper), (.gru, nil, .pytorch), (.lstm, nil, .paper), (.lstm, nil, .pytorch),
    ]

    static func randomModel(_ i: Int, stateSize K: Int, flaggedBits m: Int = 1, flags: FlagEncoding = .plusMinus) -> TrainableModel {
        let (model, activation, convention) = cells[i]
        var rng = SplitMix64.stream(UInt64(i), seed: 99)
        var trainable = TrainableModel.initialized(model: model, activation: activation, stateSize: K, flags: flags,
                                                   convention: convention, flaggedBits: m, seed: UInt64(7 + i))
        // Larger and uneven weights than the default initialisation, so every term matters.
        trainable.flat = trainable.flat.map { $0 * (1.5 + Float(rng.next() >> 40) / Float(1 << 24)) }
        return trainable
    }

    /// Loss and gradient agree with the tape's on the same batch, to Float rounding.
    @Test(arguments: cells.indices, [3, 8, 17])
    func denseAgreesWithTape(_ i: Int, stateSize K: Int) throws {
        let model = Self.randomModel(i, stateSize: K, flags: K == 3 ? .zeroOne : .plusMinus)
        let batch = BatchLoss(length: 7, blocks: 3, seed: 5)
        let tape = batch.evaluate(model, on: GradientTape())
        let dense = try #require(DenseBatchLoss(batch, model)).evaluate(threads: 2)
        #expect(abs(dense.loss - tape.loss) <= 1e-5 * tape.loss, "\(Self.cells[i]) K = \(K): loss \(dense.loss) vs \(tape.loss)")
        #expect(dense.gradient.count == tape.gradient.count)
        let scale = tape.gradient.map(abs).max()!
        #expect(scale > 1e-3)
        let names = model.flatNames
        for j in tape.gradient.indices {
            let (a, b) = (dense.gradient[j], tape.gradient[j])
            #expect(abs(a - b) <= 2e-4 * abs(b) + 2e-5 * scale,
                    "\(Self.cells[i]) K = \(K): \(names[j]) dense \(a) vs tape \(b)")
        }
    }

    /// The Flagged-m-Bit objective (three readouts) too.
    @Test(arguments: [1, 5, 6, 7])
    func flaggedBitsAgreeWithTape(_ i: Int) throws {
        let model = Self.randomModel(i, stateSize: 4, flaggedBits: 3)
        let batch = BatchLoss(length: 6, blocks: 2, seed: 3)
        let tape = batch.evaluate(model, on: GradientTape())
        let dense = try #require(DenseBatchLoss(batch, model)).evaluate()
        #expect(abs(dense.loss - tape.loss) <= 1e-5 * tape.loss)
        let scale = tape.gradient.map(abs).max()!
        for j in tape.gradient.indices {
            #expect(abs(dense.gradient[j] - tape.gradient[j]) <= 2e-4 * abs(tape.gradient[j]) + 2e-5 * scale,
                    "\(Self.cells[i]): \(model.flatNames[j]) dense \(dense.gradient[j]) vs tape \(tape.gradient[j])")
        }
        #expect(dense.gradient.suffix(8).map(abs).max()! > 1e-4)
    }

    /// The dense engine's gradients against central finite differences of its
    /// own loss, as `GradientTests` checks the tape's: smooth cells at K = 5;
    /// hardclip and relu at K = 2 and the tape test's settings, where few paths
    /// sit near a kink (across one a difference quotient is no derivative: where
    /// halving the step changes it, the entry is skipped and counted).
    @Test(arguments: cells.indices)
    func denseGradientsMatchFiniteDifferences(_ i: Int) throws {
        let piecewise = Self.cells[i].1 == .hardclip || Self.cells[i].1 == .relu
        var model = Self.randomModel(i, stateSize: piecewise ? 2 : 5)
        if piecewise {
            model = TrainableModel.initialized(model: model.model, activation: model.activation, stateSize: 2, convention: model.convention, seed: 42)
            model.flat = model.flat.map { $0 * 2 }
        }
        let batch = BatchLoss(length: 6, blocks: 2, seed: 7)
        let (loss, gradient) = try #require(DenseBatchLoss(batch, model)).evaluate()
        #expect(loss.isFinite && loss > 0)
        func lossAt(_ m: TrainableModel) -> Double { DenseBatchLoss(batch, m)!.loss() }
        let h: Float = piecewise ? 1e-3 : 1e-2
        var kinks = 0
        func centred(_ j: Int, _ h: Float) -> Double {
            var plus = model, minus = model
            plus.flat[j] += h
            minus.flat[j] -= h
            return (lossAt(plus) - lossAt(minus)) / Double(2 * h)
        }
        for j in model.flat.indices {
            let difference = centred(j, h)
            if piecewise, abs(centred(j, h / 2) - difference) > 0.05 * (1e-3 + abs(difference)) {
                kinks += 1
                continue
            }
            #expect(abs(difference - gradient[j]) / (1e-3 + abs(difference)) < 2e-2,
                    "\(Self.cells[i]): \(model.flatNames[j]) dense \(gradient[j]) vs finite difference \(difference)")
        }
        #expect(gradient.map(abs).max()! > 1e-3)
        #expect(kinks * 10 <= model.flat.count, "\(kinks) of \(model.flat.count) entries sit on a kink")
    }

    /// The same numbers on any thread count: a batch, and a whole training run.
    @Test func deterministicAcrossThreadCounts() throws {
        let model = Self.randomModel(5, stateSize: 9)
        let batch = BatchLoss(length: 5, blocks: 5, seed: 2)
        let dense = try #require(DenseBatchLoss(batch, model))
        let one = dense.evaluate(threads: 1)
        for threads in [2, 3, 8] {
            let other = dense.evaluate(threads: threads)
            #expect(other.loss == one.loss && other.gradient == one.gradient, "threads \(threads)")
        }
        var c = TrainingConfiguration(length: 6, steps: 12, batchSize: 192, evaluateEvery: 6, evaluationPaths: 300, seed: 4)
        c.threads = 1
        let start = Self.randomModel(8, stateSize: 8)
        let single = Trainer.train(start, c)
        c.threads = 3
        let parallel = Trainer.train(start, c)
        #expect(single.model == parallel.model && single.records == parallel.records)
        #expect(single.model != start)
    }

    /// The engine a model trains on: dense from K = 8 for the models it serves, the tape otherwise.
    @Test func preferredEngine() {
        #expect(TrainingEngine.preferred(for: Self.randomModel(5, stateSize: 8)) == .dense)
        #expect(TrainingEngine.preferred(for: Self.randomModel(5, stateSize: 2)) == .tape)
        let pru = TrainableModel.initialized(model: .pru, activation: nil, stateSize: 16, seed: 1)
        #expect(TrainingEngine.preferred(for: pru) == .tape)
        #expect(DenseBatchLoss(BatchLoss(length: 3, blocks: 1, seed: 1), pru) == nil)
    }
}

@Suite struct TrainingMemoryTests {
    /// A run that cannot fit is refused with the memory it needs; a small one is not.
    @Test func estimateRefusesWhatCannotFit() {
        let small = TrainingMemory(model: TrainableModel.initialized(model: .gru, activation: nil, stateSize: 32, seed: 1),
                                   configuration: TrainingConfiguration(length: 20, steps: 10, seed: 1))
        #expect(small.problem() == nil && small.bytes > 1e6 && small.bytes < 1e9)
        let huge = TrainingMemory(model: TrainableModel.initialized(model: .lstm, activation: nil, stateSize: 1024, seed: 1),
                                  configuration: TrainingConfiguration(length: 1000, steps: 10, batchSize: 4096, seed: 1))
        let problem = huge.problem(limit: 2 * Double(1 << 30))
        #expect(problem?.contains("GiB") == true && problem?.contains("K = 1024") == true, "\(problem ?? "nil")")
        // The tape's count is extrapolated from K = 1…3 exactly: compare with the tape at K = 5.
        let tapeRun = TrainingMemory(model: TrainableModel.initialized(model: .ugrnn, activation: .tanh, stateSize: 5, seed: 1),
                                     configuration: TrainingConfiguration(length: 4, steps: 1, batchSize: 64, seed: 1))
        let tape = GradientTape()
        _ = BatchLoss(length: 4, blocks: 1, seed: 1).evaluate(tapeRun.model, on: tape)
        #expect(abs(tapeRun.tapeNodes - Double(tape.count)) < 1e-6 * Double(tape.count), "\(tapeRun.tapeNodes) vs \(tape.count)")
    }
}
