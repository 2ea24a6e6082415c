import Analyses
import Bounds
import Cells
import Constructions
import Exact
@testable import Experiments
import F1B
import Foundation
@testable import Proofs
@testable import Reports
import Sharding
import Simulation
import Testing
import TestSupport
import Verification

/// Every sentence of a report follows from the numbers of its run: each test regenerates a report's
/// section from two small inputs that differ (another cell, seed, gate or a synthetic result) and checks
/// that the prose says what each input's numbers say — not the same fixed finding for both.
@Suite struct ReportProseTests {
    // MARK: analyses.md

    /// Stérin et al.'s finding is "reproduced" only when the logistic Vanilla's discrepancy vanishes and the
    /// GRU's does not; with a tanh Vanilla in the Vanilla's place (it keeps a trace) the sentence says so.
    @Test func discrepancyFindingFollowsTheSurfaces() {
        func surface(_ model: CellModel, _ activation: Activation?) -> DiscrepancySurface {
            Discrepancy.surface(DiscrepancySetup(model: model, activation: activation, stateSizes: [10], steps: [1, 30], draws: 64, seed: 3), threads: 2)
        }
        let gru = surface(.gru, nil)
        let paper = AnalysesMarkdown.paperFinding([surface(.vanilla, nil), gru])
        let tanh = AnalysesMarkdown.paperFinding([surface(.vanilla, .tanh), gru])
        #expect(paper.contains("**The paper's finding is reproduced**"), "\(paper)")
        #expect(tanh.contains("**Only half of the paper's finding is reproduced**: the GRU keeps a trace, but the Vanilla's discrepancy does not vanish"), "\(tanh)")
        #expect(!tanh.contains("0.00038") && !paper.contains("0.00038"))
    }

    static func model(_ name: String, _ means: [Double]) throws -> ModelDiscrepancy {
        let gaps = means.enumerated().map { g, m in
            "{\"gap\": \(g), \"paths\": 10, \"mean\": \(m), \"standardDeviation\": 0, \"minimum\": \(m), \"maximum\": \(m)}"
        }
        let json = "{\"name\": \"\(name)\", \"length\": \(means.count), \"pathsPerGap\": 10, \"seed\": 1, \"seconds\": 0, \"gaps\": [\(gaps.joined(separator: ","))]}"
        return try JSONDecoder().decode(ModelDiscrepancy.self, from: Data(json.utf8))
    }

    /// A model whose trace is the same at every distance is said to keep it; one that decays gets its λ,
    /// set beside Theorem 4's retention when the file is a Theorem 4 construction.
    @Test func modelSentencesFollowTheirTraces() throws {
        let latch = AnalysesMarkdown.modelSentence(.init(file: "latch.yaml", discrepancy: try Self.model("latch", Array(repeating: 2, count: 10)),
                                                         theorem4Gate: nil))
        #expect(latch.contains("D = 2 at every distance"), "\(latch)")
        let decaying = try Self.model("gate", (0..<10).map { pow(0.9, Double($0)) })
        let matching = AnalysesMarkdown.modelSentence(.init(file: "g.yaml", discrepancy: decaying, theorem4Gate: 0.9))
        let other = AnalysesMarkdown.modelSentence(.init(file: "g.yaml", discrepancy: decaying, theorem4Gate: 0.98))
        #expect(matching.contains("λ = 0.9000 per step") && matching.contains("decays at that rate"), "\(matching)")
        #expect(other.contains("which the fitted λ does not match"), "\(other)")
    }

    // MARK: figures.md

    /// Figure 4's note says the classes overlap completely under every reading only when every reading's error
    /// at t = 75 says so; a reading that keeps the bit (the latch) turns it into "the classes separate under …".
    @Test func figure4NoteFollowsTheReadings() throws {
        func reading(_ file: String, _ name: String) throws -> PaperFiguresExperiment.Reading {
            let c = try ConstructionReader.read(contentsOf: shippedConstruction(file))
            let setup = SimulationSetup(length: 100, pathsPerClass: 2000, seed: 2, flagPosition: 50, times: [51, PaperFiguresExperiment.lateTime])
            return .init(name: name, summary: SimulationSummary(states: c.cell.simulate(setup), classifier: nil))
        }
        let printed = try reading("figure4-vanilla-k2-printed.yaml", "printed")
        let overlap = FiguresMarkdown.figure4Readings([printed])
        let latch = FiguresMarkdown.figure4Readings([printed, try reading("vanilla-hardclip-k1-latch.yaml", "a latch")])
        #expect(overlap.contains("the classes overlap completely under every one"), "\(overlap)")
        #expect(latch.contains("the classes separate under a latch") && !latch.contains("under every one"), "\(latch)")
    }

    // MARK: search.md

