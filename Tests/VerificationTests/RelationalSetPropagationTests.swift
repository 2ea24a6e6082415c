import Cells
import Exact
import F1B
import Testing
@testable import Verification

/// Zonotope propagation of F1B's phase sets on random GRU, LSTM and tanh
/// cells (K = 4…16, both conventions): every path's certified state lies in
/// its phase's union at every step, and every n the propagation passes is
/// confirmed by certified enumeration of all n·2^n paths.
@Suite struct RelationalSetPropagationTests {
    /// States of every input sequence of length t, per phase (the
    /// before-flag phase: every bit string; after it: every path by label),
    /// enclosed in 256-bit rational intervals: a reference so narrow that a
    /// state whose enclosure is not inside a set is outside it.
    static func pathStates(_ cell: CellSpecification, length t: Int) -> [[[Interval]]] {
        let step = cell.withCell(StepFunction<Interval>(context: 256))
        let s0 = cell.initialState.map { Interval($0) }
        var phases: [[[Interval]]] = [[], [], []]
        for flag in 0...t {
            for mask in 0..<(1 << t) {
                var s = s0
                var label = 0
                for i in 1...t {
                    let bit = (mask >> (i - 1)) & 1 == 1 ? 1 : -1
                    if i == flag { label = bit }
                    s = step(s, StepInput(informationBit: bit, flagged: i == flag))
                }
                phases[flag == 0 ? 0 : label > 0 ? 1 : 2].append(s)
            }
        }
        return phases
    }

    /// Directions for the containment test: the axes, β (padded), and a few
    /// fixed random ones.
    static func directions(_ width: Int, beta: [Rational], seed: UInt64) -> [[DoubleInterval]] {
        var rng = SplitMix64(seed: seed)
        var out = (0..<width).map { k in (0..<width).map { DoubleInterval($0 == k ? 1.0 : 0.0) } }
        out.append((0..<width).map { $0 < beta.count ? DoubleInterval(enclosing: beta[$0]) : DoubleInterval(0.0) })
        for _ in 0..<4 { out.append((0..<width).map { _ in DoubleInterval(Double(Int(rng.next() % 2001) - 1000) / 1000) }) }
        return out
    }

    /// Whether the certified state s lies in some member of the union, as
    /// far as the directions tell: for each, the range of dᵀs within the
    /// member's support-function range. (A state inside a member passes
    /// every direction; one outside every member fails some direction of each
    /// unless the directions miss it.)
    static func inUnion(_ s: [Interval], _ union: [Zonotope], directions: [[DoubleInterval]]) -> Bool {
        union.contains { z in
            directions.allSatisfy { d in
                var v = Interval(Rational())
                for k in s.indices { v = v + Interval(d[k].exact.lower) * s[k] }
                let r = z.range(of: d).exact
                return r.lower <= v.lower && v.upper <= r.upper
            }
        }
    }

    /// (states checked, states outside their phase's union) up to step `steps`.
    static func escapes(_ c: RelationalSetTestCell, steps: Int, budget: ZonotopeBudget,
                        unsound: NoiseSymbols.UnsoundVariant = .none) -> (checked: Int, outside: Int) {
        var sets = PhaseZonotopes(cell: c.cell, budget: budget, readout: ZonotopeReadout(c.classifier), unsound: unsound, threads: 2)
        let width = c.cell.model.stateWidth(stateSize: c.cell.stateSize)
        let dirs = directions(width, beta: c.classifier.beta, seed: 5)
        var checked = 0, outside = 0
        for t in 1...steps {
            guard sets.advance() == .advanced else { break }
            let states = pathStates(c.cell, length: t)
            for q in 0..<3 {
                for s in states[q] {
                    checked += 1
                    if !inUnion(s, sets.zonotopes[q], directions: dirs) { outside += 1 }
                }
            }
        }
        return (checked, outside)
    }

    static let cases: [(RelationalSetTestCell.Kind, Int, Bool)] = [
        (.gruPaper, 4, true), (.gruPaper, 6, false), (.gruPyTorch, 4, false), (.gruPyTorch, 8, true),
        (.lstmPaper, 4, true), (.lstmPyTorch, 4, false), (.lstmPyTorch, 6, true), (.vanillaTanh, 16, false),
        (.vanillaTanh, 5, true), (.gruPyTorch, 16, false),
    ]

    @Test(arguments: cases.indices)
    func phaseSetsContainEveryPathState(_ i: Int) {
        let (kind, K, latched) = Self.cases[i]
        let c = RelationalSetTestCell.make(kind, K: K, latched: latched, seed: 100 + UInt64(i))
        let steps = K >= 16 ? 5 : 7
        let r = Self.escapes(c, steps: steps, budget: ZonotopeBudget(zonotopesPerPhase: 3, generatorsPerDimension: 2))
        #expect(r.checked > 200)
        #expect(r.outside == 0, "\(c.name): \(r.outside) of \(r.checked) path states outside their phase's zonotopes")
    }

    /// Without the activations' remainders the sets lose states: the test above can fail.
    @Test func unsoundImagesLoseStates() {
        let c = RelationalSetTestCell.make(.gruPyTorch, K: 4, latched: false, seed: 102)
        let r = Self.escapes(c, steps: 5, budget: ZonotopeBudget(zonotopesPerPhase: 3, generatorsPerDimension: 2),
                             unsound: .noActivationRemainder)
        #expect(r.outside > 0)
    }

    /// Every n ≤ 10 that propagation passes, certified enumeration passes:
    /// no path certified misclassified, every path certified correct.
    @Test(arguments: RelationalSetTestCell.Kind.allCases)
    func passesAgreeWithEnumeration(_ kind: RelationalSetTestCell.Kind) {
        var passes = 0
        for (j, K) in [4, 6].enumerated() {
            let c = RelationalSetTestCell.make(kind, K: K, latched: true, seed: 200 + UInt64(j))
            let decisions = ZonotopePropagation.decide(cell: c.cell, classifier: c.classifier, lengths: Array(1...10),
                                                       budget: ZonotopeBudget(zonotopesPerPhase: 4, generatorsPerDimension: 3))
            let certify = PathCertification(cell: c.cell, classifier: c.classifier, precision: 128)
            for n in 1...10 where decisions[n]?.isPass == true {
                passes += 1
                let paths = (0..<(n << n)).map { Path(length: n, index: $0) }
                let decided = certify.decide(paths)
                let wrong = decided.filter { $0.certainty == .wrong }.count
                let undecided = decided.filter { $0.certainty == .undecided }.count
                #expect(wrong == 0 && undecided == 0, "\(c.name) n = \(n): passed by zonotopes, \(wrong) paths certified wrong, \(undecided) undecided")
            }
        }
        #expect(passes >= 3, "\(kind): too few passes to compare (\(passes))")
    }
}
