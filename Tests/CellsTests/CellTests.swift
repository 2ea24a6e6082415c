import Cells
import Constructions
import Exact
import F1B
import Foundation
import Testing

func q(_ s: String) -> Rational { Rational(s)! }
func matrix(_ rows: [[String]]) -> ExactMatrix { ExactMatrix(rowsOf: rows.map { $0.map(q) }) }
func vector(_ v: [String]) -> ExactMatrix { ExactMatrix(vector: v.map(q)) }

@Suite struct CellTests {
    /// The Theorem 3 construction, step by step through Table 2's mechanisms.
    @Test func vanillaHardclipFollowsTheFourMechanisms() {
        let cell = VanillaCell<Rational>(activation: .hardclip, W: matrix([["0", "0"], ["1/2", "2"]]),
                                         U: matrix([["1", "1/4"], ["0", "0"]]), b: vector(["1/4", "-2"]),
                                         initial: [0, -1], encoding: .zeroOne, context: ())
        let path = Path(flagPosition: 2, informationBits: [-1, 1, -1, -1])
        let states = cell.trajectory(path)
        #expect(states[0] == [0, -1])                    // noise suppression: load emptying + memorization
        #expect(states[1] == [0, Rational(1, 2)])         // feature loading
        #expect(states[2] == [Rational(3, 8), -1])        // state mixing, load emptying
        #expect(states[3] == [Rational(3, 8), -1])        // memorization
    }

    @Test func activationsAreTheDocumentedFunctions() {
        for (x, g) in [("-3", "-1"), ("-1", "-1"), ("1/3", "1/3"), ("1", "1"), ("7/2", "1")] {
            #expect(Rational.apply(.hardclip, q(x)) == q(g))
            #expect(Double.apply(.hardclip, Double(q(x))) == Double(q(g)))
        }
        #expect(Rational.apply(.relu, -2) == 0 && Rational.apply(.relu, 3) == 3)
        #expect(Double.apply(.sigmoid, 0) == 0.5)
        #expect(abs(Double.apply(.tanh, 0.5) - tanh(0.5)) == 0)
        #expect(!Rational.canEvaluate(.tanh) && Rational.canEvaluate(.hardclip) && Double.canEvaluate(.sigmoid))
    }

