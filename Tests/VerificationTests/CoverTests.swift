import Cells
import Constructions
import Exact
import F1B
import Foundation
import Testing
import TestSupport
@testable import Verification

/// Invariant covers: soundness against the exact DP and certified
/// enumeration, every-n certificates re-checked independently, and tests that
/// fail when the image rule is made unsound.
@Suite struct CoverTests {
    static func options(_ method: String, shift: Double = 0) -> Checker.Options {
        var o = Checker.Options()
        o.method = method == "auto" ? nil : method
        o.unsoundCoverShiftForTesting = shift
        return o
    }

    /// Random small fractions as YAML text.
    struct Draw {
        var rng: SplitMix64
        mutating func q(_ limit: Int = 8, _ denominator: Int = 4) -> String {
            "\(Int(rng.next() % UInt64(2 * limit + 1)) - limit)/\(Int(rng.next() % UInt64(denominator)) + 1)"
        }
        mutating func row(_ n: Int) -> String { "[" + (0..<n).map { _ in q() }.joined(separator: ", ") + "]" }
        mutating func matrix(_ r: Int, _ c: Int) -> String { "[" + (0..<r).map { _ in row(c) }.joined(separator: ", ") + "]" }
    }

    /// Random cells: Vanilla (hardclip, relu or tanh) at K = 2, GRU at K = 1.
    static func randomCell(_ d: inout Draw, kind: String, classifier: Bool = true) throws -> Construction {
        var lines: [String]
        switch kind {
        case "gru":
            let gates = ["r", "z", "s"].map { "W_\($0): [\(d.row(2))], U_\($0): [[\(d.q())]], b_\($0): [\(d.q())]" }
            lines = ["model: gru", "state: 1", "parameters: {\(gates.joined(separator: ", "))}", "initial: [\(d.q(2))]"]
            if classifier { lines.append("classifier: {beta: [\(d.q())], gamma: \(d.q(2))}") }
        default:
            lines = ["model: vanilla", "activation: \(kind)", "state: 2",
                     "parameters: {U: \(d.matrix(2, 2)), W: \(d.matrix(2, 2)), b: \(d.row(2))}", "initial: \(d.row(2))"]
            if classifier { lines.append("classifier: {beta: \(d.row(2)), gamma: \(d.q(2))}") }
        }
        return try ConstructionReader.parse(lines.joined(separator: "\n"))
    }

    /// Every exact reachable state of every phase lies in its cover, step by step.
    func violations(_ c: Construction, steps: Int, shift: Double) -> (checked: Int, outside: Int) {
        let graph = CoverGraph(partition: Partition(lower: [-4, -4], upper: [4, 4], depth: 4),
                               images: BoxImage<DoubleInterval>(c.cell, context: ()), threads: 2)
        graph.unsoundShiftForTesting = shift
        var sweep = CoverSweep(graph: graph, initial: c.cell.initialState.map { DoubleInterval(enclosing: $0) })
        let sets = c.cell.withCell(ExactLayers(steps: steps))
        var checked = 0, outside = 0
        for t in 1...steps {
            guard sweep.advance() == .advanced else { return (checked, outside) }
            for (q, states) in sets[t].enumerated() {
                let layer = sweep.layers[t]
                for s in states {
                    checked += 1
                    let inside = layer.leaves[q].indices.contains { i in
                        zip(layer.box(q, i, width: 2), s).allSatisfy { box, x in box.exact.contains(x) }
                    }
                    if !inside { outside += 1 }
                }
            }
        }
        return (checked, outside)
    }

    @Test func coversContainEveryExactStateOfTheDP() throws {
        var d = Draw(rng: SplitMix64(seed: 77))
        var checked = 0
        for trial in 0..<24 {
            let c = try Self.randomCell(&d, kind: trial % 2 == 0 ? "hardclip" : "relu")
            let r = violations(c, steps: 7, shift: 0)
            #expect(r.outside == 0, "trial \(trial): \(r.outside) of \(r.checked) exact states outside the cover")
            checked += r.checked
        }
        #expect(checked > 800)
    }

    @Test func anUnsoundImageRuleIsCaught() throws {
        var d = Draw(rng: SplitMix64(seed: 77))
        var outside = 0
        for trial in 0..<24 {
            let c = try Self.randomCell(&d, kind: trial % 2 == 0 ? "hardclip" : "relu")
            outside += violations(c, steps: 7, shift: 0.5).outside
        }
        #expect(outside > 100, "moving every image must lose exact states")
    }

