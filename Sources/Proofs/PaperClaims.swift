import Bounds
import Cells
import Constructions
import Exact
import F1B
import Foundation
import Verification

/// One claim of the F1B paper and what f1b finds of it.
public struct PaperClaim: Sendable {
    public enum Finding: String, Sendable {
        case proved = "proved"
        case refuted = "refuted (with a certificate)"
        case confirmed = "confirmed for the instances checked"
        case partly = "partly decided"
        case reproduced = "reproduced within a confidence interval"
        case notCheckable = "not checkable here"
        /// An experiment whose report (figures.md, training.md, …) is written by another command: no finding is claimed here.
        case experiment = "an experiment: see its report"
    }

    public var claim: String
    public var source: String
    public var finding: Finding
    public var evidence: String
    public var command: String
    public var seconds: Double
}

/// Decides the paper's claims that can be decided in minutes (statements,
/// constructions, transforms, Theorem 4's boundary) and points at the reports
/// for those that are experiments (figures, search, training).
public enum PaperClaims {
    public struct Options: Sendable {
        /// Where the statement files and constructions are.
        public var constructions = "constructions"
        /// z3's limit per question, and branch-and-bound's boxes per n.
        public var seconds: Double = 60
        public var maximumBoxes = 20_000
        /// Theorem 4's boundary is proved as a statement in A for n = 1 … this.
        public var boundaryThrough = 11
        /// The lengths of the Theorem 2 statements (default: each statement's claim).
        public var theorem2Lengths: SequenceLengths?
        public init() {}
    }

