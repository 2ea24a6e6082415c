import Exact
import F1B

/// What zonotope propagation establishes about F1B(n) at one n.
public enum ZonotopeDecision: Sendable, Equatable {
    /// Every path of F1B(n) is classified correctly: proved.
    case pass(ZonotopePass)
    /// Not proved (never a failure: the sets over-approximate).
    case open(ZonotopeOpen)

    public var isPass: Bool { if case .pass = self { true } else { false } }
}

/// A proof of F1B(n): R₊(n) and R₋(n) lie in unions of zonotopes whose
/// certified score ranges are on their sides.
public struct ZonotopePass: Sendable, Equatable {
    public var length: Int
    /// Zonotopes in the unions for R_b(n), R₊(n), R₋(n).
    public var zonotopes: [Int]
    /// A certified lower bound on the least signed margin label·(βᵀs + γ) over
    /// R₊(n) ∪ R₋(n) (≥ 0; > 0 on the −1 side).
    public var margin: Double
}

/// Why an n was left open, with candidate counterexamples for a certifier.
public struct ZonotopeOpen: Sendable, Equatable {
    public var length: Int
    public var reason: ZonotopeOpenReason
    /// Witness paths of the zonotopes that meet the wrong side (each ends in
    /// its zonotope's region; misclassified only if a certifier says so).
    public var candidates: [Path]
}

public enum ZonotopeOpenReason: Sendable, Equatable {
    /// A zonotope of the label's set has a certified score range reaching the
    /// wrong side: `score` encloses βᵀs + γ over it; `count` zonotopes did.
    case overlap(label: ClassLabel, score: DoubleInterval, count: Int)
    /// An image became unbounded (a form lost all bounds) at this step.
    case unbounded(step: Int)
    /// The length lies beyond the steps the budget allows.
    case beyondBudget(maximumLength: Int)
}

/// βᵀs + γ over zonotopes of full states (the classifier reads the first K
/// entries), enclosed in certified Double arithmetic from the exact β, γ.
struct ZonotopeReadout: Sendable {
    let classifier: Classifier
    let beta: [DoubleInterval]
    let gamma: DoubleInterval

    init(_ classifier: Classifier) {
        self.classifier = classifier
        beta = classifier.beta.map { DoubleInterval(enclosing: $0) }
        gamma = DoubleInterval(enclosing: classifier.gamma)
    }

    /// Encloses {βᵀs + γ : s ∈ Z} (the support function, outward).
    func score(_ z: Zonotope) -> DoubleInterval { z.range(of: beta, plus: gamma) }

    /// βᵀs + γ at a Double state (an estimate, for choosing witnesses).
    func estimate(_ s: [Double]) -> Double {
        var v = gamma.midpoint
        for k in beta.indices { v += beta[k].midpoint * s[k] }
        return v
    }

    /// Whether every score of the zonotope is classified correctly for the label.
    func certifies(_ score: DoubleInterval, _ label: ClassLabel) -> Bool {
        Classification.certify(score, label: label) == .correct
    }

    /// The β direction as Doubles (heuristics only).
    var direction: [Double] { beta.map(\.midpoint) }
}

/// What a zonotope pass rests on: the zonotopes in each phase's union at n
/// and the generators each keeps at most.
public struct ZonotopeUnions: Sendable, Equatable {
    public var before: Int
    public var positive: Int
    public var negative: Int
    public var generators: Int
}

/// A ladder of set-propagation budgets: each rung runs on the lengths the
/// rungs before left open because their sets met the wrong side (a larger
/// budget may separate them; any other open reason stands), until none is
/// left. `run` answers every length it is given (a spent budget as its reason).
func overApproximationLadder<Rung>(_ rungs: [Rung], lengths: [Int],
                                   run: (Rung, [Int]) -> [Int: LengthResult]) -> [Int: LengthResult] {
    var results: [Int: LengthResult] = [:]
    for rung in rungs {
        let retry = lengths.filter { n in
            guard let r = results[n] else { return true }
            if case .open(.overApproximationNotSeparated) = r.outcome { return true }
            return false
        }
        guard !retry.isEmpty else { break }
        results.merge(run(rung, retry)) { $1 }
    }
    return results
}
