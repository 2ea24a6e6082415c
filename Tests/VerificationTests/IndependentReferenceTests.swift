import Constructions
import Exact
import F1B
import Testing
@testable import Verification

// A deliberately simple second opinion on `f1b check` for piecewise-linear
// Vanilla cells: its own fractions on Int, its own cell, its own path loop and
// its own reading of C(s) = +1 iff βᵀs + γ ≥ 0 — nothing shared with the
// engines (no Rational, no Path, no Classifier, no cell definition; its
// random bits alone come from F1B's generator). The files
// it is compared on are written as YAML text and read by the tool, so the
// parser is under test too.

/// p/q in lowest terms, q > 0. Sizes here stay far below Int's range; an overflow traps.
private struct Fraction: Hashable, Comparable, CustomStringConvertible {
    var p: Int, q: Int
    init(_ p: Int, _ q: Int = 1) {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
        let g = max(gcd(p, q), 1), s = q < 0 ? -1 : 1
        self.p = s * p / g
        self.q = s * q / g
    }
    static func + (a: Fraction, b: Fraction) -> Fraction { Fraction(a.p * b.q + b.p * a.q, a.q * b.q) }
    static func * (a: Fraction, b: Fraction) -> Fraction { Fraction(a.p * b.p, a.q * b.q) }
    static func < (a: Fraction, b: Fraction) -> Bool { a.p * b.q < b.p * a.q }
    var description: String { q == 1 ? "\(p)" : "\(p)/\(q)" }
}

private struct ReferenceCell {
    var relu: Bool, zeroOneFlags: Bool
    var U: [[Fraction]], W: [[Fraction]], b: [Fraction], s0: [Fraction]
    var beta: [Fraction], gamma: Fraction
    var K: Int { b.count }

    func activate(_ x: Fraction) -> Fraction {
        if relu { return x < Fraction(0) ? Fraction(0) : x }
        return x < Fraction(-1) ? Fraction(-1) : Fraction(1) < x ? Fraction(1) : x
    }

    /// s_n for flag position L (1-based) and bits (bit t of `mask`, from the top, is X^I_t = +1).
    func final(n: Int, L: Int, mask: Int) -> [Fraction] {
        var s = s0
        for t in 1...n {
            let xI = Fraction((mask >> (n - t)) & 1 == 1 ? 1 : -1)
            let xF = Fraction(t == L ? 1 : (zeroOneFlags ? 0 : -1))
            s = (0..<K).map { k in
                var z = b[k] + W[k][0] * xI + W[k][1] * xF
                for j in 0..<K { z = z + U[k][j] * s[j] }
                return activate(z)
            }
        }
        return s
    }

    func score(_ s: [Fraction]) -> Fraction { (0..<K).reduce(gamma) { $0 + beta[$1] * s[$1] } }

    /// Misclassified paths of F1B(n), by brute force over all n·2^n.
    func misclassified(n: Int) -> Int {
        var wrong = 0
        for L in 1...n {
            for mask in 0..<(1 << n) {
                let label = (mask >> (n - L)) & 1 == 1 ? 1 : -1
                let said = score(final(n: n, L: L, mask: mask)) < Fraction(0) ? -1 : 1
                if said != label { wrong += 1 }
            }
        }
        return wrong
    }

    var yaml: String {
        func row(_ r: [Fraction]) -> String { "[" + r.map(\.description).joined(separator: ", ") + "]" }
        return """
            model: vanilla
            activation: \(relu ? "relu" : "hardclip")
            state: \(K)
            flags: \(zeroOneFlags ? "zero-one" : "plus-minus")
            parameters:
              U: [\(U.map(row).joined(separator: ", "))]
              W: [\(W.map(row).joined(separator: ", "))]
              b: \(row(b))
            initial: \(row(s0))
            classifier:
              beta: \(row(beta))
              gamma: \(gamma)
            """
    }
}

/// Random small parameters. (The random bits come from F1B's SplitMix64: it
/// only draws the test inputs, so sharing it takes nothing from the reference.)
private struct Generator {
    var bits: SplitMix64
    init(state: UInt64) { bits = SplitMix64(seed: state) }
    mutating func next() -> UInt64 { bits.next() }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// Small fractions with denominators 1, 2, 4 (zero a quarter of the time, so clipping and rests are common).
    mutating func fraction(_ limit: Int = 2) -> Fraction {
        if below(4) == 0 { return Fraction(0) }
        let q = [1, 2, 4][below(3)]
        return Fraction(below(2 * limit * q + 1) - limit * q, q)
    }
}

