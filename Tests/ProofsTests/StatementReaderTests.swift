import Constructions
import Exact
import Testing

@Suite struct StatementReaderTests {
    @Test func affineEntriesAndPolynomialConstraints() throws {
        let s = try StatementReader.parse("""
            model: vanilla
            activation: hardclip
            state: 2
            flags: zero-one
            parameters:
              U: [[1, b1], [0, 0]]
              W: [[0, 0], [w21, -b2]]
              b: [b1, b2]
            initial: [0, -1]
            free: {b1: [-1, 1], w21: [0, 1], b2: [null, 0]}
            constraints: ["b1 != 0", "b1 + b1*w21 < 1", "w21 + b2 < -1"]
            claim: {n: all, verdict: passes}
            """)
        #expect(s.names == ["b1", "w21", "b2"])
        #expect(s.free[2].lower == nil && s.free[2].upper == Rational(0))
        let point = ["b1": Rational(1, 4), "w21": Rational(1, 2), "b2": Rational(-2)]
        let c = s.instance(at: point)
        #expect(c.cell.parameter("W").entries == [Rational(0), Rational(0), Rational(1, 2), Rational(2)])
        #expect(c.cell.parameter("U")[0, 1] == Rational(1, 4) && c.cell.parameter("b").entries == [Rational(1, 4), Rational(-2)])
        #expect(s.contains(point))
        #expect(!s.contains(["b1": 0, "w21": Rational(1, 2), "b2": -2]))   // b1 != 0
        #expect(s.constraints[1].polynomial.degree == 2)
        #expect(s.claim == .passes && s.lengths == .all)
    }

    @Test(arguments: [
        ("parameters:\n  U: [[u*u]]", "not affine"),
        ("parameters:\n  U: [[v]]", "neither a number nor a free parameter"),
        ("constraints: [\"u ~ 2\"]", "expected LEFT OP RIGHT"),
        ("expect: {n: 2, verdict: pass}", "not 'expect'"),
    ])
    func badStatementsAreLocated(_ change: String, _ phrase: String) throws {
        var text = "model: vanilla\nactivation: hardclip\nstate: 1\nparameters:\n  U: [[u]]\ninitial: [0]\nfree: {u: [-1, 1]}\nclaim: {n: 2, verdict: fails}\n"
        if change.hasPrefix("parameters:") { text = text.replacingOccurrences(of: "parameters:\n  U: [[u]]", with: change) } else { text += change + "\n" }
        #expect {
            _ = try StatementReader.parse(text, file: "s.yaml")
        } throws: { error in
            let e = error as! ConstructionError
            return e.description.hasPrefix("s.yaml:") && e.line > 0 && e.description.contains(phrase)
        }
    }

}

@Suite struct PolynomialTests {
    @Test func parsesExactlyWithExponents() throws {
        let p = try Polynomial.parse("2.5e-3*a - 1/2 + a*b - b*a", names: ["a", "b"]).get()
        #expect(p.terms == [["a"]: Rational(1, 400), []: Rational(-1, 2)])
        #expect(p.value(at: ["a": 400]) == Rational(1, 2))
        #expect(throws: Polynomial.ParseError.self) { try Polynomial.parse("a +", names: ["a"]).get() }
        #expect(throws: Polynomial.ParseError.self) { try Polynomial.parse("a ++ 1", names: ["a"]).get() }
        #expect(try Polynomial.parse("-b2", names: ["b2"]).get().description == "-b2")
    }
}
