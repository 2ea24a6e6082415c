import Foundation
import Testing
import _LaneMath
@testable import Simulation
import F1B

/// The vector activations against libm in Double, on random arguments.
@Suite struct LaneMathTests {
    func randomVectors(_ count: Int, scale: Float, seed: UInt64) -> [FloatVector] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var v = FloatVector()
            for i in 0..<FloatVector.scalarCount {
                v[i] = (Float(rng.next() >> 40) / Float(1 << 24) * 2 - 1) * scale
            }
            return v
        }
    }

    @Test(arguments: [1 as Float, 4, 20, 200])
    func tanhWithinFewUnitsOfOne(scale: Float) {
        var worst = 0.0
        for v in randomVectors(500, scale: scale, seed: 7) {
            let y = _LaneMath.tanh(v)
            for i in 0..<16 { worst = max(worst, abs(Double(y[i]) - Foundation.tanh(Double(v[i])))) }
        }
        #expect(worst < 4e-7, "max |error| \(worst)")
    }

    @Test(arguments: [1 as Float, 4, 20, 80])
    func sigmoidRelativeErrorSmall(scale: Float) {
        var worst = 0.0
        for v in randomVectors(500, scale: scale, seed: 8) {
            let y = _LaneMath.sigmoid(v)
            for i in 0..<16 {
                let exact = 1 / (1 + Foundation.exp(-Double(v[i])))
                // Rounding x·log₂e to Float costs about |x|·2⁻²³ relative.
                worst = max(worst, abs(Double(y[i]) - exact) / exact / max(1, Double(abs(v[i])) / 8))
            }
        }
        #expect(worst < 1e-6, "max scaled relative error \(worst)")
    }

    @Test func saturatesWithoutOverflow() {
        let big = FloatVector(repeating: 1e30), small = FloatVector(repeating: -1e30)
        #expect(_LaneMath.tanh(big) == FloatVector(repeating: 1))
        #expect(_LaneMath.tanh(small) == FloatVector(repeating: -1))
        #expect(_LaneMath.sigmoid(small).max() < 1e-37)
        #expect(_LaneMath.sigmoid(big) == FloatVector(repeating: 1))
    }

    @Test func clipAndMasks() {
        var v = FloatVector()
        for i in 0..<16 { v[i] = Float(i) / 4 - 2 }
        let clipped = hardclip(v)
        for i in 0..<16 { #expect(clipped[i] == min(max(v[i], -1), 1)) }
        let mask = laneMask(bits: 0b1010_0000_0000_0101)
        for i in 0..<16 { #expect((mask[i] == -1) == ([0, 2, 13, 15].contains(i))) }
        #expect(relu(v).min() == 0)
    }
}

@Suite struct DoubleLaneMathTests {
    @Test func exponentialAgreesWithLibm() {
        var rng = SplitMix64(seed: 11)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = DoubleVector((0..<8).map { _ in (Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1) * 700 })
            let y = exponential(x)
            for i in 0..<8 { worst = max(worst, abs(y[i] - Foundation.exp(x[i])) / Foundation.exp(x[i])) }
        }
        #expect(worst < 1e-15)
        #expect(exponential(DoubleVector(repeating: 0)) == DoubleVector(repeating: 1))
        #expect(exponential(DoubleVector(repeating: 1e6)).max().isFinite && exponential(DoubleVector(repeating: -1e6)).min() > 0)
    }

    @Test func sigmoidAndTanhAgreeWithLibm() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<5000 {
            let x = DoubleVector((0..<8).map { _ in (Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1) * 40 })
            let s = _LaneMath.sigmoid(x), t = _LaneMath.tanh(x)
            for i in 0..<8 {
                let σ = 1 / (1 + Foundation.exp(-x[i]))
                #expect(abs(s[i] - σ) <= 1e-15 * σ + 1e-300)
                #expect(abs(t[i] - Foundation.tanh(x[i])) <= 1e-15)
            }
        }
    }
}
