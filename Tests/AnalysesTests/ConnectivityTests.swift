import Analyses
import Cells
import Constructions
import Exact
import F1B
import Foundation
import TestSupport
import Testing

/// Runs a cell in Double from a given state over some inputs (the cell's own s_0 ignored).
struct RunFrom: CellVisitor {
    typealias Scalar = Double
    let state: [Double]
    let inputs: [StepInput]

    func visit<C: RecurrentCell>(_ cell: C) -> [Double] where C.Scalar == Double {
        var s = state, next = state
        for x in inputs {
            cell.step(s, x, into: &next)
            swap(&s, &next)
        }
        return s
    }
}

/// The score with the input at step t moved by δ in one component, without
/// dual numbers: x_t enters every cell as W x + b, so moving X^I_t by δ is
/// running step t with every input bias b shifted by δ·W[:, 0] (X^F_t: by
/// δ·W[:, 1]) — the same cell definition, other parameters.
func perturbedScore(_ cell: CellSpecification, _ classifier: Classifier, _ path: Path, step t: Int, flag: Bool, by delta: Rational) -> Double {
    var shifted = cell
    for w in cell.model.inputWeightNames(stateSize: cell.stateSize, convention: cell.convention) {
        let name = cell.model.bias(forInputWeight: w, convention: cell.convention)!
        let W = cell.parameter(w), b = cell.parameter(name)
        shifted.parameters[name] = ExactMatrix(rows: b.rows, columns: 1, entries: (0..<b.rows).map { b.entries[$0] + delta * W.entries[2 * $0 + (flag ? 1 : 0)] })
    }
    let inputs = path.inputs
    let s0 = cell.initialState.map { Double($0) }
    let before = cell.withCell(RunFrom(state: s0, inputs: Array(inputs[0..<(t - 1)])))
    let at = shifted.withCell(RunFrom(state: before, inputs: [inputs[t - 1]]))
    let end = cell.withCell(RunFrom(state: at, inputs: Array(inputs[t...])))
    return Double(classifier.gamma) + zip(classifier.beta, end).map { Double($0) * $1 }.reduce(0, +)
}

@Suite struct ConnectivityTests {
    static let files = ["gru-k1-a4-b1.yaml", "lstm-k1-a4-b1.yaml", "pru-k1-a4-b1.yaml", "ugrnn-k1-a4-b1.yaml", "plus-rnn-k2-a4-b1.yaml",
                        "ur-gru-k1-a4-b1-matching.yaml", "ur-lstm-k1-a4-b1-matching.yaml", "trained-vanilla-k2-n10-seed9.yaml",
                        "vanilla-tanh-k1-latch.yaml", "vanilla-pwl-k2.yaml", "gru-k2-a4-b1-live.yaml"]

    @Test(arguments: files)
    func gradientsAgreeWithCentralFiniteDifferences(file: String) throws {
        let construction = try ConstructionReader.read(contentsOf: shippedConstruction(file))
        let classifier = try #require(construction.classifier)
        let n = 7
        let paths = Connectivity.randomPaths(length: n, count: 6, flagAt: nil, seed: 9)
        let c = Connectivity.measure(construction.cell, classifier: classifier, name: file, paths: paths, threads: 2)
        let delta = Rational(numerator: 1, denominator: 100_000)
        var compared = 0
        for p in c.paths where !p.kink {
            for t in 1...n {
                for flag in [false, true] {
                    let fd = (perturbedScore(construction.cell, classifier, p.path, step: t, flag: flag, by: delta)
                        - perturbedScore(construction.cell, classifier, p.path, step: t, flag: flag, by: -delta)) / (2 * Double(delta))
                    let g = flag ? p.flag[t - 1] : p.informationBit[t - 1]
                    #expect(abs(g - fd) <= 1e-5 * max(1, abs(fd)), "\(file) \(p.path) t = \(t) \(flag ? "flag" : "bit"): dual \(g), differences \(fd)")
                    compared += 1
                }
            }
        }
        #expect(compared > 0)
    }

    @Test func aPassingPiecewiseLinearConstructionDependsOnTheFlaggedStepAlone() throws {
        // Theorem 3's K = 2 cell: after the flag the reachable set is stationary, so
        // nothing but step L moves the score (on paths that avoid kinks).
        let construction = try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-pwl-k2.yaml"))
        let c = Connectivity.measure(construction.cell, classifier: construction.classifier!, name: "t3",
                                     paths: Connectivity.randomPaths(length: 10, count: 40, flagAt: nil, seed: 2))
        let smooth = c.paths.filter { !$0.kink }
        #expect(!smooth.isEmpty)
        #expect(smooth.allSatisfy { $0.shareAtFlag == 1 })
    }

    @Test func theDualSeesTheScoreItself() throws {
        let construction = try ConstructionReader.read(contentsOf: shippedConstruction("gru-k1-a4-b1.yaml"))
        let path = Path(flagPosition: 2, informationBits: [1, -1, 1, 1])
        let c = Connectivity.measure(construction.cell, classifier: construction.classifier!, name: "gru", paths: [path])
        let end = construction.cell.withCell(RunFrom(state: [0], inputs: path.inputs))
        #expect(abs(c.paths[0].score - end[0]) < 1e-15)
    }
}
