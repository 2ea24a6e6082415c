import Cells
import Constructions
import Exact
import F1B
import Testing

/// Runs a piecewise-linear construction's cell exactly on every path.
struct FinalStates: CellVisitor {
    typealias Scalar = Rational
    let n: Int
    func visit<C: RecurrentCell>(_ cell: C) -> [[Rational]] where C.Scalar == Rational {
        (0..<(n << n)).map { cell.classifiedState(cell.run(Path(length: n, index: $0))) }
    }
}

@Suite struct TransformTests {
    func theorem3() throws -> Construction { try ConstructionReader.parse(theorem3Text) }

    /// Lemma 2: re-encoding changes no state of any path, either way.
    @Test func reencodingPreservesEveryState() throws {
        let c = try theorem3()
        let pm = c.reencoded(to: .plusMinus)
        #expect(pm.cell.flags == .plusMinus)
        #expect(pm.cell.parameter("W") == ExactMatrix(rowsOf: [[0, 0], [Rational(1, 2), 1]]))
        #expect(pm.cell.parameter("b") == ExactMatrix(vector: [Rational(1, 4), -1]))
        #expect(pm.reencoded(to: .zeroOne).cell == c.cell)
        for n in 1...6 {
            #expect(pm.cell.withCell(FinalStates(n: n)) == c.cell.withCell(FinalStates(n: n)))
        }
    }

    /// The +RNN at K = 2: its W_y, W_h, W_gy, W_gh are 2×2 but read the
    /// projection, not x; only W_p and b_p take up the flag's re-encoding.
    @Test func reencodingAPlusRNNTouchesTheProjectionAlone() throws {
        let c = try ConstructionReader.parse("""
            name: p
            model: plus-rnn
            state: 2
            parameters:
              W_p: [[1, 0], [0, 1]]
              W_h: [[1, 1], [0, 2]]
              W_gy: [[0, 40], [3, 0]]
              b_gy: [0, -40]
            initial: [0, 0]
            """)
        let z = c.reencoded(to: .zeroOne)
        for name in ["W_h", "W_gy", "b_gy", "W_y", "W_gh"] { #expect(z.cell.parameter(name) == c.cell.parameter(name), "\(name)") }
        #expect(z.cell.parameter("W_p") == ExactMatrix(rowsOf: [[1, 0], [0, 2]]))
        #expect(z.cell.parameter("b_p") == ExactMatrix(vector: [0, -1]))
        #expect(c.cell.model.inputWeightNames(stateSize: 2) == ["W_p"])
    }

    @Test func reencodingCoversEveryGate() throws {
        let lstm = try ConstructionReader.parse("""
            model: lstm
            state: 1
            parameters: {W_i: [[1, 2]], W_f: [[0, -4]], W_o: [[0, 6]], W_c: [[1, 8]], b_c: [1]}
            initial: {c: [0], d: [0]}
            """)
        let z = lstm.reencoded(to: .zeroOne)
        #expect(z.cell.parameter("W_f")[0, 1] == -8 && z.cell.parameter("b_f")[0, 0] == 4)
        #expect(z.cell.parameter("W_c")[0, 1] == 16 && z.cell.parameter("b_c")[0, 0] == -7)
        #expect(z.reencoded(to: .plusMinus).cell == lstm.cell)
    }

    /// Theorem 1: lifting keeps the first K coordinates of every state and adds zeros.
    @Test(arguments: [3, 5])
    func liftingKeepsEveryState(to K: Int) throws {
        let c = try theorem3()
        let lifted = c.lifted(to: K)
        #expect(lifted.cell.stateSize == K)
        #expect(lifted.classifier?.beta.count == K)
        for n in 1...5 {
            let original = c.cell.withCell(FinalStates(n: n))
            let bigger = lifted.cell.withCell(FinalStates(n: n))
            #expect(bigger.map { Array($0.prefix(2)) } == original)
            #expect(bigger.allSatisfy { $0.dropFirst(2).allSatisfy(\.isZero) })
        }
    }

    @Test func liftingAnLSTMPadsCAndD() throws {
        let lstm = try ConstructionReader.parse("""
            model: lstm
            state: 1
            parameters: {V_i: [[2]]}
            initial: {c: [1/2], d: [1/3]}
            """)
        let lifted = lstm.lifted(to: 2)
        #expect(lifted.cell.initialState == [Rational(1, 2), 0, Rational(1, 3), 0])
        #expect(lifted.cell.parameter("V_i") == ExactMatrix(rowsOf: [[2, 0], [0, 0]]))
    }
}
