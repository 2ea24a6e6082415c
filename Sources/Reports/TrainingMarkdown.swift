import Experiments
import Foundation
import Simulation
import Training
import Verification

/// reports/training.md.
public enum TrainingMarkdown {
    /// "S1 memorizes (alone: error 0.001 at t = n); S2 loads (…)".
    static func describe(_ r: StateRoles) -> String {
        let m = r.memorization, o = 1 - m
        func e(_ x: Double) -> String { String(format: "%.3f", x) }
        var text = "S\(m + 1) memorizes (alone: error \(e(r.errorAtEnd[m])) at t = n)"
        text += r.otherLoads
            ? "; S\(o + 1) loads (error \(e(r.errorAtFlag[o])) at t = L, \(e(r.errorAtEnd[o])) at t = n)"
            : "; S\(o + 1): error \(e(r.errorAtFlag[o])) at t = L, \(e(r.errorAtEnd[o])) at t = n"
        return text
    }


    /// Every successful model decided by `f1b check`: at n, 2n and every n, with the fraction decided.
    static func verdictSection(_ verdicts: [TrainedVerdict]) -> String {
        var out = "\n## What `f1b check` says of every successful model\n\n"
        out += "Each successful model's exported file, checked by `f1b check` (method auto: the exact DP or enclosure propagation "
        out += "where they apply, then invariant covers, which decide any K and every n; a fail is shown by paths certified "
        out += "misclassified) at the n it was trained for, at 2n, and for every n (`--n all`). Times are one check on one core "
        out += "of this machine.\n\n"
        out += "| model | n | decided at n | pass / fail at n | pass / fail at 2n | pass / fail for every n | median time at n |\n"
        out += "|---|---:|---:|---|---|---|---:|\n"
        for g in TrainedVerdicts.groups(verdicts) {
            func split(_ c: TrainedVerdictGroup.Counts) -> String { "\(c.pass) / \(c.fail)" + (c.inconclusive > 0 ? " (\(c.inconclusive) undecided)" : "") }
            out += "| \(g.model) | \(g.length) | \(g.atLength.pass + g.atLength.fail) of \(g.models) | \(split(g.atLength)) | "
            out += "\(split(g.atDouble)) | \(split(g.everyLength)) | \(TimeFormat.seconds(g.medianSecondsAtLength)) |\n"
        }
        let decided = verdicts.filter(\.decided).count
        out += "\n\(decided) of \(verdicts.count) successful models are decided at the n they were trained for "
        out += String(format: "(%.0f%%); ", 100 * Double(decided) / Double(max(verdicts.count, 1)))
        out += "\(verdicts.filter { $0.atLength.verdict == .pass }.count) pass F1B(n) exactly, and "
        out += "\(verdicts.filter { $0.everyLength.verdict == .pass }.count) pass it for every n. Training success (under 1% error on 4096 "
        out += "sampled paths) is not the test's Pe = 0: a model can misclassify a handful of the n·2^n paths — rare enough "
        out += "that sampling misses them — and `f1b check FILE --n N` names them.\n\n"
        let failing = verdicts.filter { $0.atLength.verdict == .fail }.prefix(3)
        if !failing.isEmpty {
            out += "For example: " + failing.map { "\($0.model) n = \($0.length) seed \($0.seed): \($0.atLength.how)" }.joined(separator: "; ") + ".\n\n"
        }
        let undecided = verdicts.filter { !$0.decided }
        if !undecided.isEmpty {
            out += "Undecided at n: " + undecided.map { "\($0.model) n = \($0.length) seed \($0.seed) (\($0.atLength.how))" }.joined(separator: "; ") + ".\n\n"
        }
        return out
    }

    /// Whether each implementation's success rate falls with n (never rises from one n to the next, and ends
    /// below where it starts), and at which n the two 95% intervals do not overlap.
    static func rateFindings(ours: [(Int, ErrorEstimate)], theirs: [(Int, ErrorEstimate)]) -> String {
        func trend(_ name: String, _ rates: [(Int, ErrorEstimate)]) -> String {
            let r = rates.sorted { $0.0 < $1.0 }.map(\.1.rate)
            guard let first = r.first, let last = r.last, r.count > 1 else { return "\(name) has one n only" }
            let falls = zip(r, r.dropFirst()).allSatisfy { $1 <= $0 } && last < first
            return falls ? "\(name)'s rate falls with n (\(RateFormat.value(first)) to \(RateFormat.value(last)))"
                : "\(name)'s rate does not fall steadily with n (\(r.map { RateFormat.value($0) }.joined(separator: ", ")))"
        }
        var text = trend("f1b", ours) + "; " + trend("PyTorch", theirs) + " — the paper reports that success falls with n. "
        let apart = ours.compactMap { n, e -> Int? in
            guard let p = theirs.first(where: { $0.0 == n })?.1 else { return nil }
            return e.upper < p.lower || p.upper < e.lower ? n : nil
        }
        text += apart.isEmpty
            ? "At every n both ran, the two 95% intervals overlap: the difference is within seed noise."
            : "At n = \(apart.map(String.init).joined(separator: ", ")) the two 95% intervals do not overlap, so the difference there is more "
                + "than seed noise: the two implementations differ in the second bias vector and in their random streams, not in "
                + "the optimiser or the objective."
        return text
    }

