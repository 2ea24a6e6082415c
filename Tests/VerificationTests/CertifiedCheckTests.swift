import Cells
import Constructions
import Exact
import F1B
import Testing
import TestSupport
@testable import Verification

/// Theorem 4's constructions: gate weight a on the flag, candidate weight b on the information bit.
func theorem4(_ model: CellModel, a: String, b: String = "1", classifier: Bool = true) throws -> Construction {
    let parameters: String
    switch model {
    case .gru, .pru: parameters = "{W_z: [[0, \(a)]], W_s: [[\(b), 0]]}"
    case .lstm: parameters = "{W_i: [[0, \(a)]], W_f: [[0, -\(a)]], W_c: [[\(b), 0]]}"
    default: fatalError("not a Theorem 4 model")
    }
    return try ConstructionReader.parse("""
        model: \(model.rawValue)
        state: 1
        parameters: \(parameters)
        initial: \(model == .lstm ? "{c: [0], d: [0]}" : "[0]")
        \(classifier ? "classifier: {beta: [1], gamma: 0}" : "")
        """)
}

/// Runs one path in certified intervals at `precision`.
struct IntervalRun: CellVisitor {
    typealias Scalar = Interval
    let path: Path
    let precision: Int
    var context: Int { precision }
    func visit<C: RecurrentCell>(_ cell: C) -> [Interval] where C.Scalar == Interval { cell.classifiedState(cell.run(path)) }
}

func options(_ method: String, precision: Int = 128) -> Checker.Options {
    var o = Checker.Options()
    o.method = method == "auto" ? nil : method
    o.precision = precision
    return o
}

@Suite struct CertifiedCheckTests {
    /// Enclosure propagation and certified enumeration give the same verdicts at small n.
    @Test(arguments: [CellModel.gru, .lstm, .pru])
    func enclosureAgreesWithEnumeration(model: CellModel) throws {
        for a in ["1/2", "2", "4"] {
            for withClassifier in [true, false] {
                let c = try theorem4(model, a: a, classifier: withClassifier)
                let ns = Array(1...8)
                let byEnclosure = Checker(options: options("enclosure")).check(c, lengths: .list(ns))
                let byEnumeration = Checker(options: options("enumerate")).check(c, lengths: .list(ns))
                for (x, y) in zip(byEnclosure.results, byEnumeration.results) {
                    #expect(x.verdict == y.verdict, "\(model) a=\(a) n=\(x.length)")
                    #expect(x.verdict != .inconclusive)
                }
            }
        }
    }

    /// The three gated constructions reduce to recursions (19)–(20): same verdicts.
    @Test func gatedCellsShareTheirBoundary() throws {
        let verdicts = try [CellModel.gru, .lstm, .pru].map { model in
            Checker().check(try theorem4(model, a: "4"), lengths: .list(Array(30...45))).results.map(\.verdict)
        }
        #expect(verdicts[0] == verdicts[1] && verdicts[1] == verdicts[2])
    }

    /// The worst positive path (flag at 1, every later bit −1) stays positive iff
    /// A^(n−1)(1 + A) > 1, A = σ(a): the boundary the tool reports for a = 4.
    @Test func boundaryMatchesTheClosedForm() throws {
        let A = Interval.sigmoid(4, precision: 256)
        var power = Interval(1, precision: 256)
        var lastPass = 0
        for n in 1...60 {
            let lhs = power * (Interval(1) + A)
            #expect(lhs.lower > 1 || lhs.upper < 1)
            if lhs.lower > 1 { lastPass = n }
            power = power * A
        }
        let report = Checker().check(try theorem4(.gru, a: "4"), lengths: .list(Array(1...60)))
        let passes = report.results.filter { $0.verdict == .pass }.map(\.length)
        #expect(passes == Array(1...lastPass))
        #expect(report.results.filter { $0.verdict == .fail }.map(\.length) == Array((lastPass + 1)...60))
        #expect(lastPass == 38)
    }

