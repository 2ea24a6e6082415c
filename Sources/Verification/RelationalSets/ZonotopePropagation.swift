import Cells
import Exact
import F1B
import _Parallel

/// Decides F1B(n) with zonotope unions of the three phase sets
/// (`PhaseZonotopes`): at each n asked,
///
/// - **pass** when every zonotope of Z₊(n) has a certified score range
///   βᵀs + γ ≥ 0 and every zonotope of Z₋(n) one < 0 (the support function
///   of each zonotope, outward; a score of exactly 0 is +1): then every path
///   of F1B(n) is classified correctly, as R₊(n) ⊆ ∪Z₊(n), R₋(n) ⊆ ∪Z₋(n);
/// - **open** otherwise, with the witness paths of the zonotopes that reach
///   the wrong side as candidate counterexamples (the sets over-approximate,
///   so open is never a failure).
///
/// Sound for any cell; complete for none. Work is fixed by the budget.
public enum ZonotopePropagation {
    /// Each n of `lengths` decided; `progress` hears each step.
    public static func decide(cell: CellSpecification, classifier: Classifier, lengths: [Int],
                              budget: ZonotopeBudget = ZonotopeBudget(), threads: Int = availableThreads,
                              progress: (Int) -> Void = { _ in }) -> [Int: ZonotopeDecision] {
        var sets = PhaseZonotopes(cell: cell, budget: budget, readout: ZonotopeReadout(classifier), threads: threads)
        return decide(&sets, classifier: classifier, lengths: lengths, progress: progress)
    }

    /// The same on sets already made (tests: a deliberately unsound variant).
    static func decide(_ sets: inout PhaseZonotopes, classifier: Classifier, lengths: [Int],
                       progress: (Int) -> Void = { _ in }) -> [Int: ZonotopeDecision] {
        let readout = ZonotopeReadout(classifier)
        var results: [Int: ZonotopeDecision] = [:]
        let wanted = Set(lengths.filter { $0 >= 1 })
        let horizon = Swift.min(wanted.max() ?? 0, sets.budget.maximumLength)
        for n in wanted where n > sets.budget.maximumLength {
            results[n] = .open(ZonotopeOpen(length: n, reason: .beyondBudget(maximumLength: sets.budget.maximumLength), candidates: []))
        }
        guard horizon >= 1 else { return results }
        for t in 1...horizon {
            guard sets.advance() == .advanced else {
                for n in wanted where n >= t {
                    results[n] = .open(ZonotopeOpen(length: n, reason: .unbounded(step: t), candidates: []))
                }
                return results
            }
            progress(t)
            if wanted.contains(t) { results[t] = decision(sets, readout: readout) }
        }
        return results
    }

    /// The decision at the sets' current step.
    static func decision(_ sets: PhaseZonotopes, readout: ZonotopeReadout) -> ZonotopeDecision {
        let n = sets.step
        var margin = Double.infinity
        var worst: (label: ClassLabel, score: DoubleInterval, count: Int)?
        var candidates: [Path] = []
        for (phase, label) in [(1, ClassLabel.positive), (2, .negative)] {
            for member in sets.members[phase] {
                let score = readout.score(member.zonotope)
                if readout.certifies(score, label) {
                    margin = Swift.min(margin, label == .positive ? score.lower : -score.upper)
                    continue
                }
                if let path = member.path { candidates.append(path) }
                let reach = label == .positive ? -score.lower : score.upper
                if let w = worst {
                    let previous = w.label == .positive ? -w.score.lower : w.score.upper
                    worst = (reach > previous ? label : w.label, reach > previous ? score : w.score, w.count + 1)
                } else {
                    worst = (label, score, 1)
                }
            }
        }
        if let worst {
            return .open(ZonotopeOpen(length: n, reason: .overlap(label: worst.label, score: worst.score, count: worst.count),
                                      candidates: candidates))
        }
        return .pass(ZonotopePass(length: n, zonotopes: sets.members.map(\.count), margin: margin))
    }
}
