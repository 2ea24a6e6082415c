import Constructions
import Exact
import F1B
import Verification

/// Checks a freshly built construction over `spec` and records what was proved:
/// `expect` becomes the passing range (or every n), and comment lines say where
/// it first fails and on which path.
func recordingExpectation(_ construction: Construction, spec: SequenceLengths,
                          progress: @escaping @Sendable (String) -> Void) -> (Construction, [String]) {
    var c = construction
    var options = Checker.Options()
    options.observer = CheckObserver(note: { progress($0) })
    let report = Checker(options: options).check(c, lengths: spec)
    var lines = ["", "What f1b check proved (f1b construct ... --n \(spec)):"]
    if let all = report.everyLength, all.verdict == .pass {
        c.expectation = Expectation(lengths: .all, verdict: .pass)
        lines.append("  every n ≥ 1: \(all.summary).")
        return (c, lines)
    }
    let prefix = report.passingPrefix
    let method = report.results.first.map { r in r.procedure.title + (r.arithmetic == .exact ? ", exact" : ", certified intervals") } ?? ""
    if prefix > 0 {
        c.expectation = Expectation(lengths: .list(Array(1...prefix)), verdict: .pass)
        lines.append("  passes n = 1...\(prefix) (\(method)).")
    }
    if let failure = report.firstFailure {
        if prefix == 0 { c.expectation = Expectation(lengths: .list([failure.length]), verdict: .fail) }
        lines.append("  first fails at n = \(failure.length)\(witness(failure))")
        lines.append("  (f1b check FILE --n \(failure.length) prints the counterexample).")
    } else if prefix == report.results.count, prefix > 0 {
        lines.append("  no failure up to n = \(prefix).")
    }
    let undecided = report.results.filter { $0.verdict == .inconclusive }.map(\.length)
    if !undecided.isEmpty { lines.append("  undecided at n = \(SequenceLengths.list(undecided)).") }
    return (c, lines)
}

/// "; e.g. the positive path with L = 1 and bits +−−…".
private func witness(_ r: LengthResult) -> String {
    guard case .misclassified(let paths)? = r.counterexample, let p = paths.first else {
        return r.counterexample == nil ? "" : ": no classifier separates the final states"
    }
    let bits = p.path.bitString
    let shown = bits.count <= 16 ? bits : "\(bits.prefix(8))…\(bits.suffix(4))"
    return ": the \(p.path.label > 0 ? "positive" : "negative") path with L = \(p.path.flagPosition), bits \(shown), is misclassified"
}