    /// training.svg (success rate against n, f1b beside PyTorch) and figure4-trained.svg (when a run succeeded at n = 100).
    public static func figures(_ report: TrainingReport, peer: PeerTrainingRuns, seeds: Int) -> [(String, String)] {
        let ours = TrainingExperiment.successRates(report.runs).map { ($0.length, $0.interval) }
        let theirs = peer.successRates.map { ($0.length, $0.interval) }
        let plot = SuccessRatePlot(title: "Training tanh Vanilla K = 2 on F1B(n): success rate (error < 1%)", series: [
            .init(name: "f1b train (\(counted(seeds, "seed")))", color: "#d62728", points: ours.map { (length: $0.0, rate: $0.1) }),
            .init(name: "PyTorch (\(counted(peer.seedsPerLength, "seed")))", color: "#1f77b4", points: theirs.map { (length: $0.0, rate: $0.1) }),
        ]).svg()
        let figure = report.figure.map { f in
            DistributionFigure(title: "Figure 4 from a trained model: tanh Vanilla K = 2, n = 100, L = 50",
                               subtitle: "f1b train seed \(f.seed); 100000 + 100000 paths",
                               rows: DistributionFigure.rows(f.summary, label: "trained")).svg()
        }
        return [("training.svg", plot)] + (figure.map { [("figure4-trained.svg", $0)] } ?? [])
    }

    static func median(_ steps: [Int]) -> String { steps.isEmpty ? "—" : String(steps.sorted()[steps.count / 2]) }
    static func rate(_ e: ErrorEstimate) -> String { RateFormat.interval(e) }

