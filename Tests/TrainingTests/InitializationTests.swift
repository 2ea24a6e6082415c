import Cells
import Foundation
import Testing
@testable import Training

/// Each initialisation sets what it says, with the distribution it says, from the seed.
@Suite struct InitializationTests {
    static func sigmoid(_ x: Float) -> Double { 1 / (1 + exp(-Double(x))) }

    @Test func identityIsTheIRNN() {
        let m = TrainableModel.initialized(model: .vanilla, activation: .relu, stateSize: 3, initialization: .identity, seed: 1)
        #expect(m.parameters["U"] == [1, 0, 0, 0, 1, 0, 0, 0, 1] && m.parameters["b"] == [0, 0, 0])
        #expect(Initialization.identity.problem(for: .gru) != nil && Initialization.forgetBias.problem(for: .vanilla) != nil)
    }

    @Test func forgetBiasSetsTheRetentionBias() {
        #expect(TrainableModel.initialized(model: .lstm, activation: nil, stateSize: 2, initialization: .forgetBias, seed: 1).parameters["b_f"] == [1, 1])
        // The paper's GRU: its z writes, so the retention 1 − z has bias −b_z.
        #expect(TrainableModel.initialized(model: .gru, activation: nil, stateSize: 2, initialization: .forgetBias, seed: 1).parameters["b_z"] == [-1, -1])
        let torch = TrainableModel.initialized(model: .gru, activation: nil, stateSize: 2, convention: .pytorch, initialization: .forgetBias, seed: 1)
        #expect(torch.parameters["b_iz"] == [1, 1] && torch.parameters["b_hz"] == [0, 0])
        #expect(TrainableModel.initialized(model: .ugrnn, activation: .tanh, stateSize: 2, initialization: .forgetBias, seed: 1).parameters["b_g"] == [1, 1])
    }

    /// UGI: σ(b_f) uniform on [0.01, 0.99]: mean 1/2, variance 0.98²/12; the refine bias drawn alike.
    @Test func uniformGateDrawsUniformRetention() {
        var values: [Double] = [], refine: [Double] = []
        for seed in 1...400 {
            let m = TrainableModel.initialized(model: .urLSTM, activation: nil, stateSize: 4, initialization: .uniformGate, seed: UInt64(seed))
            values += m.parameters["b_f"]!.map(Self.sigmoid)
            refine += m.parameters["b_r"]!.map(Self.sigmoid)
        }
        for v in [values, refine] {
            let mean = v.reduce(0, +) / Double(v.count)
            let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)
            #expect(abs(mean - 0.5) < 0.02 && abs(variance - 0.98 * 0.98 / 12) < 0.006, "mean \(mean), variance \(variance)")
            #expect(v.allSatisfy { $0 >= 0.0099 && $0 <= 0.9901 })
        }
        let a = TrainableModel.initialized(model: .urLSTM, activation: nil, stateSize: 4, initialization: .uniformGate, seed: 7)
        let b = TrainableModel.initialized(model: .urLSTM, activation: nil, stateSize: 4, initialization: .uniformGate, seed: 7)
        #expect(a == b)
    }

    /// Chrono: e^{b_f} uniform on [1, T_max − 1], b_i = −b_f.
    @Test func chronoDrawsTimescales() {
        var timescales: [Double] = []
        for seed in 1...300 {
            let m = TrainableModel.initialized(model: .lstm, activation: nil, stateSize: 4, initialization: .chrono(maximumTimescale: nil),
                                               length: 50, seed: UInt64(seed))
            #expect(zip(m.parameters["b_f"]!, m.parameters["b_i"]!).allSatisfy { $0 == -$1 })
            timescales += m.parameters["b_f"]!.map { exp(Double($0)) }
        }
        let mean = timescales.reduce(0, +) / Double(timescales.count)
        #expect(abs(mean - 25) < 1.5 && timescales.allSatisfy { $0 >= 0.999 && $0 <= 49.001 }, "mean \(mean)")
        #expect(Initialization.parse("chrono:100") == .chrono(maximumTimescale: 100) && Initialization.parse("chrono:1") == nil)
    }

    /// The frameworks' convention, by role: chrono sets b_if = −b_ii and zeroes b_hf, b_hi; identity zeroes b_ih and b_hh.
    @Test func rolesFindTheFrameworksBiases() {
        let m = TrainableModel.initialized(model: .lstm, activation: nil, stateSize: 3, convention: .pytorch,
                                           initialization: .chrono(maximumTimescale: nil), length: 20, seed: 3)
        #expect(zip(m.parameters["b_if"]!, m.parameters["b_ii"]!).allSatisfy { $0 == -$1 } && m.parameters["b_if"]!.contains { $0 != 0 })
        #expect(m.parameters["b_hf"] == [0, 0, 0] && m.parameters["b_hi"] == [0, 0, 0])
        let irnn = TrainableModel.initialized(model: .vanilla, activation: .relu, stateSize: 2, convention: .pytorch, initialization: .identity, seed: 1)
        #expect(irnn.parameters["U"] == [1, 0, 0, 1] && irnn.parameters["b_ih"] == [0, 0] && irnn.parameters["b_hh"] == [0, 0])
    }
}