    /// The same exact parameters in Rational and Double give the same states
    /// (up to rounding) on random paths: one definition, two number systems.
    @Test func rationalAndDoubleAgree() {
        var rng = SplitMix64(seed: 9)
        func randomMatrix(_ r: Int, _ c: Int) -> ExactMatrix {
            ExactMatrix(rows: r, columns: c, entries: (0..<(r * c)).map { _ in Rational(Int(rng.next() % 21) - 10, 8) })
        }
        for _ in 0..<20 {
            let K = Int(rng.next() % 3) + 1
            let W = randomMatrix(K, 2), U = randomMatrix(K, K), b = randomMatrix(K, 1)
            let s0 = randomMatrix(K, 1).entries
            let exact = VanillaCell<Rational>(activation: .hardclip, W: W, U: U, b: b, initial: s0, encoding: .plusMinus, context: ())
            let float = VanillaCell<Double>(activation: .hardclip, W: W, U: U, b: b, initial: s0, encoding: .plusMinus, context: ())
            for _ in 0..<10 {
                let path = Path.random(length: 12, using: &rng)
                let e = exact.run(path), f = float.run(path)
                for k in 0..<K { #expect(abs(Double(e[k]) - f[k]) < 1e-9) }
            }
        }
    }

    func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// Theorem 4's GRU: W_z = [0, a], W_s = [b, 0], everything else zero, gives
    /// the paper's recursions (19)–(20) with A = σ(a), B = tanh(b).
    @Test func gruReducesToRecursions19And20() {
        let a = 2.0, b = 1.0
        let spec = CellSpecification(model: .gru, activation: nil, stateSize: 1, flags: .plusMinus,
                                     parameters: ["W_z": matrix([["0", "2"]]), "W_s": matrix([["1", "0"]])],
                                     initialState: [0])
        let cell = GRUCell<Double>(parameters: spec.parameter, initial: [0], encoding: .plusMinus, context: ())
        var rng = SplitMix64(seed: 3)
        let A = sigmoid(a), B = tanh(b)
        for _ in 0..<20 {
            let path = Path.random(length: 15, using: &rng)
            var s = 0.0
            for t in 1...15 {
                let x = Double(path.informationBits[t - 1])
                // Flag −1 off the flag: z = σ(−a) = 1 − A.
                s = t == path.flagPosition ? (1 - A) * s + A * B * x : A * s + (1 - A) * B * x
            }
            #expect(abs(cell.run(path)[0] - s) < 1e-12)
        }
    }

    /// One LSTM step against the equations written out by hand.
    @Test func lstmStepMatchesEquations() {
        let p: [String: ExactMatrix] = [
            "W_i": matrix([["1/2", "1"]]), "U_i": matrix([["1/4"]]), "V_i": matrix([["-1/2"]]), "b_i": vector(["1/8"]),
            "W_f": matrix([["-1", "1/2"]]), "U_f": matrix([["1"]]), "V_f": matrix([["1/3"]]), "b_f": vector(["0"]),
            "W_o": matrix([["1/5", "0"]]), "U_o": matrix([["2"]]), "V_o": matrix([["1"]]), "b_o": vector(["-1"]),
            "W_c": matrix([["3/2", "-1/2"]]), "U_c": matrix([["-1"]]), "V_c": matrix([["1/7"]]), "b_c": vector(["1/2"]),
        ]
        let spec = CellSpecification(model: .lstm, activation: nil, stateSize: 1, flags: .plusMinus,
                                     parameters: p, initialState: [q("1/3"), q("-1/5")])
        let cell = LSTMCell<Double>(parameters: spec.parameter, initial: spec.initialState, encoding: .plusMinus, context: ())
        var next = cell.initialState
        cell.step(cell.initialState, StepInput(informationBit: 1, flagged: false), into: &next)
        let c0 = 1.0 / 3, d0 = -0.2, xI = 1.0, xF = -1.0
        let i = sigmoid(0.5 * xI + 1 * xF + 0.25 * d0 - 0.5 * c0 + 0.125)
        let f = sigmoid(-1 * xI + 0.5 * xF + 1 * d0 + c0 / 3)
        let o = sigmoid(0.2 * xI + 2 * d0 + 1 * c0 - 1)
        let cTilde = tanh(1.5 * xI + 0.5 + -1 * d0 + c0 / 7 + 0.5)
        let c1 = i * cTilde + f * c0
        #expect(abs(next[0] - c1) < 1e-14)
        #expect(abs(next[1] - o * tanh(c1)) < 1e-14)
        #expect(cell.classifiedState(next) == [next[0]])
    }

    @Test func pruStepMatchesEquations() {
        let spec = CellSpecification(model: .pru, activation: nil, stateSize: 1, flags: .zeroOne,
                                     parameters: ["W_z": matrix([["1/4", "3"]]), "U_z": matrix([["-1"]]), "b_z": vector(["-2"]),
                                                  "W_s": matrix([["2", "0"]]), "U_s": matrix([["1/2"]])],
                                     initialState: [q("0.3")])
        let cell = PRUCell<Double>(parameters: spec.parameter, initial: spec.initialState, encoding: .zeroOne, context: ())
        var next = cell.initialState
        cell.step(cell.initialState, StepInput(informationBit: -1, flagged: true), into: &next)
        let s = 0.3
        let z = sigmoid(-0.25 + 3 - s - 2), cand = tanh(-2 + 0.5 * s)
        #expect(abs(next[0] - (z * cand + (1 - z) * s)) < 1e-14)
    }
}