/// A random cell: a third of them free, a third the K = 1 latch s = g(2s + X^I + X^F + 1)
/// (flags ±1, s0 = −1) with a random weight on each term's scale, a third the
/// Theorem 3 pattern with random b1, W21, b2 — so that passes are as common as fails.
private func randomCell(_ g: inout Generator) -> ReferenceCell {
    var cell: ReferenceCell
    switch g.below(3) {
    case 0:
        let K = 1 + g.below(2)
        let relu = g.below(2) == 0
        cell = ReferenceCell(relu: relu, zeroOneFlags: g.below(2) == 0,
                             U: (0..<K).map { _ in (0..<K).map { _ in g.fraction() } },
                             W: (0..<K).map { _ in [g.fraction(), g.fraction()] },
                             b: (0..<K).map { _ in g.fraction() },
                             s0: (0..<K).map { _ in relu ? Fraction(g.below(3), 2) : Fraction(g.below(5) - 2, 2) },
                             beta: (0..<K).map { _ in g.fraction() }, gamma: Fraction(0))
    case 1:
        let scale = Fraction(2 + g.below(3), 2)   // 1, 3/2, 2: still a latch
        cell = ReferenceCell(relu: false, zeroOneFlags: false, U: [[scale * Fraction(2)]], W: [[scale, scale]],
                             b: [scale], s0: [Fraction(-1)], beta: [g.fraction()], gamma: Fraction(0))
    default:
        let b1 = Fraction(1 + g.below(3), 8), w21 = Fraction(1 + g.below(3), 4), b2 = Fraction(-2 - g.below(2))
        cell = ReferenceCell(relu: false, zeroOneFlags: true, U: [[Fraction(1), b1], [Fraction(0), Fraction(0)]],
                             W: [[Fraction(0), Fraction(0)], [w21, b2 * Fraction(-1)]], b: [b1, b2],
                             s0: [Fraction(0), Fraction(-1)], beta: [Fraction(1), Fraction(g.below(4), 4)], gamma: Fraction(0))
    }
    // γ on a reachable score: −βᵀs for a random path's final state, so that
    // path lies exactly on the hyperplane (a tie); sometimes nudged by ±1/8.
    let n = 1 + g.below(6), L = 1 + g.below(n), mask = g.below(1 << n)
    var score = cell.score(cell.final(n: n, L: L, mask: mask))
    switch g.below(4) {
    case 0: score = score + Fraction(1, 8)
    case 1: score = score + Fraction(-1, 8)
    default: break
    }
    cell.gamma = score * Fraction(-1)
    return cell
}

@Suite struct IndependentReferenceTests {
    @Test func checkAgreesWithABruteForceReferenceOnTies() throws {
        var g = Generator(state: 0xF1B_7E57)
        var ties = 0, fails = 0, passes = 0
        for file in 0..<300 {
            let reference = randomCell(&g)
            let construction = try ConstructionReader.parse(reference.yaml, file: "random-\(file).yaml")
            // Relu states may grow for ever: the all-n sweep gets a small budget (inconclusive past it).
            var bounded = Checker.Options()
            bounded.budget.depth = 40
            bounded.budget.states = 4000
            let all = Checker(options: bounded).check(construction, lengths: .all)
            for method in ["dp", "enumerate"] {
                let report = Checker(options: .only(method)).check(construction, lengths: .list(Array(1...6)))
                for r in report.results {
                    let n = r.length, wrong = reference.misclassified(n: n)
                    let context = "file \(file), \(method), n = \(n):\n\(reference.yaml)"
                    #expect(r.verdict == (wrong == 0 ? .pass : .fail), "\(context)")
                    #expect(r.misclassified == BigInteger(wrong), "\(context)")
                    #expect(r.errorProbability == Rational(wrong, n << n), "\(context)")
                    if r.margin?.value.isZero == true { ties += 1 }
                    if wrong == 0 { passes += 1 } else { fails += 1 }
                }
            }
            // Every n the all-n sweep decided agrees as well; a PASS for every n needs every n ≤ 6 to pass.
            for r in all.results where r.length <= 6 {
                #expect(r.verdict == (reference.misclassified(n: r.length) == 0 ? .pass : .fail), "file \(file), all-n sweep, n = \(r.length)")
            }
            if all.everyLength?.verdict == .pass {
                #expect((1...6).allSatisfy { reference.misclassified(n: $0) == 0 }, "file \(file): PASS for every n\n\(reference.yaml)")
            }
        }
        // The generator must actually exercise the rule: ties, passes and fails in numbers.
        #expect(ties > 100 && passes > 100 && fails > 100, "ties \(ties), passes \(passes), fails \(fails)")
    }
}
