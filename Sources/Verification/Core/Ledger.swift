import Exact
import F1B

/// What the scheduler knows so far: per length, the decided result (never
/// decided again) and the attempts that left it open; the paths proposed as
/// counterexamples. Owned by one scheduler run.
struct Ledger {
    private(set) var decided: [Int: LengthResult] = [:]
    private(set) var attempts: [Int: [Attempt]] = [:]
    /// The last open result per length (the most informative one to report when nothing decides it).
    private(set) var lastOpen: [Int: LengthResult] = [:]
    var candidates: [Int: [Path]] = [:]

    /// Whether a procedure with this guarantee still has something to add at n:
    /// an undecided length, or (for a complete procedure) a fail whose count is not exact.
    func wants(_ n: Int, from guarantee: Guarantee) -> Bool {
        guard let r = decided[n] else { return true }
        guard guarantee == .complete, case .fail(let refutation) = r.outcome else { return false }
        return refutation.count != nil && refutation.count?.exactValue == nil
    }

    /// Whether n is decided for good (pass, or fail with nothing left to count).
    func isSettled(_ n: Int) -> Bool { decided[n] != nil && !wants(n, from: .complete) }

    func isDecided(_ n: Int) -> Bool { decided[n] != nil }

    /// Records one (re-checked) result. A fail never replaces a pass or the
    /// other way round (both are proofs; a clash is a defect the tests look
    /// for); a fail with an exact count replaces one with a lower bound.
    mutating func record(_ r: LengthResult) {
        let n = r.length
        if case .open(let reason) = r.outcome {
            attempts[n, default: []].append(Attempt(procedure: r.procedure, reason: reason, work: r.work))
            lastOpen[n] = r
            return
        }
        if let old = decided[n] {
            guard old.verdict == r.verdict, case .fail(let new) = r.outcome, case .fail(let was) = old.outcome,
                  was.count?.exactValue == nil, new.count?.exactValue != nil || better(new.count, than: was.count)
            else { return }
            var replacement = r
            replacement.attempts = old.attempts
            decided[n] = replacement
            return
        }
        var result = r
        result.attempts = attempts[n] ?? []
        decided[n] = result
    }

    private func better(_ a: ErrorCount?, than b: ErrorCount?) -> Bool {
        guard let a else { return false }
        guard let b else { return true }
        return a.lowerBound > b.lowerBound
    }

    /// The result to report at n: the decided one, or an open one carrying every attempt.
    func result(_ n: Int, problem: Problem) -> LengthResult {
        if var r = decided[n] {
            r.attempts = (attempts[n] ?? []).filter { $0.procedure != r.procedure || r.verdict == .fail }
            return r
        }
        let tried = attempts[n] ?? []
        if var r = lastOpen[n] {
            r.attempts = Array(tried.dropLast())
            return r
        }
        return LengthResult(length: n, outcome: .open(.notApplicable(.notSelected)), procedure: .scheduler,
                            arithmetic: problem.isPiecewiseLinear ? .exact : .intervals, pathCount: problem.pathCount(n))
    }
}