    /// FAIL is shown by real paths: re-simulated at higher precision, misclassified.
    @Test(arguments: [CellModel.gru, .lstm, .pru])
    func failuresAreRealPaths(model: CellModel) throws {
        let c = try theorem4(model, a: "4")
        for n in [39, 120, 400] {
            let r = Checker().check(c, length: n)
            #expect(r.verdict == .fail)
            guard case .misclassified(let paths)? = r.counterexample else { Issue.record("no counterexample"); continue }
            for p in paths {
                #expect(p.path.length == n)
                let s = c.cell.withCell(IntervalRun(path: p.path, precision: 256))[0]
                #expect(p.finalEnclosure![0].contains(s.midpoint))
                #expect(p.path.label > 0 ? s.upper.signum < 0 : s.lower.signum >= 0, "\(p.path) is not misclassified")
            }
        }
    }

    /// Without a classifier: a threshold is found where the classes separate,
    /// and interleaving witness paths prove they do not.
    @Test func classifierFreeDecisions() throws {
        let c = try theorem4(.gru, a: "4", classifier: false)
        let pass = Checker().check(c, length: 20)
        #expect(pass.verdict == .pass && pass.classifierFound)
        let fail = Checker().check(c, length: 200)
        #expect(fail.verdict == .fail)
        guard case .interleaved(let pb, let na, let pa, let nb)? = fail.counterexample else {
            Issue.record("expected interleaved witnesses"); return
        }
        #expect(pb.finalEnclosure![0].upper < na.finalEnclosure![0].lower)
        #expect(pa.finalEnclosure![0].lower > nb.finalEnclosure![0].upper)
        #expect(pb.path.label == 1 && pa.path.label == 1 && na.path.label == -1 && nb.path.label == -1)
    }

    /// A GRU whose update is not monotone in the state: enclosure propagation
    /// stops and says why; auto falls back to covers, which agree with enumeration.
    @Test func nonMonotoneUpdatesAreNotPropagated() throws {
        let c = try ConstructionReader.parse("""
            model: gru
            state: 1
            parameters: {U_s: [[-10]], W_s: [[1, 0]], W_r: [[0, 0]], W_z: [[0, 1]]}
            initial: [1]
            classifier: {beta: [1], gamma: 0}
            """)
        let forced = Checker(options: options("enclosure")).check(c, lengths: .list([6, 50]))
        #expect(forced.results.allSatisfy { $0.verdict == .inconclusive && $0.openReason?.code == "not_monotone" })
        let auto = Checker().check(c, lengths: .list([4]))
        let covers = Checker(options: options("cover")).check(c, lengths: .list([4]))
        #expect(auto.results[0].verdict != .inconclusive && covers.results[0].verdict == auto.results[0].verdict)
        #expect(Checker(options: options("enumerate")).check(c, length: 4).verdict == auto.results[0].verdict)
    }

    /// Certified enumeration decides K = 2 tanh cells at every n here, with or without a
    /// classifier; auto (covers) agrees.
    @Test func vanillaTanhKTwoByEnumeration() throws {
        let c = try ConstructionReader.parse("""
            model: vanilla
            activation: tanh
            state: 2
            flags: zero-one
            parameters: {U: [[1, 1/4], [0, 0]], W: [[0, 0], [1/2, 2]], b: [1/4, -2]}
            initial: [0, -1]
            classifier: {beta: [1, 1/3], gamma: 1/12}
            """)
        let report = Checker(options: options("enumerate")).check(c, lengths: .list([2, 3, 6]))
        let auto = Checker().check(c, lengths: .list([2, 3, 6]))
        for (r, a) in zip(report.results, auto.results) {
            #expect(r.procedure == EnumerationProcedure.id && r.arithmetic == .intervals)
            #expect(r.verdict != .inconclusive && a.verdict == r.verdict)
        }
        let noClassifier = Construction(name: "x", cell: c.cell)
        for method in ["enumerate", "auto"] {
            let found = Checker(options: options(method)).check(noClassifier, length: 5)
            #expect(found.verdict == .pass && found.classifierFound)
        }
    }