    /// A stop asked for during a step leaves the sweep at the step before (a
    /// step of a large cover takes seconds; `--time-limit` ran 5.5 s over on
    /// a K = 4 GRU at n = 100 when only steps were checked), and a later
    /// step without the stop carries on as if nothing happened.
    @Test func aStopDuringAStepLeavesTheLayersOfTheStepBefore() throws {
        var d = Draw(rng: SplitMix64(seed: 78))
        let c = try Self.randomCell(&d, kind: "tanh")
        let graph = CoverGraph(partition: Partition(lower: [-4, -4], upper: [4, 4], depth: 4),
                               images: BoxImage<DoubleInterval>(c.cell, context: ()), threads: 2)
        var sweep = CoverSweep(graph: graph, initial: c.cell.initialState.map { DoubleInterval(enclosing: $0) })
        #expect(sweep.advance() == .advanced)
        #expect(sweep.advance(shouldStop: { true }) == .stopped)
        #expect(sweep.depth == 1)
        #expect(sweep.advance() == .advanced && sweep.depth == 2)
        #expect(graph.images([(box: c.cell.initialState.map { DoubleInterval(enclosing: $0) }, input: 0)], shouldStop: { true }) == nil)
    }

    /// No PASS where certified enumeration finds a misclassified path, no FAIL where it proves a pass.
    @Test(arguments: ["tanh", "gru"])
    func coversNeverContradictCertifiedEnumeration(_ kind: String) throws {
        var d = Draw(rng: SplitMix64(seed: kind == "gru" ? 91 : 92))
        var decided = 0, passes = 0
        for trial in 0..<16 {
            let c = try Self.randomCell(&d, kind: kind, classifier: trial % 3 == 0)
            let ns = Array(1...5)
            let cover = Checker(options: Self.options("cover")).check(c, lengths: .list(ns)).results
            let enumerated = Checker(options: Self.options("enumerate")).check(c, lengths: .list(ns)).results
            for (a, b) in zip(cover, enumerated) {
                let contradiction = (a.verdict == .pass && b.verdict == .fail) || (a.verdict == .fail && b.verdict == .pass)
                #expect(!contradiction, "trial \(trial), n = \(a.length): cover \(a.verdict), enumeration \(b.verdict)")
                if a.verdict != .inconclusive { decided += 1 }
                if a.verdict == .pass { passes += 1 }
            }
        }
        #expect(decided >= 60 && passes >= 8, "decided \(decided), passes \(passes)")
    }

    /// Every path's certified final enclosure meets its class's cover at n ≤ 5
    /// (the true state lies in both), on random tanh K = 2 and GRU K = 1 cells —
    /// and moving every image (an unsound rule) breaks that.
    @Test(arguments: [(kind: "tanh", shift: 0.0), (kind: "gru", shift: 0.0), (kind: "tanh", shift: 0.5), (kind: "gru", shift: 0.5)])
    func pathEnclosuresMeetTheirCovers(_ setting: (kind: String, shift: Double)) throws {
        var d = Draw(rng: SplitMix64(seed: 93))
        var checked = 0, missed = 0
        for _ in 0..<6 {
            let c = try Self.randomCell(&d, kind: setting.kind)
            let width = c.cell.model.stateWidth(stateSize: c.cell.stateSize)
            let graph = CoverGraph(partition: Partition(lower: Array(repeating: -2, count: width), upper: Array(repeating: 2, count: width), depth: 2 * width),
                                   images: BoxImage<DoubleInterval>(c.cell, context: ()), threads: 2)
            graph.unsoundShiftForTesting = setting.shift
            var sweep = CoverSweep(graph: graph, initial: c.cell.initialState.map { DoubleInterval(enclosing: $0) })
            for n in 1...5 {
                guard sweep.advance() == .advanced else { break }
                let paths = (0..<(n << n)).map { Path(length: n, index: $0) }
                let finals = c.cell.withCell(FullEnclosedPaths(paths: paths, context: 128))
                let layer = sweep.layers[n]
                for (path, state) in zip(paths, finals) {
                    let q = path.label > 0 ? 1 : 2
                    checked += 1
                    let meets = layer.leaves[q].indices.contains { i in
                        zip(layer.box(q, i, width: width), state).allSatisfy { box, x in
                            let b = box.exact
                            return b.lower <= x.upper && x.lower <= b.upper
                        }
                    }
                    if !meets { missed += 1 }
                }
            }
        }
        #expect(checked > 600)
        if setting.shift == 0 {
            #expect(missed == 0, "\(missed) of \(checked) path enclosures miss their cover")
        } else {
            #expect(missed > 60, "moving every image must lose path states")
        }
    }

