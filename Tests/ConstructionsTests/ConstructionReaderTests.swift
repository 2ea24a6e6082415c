import Cells
import Constructions
import Exact
import F1B
import Testing

@Suite struct ConstructionReaderTests {
    @Test func readsTheDesignExample() throws {
        let c = try ConstructionReader.parse(theorem3Text, file: "t3.yaml")
        #expect(c.name == "t3")
        #expect(c.cell.model == .vanilla && c.cell.activation == .hardclip && c.cell.stateSize == 2)
        #expect(c.cell.flags == .zeroOne)
        #expect(c.cell.parameter("U") == ExactMatrix(rowsOf: [[1, Rational(1, 4)], [0, 0]]))
        #expect(c.cell.parameter("W")[1, 1] == 2)
        #expect(c.cell.initialState == [0, -1])
        #expect(c.classifier == Classifier(beta: [1, Rational(1, 3)], gamma: Rational(1, 12)))
        #expect(c.expectation == Expectation(lengths: .list(Array(1...12)), verdict: .pass))
    }

    @Test func omittedParametersAreZeroAndNumbersAreExact() throws {
        let c = try ConstructionReader.parse("""
            model: gru
            state: 1
            parameters:
              W_z: [[0, 0.7336]]
              W_s: [[2.5e-3, 0]]
            initial: [0]
            """, file: "g.yaml", defaultName: "g")
        #expect(c.name == "g")
        #expect(c.cell.parameter("W_z")[0, 1] == Rational(917, 1250))
        #expect(c.cell.parameter("W_s")[0, 0] == Rational(1, 400))
        #expect(c.cell.parameter("U_r").isZero && c.cell.parameter("b_s").isZero)
        #expect(c.classifier == nil && c.expectation == nil)
    }

    @Test func lstmInitialHasCAndD() throws {
        let c = try ConstructionReader.parse("""
            model: lstm
            state: 2
            parameters:
              V_f: [[1, 0], [0, 1]]
            initial: {c: [1/2, 0], d: [0, -1/2]}
            expect: {n: [1, 3, 5], verdict: fail}
            """)
        #expect(c.cell.initialState == [Rational(1, 2), 0, 0, Rational(-1, 2)])
        #expect(c.expectation?.lengths == .list([1, 3, 5]))
    }

    /// Each kind of bad input, with where it must be reported and a phrase of what was expected.
    @Test(arguments: [
        (replacingLine(2, with: "model: elman"), 2, 8, "unknown model 'elman'"),
        (replacingLine(3, with: "activation: softsign"), 3, 13, "unknown activation"),
        (replacingLine(4, with: "state: 0"), 4, 8, "integer ≥ 1"),
        (replacingLine(4, with: "state: two"), 4, 8, "integer ≥ 1"),
        (replacingLine(5, with: "flags: binary"), 5, 8, "plus-minus or zero-one"),
        (replacingLine(7, with: "  U: [[1, 1/4, 0], [0, 0, 0]]"), 7, 7, "row 1 of U (K = 2) as a list of 2 numbers"),
        (replacingLine(7, with: "  U: [[1, 1/4]]"), 7, 6, "found 1 row"),
        (replacingLine(8, with: "  W: [[0, 0], [1/2, x]]"), 8, 21, "W row 2, column 2 (flag bit)"),
        (replacingLine(9, with: "  b: [1/4, -2, 3]"), 9, 6, "list of 2 numbers"),
        (replacingLine(9, with: "  b: [1/4, 1/0]"), 9, 12, "b (K = 2), entry 2"),
        (replacingLine(9, with: "  c: [1/4, -2]"), 9, 3, "unknown key 'c'"),
        (replacingLine(10, with: "initial: [0]"), 10, 10, "list of 2 numbers"),
        (replacingLine(10, with: "start: [0, -1]"), 10, 1, "unknown key 'start'"),
        (replacingLine(12, with: "  beta: [1]"), 12, 9, "list of 2 numbers"),
        (replacingLine(13, with: "  delta: 1/12"), 13, 3, "unknown key 'delta'"),
        (replacingLine(15, with: "  n: 5...2"), 15, 6, "empty"),
        (replacingLine(15, with: "  n: 0"), 15, 6, "start at 1"),
        (replacingLine(15, with: "  n: 1..3"), 15, 6, "range a...b"),
        (replacingLine(16, with: "  verdict: maybe"), 16, 12, "pass or fail"),
        (replacingLine(7, with: "  U: [[1, 1/4], [0, 0]"), 8, 3, "YAML"),
        (replacingLine(3, with: "activation: hardclip\nstate: 3"), 4, 1, "duplicate"),
    ])
    func badInputIsLocated(text: String, line: Int, column: Int, phrase: String) {
        do {
            _ = try ConstructionReader.parse(text, file: "bad.yaml")
            Issue.record("accepted bad input")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.message.contains(phrase), "\(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(line):\(column): error: "))
        }
    }

    @Test func missingKeysAreNamed() {
        let withoutInitial = theorem3Text.components(separatedBy: "\n").filter { !$0.hasPrefix("initial") }.joined(separator: "\n")
        #expect(throws: ConstructionError.self) { try ConstructionReader.parse(withoutInitial) }
        do { _ = try ConstructionReader.parse(withoutInitial, file: "f") } catch {
            #expect(error.message.contains("missing key 'initial'"))
            #expect(error.line == 1)
        }
        for text in ["model: vanilla\nstate: 1\ninitial: [0]", "", "[1, 2]", "model: gru\nactivation: tanh\nstate: 1\ninitial: [0]"] {
            #expect(throws: ConstructionError.self) { try ConstructionReader.parse(text) }
        }
    }

    @Test func missingFileIsAnError() {
        do {
            _ = try ConstructionReader.read(contentsOf: "/nonexistent/x.yaml")
            Issue.record("read a missing file")
        } catch {
            #expect(error.description == "/nonexistent/x.yaml: error: no such file (expected a construction file)")
        }
    }

    @Test func writerRoundTrips() throws {
        for file in ["vanilla-pwl-k2.yaml", "vanilla-pwl-k2-plus-minus.yaml", "vanilla-pwl-k3.yaml"] {
            let c = try ConstructionReader.read(contentsOf: shippedConstruction(file))
            #expect(try ConstructionReader.parse(ConstructionWriter.yaml(c, comment: ["x"])) == c)
        }
        let lstm = try ConstructionReader.parse("""
            name: "odd name: with colon"
            model: lstm
            state: 1
            parameters: {W_i: [[1/3, -2]], V_o: [[5]]}
            initial: {c: [1], d: [0]}
            """)
        #expect(try ConstructionReader.parse(ConstructionWriter.yaml(lstm)) == lstm)
    }

    /// Random damage (deleted lines, swapped values, junk) must give a value or
    /// a located ConstructionError, never a crash.
    @Test func mutatedFilesNeverCrash() {
        var rng = SplitMix64(seed: 2019)
        let junk = ["}", "[[", "- -", ": :", "&a", "*a", "!!binary", "\"", "1/0", "1e99999", "\t", "~", "?", "n: all", "state: -1",
                    "U: [[1]]", "initial: {c: [0]}", "model: lstm", "%YAML 1.1", "---", "...", "\u{0}", "é"]
        let lines = theorem3Text.components(separatedBy: "\n")
        for _ in 0..<400 {
            let mutated = mutate(lines, junk: junk, using: &rng)
            do {
                _ = try ConstructionReader.parse(mutated.joined(separator: "\n"), file: "m.yaml")
            } catch {
                #expect(error.file == "m.yaml" && error.line >= 1 && !error.message.isEmpty)
            }
        }
    }
}
