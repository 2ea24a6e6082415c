import Cells
import Constructions
import Exact
import F1B
import Testing
import TestSupport
@testable import Verification

/// Random small piecewise-linear constructions, from a seed.
func randomConstruction(_ rng: inout SplitMix64, classifier: Bool, denominators: Int = 4) throws -> Construction {
    func entry() -> String { "\(Int(rng.next() % 17) - 8)/\(Int(rng.next() % UInt64(denominators)) + 1)" }
    let K = Int(rng.next() % 3) + 1
    func rows(_ columns: Int) -> String {
        "[" + (0..<K).map { _ in "[" + (0..<columns).map { _ in entry() }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }
    func vector() -> String { "[" + (0..<K).map { _ in entry() }.joined(separator: ", ") + "]" }
    return try ConstructionReader.parse("""
        model: vanilla
        activation: \(rng.next() % 3 == 0 ? "relu" : "hardclip")
        state: \(K)
        flags: \(rng.next() % 2 == 0 ? "plus-minus" : "zero-one")
        parameters:
          U: \(rows(K))
          W: \(rows(2))
          b: \(vector())
        initial: \(vector())
        \(classifier ? "classifier: {beta: \(vector()), gamma: \(entry())}" : "")
        """)
}

@Suite struct ReachableSetTests {
    /// DP and enumeration agree on verdict, Pe, misclassified count and the
    /// final-state sets, on random constructions with and without classifiers.
    @Test(arguments: [true, false])
    func agreesWithEnumeration(withClassifier: Bool) throws {
        var rng = SplitMix64(seed: withClassifier ? 11 : 12)
        var verdicts = Set<String>()
        for _ in 0..<25 {
            let c = try randomConstruction(&rng, classifier: withClassifier)
            let ns = Array(1...7)
            let dp = Checker(options: .only("dp")).check(c, lengths: .list(ns))
            let en = Checker(options: .only("enumerate")).check(c, lengths: .list(ns))
            for (a, b) in zip(dp.results, en.results) {
                #expect(a.procedure == ReachableSetProcedure.id && b.procedure == EnumerationProcedure.id)
                #expect(a.verdict == b.verdict, "n = \(a.length)")
                #expect(a.misclassified == b.misclassified && a.errorProbability == b.errorProbability)
                #expect(a.margin == b.margin || a.classifierFound)
                verdicts.insert(a.verdict.rawValue)
                if case .misclassified(let pa)? = a.counterexample, case .misclassified(let pb)? = b.counterexample {
                    // The DP names one path per misclassified state; the first one is the first misclassified path.
                    #expect(pa.first?.path == pb.first?.path)
                    for p in pa { #expect(c.classifier!.classify(p.finalState) != p.path.label) }
                }
            }
            // Final-state sets.
            for n in [3, 6] {
                let fromDP = c.cell.withCell(FinalStateSets(n: n))
                let fromEnumeration = c.cell.withCell(EnumeratedStateSets(n: n))
                #expect(fromDP.positive == fromEnumeration.positive && fromDP.negative == fromEnumeration.negative)
            }
        }
        #expect(verdicts.contains("pass") && verdicts.contains("fail"))
    }

    @Test func countsCoverEveryPath() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<10 {
            let c = try randomConstruction(&rng, classifier: false)
            let totals = c.cell.withCell(CountTotals(n: 9))
            #expect(totals.positive == BigInteger(9) * BigInteger.powerOfTwo(8))
            #expect(totals.negative == BigInteger(9) * BigInteger.powerOfTwo(8))
        }
    }

    /// The shipped construction: stationary from step 2, every n proved.
    @Test func theorem3ProvedForEveryN() throws {
        let c = try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-pwl-k2.yaml"))
        let report = Checker().check(c, lengths: .all)
        let all = try #require(report.everyLength)
        let certificate = try #require(all.certificate)
        #expect(all.verdict == .pass && certificate.from == 2)
        #expect(report.verdict == .pass)
        guard case .repeatingSets(let period, let invariant) = certificate.kind else { Issue.record("expected repeating sets"); return }
        #expect(period == 1 && invariant.count == 1)
        #expect(invariant[0].positive == [[0, Rational(1, 2)], [Rational(3, 8), -1]])
        #expect(invariant[0].negative == [[0, Rational(-1, 2)], [Rational(1, 8), -1]])
        #expect(invariant[0].beforeFlag == [[0, -1]])
        // Far beyond the stored layers, the same verdict and exact path counts.
        let far = Checker().check(c, lengths: .list([5000]))
        #expect(far.results[0].verdict == .pass && far.results[0].pathCount == Path.count(length: 5000))
    }

    /// A failing construction at large n: real counterexample paths of that
    /// length, and an exact Pe from path counts past the repetition.
    @Test func failsAtLargeNWithRealPaths() throws {
        let c = try ConstructionReader.parse("""
            model: vanilla
            activation: hardclip
            state: 2
            flags: zero-one
            parameters: {U: [[1, 2], [0, 0]], W: [[0, 0], [1/2, 2]], b: [2, -2]}
            initial: [0, -1]
            classifier: {beta: [1, 1/3], gamma: 1/12}
            """)
        let r = Checker().check(c, lengths: .list([300])).results[0]
        #expect(r.verdict == .fail && r.misclassified != nil)
        guard case .misclassified(let paths)? = r.counterexample else { Issue.record("no counterexample"); return }
        for p in paths {
            #expect(p.path.length == 300)
            let state = c.cell.withCell(RunPath(path: p.path))
            #expect(state == p.finalState)
            #expect(c.classifier!.classify(state) != p.path.label)
        }
        // The DP's Pe (from exact path counts) equals enumeration's where both run, and is a probability at n = 300.
        let small = Checker().check(c, lengths: .list([6])).results[0]
        #expect(small.errorProbability == Checker(options: .only("enumerate")).check(c, lengths: .list([6])).results[0].errorProbability)
        #expect(r.errorProbability! > 0 && r.errorProbability! < 1)
    }

    /// Sets that keep growing: the DP cannot close them for every n and says so; the
    /// boundary scan still finds the first failing length (n = 2: s(L = 2, −+) = s(L = 1, −+) = 1/6).
    @Test func growingSetsAreInconclusive() throws {
        let c = try ConstructionReader.parse("""
            model: vanilla
            activation: hardclip
            state: 1
            parameters: {U: [[1/2]], W: [[1/3, 0]]}
            initial: [0]
            """)
        var options = Checker.Options.only("dp")
        options.budget.states = 5000
        let report = Checker(options: options).check(c, lengths: .all)
        #expect(report.everyLength?.attempts.first?.reason == .budget(.states(5000)))
        #expect(report.everyLength?.verdict == .fail && report.everyLength?.firstFailure == 2)
        #expect(report.verdictAt(1) == .pass)
        options.method = nil
        let auto = Checker(options: options).check(c, lengths: .all).everyLength
        #expect(auto?.verdict == .fail && auto?.firstFailure == 2 && auto?.isBoundary == true)
    }

    /// A period-2 orbit: the layers repeat with period 2 and every n is covered.
    @Test func periodicSetsCoverEveryLength() throws {
        let c = try ConstructionReader.parse("""
            model: vanilla
            activation: hardclip
            state: 1
            parameters: {U: [[-1]]}
            initial: [1/2]
            """)
        var sets = ReachableSets(cell: c.cell.withCell(VanillaRationalCell()))
        sets.extend(to: 100, maximumStates: 1000)
        #expect(sets.repeatStart != nil && sets.period == 2)
        #expect(sets.covers(1001))
        // W = 0: the state never sees the bits, so every length fails, from n = 1.
        let report = Checker().check(c, lengths: .all)
        #expect(report.everyLength?.verdict == .fail && report.everyLength?.firstFailure == 1)
    }
}

struct RunPath: CellVisitor {
    typealias Scalar = Rational
    let path: Path
    func visit<C: RecurrentCell>(_ cell: C) -> [Rational] where C.Scalar == Rational { cell.classifiedState(cell.run(path)) }
}

struct FinalStateSets: CellVisitor {
    typealias Scalar = Rational
    let n: Int
    func visit<C: RecurrentCell>(_ cell: C) -> (positive: Set<[Rational]>, negative: Set<[Rational]>) where C.Scalar == Rational {
        var sets = ReachableSets(cell: cell)
        sets.extend(to: n, maximumStates: 1 << 20, detectRepetition: false)
        let layer = sets.layer(n)
        return (Set(sets.states(layer, .positive).map { cell.classifiedState($0) }),
                Set(sets.states(layer, .negative).map { cell.classifiedState($0) }))
    }
}

struct EnumeratedStateSets: CellVisitor {
    typealias Scalar = Rational
    let n: Int
    func visit<C: RecurrentCell>(_ cell: C) -> (positive: Set<[Rational]>, negative: Set<[Rational]>) where C.Scalar == Rational {
        let K = cell.stateSize
        let o = ExhaustiveEnumerator(cell: cell).walk(length: n) {
            ExactTally<Rational>(stateSize: K, classifier: nil, collectStates: true)
        }
        return (Set(o.positiveStates.keys), Set(o.negativeStates.keys))
    }
}

struct CountTotals: CellVisitor {
    typealias Scalar = Rational
    let n: Int
    func visit<C: RecurrentCell>(_ cell: C) -> (positive: BigInteger, negative: BigInteger) where C.Scalar == Rational {
        var sets = ReachableSets(cell: cell)
        sets.extend(to: n, maximumStates: 1 << 20)
        let counts = sets.pathCounts(atLayer: n)
        let layer = sets.layer(n)
        return (layer.range(.positive).reduce(BigInteger(0)) { $0 + counts[$1] },
                layer.range(.negative).reduce(BigInteger(0)) { $0 + counts[$1] })
    }
}

/// Hands back the concrete cell (for engine-level tests).
struct VanillaRationalCell: CellVisitor {
    typealias Scalar = Rational
    func visit<C: RecurrentCell>(_ cell: C) -> VanillaCell<Rational> where C.Scalar == Rational { cell as! VanillaCell<Rational> }
}
