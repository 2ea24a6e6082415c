import Analyses
import Cells
import Constructions
import F1B
import Foundation
import TestSupport
import Testing

/// Stérin et al.'s cells written out here in Double, as their paper writes them
/// (logistic Vanilla h = σ(U_h x + W_h h); GRU with z retaining, reset before
/// W_h; no biases; one-hot inputs), sharing no code with f1b's cells. The
/// weights are read from the same SplitMix64 stream in the documented order,
/// so the two must agree to rounding.
enum SterinReference {
    struct Normals {
        var rng: SplitMix64
        var spare: Double?
        mutating func next() -> Double {
            if let s = spare { spare = nil; return s }
            // Marsaglia's polar method.
            while true {
                let u = 2 * Double(rng.next() >> 11) / Double(1 << 53) - 1, v = 2 * Double(rng.next() >> 11) / Double(1 << 53) - 1
                let s = u * u + v * v
                if s <= 0 || s >= 1 { continue }
                let m = (-2 * log(s) / s).squareRoot()
                spare = v * m
                return u * m
            }
        }
        mutating func matrix(_ rows: Int, _ columns: Int) -> [[Double]] { (0..<rows).map { _ in (0..<columns).map { _ in next() } } }
        /// The one-hot input matrix U (k×2) from its two drawn columns.
        mutating func inputMatrix(_ k: Int) -> [[Double]] {
            let u0 = (0..<k).map { _ in next() }, u1 = (0..<k).map { _ in next() }
            return (0..<k).map { [u0[$0], u1[$0]] }
        }
    }

    static func σ(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    static func mv(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { row in zip(row, v).map(*).reduce(0, +) } }
    static func add(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map(+) }

    /// Mean ‖h_u − h_v‖ at l = 1…steps for `draws` cells of size k (draws ≤ 50: one stream).
    static func discrepancy(gru: Bool, k: Int, steps: Int, draws: Int, seed: UInt64) -> [Double] {
        var normals = Normals(rng: SplitMix64.stream(UInt64(k) << 32, seed: seed))
        var total = [Double](repeating: 0, count: steps)
        for _ in 0..<draws {
            let step: ([Double], Int) -> [Double]
            if gru {
                // f1b lists the GRU's parameters r, z, s, each W (input) then U (recurrent).
                let Ur = normals.inputMatrix(k), Wr = normals.matrix(k, k)
                let Uz = normals.inputMatrix(k), Wz = normals.matrix(k, k)
                let Uh = normals.inputMatrix(k), Wh = normals.matrix(k, k)
                step = { h, symbol in
                    let x = symbol == 0 ? [1.0, 0] : [0.0, 1]
                    // Stérin's z retains; f1b's updates: z_Stérin = 1 − z_f1b = σ(−(U_z x + W_z h)).
                    let z = add(mv(Uz, x), mv(Wz, h)).map { σ(-$0) }
                    let r = add(mv(Ur, x), mv(Wr, h)).map(σ)
                    let candidate = add(mv(Uh, x), mv(Wh, zip(h, r).map(*))).map(tanh)
                    return (0..<k).map { (1 - z[$0]) * candidate[$0] + z[$0] * h[$0] }
                }
            } else {
                // f1b lists the Vanilla's U (recurrent) before W (input).
                let W = normals.matrix(k, k), U = normals.inputMatrix(k)
                step = { h, symbol in add(mv(U, symbol == 0 ? [1, 0] : [0, 1]), mv(W, h)).map(σ) }
            }
            var hu = [Double](repeating: 0, count: k), hv = hu
            for t in 0..<steps {
                hu = step(hu, 0)
                hv = step(hv, t == 0 ? 1 : 0)
                total[t] += zip(hu, hv).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            }
        }
        return total.map { $0 / Double(draws) }
    }
}

@Suite struct DiscrepancyTests {
    @Test(arguments: [false, true])
    func agreesWithAnIndependentLoopOfThePapersCells(gru: Bool) {
        for k in [1, 3] {
            let setup = DiscrepancySetup(model: gru ? .gru : .vanilla, activation: nil, stateSizes: [k], steps: Array(1...6), draws: 7, seed: 5)
            let surface = Discrepancy.surface(setup, threads: 2)
            let reference = SterinReference.discrepancy(gru: gru, k: k, steps: 6, draws: 7, seed: 5)
            for l in 1...6 {
                let d = surface.point(stateSize: k, steps: l)!.mean
                #expect(abs(d - reference[l - 1]) <= 1e-11 * max(1, reference[l - 1]), "k = \(k), l = \(l): \(d) vs \(reference[l - 1])")
            }
        }
    }

    @Test func thePapersFindingVanillaForgetsTheGRUDoesNot() {
        let vanilla = Discrepancy.surface(DiscrepancySetup(model: .vanilla, activation: nil, stateSizes: [10], steps: [1, 30], draws: 400))
        let gru = Discrepancy.surface(DiscrepancySetup(model: .gru, activation: nil, stateSizes: [10], steps: [1, 30], draws: 400))
        #expect(vanilla.point(stateSize: 10, steps: 30)!.mean < 0.01)
        #expect(vanilla.point(stateSize: 10, steps: 1)!.mean > 0.5)
        #expect(gru.point(stateSize: 10, steps: 30)!.mean > 0.3)
    }

    @Test func theNumbersDoNotDependOnTheThreadCount() {
        let setup = DiscrepancySetup(model: .lstm, activation: nil, stateSizes: [2, 4], steps: [1, 5], draws: 120, inputs: .f1b)
        #expect(Discrepancy.surface(setup, threads: 1).points == Discrepancy.surface(setup, threads: 2).points)
    }

    @Test func everyCellCanBeDrawn() {
        for model in CellModel.allCases {
            for convention in CellConvention.allCases where model.exists(in: convention) {
                let setup = DiscrepancySetup(model: model, activation: nil, convention: convention, stateSizes: [2], steps: [3], draws: 4)
                #expect(setup.problem == nil)
                let d = Discrepancy.surface(setup).points[0].mean
                #expect(d.isFinite && d >= 0, "\(model) \(convention)")
            }
        }
    }

    @Test func aLatchKeepsTheTwoValuesTwoApartAtEveryDistance() throws {
        let latch = try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-hardclip-k1-latch.yaml"))
        let m = ModelDiscrepancy.measure(latch.cell, name: latch.name, length: 12, paths: 20, seed: 3)
        #expect(m.gaps.count == 12)
        #expect(m.gaps.allSatisfy { $0.minimum == 2 && $0.maximum == 2 })
        #expect(m.decayPerStep == 1)
    }

    @Test func aForgettingCellDecaysGeometrically() throws {
        // Figure 2's Vanilla with U = 0.8: s_n(+) − s_n(−) shrinks by about tanh′·0.8 per step.
        let cell = try ConstructionReader.read(contentsOf: shippedConstruction("figure2-vanilla-u0.8.yaml")).cell
        let m = ModelDiscrepancy.measure(cell, name: "u0.8", length: 20, paths: 200, seed: 1)
        let λ = try #require(m.decayPerStep)
        #expect(λ > 0.3 && λ < 0.8)
    }
}