    // MARK: Every n

    /// A trained K = 2 tanh Vanilla (f1b train, n = 10, seed 9) that passes every n.
    static let trained = """
        name: trained-v10-s9
        model: vanilla
        activation: tanh
        state: 2
        parameters:
          U: [[1.0852287, 0.4965125], [1.1259772, 1.6997396]]
          W: [[1.4457239, -1.2716283], [0.124809675, 1.054201]]
          b: [0.7406314, 0.038467377]
        initial: [0, 0]
        classifier:
          beta: [1.9815602, 3.04306]
          gamma: -1.7213341
        """

    @Test func everyLengthCertificatesHoldAndRecheck() throws {
        for (file, text) in [("latch", try String(contentsOfFile: shippedConstruction("vanilla-tanh-k1-latch.yaml"), encoding: .utf8)),
                             ("theorem 3", try String(contentsOfFile: shippedConstruction("vanilla-pwl-k2.yaml"), encoding: .utf8)),
                             ("trained", Self.trained)] {
            let c = try ConstructionReader.parse(text)
            let report = Checker(options: Self.options("cover")).check(c, lengths: .all)
            let all = try #require(report.everyLength, "\(file)")
            #expect(all.verdict == .pass, "\(file): \(all.summary)")
            guard case .cover(let certificate, let rechecked)? = all.certificate?.kind else {
                Issue.record("\(file): expected invariant boxes, got \(String(describing: all.certificate))"); continue
            }
            #expect(rechecked, "\(file)")
            #expect(CoverCertificateCheck(cell: c.cell, precision: 128).violation(certificate) == nil, "\(file)")
            // The passes it claims hold by certified enumeration.
            for r in Checker(options: Self.options("enumerate")).check(c, lengths: .list(Array(1...6))).results {
                #expect(r.verdict == .pass, "\(file): every n passes by covers, but enumeration at n = \(r.length) says \(r.verdict)")
            }
            // A tampered certificate is rejected: drop a box, or move the classifier.
            var dropped = certificate
            dropped.positive = [certificate.positive[0]]
            var moved = certificate
            moved.classifier.gamma = moved.classifier.gamma + Rational(1000)
            let check = CoverCertificateCheck(cell: c.cell, precision: 128)
            #expect(certificate.positive.count < 2 || check.violation(dropped) != nil, "\(file): a dropped box went unnoticed")
            #expect(check.violation(moved) != nil, "\(file): a moved classifier went unnoticed")
        }
    }

    @Test func boxUnionContainment() {
        func box(_ bounds: [(Int, Int)]) -> [Interval] { bounds.map { Interval(lower: Rational($0.0), upper: Rational($0.1)) } }
        let left = box([(0, 2), (0, 4)]), right = box([(2, 4), (0, 4)])
        #expect(BoxUnion.covers(box([(1, 3), (1, 3)]), by: [left, right]))
        #expect(!BoxUnion.covers(box([(1, 5), (1, 3)]), by: [left, right]))
        #expect(BoxUnion.covers(box([(2, 2), (0, 4)]), by: [left]))
        let gap = box([(3, 4), (0, 4)])
        #expect(!BoxUnion.covers(box([(1, 4), (1, 2)]), by: [left, gap]))
        let quarters = [box([(0, 1), (0, 1)]), box([(1, 2), (0, 1)]), box([(0, 1), (1, 2)]), box([(1, 2), (1, 2)])]
        #expect(BoxUnion.covers(box([(0, 2), (0, 2)]), by: quarters))
        #expect(!BoxUnion.covers(box([(0, 2), (0, 2)]), by: Array(quarters.dropLast())))
    }

    // MARK: Failures