    public static func decide(_ o: Options, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> [PaperClaim] {
        var claims: [PaperClaim] = []
        func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
            let start = Date()
            let value = try body()
            return (value, Date().timeIntervalSince(start))
        }
        func statement(_ name: String) throws -> Statement {
            try StatementReader.read(contentsOf: "\(o.constructions)/statements/\(name).yaml")
        }
        func construction(_ name: String) throws -> Construction {
            try ConstructionReader.read(contentsOf: "\(o.constructions)/\(name)")
        }
        var options = Prover.Options()
        options.seconds = o.seconds
        options.maximumBoxes = o.maximumBoxes
        let prover = Prover(options: options)
        func outcomes(_ r: ProofReport) -> String {
            r.results.map { p in
                var text = "n = \(p.length): \(p.outcome == .proved ? "proved" : p.outcome == .refuted ? "refuted" : "undecided")"
                if let f = p.fractions, p.outcome == .undecided {
                    text += String(format: " (%.3g%% of the region undecided, the rest proved; %d boxes)", 100 * f.undecided, p.boxes ?? 0)
                }
                if let c = p.counterexample { text += " at " + c.point.keys.sorted().map { "\($0) = \(c.point[$0]!)" }.joined(separator: ", ") }
                return text
            }.joined(separator: "; ")
        }

        progress("Lemma 3")
        let (lemma3, lemma3Time) = try timed { () throws -> (Bool, String) in
            // The latch with its classifier moved onto the negative state (γ = 1): every negative path errs.
            var broken = try construction("vanilla-hardclip-k1-latch.yaml")
            broken.classifier = Classifier(beta: [Rational(1)], gamma: Rational(1))
            let rs = (2...6).map { Checker().check(broken, length: $0) }
            let ok = rs.allSatisfy { $0.misclassified != nil }
            let shown = rs.map { "n = \($0.length): \($0.misclassified?.description ?? "?") of \($0.pathCount)" }.joined(separator: ", ")
            return (ok, shown)
        }
        claims.append(.init(claim: "Lemma 3: an error probability below 1/(n·2^n) is zero", source: "Section 4.2 (proof in the unavailable supplement)",
                            finding: .proved,
                            evidence: "Definition 1 gives each of the n·2^n paths probability 1/(n·2^n), so Pe is (misclassified paths)/(n·2^n) and any Pe below 1/(n·2^n) is 0; the exact checker reports Pe as that count\(lemma3.0 ? "" : " (not shown: a count was missing)") (the latch with γ = 1: \(lemma3.1) misclassified)",
                            command: "f1b check FILE --n N (the misclassified count and Pe)", seconds: lemma3Time))

        progress("Theorem 1 and Lemma 2")
        let (transforms, transformTime) = try timed { () throws -> Bool in
            let t3 = try construction("vanilla-pwl-k2.yaml")
            return [t3.lifted(to: 3), t3.reencoded(to: .plusMinus)].allSatisfy { Checker().check($0, lengths: .all).everyLength?.verdict == .pass }
        }
        claims.append(.init(claim: "Theorem 1: a cell that passes at K passes at K + 1", source: "Section 4",
                            finding: transforms ? .confirmed : .refuted,
                            evidence: "the lift adds inert dimensions (zero rows and columns, initial 0, classifier weight 0), so the classified score is unchanged on every path; checked: Theorem 3's construction lifted to K = 3 \(transforms ? "passes every n" : "and re-encoded to ±1 do NOT both pass every n")",
                            command: "f1b lift constructions/vanilla-pwl-k2.yaml --to 3 -o k3.yaml && f1b check k3.yaml --n all", seconds: transformTime))
        claims.append(.init(claim: "Lemma 2: flags in ±1 and in {0, 1} are equivalent", source: "Section 4.1 (supplement)",
                            finding: transforms ? .confirmed : .refuted,
                            evidence: "the re-encoding absorbs the change exactly into W and b; checked: Theorem 3's construction re-encoded to ±1 \(transforms ? "passes every n" : "and lifted to K = 3 do NOT both pass every n")",
                            command: "f1b encode constructions/vanilla-pwl-k2.yaml --flags plus-minus -o pm.yaml && f1b check pm.yaml --n all", seconds: transformTime))

        progress("Theorem 2 as stated")
        let (asStated, asStatedTime) = try timed { prover.prove(try statement("theorem2-hardclip"), lengths: o.theorem2Lengths) }
        let latch = try construction("vanilla-hardclip-k1-latch.yaml")
        let latchEvery = Checker().check(latch, lengths: .all).everyLength?.verdict == .pass
        claims.append(.init(claim: "Theorem 2: at K = 1 the Vanilla RNN fails the F1B test", source: "Section 4.1",
                            finding: asStated.outcome == .refuted ? .refuted : .partly,
                            evidence: "with b and s0 free (Definition 2 allows both): \(outcomes(asStated)); the latch s_t = g(2s + X^I + X^F + 1), s0 = −1 \(latchEvery ? "passes every n (proved by check --n all)" : "is NOT proved to pass every n by check --n all")",
                            command: "f1b prove constructions/statements/theorem2-hardclip.yaml; f1b check constructions/vanilla-hardclip-k1-latch.yaml --n all",
                            seconds: asStatedTime))

        progress("Theorem 2 with b = 0, s0 = 0 (hardclip)")
        let (noBias, noBiasTime) = try timed { prover.prove(try statement("theorem2-hardclip-b0-s0"), lengths: o.theorem2Lengths) }
        // z3 has just given up where it does; the bounded region goes straight to
        // branch-and-bound, which for g runs in exact rationals (twice the boxes).
        var boxOptions = options
        boxOptions.method = .intervals
        boxOptions.maximumBoxes = 2 * o.maximumBoxes
        let (noBiasBox, noBiasBoxTime) = try timed { Prover(options: boxOptions).prove(try statement("theorem2-hardclip-b0-s0-box"), lengths: o.theorem2Lengths) }
        claims.append(.init(claim: "Theorem 2 restricted to b = 0, s0 = 0 (the paper's intuition), hardclip g", source: "Section 4.1",
                            finding: noBias.outcome == .proved ? .proved : noBias.outcome == .refuted ? .refuted : .partly,
                            evidence: "over all real U, W1, W2 (z3, \(Int(o.seconds)) s per question): \(outcomes(noBias)). Over |U|, |W| ≤ 20 (branch-and-bound, \(2 * o.maximumBoxes) boxes per n): \(outcomes(noBiasBox))",
                            command: "f1b prove constructions/statements/theorem2-hardclip-b0-s0.yaml --seconds \(Int(o.seconds)); f1b prove constructions/statements/theorem2-hardclip-b0-s0-box.yaml --method intervals --max-boxes \(2 * o.maximumBoxes)",
                            seconds: noBiasTime + noBiasBoxTime))

        progress("Theorem 2 with b = 0, s0 = 0 (tanh)")
        let (tanh, tanhTime) = try timed { prover.prove(try statement("theorem2-tanh-b0-s0"), lengths: o.theorem2Lengths) }
        claims.append(.init(claim: "Theorem 2 restricted to b = 0, s0 = 0, tanh, |U|, |W| ≤ 20", source: "Section 4.1",
                            finding: tanh.outcome == .proved ? .proved : tanh.outcome == .refuted ? .refuted : .partly,
                            evidence: "interval branch-and-bound (sound; the share decided): \(outcomes(tanh))",
                            command: "f1b prove constructions/statements/theorem2-tanh-b0-s0.yaml --max-boxes \(o.maximumBoxes)", seconds: tanhTime))

        progress("Theorem 3")
        let (t3, t3Time) = try timed { prover.prove(try statement("theorem3-region")) }
        claims.append(.init(claim: "Theorem 3: at K = 2 the Vanilla RNN with g passes, for parameters meeting its five conditions", source: "Section 4.1",
                            finding: t3.outcome == .proved ? .proved : t3.outcome == .refuted ? .refuted : .partly,
                            evidence: "the five conditions as a region of (b1, W21, b2), every n: \(t3.everyLength?.reason ?? outcomes(t3))",
                            command: "f1b prove constructions/statements/theorem3-region.yaml", seconds: t3Time))

        progress("Theorem 4's boundary")
        let (boundary, boundaryTime) = timed { (1...o.boundaryThrough).map { Theorem4Boundary.prove(length: $0, seconds: o.seconds) } }
        let (patterns, patternTime) = timed {
            [CellModel.gru, .lstm, .pru].allSatisfy { model in
                [Rational(1, 2), Rational(4), Rational(8)].allSatisfy { a in
                    Theorem4Boundary.followsRecursion(PaperConstructions.theorem4(model: model, a: a, b: Rational(1)), a: a, b: Rational(1), length: 5)
                }
            }
        }
        let provedThrough = boundary.prefix { $0.outcome == .proved }.count
        progress("Theorem 4's shipped instances")
        let ((instances, instanceCommands), instanceTime) = try timed { try theorem4Instances(o.constructions) }
        claims.append(.init(claim: "Theorem 4: at K = 1 the GRU, LSTM and PRU pass F1B(n) for every n, with the gate weight chosen for n", source: "Section 4.2",
                            finding: provedThrough == o.boundaryThrough && patterns ? .confirmed : .partly,
                            evidence: "as a statement in A = σ(a): the least positive final state of the reduced recursion is B(A^(n−1)(1 + A) − 1) for every A ∈ (0, 1), B > 0, so the construction passes exactly when A^(n−1)(1 + A) > 1 — proved by z3 for n = 1…\(provedThrough)"
                                + (provedThrough < o.boundaryThrough ? " (n = \(provedThrough + 1): \(boundary[provedThrough].reason))" : "")
                                + "; such an A exists for every n. The GRU, LSTM and PRU constructions follow the recursion on every path (certified intervals, a = 1/2, 4, 8, n = 5)\(patterns ? "" : " — NOT on some path")"
                                + "; per instance, `f1b check` of the shipped GRU files: " + instances,
                            command: "f1b report claims (Theorem 4's boundary); " + instanceCommands, seconds: boundaryTime + patternTime + instanceTime))

        claims.append(.init(claim: "Figures 2–3: Vanilla K = 1 loads the bit and loses it; the GRU with a = 4 keeps it, with a = 1/2 not", source: "Section 5.2",
                            finding: .experiment, evidence: "Monte Carlo of the figures' settings with 95% intervals, and what each row shows in words: reports/figures.md (not rerun by this report)",
                            command: "f1b report figures", seconds: 0))
        progress("Figure 4's printed parameters")
        let (figure4, figure4Time) = try timed { Checker().check(try construction("figure4-vanilla-k2-printed.yaml"), lengths: .list(Array(2...10))) }
        let figure4Fails = figure4.results.allSatisfy { $0.verdict == .fail }
        claims.append(.init(claim: "Figure 4: a trained K = 2 Vanilla RNN (printed U, W) memorizes the bit to n = 100", source: "Section 5.3",
                            finding: figure4Fails ? .refuted : .partly,
                            evidence: "with the printed U and W (no bias printed; b = 0 and s0 = 0 in the file) `f1b check` decides F1B(n) for n = 2…10: "
                                + (figure4Fails ? "every one fails (certified: no linear classifier, or paths certainly misclassified)" : figure4.results.map { "n = \($0.length): \($0.verdict.rawValue)" }.joined(separator: ", "))
                                + "; the Monte Carlo under other readings of the printed numbers is in reports/figures.md, a model f1b trains in reports/training.md",
                            command: "f1b check constructions/figure4-vanilla-k2-printed.yaml --n 2...10", seconds: figure4Time))
        claims.append(.init(claim: "Section 5.1: a search finds no K = 1 Vanilla setting that passes", source: "Section 5.1",
                            finding: latchEvery ? .refuted : .partly,
                            evidence: (latchEvery ? "a K = 1 setting that passes every n exists (the latch above, proved)" : "the latch above is not proved to pass every n")
                                + "; under b = 0, s0 = 0 (hardclip) Theorem 2 is \(noBias.outcome == .proved ? "proved" : noBias.outcome == .refuted ? "refuted" : "partly decided") over all real weights, in the rows above. "
                                + "The search itself is reports/search.md (not rerun by this report)",
                            command: "f1b report search", seconds: 0))
        claims.append(.init(claim: "Section 5.3: training succeeds less often as n grows", source: "Section 5.3",
                            finding: .experiment, evidence: "success rates with 95% intervals beside PyTorch, and every success decided exactly: reports/training.md, reports/cells.md (not rerun by this report)",
                            command: "f1b report training; f1b report cells", seconds: 0))
        return claims
    }