    /// A claim is confirmed only when every length it names was decided with the
    /// claimed verdict; one decided otherwise refutes it; anything else leaves it open.
    @Test func expectationsAreJudgedOnTheirOwnLengths() throws {
        var c = try theorem4(.gru, a: "4")
        c.expectation = Expectation(lengths: .list(Array(1...38)), verdict: .pass)
        #expect(Checker().check(c, lengths: .list(Array(1...45))).expectationConfirmed == true)
        let part = Checker().check(c, lengths: .list(Array(30...45)))
        #expect(part.expectationConfirmed == nil && part.undecidedClaims == Array(1...29))
        #expect(Checker().check(c, lengths: .list([50])).expectationConfirmed == nil)
        c.expectation = Expectation(lengths: .list(Array(39...40)), verdict: .fail)
        #expect(Checker().check(c, lengths: .list(Array(30...45))).expectationConfirmed == true)
        c.expectation = Expectation(lengths: .list(Array(1...40)), verdict: .pass)
        #expect(Checker().check(c, lengths: .list(Array(35...40))).expectationConfirmed == false)
    }

    /// `--n all` on a smooth K = 1 cell propagates until it fails or finds invariant
    /// intervals; where enclosure propagation does not apply (K = 2) it is inconclusive,
    /// and auto's covers decide (this cell forgets: no classifier separates from n = 2).
    @Test func everyLengthForSmoothCells() throws {
        let gru = Checker().check(try theorem4(.gru, a: "4"), lengths: .all)
        #expect(gru.everyLength?.verdict == .fail && gru.everyLength?.firstFailure == 39 && gru.everyLength?.isBoundary == true)
        #expect(gru.results.count == 39 && gru.results.dropLast().allSatisfy { $0.verdict == .pass })
        let k2 = try ConstructionReader.parse("""
            model: vanilla
            activation: tanh
            state: 2
            parameters: {U: [[0.5, 0], [0, 0.5]], W: [[1, 0], [0, 1]]}
            initial: [0, 0]
            """)
        #expect(Checker(options: options("enclosure")).check(k2, lengths: .all).everyLength?.verdict == .inconclusive)
        let covered = Checker().check(k2, lengths: .all)
        #expect(covered.everyLength?.verdict == .fail)
        guard case .radon? = covered.results.first(where: { $0.verdict == .fail })?.counterexample else {
            Issue.record("expected a Radon certificate"); return
        }
    }

    @Test func lstmReadingDIsNotPropagated() throws {
        var c = try theorem4(.lstm, a: "4")
        c.cell.parameters["U_f"] = ExactMatrix(rowsOf: [[1]])
        #expect(EnclosureProcedure.applies(to: c.cell) != nil)
        let r = Checker(options: options("enclosure")).check(c, length: 10)
        #expect(r.verdict == .inconclusive)
    }
}

/// Theorem 4's pattern with Gu et al.'s refine gate on the retention: the
/// checker decides where it stops passing — n = 2087 with the refine gate
/// saturated (the closed form G^{n−1}(2 − G_flag) > 1, G = g(σ(a)), G_flag =
/// g(σ(−a)); not the 2142 that replacing A by G at the flag too would give),
/// and n = 723 with the refine gate matching the gate.
@Suite struct RefinedTheorem4Tests {
    @Test(arguments: [(PaperConstructions.Refine.saturated(bias: 40), 2087), (.matching, 723)])
    func theRefineGateMovesTheBoundary(_ setting: (refine: PaperConstructions.Refine, last: Int)) throws {
        let c = PaperConstructions.theorem4(model: .urGRU, a: 4, b: 1, refine: setting.refine)
        let results = Checker().check(c, lengths: .list([setting.last, setting.last + 1])).results
        #expect(results[0].verdict == .pass && results[1].verdict == .fail)
        guard case .misclassified(let paths)? = results[1].counterexample else { Issue.record("no paths"); return }
        #expect(paths.allSatisfy { $0.path.flagPosition == 1 && Set($0.path.informationBits.dropFirst()).count == 1 })
    }
}