    /// Theorem 4's GRU (a = 4, b = 1) with a live second dimension the
    /// classifier ignores: passes n = 38, and the cover's search finds the two
    /// failing paths at n = 39 (L = 1, every later bit opposed).
    @Test func theorem4BoundaryAtK2() throws {
        let c = try ConstructionReader.parse("""
            model: gru
            state: 2
            parameters: {W_z: [[0, 4], [1, 0]], W_s: [[1, 0], [0, 1]], U_s: [[0, 0], [1/2, 1/2]]}
            initial: [0, 0]
            classifier: {beta: [1, 0], gamma: 0}
            """)
        let results = Checker().check(c, lengths: .list([38, 39])).results
        #expect(results[0].verdict == .pass)
        #expect(results[1].verdict == .fail)
        guard case .misclassified(let paths)? = results[1].counterexample else { Issue.record("no paths"); return }
        #expect(Set(paths.map(\.path)) == [Path(flagPosition: 1, informationBits: [1] + Array(repeating: -1, count: 38)),
                                            Path(flagPosition: 1, informationBits: [-1] + Array(repeating: 1, count: 38))])
    }

    /// Figure 4's printed parameters are inseparable from n = 2 on: K + 2 = 4
    /// paths whose certified enclosures' hulls meet.
    @Test func figure4PrintedFailsWithARadonCertificate() throws {
        let c = try ConstructionReader.read(contentsOf: shippedConstruction("figure4-vanilla-k2-printed.yaml"))
        for method in ["auto", "enumerate", "cover"] {
            for r in Checker(options: Self.options(method)).check(c, lengths: .list([2, 3, 6])).results {
                #expect(r.verdict == .fail, "\(method), n = \(r.length): \(r.reason ?? "")")
                guard case .radon(let positive, let negative)? = r.counterexample else { Issue.record("no certificate"); continue }
                #expect(positive.count + negative.count == 4)
                #expect(positive.allSatisfy { $0.path.label == 1 } && negative.allSatisfy { $0.path.label == -1 })
                // Independently: the weighted midpoints of the two groups nearly coincide,
                // and the enclosures are those of the paths.
                for k in 0..<2 {
                    let p = positive.reduce(Rational()) { $0 + $1.weight * $1.finalEnclosure[k].midpoint }
                    let q = negative.reduce(Rational()) { $0 + $1.weight * $1.finalEnclosure[k].midpoint }
                    #expect((p - q).magnitude < Rational(1, 1_000_000))
                }
                for w in positive + negative {
                    let state = c.cell.withCell(EnclosedPaths<Interval>(paths: [w.path], context: 128))[0]
                    #expect(zip(state, w.finalEnclosure).allSatisfy { $0.lower <= $1.upper && $1.lower <= $0.upper })
                }
            }
        }
        // Swapping the classes' labels breaks the sign pattern of a genuine certificate.
        guard case .radon(let positive, let negative)? = Checker().check(c, length: 2).counterexample else {
            Issue.record("n = 2 should fail with a Radon certificate"); return
        }
        let points = (positive + negative).map { RadonCertificate.Point(box: $0.finalEnclosure, path: $0.path) }
        let signs = try #require(RadonCertificate.certifiedSigns(points.map(\.box)))
        #expect(Set(signs.prefix(positive.count).map(\.sign)).count == 1)
        #expect(signs.prefix(positive.count).first?.sign != signs.last?.sign)
    }

    /// Trained K = 2 models that fail are shown failing by certified paths at n = 100.
    @Test func aFailingTrainedModelIsRefutedAtLargeN() throws {
        let c = try ConstructionReader.parse("""
            model: vanilla
            activation: tanh
            state: 2
            parameters:
              U: [[2.0349503, -1.0303303], [-0.39179358, 0.7583352]]
              W: [[0.016106151, 1.5798835], [-1.2054491, 1.0734274]]
              b: [0.56358904, -0.61494243]
            initial: [0, 0]
            classifier: {beta: [3.3462403, -0.44926804], gamma: -0.29461914}
            """)
        let r = Checker().check(c, length: 100)
        #expect(r.verdict == .fail)
        guard case .misclassified(let paths)? = r.counterexample else { Issue.record("no paths"); return }
        let certification = PathCertification(cell: c.cell, classifier: c.classifier!, precision: 200)
        #expect(certification.decide(paths.map(\.path)).allSatisfy { $0.certainty == .wrong })
    }
}

/// The exact DP's reachable states per step and phase (K = 2 cells, rationals).
struct ExactLayers: CellVisitor {
    typealias Scalar = Rational
    let steps: Int
    func visit<C: RecurrentCell>(_ cell: C) -> [[[[Rational]]]] where C.Scalar == Rational {
        var sets = ReachableSets(cell: cell)
        sets.extend(to: steps, maximumStates: 1_000_000, detectRepetition: false)
        return (0...steps).map { t in
            let layer = sets.layers[t]
            return Phase.allCases.map { sets.states(layer, $0) }
        }
    }
}
