import Cells
import Constructions
import Exact
import F1B
import Testing
import TestSupport
import Verification
@testable import Simulation

@Suite struct SimulationEngineTests {
    static let cells: [String] = [
        "gru-k1-a4-b1.yaml", "lstm-k1-a4-b1.yaml", "pru-k1-a1_2-b1.yaml", "vanilla-pwl-k2.yaml", "vanilla-pwl-k3.yaml",
    ]

    static let vanillaTanhK2 = """
        name: tanh-k2
        model: vanilla
        activation: tanh
        state: 2
        parameters:
          U: [[-1.2, 0.1938], [0.8660, 0.6481]]
          W: [[0.0073, -0.3010], [0.7336, 1.1052]]
          b: [0.1, -0.2]
        initial: [0.3, -0.1]
        """

    static let dense = """
        name: dense-gru-k2
        model: gru
        state: 2
        parameters:
          W_r: [[0.3, -0.2], [0.1, 0.4]]
          U_r: [[0.5, -0.3], [0.2, 0.1]]
          b_r: [0.1, -0.1]
          W_z: [[0.2, 1.1], [-0.4, 0.6]]
          U_z: [[0.1, 0.2], [-0.3, 0.4]]
          b_z: [0, 0.2]
          W_s: [[0.9, 0.1], [-0.5, 0.3]]
          U_s: [[0.6, -0.2], [0.3, 0.8]]
          b_s: [0.05, 0]
        initial: [0.1, -0.2]
        """

    static func construction(_ name: String) throws -> Construction {
        if name == "tanh-k2" { return try ConstructionReader.parse(vanillaTanhK2) }
        if name == "dense-gru-k2" { return try ConstructionReader.parse(dense) }
        return try ConstructionReader.read(contentsOf: shippedConstruction(name))
    }

    /// The vector engine follows the Double reference on the same paths.
    @Test(arguments: cells + ["tanh-k2", "dense-gru-k2"])
    func vectorLanesAgreeWithScalarDouble(_ name: String) throws {
        let c = try Self.construction(name)
        let setup = SimulationSetup(length: 40, pathsPerClass: 300, seed: 11, times: [1, 7, 20])
        let lanes = c.cell.simulate(setup, precision: .float)
        let reference = c.cell.simulate(setup, precision: .double)
        var worst: Float = 0
        for (a, b) in zip(lanes.storage, reference.storage) { worst = max(worst, abs(a - b)) }
        #expect(worst < 2e-4, "largest difference \(worst)")
        // Not trivially equal: the paths differ from each other (smooth cells spread out).
        let spread = Set(lanes.values(positive: true, timeIndex: 3, dimension: 0)).count
        #expect(spread > (c.cell.isPiecewiseLinear ? 1 : 100))
    }

    /// The same seed gives bit-identical states on any number of threads.
    @Test(arguments: [SimulationPrecision.float, .double])
    func deterministicAcrossThreadCounts(_ precision: SimulationPrecision) throws {
        let c = try Self.construction("dense-gru-k2")
        let setup = SimulationSetup(length: 25, pathsPerClass: 1000, seed: 5, times: [3, 10])
        let one = c.cell.simulate(setup, precision: precision, threads: 1)
        for threads in [2, 3, 7] {
            #expect(c.cell.simulate(setup, precision: precision, threads: threads).storage == one.storage)
        }
        let other = c.cell.simulate(SimulationSetup(length: 25, pathsPerClass: 1000, seed: 6, times: [3, 10]),
                                    precision: precision, threads: 1)
        #expect(other.storage != one.storage)
    }

    /// The paths are those of F1B(n): at t = L the information bit is the class's
    /// bit, so with a cell that copies the input (s_t = x^I_t) the recorded state at a
    /// fixed L is ±1 by class, and elsewhere ±1 equally often.
    @Test func pathsHaveTheClassBitAtTheFlag() throws {
        let copy = try ConstructionReader.parse("""
            name: copy
            model: vanilla
            activation: hardclip
            state: 1
            parameters:
              W: [[1, 0]]
            initial: [0]
            """)
        let setup = SimulationSetup(length: 9, pathsPerClass: 4000, seed: 3, flagPosition: 4, times: [3, 4])
        let states = copy.cell.simulate(setup)
        #expect(states.values(positive: true, timeIndex: 1, dimension: 0).allSatisfy { $0 == 1 })
        #expect(states.values(positive: false, timeIndex: 1, dimension: 0).allSatisfy { $0 == -1 })
        let before = states.values(positive: true, timeIndex: 0, dimension: 0)
        #expect(before.allSatisfy { $0 == 1 || $0 == -1 })
        let ones = before.filter { $0 == 1 }.count
        #expect(abs(ones - 2000) < 200)
    }

