import Foundation
import Exact
import F1B

// The words for the closed lists of reasons: one place, so that every output
// (terminal, JSON, reports) says the same true thing, and no caller parses them.

extension NotApplicable: CustomStringConvertible {
    public var description: String {
        switch self {
        case .needsPiecewiseLinearCell: return "it needs exact states (hardclip or relu cells); this cell has tanh or σ"
        case .needsOneDimensionalState(let K): return "it follows one number per phase (K = 1); this cell has K = \(K)"
        case .classifiedStateReadsOtherHalf: return "it needs the classified number to evolve on its own; this cell's classified state reads the other half of its state"
        case .flaggedOneBitOnly(let m): return "it decides F1B only; this file is a Flagged-\(m)-Bit test"
        case .flaggedBitsOnly: return "it decides the Flagged-m-Bit test (m ≥ 2) only"
        case .needsClassifier: return "it needs a classifier in the file"
        case .needsReadouts: return "enclosures do not decide separability: the file must give its readouts"
        case .lengthsOnly: return "it decides one n at a time, not every n"
        case .stateTooLarge(let width, let limit): return "the state has \(width) entries, more than the \(limit) it handles"
        case .notSelected: return "no procedure was run on it"
        }
    }
}

extension Limit: CustomStringConvertible {
    public var description: String {
        switch self {
        case .paths(let k): return "the enumeration budget of \(k) paths (--max-paths)"
        case .states(let k): return "the budget of \(k) stored states (--max-states)"
        case .boxes(let k): return "the budget of \(k) boxes (--max-boxes)"
        case .depth(let k): return "the depth budget of \(k) steps (--max-depth)"
        case .sets(let k): return "the budget of \(k) sets per phase"
        }
    }
}

extension OpenReason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notApplicable(let why): return "does not apply: \(why)"
        case .budget(let limit): return "stopped at \(limit)"
        case .timeLimit(let seconds): return "the time limit of \(TimeWords.seconds(seconds)) (--time-limit) ran out first"
        case .timeShare(let seconds):
            return "its share of the time limit (\(TimeWords.seconds(seconds)), half of what was left; the rest went to the length-by-length scan) ran out"
        case .interrupted: return "interrupted before it was decided"
        case .wouldExceedTimeLimit(let estimate, let left):
            return "would take about \(TimeWords.seconds(estimate)), more than the \(TimeWords.seconds(left)) left of --time-limit"
        case .undecidedPaths(let count, let precision, let first):
            return "\(count) path\(count == BigInteger(1) ? "'s" : "s'") score enclosures contain 0 at \(precision) bits\(first.map { " (first: \($0))" } ?? "") — raise --precision"
        case .extremesOverlap(let precision):
            return "the enclosures of the extreme final states straddle the threshold at \(precision) bits (raise --precision)"
        case .notMonotone(let step):
            return "the update is not certified monotone in the state on the reachable interval at step \(step); propagating extremes is complete only for monotone updates"
        case .overApproximationNotSeparated(let step):
            return "the over-approximation of the reachable sets at n = \(step) meets the wrong side of the classifier (not proved; no path certified misclassified)"
        case .refinementStalled(let boxes):
            return "refinement stopped making progress at \(boxes) boxes (the boxes left to split are narrower than their own rounding, or the round budget was reached)"
        case .notRepeating(let depth, let states):
            return "the reachable sets did not repeat within \(depth) steps (\(states) states stored)"
        case .noInvariant(let depth): return "no invariant separated by the classifier was found within \(depth) steps"
        case .noClassifierCertified(let precision):
            return "no classifier was found that certifiably separates the final enclosures at \(precision) bits (raise --precision)"
        case .recheckFailed(let what): return "a counterexample or certificate failed its re-check: \(what)"
        case .noCounterexampleFound(let paths): return "no misclassified path among \(paths) examined"
        case .noFailureUpTo(let n): return "no length up to n = \(n) was found failing (scanned length by length), and no certificate covers every n"
        case .escaped(let extent):
            return "the state enclosures left every box up to ±\(Int(extent)) (this cell has no a-priori bound on its states)"
        case .unboundedImage(let step):
            return "the zonotope image at step \(step) is unbounded (an enclosure overflowed), so no later n can be proved by these sets"
        case .shardsMissing(let missing): return "shards \(missing.map(String.init).joined(separator: ", ")) are missing"
        }
    }
}

extension Work: CustomStringConvertible {
    /// "1024 paths, 37 rounds, 20000 boxes" — what was reached.
    public var description: String {
        var parts: [String] = []
        if let paths { parts.append("\(paths) path\(paths == BigInteger(1) ? "" : "s")") }
        if let states { parts.append("\(states) state\(states == 1 ? "" : "s")") }
        if let boxes { parts.append("\(boxes) box\(boxes == 1 ? "" : "es")") }
        if let rounds { parts.append("\(rounds) round\(rounds == 1 ? "" : "s")") }
        if let steps { parts.append("\(steps) step\(steps == 1 ? "" : "s")") }
        if let seconds { parts.append(TimeWords.seconds(seconds)) }
        return parts.joined(separator: ", ")
    }
}

extension Attempt: CustomStringConvertible {
    /// "invariant covers (20000 boxes, 37 rounds): stopped at …".
    public var description: String {
        let reached = work.description
        return "\(procedure.title)\(reached.isEmpty ? "" : " (\(reached))"): \(reason)"
    }
}

extension LengthResult {
    /// Why this length is open (the deciding attempt first, then the earlier
    /// ones), or nil when it is decided.
    public var reason: String? {
        guard case .open(let why) = outcome else { return nil }
        let last = Attempt(procedure: procedure, reason: why, work: work)
        return ([last] + attempts.reversed()).map(\.description).joined(separator: "; ")
    }
}