    public static func markdown(_ report: TrainingReport, peer: PeerTrainingRuns, command: String) -> String {
        let (runs, learned, split, gated, verdicts, figure) = (report.runs, report.learned, report.split, report.gated, report.verdicts, report.figure)
        var out = "# Training a tanh Vanilla RNN (K = 2) on F1B(n): how often it succeeds (Section 5.3)\n\n"
        out += "Generated by `\(command)` from f1b's own runs and PyTorch's runs of the same protocol "
        out += "(`python3 Benchmarks/train_pytorch.py rates …`, torch \(peer.torch)); do not edit by hand.\n\n"
        out += "**Protocol** (both): inputs (information bit, flag) in ±1; the final state into a logistic-regression head; "
        out += "mean negative log-likelihood; Adam, learning rate 0.01; batches of 128 fresh paths (64 with flagged bit +1, 64 with −1); "
        out += "initialisation uniform on ±1/√K (PyTorch's default; PyTorch's `nn.RNN` has two bias vectors, f1b's cell one); "
        out += "at most 3000 steps; **success**: error below 1% on 4096 fresh paths, evaluated every 100 steps. "
        out += "Rates carry 95% Clopper–Pearson intervals.\n\n"
        out += "![success rate](training.svg)\n\n"
        out += "| n | f1b successes | f1b rate [95% CI] | f1b median steps to success | PyTorch successes | PyTorch rate [95% CI] | PyTorch median steps |\n"
        out += "|---:|---:|---|---:|---:|---|---:|\n"
        let theirs = peer.successRates
        for row in TrainingExperiment.successRates(runs) {
            let steps = runs.filter { $0.length == row.length }.compactMap(\.stepsToSuccess)
            out += "| \(row.length) | \(row.successes)/\(row.runs) | \(rate(row.interval)) | \(median(steps)) | "
            if let p = theirs.first(where: { $0.length == row.length }) {
                let peerSteps = peer.runs.filter { $0.n == row.length }.compactMap(\.stepsToSuccess)
                out += "\(p.successes)/\(p.runs) | \(rate(p.interval)) | \(median(peerSteps)) |\n"
            } else {
                out += "— | — | — |\n"
            }
        }
        out += "\n" + rateFindings(ours: TrainingExperiment.successRates(runs).map { ($0.length, $0.interval) },
                                   theirs: theirs.map { ($0.length, $0.interval) }) + "\n\n"
        out += "## What the successful models learned\n\n"
        out += "For the first five successful seeds at the two shortest n: each state dimension alone, by its best threshold, on "
        out += "8000 simulated paths with L = n/2 — the one that still separates at t = n is the *memorization state*; the other, "
        out += "if it separates at t = L and not at t = n, is the *loading state* (the roles of the paper's Table 2 and Figure 4). "
        out += "Then Monte Carlo of the exported construction file at 2n.\n\n"
        out += "| n | seed | roles | Monte Carlo at 2n: error [95% CI] |\n|---:|---:|---|---|\n"
        for l in learned {
            out += "| \(l.length) | \(l.seed) | \(describe(l.roles)) | \(rate(l.doubled)) |\n"
        }
        out += "\nIn every successful model (roles only): "
        out += split.keys.sorted().map { n in "n = \(n): \(split[n]!.split) of \(split[n]!.of)" }.joined(separator: "; ")
        out += " split into a memorization state and a loading state as above (one dimension separates at t = n, the other at t = L only); the rest do not show that split.\n"
        out += verdictSection(verdicts)
        out += "\n## Figure 4 from a trained model\n\n"
        if let figure {
            out += "The first model f1b trained successfully at n = 100 (seed \(figure.seed)), simulated on 100 000 + 100 000 paths "
            out += "with L = 50 (compare `figure4.svg`, the printed parameters): \(describe(figure.roles))."
            if let v = verdicts.first(where: { $0.model == "vanilla-k2" && $0.length == 100 && $0.seed == figure.seed }) {
                out += " `f1b check` at n = 100: **\(v.atLength.verdict.rawValue)** — \(v.atLength.how), in \(TimeFormat.seconds(v.atLength.seconds)); "
                out += "for every n: **\(v.everyLength.verdict.rawValue)** (\(v.everyLength.how))."
            }
            out += "\n\n![figure 4, trained](figure4-trained.svg)\n\n"
            out += "| t | " + figure.summary.fitted.map { "\($0.time)" }.joined(separator: " | ") + " |\n|---|" + figure.summary.fitted.map { _ in "---:" }.joined(separator: "|") + "|\n"
            out += "| fitted-classifier test error | " + figure.summary.fitted.map { String(format: "%.3f", $0.fit.test.rate) }.joined(separator: " | ") + " |\n\n"
        } else {
            out += "No run succeeded at n = 100, so there is no trained model to show.\n\n"
        }
        out += "## Trained GRUs at K = 1 beside Theorem 4's threshold\n\n"
        out += "GRU, K = 1, the same protocol, seeds 1…10 at n = 10 and 20; for each successful run, the learned retention off the "
        out += "flag, A_eff = 1 − σ(W_z x + b_z) at s = 0 (the smaller over x^I = ±1; Theorem 4's A = σ(a) when W_z = [0, a]), beside "
        out += "A*(n), the least A with A^(n−1)(1 + A) > 1 — where the Theorem 4 construction starts to pass F1B(n) exactly "
        out += "(`reports/bounds.md`, worst-case route) — and `f1b check` of the exported model at n (the table above has 2n and every n).\n\n"
        if gated.isEmpty {
            out += "No GRU run succeeded.\n\n"
        } else {
            out += "| n | seed | A_eff | A*(n) | A_eff ≥ A*? | f1b check at n |\n|---:|---:|---:|---:|---|---|\n"
            for g in gated {
                let v = verdicts.first { $0.model == "gru-k1" && $0.length == g.length && $0.seed == g.seed }
                out += String(format: "| %d | %d | %.4f | %.4f | %@ | %@ |\n", g.length, Int(g.seed), g.effectiveA, g.threshold,
                              g.effectiveA >= g.threshold ? "yes" : "no", v.map { "\($0.atLength.verdict.rawValue): \($0.atLength.how)" } ?? "—")
            }
            out += "\nA trained GRU need not use Theorem 4's mechanism (it may read the bit through W_z's information column or "
            out += "U_z), so A_eff below A* does not contradict its success; the exact check says whether what it learned holds on "
            out += "every path.\n\n"
        }
        out += "Not measured here: the full Table 2 mechanisms beyond the two roles above.\n"
        return out
    }
}
