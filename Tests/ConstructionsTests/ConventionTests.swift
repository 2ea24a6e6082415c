import Cells
import Constructions
import Exact
import F1B
import Testing
import TestSupport

/// The frameworks' convention (`convention: pytorch`): read, written back,
/// refused where it does not apply, and carried through the transforms.
@Suite struct ConventionTests {
    static let gru = """
        model: gru
        convention: pytorch
        state: 2
        parameters:
          W_r: [[1/2, -1/4], [1/8, 1/2]]
          U_n: [[1/2, 1/4], [0, 1/2]]
          b_iz: [1/4, 0]
          b_hn: [0, -1/8]
        initial: [0, 0]
        classifier: {beta: [1, 1/2], gamma: 0}
        """

    @Test func readsAndWritesTheFrameworksConvention() throws {
        let c = try ConstructionReader.parse(Self.gru)
        #expect(c.cell.convention == .pytorch && c.cell.parameter("b_hn")[1, 0] == Rational(-1, 8))
        #expect(c.cell.parameterShapes.map(\.name) == ["W_r", "U_r", "b_ir", "b_hr", "W_z", "U_z", "b_iz", "b_hz", "W_n", "U_n", "b_in", "b_hn"])
        #expect(try ConstructionReader.parse(ConstructionWriter.yaml(c)) == c)
        let lstm = try ConstructionReader.parse("""
            model: lstm
            convention: pytorch
            state: 1
            parameters: {W_g: [[1, 0]], b_hf: [1]}
            initial: {h: [1/2], c: [-1/2]}
            """)
        #expect(lstm.cell.classifiesHidden && lstm.cell.initialState == [Rational(1, 2), Rational(-1, 2)])
        #expect(try ConstructionReader.parse(ConstructionWriter.yaml(lstm)) == lstm)
        let onC = try ConstructionReader.parse("""
            model: lstm
            convention: pytorch
            classify: c
            state: 1
            initial: {h: [1/2], c: [-1/2]}
            """)
        #expect(!onC.cell.classifiesHidden && onC.cell.initialState == [Rational(-1, 2), Rational(1, 2)])
        #expect(try ConstructionReader.parse(ConstructionWriter.yaml(onC)) == onC)
    }

    @Test(arguments: [
        ("model: pru\nconvention: pytorch\nstate: 1\ninitial: [0]", 2, "paper's convention only"),
        ("model: gru\nconvention: keras\nstate: 1\ninitial: [0]", 2, "unknown convention 'keras'"),
        ("model: gru\nconvention: pytorch\nstate: 1\nparameters: {W_s: [[1, 0]]}\ninitial: [0]", 4, "unknown key 'W_s'"),
        ("model: vanilla\nactivation: tanh\nclassify: h\nstate: 1\ninitial: [0]", 3, "LSTMs only"),
        ("model: lstm\nclassify: h\nstate: 1\ninitial: {c: [0], d: [0]}", 2, "needs convention: pytorch"),
        ("model: lstm\nconvention: pytorch\nstate: 1\ninitial: {c: [0], d: [0]}", 4, "unknown key 'd'"),
    ])
    func conventionMistakesAreLocated(text: String, line: Int, phrase: String) {
        do {
            _ = try ConstructionReader.parse(text, file: "bad.yaml")
            Issue.record("accepted bad input")
        } catch {
            #expect(error.line == line && error.message.contains(phrase), "\(error)")
        }
    }

    /// Lemma 2 and Theorem 1 in the frameworks' convention: the flag change goes
    /// into the input biases, the lift pads every matrix; every final state is unchanged.
    @Test func transformsKeepEveryState() throws {
        let c = try ConstructionReader.parse(Self.gru)
        let encoded = c.reencoded(to: .zeroOne), lifted = c.lifted(to: 3)
        #expect(encoded.cell.parameters["b_ir"] != nil && encoded.cell.parameters["b"] == nil)
        for index in 0..<(5 << 5) {
            let path = Path(length: 5, index: index)
            let s = c.cell.withCell(Final(path: path)), e = encoded.cell.withCell(Final(path: path)), l = lifted.cell.withCell(Final(path: path))
            #expect(zip(s, e).allSatisfy { abs($0 - $1) < 1e-12 })
            #expect(zip(s, l.prefix(2)).allSatisfy { abs($0 - $1) < 1e-12 } && l[2] == 0)
        }
    }

    struct Final: CellVisitor {
        typealias Scalar = Double
        let path: Path
        func visit<C: RecurrentCell>(_ cell: C) -> [Double] where C.Scalar == Double { cell.classifiedState(cell.run(path)) }
    }
}