/// Durations in words, in the largest unit that keeps the number readable:
/// limits and estimates, where an estimate may be astronomically long (an
/// enumeration of 2^60 paths) or unbounded.
public enum TimeWords {
    public static func seconds(_ s: Double) -> String {
        let hour = 3600.0, day = 24 * hour, year = 365.25 * day
        guard s.isFinite else { return "longer than any run" }
        if s < 1 { return String(format: "%.2g s", s) }
        if s < 90 { return String(format: "%.0f s", s) }
        if s < 90 * 60 { return String(format: "%.0f min", s / 60) }
        if s < 48 * hour { return String(format: "%.1f h", s / hour) }
        if s < 2 * year { return String(format: "%.0f days", s / day) }
        if s < 1e4 * year { return String(format: "%.0f years", s / year) }
        return String(format: "%.1e years", s / year)
    }
}

extension EveryLengthCertificate: CustomStringConvertible {
    public var description: String {
        switch kind {
        case .repeatingSets(let period, _):
            return period == 1 ? "the exact reachable sets are stationary from step \(from), so every later n has the final states of n = \(from)"
                : "the exact reachable sets repeat with period \(period) from step \(from), so every later n has the final states of an n checked"
        case .invariantIntervals(let before, let positive, let negative, let classifier):
            return "from step \(from) the intervals before ⊆ \(before.decimalDescription(significantDigits: 12)), "
                + "after +1 ⊆ \(positive.decimalDescription(significantDigits: 12)), after −1 ⊆ \(negative.decimalDescription(significantDigits: 12)) "
                + "are mapped into themselves by every input (certified interval images), and β = \(classifier.beta[0]), γ = \(classifier.gamma) "
                + "puts the last two on their own sides"
        case .cover(let invariant, let rechecked):
            return "from step \(from) the boxes H_b (\(invariant.before.count)), H₊ (\(invariant.positive.count)), H₋ (\(invariant.negative.count)) "
                + "are mapped into themselves by every input (certified images\(invariant.bound == nil ? "" : ", clipped to the cell's a-priori state bound")), "
                + "with the classifier putting H₊ and H₋ on their sides"
                + (rechecked ? " (re-checked in rational interval arithmetic)" : " (not re-checked: more boxes than the re-check takes)")
        case .repeatingCovers(let period):
            return "the covers repeat with period \(period) from step \(from): every later n has the covers of an n that passed"
        case .sets(let description):
            return description
        case .zonotopeInvariant(let c):
            let pairs = c.before.dimension == 1 ? "1 pair of facets" : "\(c.before.dimension) pairs of facets"
            let margin = Rational(exactly: c.margin).map { $0.decimalString(significantDigits: 4, .down) } ?? "0"
            return "from step \(from) the parallelotopes H_b, H₊, H₋ (\(pairs) each) are mapped into themselves "
                + "by every input (certified zonotope images\(c.splitDepth > 0 ? ", each source cut into \(1 << c.splitDepth) pieces" : "")), "
                + "the classifier puts H₊ and H₋ on their sides with a margin ≥ \(margin), "
                + "and the propagated sets of step \(from) lie inside them (re-checked)"
        }
    }
}

extension EveryLengthResult {
    /// One sentence: the certificate, the boundary, or how far it got and why not further.
    public var summary: String {
        switch verdict {
        case .pass:
            return "every n passes: \(certificate.map(\.description) ?? "")\(decidedThrough > 0 ? "; n = 1…\(decidedThrough) decided on the way" : "")"
        case .fail:
            let f = firstFailure ?? 0
            if isBoundary { return f == 1 ? "fails at n = 1" : "passes n = 1…\(f - 1) and fails at n = \(f)" }
            let passed = decidedThrough > 0 ? "passes n = 1…\(decidedThrough), " : ""
            return "\(passed)fails at n = \(f); n = \(SequenceLengths.list(undecided)) undecided, so the smallest failing n is not known"
        case .inconclusive:
            let passed = decidedThrough > 0 ? "passes n = 1…\(decidedThrough); " : ""
            let tried = attempts.map(\.description).joined(separator: "; ")
            return "\(passed)no certificate for every n\(tried.isEmpty ? "" : " (\(tried))")"
        }
    }
}

extension OpenReason {
    /// A stable machine name (JSON `reason_kind`), one per case.
    public var code: String {
        switch self {
        case .notApplicable: return "not_applicable"
        case .budget(let limit):
            switch limit {
            case .paths: return "budget.paths"
            case .states: return "budget.states"
            case .boxes: return "budget.boxes"
            case .depth: return "budget.depth"
            case .sets: return "budget.sets"
            }
        case .timeLimit: return "time_limit"
        case .timeShare: return "time_share"
        case .interrupted: return "interrupted"
        case .wouldExceedTimeLimit: return "would_exceed_time_limit"
        case .undecidedPaths: return "undecided_paths"
        case .extremesOverlap: return "extremes_overlap"
        case .notMonotone: return "not_monotone"
        case .overApproximationNotSeparated: return "over_approximation_not_separated"
        case .refinementStalled: return "refinement_stalled"
        case .notRepeating: return "not_repeating"
        case .noInvariant: return "no_invariant"
        case .noClassifierCertified: return "no_classifier_certified"
        case .recheckFailed: return "recheck_failed"
        case .noCounterexampleFound: return "no_counterexample_found"
        case .noFailureUpTo: return "no_failure_up_to"
        case .escaped: return "escaped"
        case .unboundedImage: return "unbounded_image"
        case .shardsMissing: return "shards_missing"
        }
    }
}