    static func searchRow(_ activation: Activation, fixed: [String: Rational], values: [String: Rational], everyLength: Bool, length: Int = 5) -> SearchBattery.Row {
        let space = VanillaSearchSpace(activation: activation, fixed: fixed, grid: 0, samples: 1, seed: 1)
        var screen = SearchScreen(keep: 1)
        screen.best = [ScreenedSetting(index: 0, values: values, errors: 0, trials: 100)]
        let confirmation = SearchResult.Confirmation(index: 0, verdict: .pass, method: "m", classifier: nil, reason: nil, file: "found.yaml",
                                                     everyLength: .init(verdict: everyLength ? .pass : .fail, reason: nil))
        let restriction = fixed.isEmpty ? "none" : "b = 0, s0 = 0"
        return .init(plan: .init(activation: activation, restriction: restriction, fixed: fixed, length: length, paths: 100, grid: 0, samples: 1),
                     result: SearchResult(space: space, length: length, pathsPerClass: 100,
                                          screen: screen, confirmations: [confirmation]))
    }

    /// The Theorem 2 paragraph and the restricted search's sentence come from the rows: a pass under
    /// b = 0, s0 = 0 is reported as one, and the parameter table lists the settings proved.
    @Test func searchFindingsFollowTheRows() {
        let latch: [String: Rational] = ["U": 2, "W1": 1, "W2": 1, "b": 1, "s0": -1]
        let restricted: [String: Rational] = ["b": 0, "s0": 0]
        let none = SearchMarkdown.findings([Self.searchRow(.hardclip, fixed: [:], values: latch, everyLength: false),
                                            Self.searchRow(.hardclip, fixed: restricted, values: latch.merging(restricted) { $1 }, everyLength: false)])
        #expect(none.contains("No setting found passes for every n"), "\(none)")
        #expect(none.contains("settings pass at n = 5 here"), "\(none)")
        let proved = SearchMarkdown.findings([Self.searchRow(.hardclip, fixed: [:], values: latch, everyLength: true)])
        #expect(proved.contains("**This contradicts Theorem 2 as the paper states it**") && proved.contains("1 setting found here passes for every n"), "\(proved)")
        #expect(proved.contains("| hardclip | 1 | 2 | 1 | 1 | 1 | −1 |") || proved.contains("| hardclip | 1 | 2 | 1 | 1 | 1 | -1 |"), "\(proved)")
        #expect(proved.contains("|U| ≥ 2"), "\(proved)")
    }

    // MARK: claims.md

    /// Theorem 4's per-instance sentence is what `check` finds of the files present, not a fixed list.
    @Test func theorem4InstancesAreChecked() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("f1b-claims-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func write(a: Rational, name: String, through n: Int) throws {
            var c = PaperConstructions.theorem4(model: .gru, a: a, b: 1)
            c.expectation = Expectation(lengths: .list(Array(1...n)), verdict: .pass)
            try ConstructionWriter.yaml(c, comment: []).write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8)
        }
        try write(a: Rational(1, 2), name: "gru-k1-a1_2-b1.yaml", through: 2)
        let (one, _) = try PaperClaims.theorem4Instances(directory)
        #expect(one == "a = 1/2: passes n = 1…2, fails n = 3", "\(one)")
        // A claim past the boundary is reported as not passing, and a second file joins the list in order of a.
        try write(a: Rational(1, 2), name: "gru-k1-a1_2-b1.yaml", through: 3)
        try write(a: Rational(4), name: "gru-k1-a4-b1.yaml", through: 38)
        let (two, commands) = try PaperClaims.theorem4Instances(directory)
        #expect(two.hasPrefix("a = 1/2: does NOT pass every n = 1…3") && two.contains("; a = 4: passes n = 1…38, fails n = 39"), "\(two)")
        #expect(commands.contains("--n 1...39"))
    }

    // MARK: training.md, bounds.md

    @Test func trainingRatesAreComparedFromTheirIntervals() {
        let falling = [(10, ErrorEstimate(errors: 40, trials: 50)), (20, ErrorEstimate(errors: 20, trials: 50)), (50, ErrorEstimate(errors: 2, trials: 50))]
        let rising = [(10, ErrorEstimate(errors: 2, trials: 50)), (20, ErrorEstimate(errors: 20, trials: 50)), (50, ErrorEstimate(errors: 40, trials: 50))]
        let same = TrainingMarkdown.rateFindings(ours: falling, theirs: falling)
        #expect(same.contains("f1b's rate falls with n (0.8 to 0.04)") && same.contains("the two 95% intervals overlap"), "\(same)")
        let apart = TrainingMarkdown.rateFindings(ours: falling, theirs: rising)
        #expect(apart.contains("PyTorch's rate does not fall steadily with n") && apart.contains("At n = 10, 50 the two 95% intervals do not overlap"), "\(apart)")
    }

    @Test func boundsGapIsComputedAtTheLargestLength() {
        func report(_ ns: [Int]) -> BoundReport {
            BoundReport.compute(source: "test", A: Interval(Rational(9, 10)), B: Interval(Rational(1)), candidate: { _ in Interval(Rational(1)) },
                                s0: 0, exact: true, lengths: [2], thresholdLengths: ns, certifiedThrough: 4)
        }
        let short = BoundsMarkdown.gapSentence(report([2, 4])), long = BoundsMarkdown.gapSentence(report([2, 8]))
        #expect(short.hasPrefix("At n = 4 ") && long.hasPrefix("At n = 8 "), "\(short) / \(long)")
        #expect(short != long.replacingOccurrences(of: "n = 8", with: "n = 4"))
    }
}