    /// Flag positions are uniform on 1…n when not fixed.
    @Test func flagPositionsAreUniform() {
        let setup = SimulationSetup(length: 5, pathsPerClass: 6400, seed: 9)
        var counts = [Int](repeating: 0, count: 6)
        for block in 0..<setup.blocksPerClass {
            for L in PathBlock(setup: setup, positive: true, block: block).flagPositions { counts[L] += 1 }
        }
        #expect(counts[0] == 0)
        for L in 1...5 { #expect(abs(counts[L] - 1280) < 150, "L = \(L): \(counts[L])") }
    }

    @Test func histogramCountsSumToThePaths() throws {
        let c = try Self.construction("tanh-k2")
        let setup = SimulationSetup(length: 30, pathsPerClass: 777, seed: 2, times: [1, 15])
        let summary = SimulationSummary(states: c.cell.simulate(setup), classifier: nil, bins: 37)
        #expect(summary.histograms.count == 3 * 2)
        for h in summary.histograms {
            #expect(h.positive.reduce(0, +) == 777 && h.negative.reduce(0, +) == 777)
        }
        #expect(summary.scatter.count == 3 && summary.scatter[0].positive.count == 777)
        #expect(summary.fitted.count == 3)
    }

    /// Monte-Carlo error rates agree with the exact Pe from the checker: the
    /// 99.9% Clopper–Pearson interval covers it, and the exact Pe is not trivial.
    @Test(arguments: [(name: "k1-hardclip", n: 6), (name: "k1-hardclip", n: 10), (name: "pwl-k2-bad", n: 7)])
    func monteCarloErrorCoversExactPe(_ setting: (name: String, n: Int)) throws {
        var c: Construction
        if setting.name == "k1-hardclip" {
            c = try ConstructionReader.parse("""
                name: k1
                model: vanilla
                activation: hardclip
                state: 1
                parameters:
                  U: [[3/4]]
                  W: [[1/2, 1/4]]
                  b: [1/8]
                initial: [0]
                classifier:
                  beta: [1]
                  gamma: -1/7
                """)
        } else {
            // Theorem 3's cell with a classifier that misses some paths.
            c = try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-pwl-k2.yaml"))
            c.classifier = Classifier(beta: [1, Rational(3, 5)], gamma: Rational(1, 11))
        }
        let exact = Checker().check(c, length: setting.n)
        let pe = try #require(exact.errorProbability)
        #expect(pe > 0 && pe < 1)
        let setup = SimulationSetup(length: setting.n, pathsPerClass: 20_000, seed: 17)
        let summary = SimulationSummary(states: c.cell.simulate(setup), classifier: c.classifier)
        let measured = try #require(summary.fileClassifier).total
        let wide = ErrorEstimate(errors: measured.errors, trials: measured.trials, confidence: 0.999)
        #expect(wide.covers(Double(pe)), "exact \(Double(pe)), measured \(measured.rate) [\(wide.lower), \(wide.upper)]")
    }

    /// C(s) = +1 iff βᵀs + γ ≥ 0 in Float and Double as in the checker: the
    /// hardclip latch rests exactly at −1, so with γ = 1 every negative path
    /// scores exactly 0 and is misclassified; with γ = −1 every positive path
    /// scores 0 and is correct.
    @Test(arguments: [SimulationPrecision.float, .double])
    func tiesOnTheHyperplaneFollowTheClassificationRule(_ precision: SimulationPrecision) throws {
        var c = try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-hardclip-k1-latch.yaml"))
        let setup = SimulationSetup(length: 12, pathsPerClass: 640, seed: 3)
        let states = c.cell.simulate(setup, precision: precision)
        c.classifier = Classifier(beta: [1], gamma: 1)
        let negativeTie = try #require(SimulationSummary(states: states, classifier: c.classifier).fileClassifier)
        #expect(negativeTie.negative.errors == 640 && negativeTie.positive.errors == 0)
        c.classifier = Classifier(beta: [1], gamma: -1)
        let positiveTie = try #require(SimulationSummary(states: states, classifier: c.classifier).fileClassifier)
        #expect(positiveTie.total.errors == 0)
    }

    @Test func setupProblemsAreNamed() {
        #expect(SimulationSetup(length: 0, pathsPerClass: 10, seed: 1).problem != nil)
        #expect(SimulationSetup(length: 5, pathsPerClass: 1, seed: 1).problem != nil)
        #expect(SimulationSetup(length: 5, pathsPerClass: 10, seed: 1, flagPosition: 6).problem != nil)
        #expect(SimulationSetup(length: 5, pathsPerClass: 10, seed: 1, times: [0]).problem != nil)
        #expect(SimulationSetup(length: 5, pathsPerClass: 10, seed: 1, flagPosition: 5, times: [2, 2, 5]).problem == nil)
        #expect(SimulationSetup(length: 5, pathsPerClass: 10, seed: 1, times: [2, 2]).times == [2, 5])
    }
}