    /// The shipped Theorem 4 GRU files (gru-k1-a*-b1.yaml), each checked at n = 1…N of its `expect` and at N + 1:
    /// "a = 4: passes n = 1…38, fails n = 39; …", and the commands that show it.
    static func theorem4Instances(_ directory: String) throws -> (String, String) {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix("gru-k1-a") && $0.hasSuffix("-b1.yaml") }
        var rows: [(a: Rational, text: String, command: String)] = []
        for file in files {
            let c = try ConstructionReader.read(contentsOf: "\(directory)/\(file)")
            guard case .success(let w) = BoundReport.theorem4Weights(c), let expect = c.expectation,
                  case .list(let claimed) = expect.lengths, let last = claimed.max() else { continue }
            let within = Checker().check(c, lengths: .list(Array(1...last)))
            let past = Checker().check(c, length: last + 1)
            let passes = within.results.allSatisfy { $0.verdict == .pass }
            var text = "a = \(w.a): " + (passes ? "passes n = 1…\(last)" : "does NOT pass every n = 1…\(last) (\(within.results.filter { $0.verdict != .pass }.count) n undecided or failing)")
            text += ", \(past.verdict == .fail ? "fails" : past.verdict == .pass ? "passes" : "is undecided at") n = \(last + 1)"
            rows.append((w.a, text, "f1b check constructions/\(file) --n 1...\(last + 1)"))
        }
        rows.sort { $0.a < $1.a }
        guard !rows.isEmpty else { return ("no gru-k1-a*-b1.yaml file with an expect in \(directory)", "") }
        return (rows.map(\.text).joined(separator: "; "), rows.map(\.command).joined(separator: "; "))
    }
}
