import Constructions
import Exact
import F1B
import Foundation
import Verification

/// The cheapest refutation: `Checker` at the points of a small lattice in the
/// region (each parameter in {0, ±1/2, ±1, ±2, ±4} within its bounds, plus its
/// bounds' midpoint), looking for one that contradicts the claim. Exact; it can
/// only refute, never prove.
struct LatticeScreen: Sendable {
    var maximumPoints = 20_000

    func values(_ p: Statement.FreeParameter) -> [Rational] {
        var v = [0, 1, -1, 2, -2, 4, -4].map { Rational($0) } + [Rational(1, 2), Rational(-1, 2)]
        if let l = p.lower, let u = p.upper { v.append((l + u) / 2) }
        v += [p.lower, p.upper].compactMap { $0 }
        let inside = v.filter { x in (p.lower.map { x >= $0 } ?? true) && (p.upper.map { x <= $0 } ?? true) }
        return Array(Set(inside)).sorted()
    }

    func refute(_ s: Statement, length n: Int) -> ProofReport.Counterexample? {
        var axes = s.free.map(values)
        // Thin the lattice (keep the values nearest 0) until it fits the budget.
        while axes.reduce(1, { $0 * max($1.count, 1) }) > maximumPoints, let widest = axes.indices.max(by: { axes[$0].count < axes[$1].count }),
              axes[widest].count > 1 {
            axes[widest] = Array(axes[widest].sorted { abs(Double($0)) < abs(Double($1)) }.dropLast())
        }
        guard axes.allSatisfy({ !$0.isEmpty }) else { return nil }
        var index = [Int](repeating: 0, count: axes.count)
        while true {
            let point = Dictionary(uniqueKeysWithValues: s.names.enumerated().map { ($0.element, axes[$0.offset][index[$0.offset]]) })
            if s.contains(point) {
                let found = ProofReport.Counterexample(s, at: point, length: n)
                if found.contradicts(s) { return found }
            }
            var k = 0
            while k < axes.count {
                index[k] += 1
                if index[k] < axes[k].count { break }
                index[k] = 0
                k += 1
            }
            if k == axes.count { return nil }
        }
    }
}
