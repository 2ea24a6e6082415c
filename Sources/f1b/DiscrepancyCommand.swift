import Analyses
import ArgumentParser
import Cells
import Constructions
import F1B
import Foundation
import Reports
import Simulation

/// `f1b discrepancy`: Stérin et al.'s (l,k)-discrepancy over random untrained
/// cells, or one model's discrepancy on F1B paths as a function of n − L.
struct DiscrepancyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discrepancy",
        abstract: "How far apart two inputs that differ in one early symbol leave a cell's state: the (l,k)-discrepancy, or one model's on F1B.",
        discussion: """
            Random cells (--model): D(l, k) = mean ‖h_u − h_v‖₂ after l steps over --draws cells \
            with state size k and weights drawn i.i.d. (--init normal: N(0, 1), Stérin et al.'s \
            Definition V.1; pytorch: U(±1/√k)), both from h = 0. --inputs paper compares \
            u = 0·0^(l−1) and v = 1·0^(l−1) over a one-hot binary alphabet (the paper's cells \
            have no biases; its Vanilla is logistic, the default --activation here); --inputs f1b \
            compares F1B paths that differ only in the flagged bit at t = 1, the later bits random \
            and shared. Every cell f1b has can be drawn (--model vanilla, gru, lstm, pru, ugrnn, \
            plus-rnn, ur-gru, ur-lstm). \
            A fixed model (FILE --n N): D(n − L) = mean ‖s_n(+1) − s_n(−1)‖ over --paths pairs of \
            F1B(n) paths differing only in the flagged bit, for every L, with the fitted decay \
            λ in D ≈ c·λ^(n−L). A statistic in Double: f1b check decides pass or fail.
            """)

    @Argument(help: "A construction file: its discrepancy on F1B(n) as a function of n − L.") var file: String?
    @Option(help: "The cell drawn at random.") var model: CellModel?
    @Option(help: "Vanilla's f or UGRNN's candidate (default: sigmoid for Vanilla, the paper's; tanh for UGRNN).") var activation: Activation?
    @Option(help: "paper or pytorch (the frameworks' GRU, Vanilla and LSTM).") var convention = CellConvention.paper
    @Option(help: "State sizes k (1...30, or a list).") var state = "1...30"
    @Option(help: "Lengths l (1...30, or a list).") var steps = "1...30"
    @Option(help: "Random cells per k.") var draws = 2000
    @Option(name: .customLong("init"), help: "normal (N(0,1), the paper's) or pytorch (U(±1/√k)).") var weightInit = WeightDistribution.normal
    @Option(help: "paper (one-hot 0·0…0 against 1·0…0) or f1b (paths differing in the flagged bit).") var inputs = DiscrepancyInputs.paper
    @Option(name: .customLong("n"), help: "With FILE: the sequence length n.") var length: Int?
    @Option(help: "With FILE: path pairs per n − L.") var paths = 1000
    @Option(help: "Seed of the weights and paths.") var seed: UInt64 = 1
    @OptionGroup var outputs: AnalysisOutputs

    func run() throws {
        let threadCount = try outputs.threadCount()
        let (json, csv, plot) = (outputs.json, outputs.csv, outputs.plot)
        if let file {
            let randomOnly = [model.map { _ in "--model" }, activation.map { _ in "--activation" }].compactMap { $0 }
            if let option = randomOnly.first { throw ValidationError("\(option) draws random cells; a construction file (\(file)) is one fixed model: give one of them") }
            guard let length else { throw ValidationError("a construction file needs --n (the sequence length)") }
            if let problem = ModelDiscrepancy.problem(length: length, paths: paths) { throw ValidationError(problem) }
            let construction = try mapBadInput { try readConstruction(file) }
            try Outputs.check(files: [csv, plot])
            let result = ModelDiscrepancy.measure(construction.cell, name: construction.name, length: length, paths: paths, seed: seed,
                                                  threads: threadCount) { done, total in StandardError.progress("values of n − L", done, of: total) }
            try Outputs.write([csv.map { ($0, DiscrepancyWriter.csv(result)) },
                               plot.map { ($0, ModelDiscrepancyFigure(title: "\(construction.name): discrepancy on F1B(\(length))", models: [result]).svg()) }]
                .compactMap { $0 })
            try writeOutput(json ? DiscrepancyWriter.json(result).serialized + "\n" : DiscrepancyWriter.text(result), to: nil)
            return
        }
        if length != nil { throw ValidationError("--n goes with a construction file; random cells take --steps") }
        guard let model else { throw ValidationError("give --model (random cells) or a construction file with --n") }
        let setup = DiscrepancySetup(model: model, activation: activation, convention: convention,
                                     stateSizes: try finiteList(state, "--state"), steps: try finiteList(steps, "--steps"),
                                     draws: draws, weights: weightInit, inputs: inputs, seed: seed)
        if let problem = setup.problem { throw ValidationError(problem) }
        try Outputs.check(files: [csv, plot])
        let surface = Discrepancy.surface(setup, threads: threadCount) { done, total in
            StandardError.progress("blocks of random cells", done, of: total)
        }
        try Outputs.write([csv.map { ($0, DiscrepancyWriter.csv(surface)) },
                           plot.map { ($0, DiscrepancyFigure(title: "(l,k)-discrepancy of random \(surface.cellName) cells", surfaces: [surface]).svg()) }]
            .compactMap { $0 })
        try writeOutput(json ? DiscrepancyWriter.json(surface).serialized + "\n" : DiscrepancyWriter.text(surface), to: nil)
    }

    func finiteList(_ text: String, _ option: String) throws -> [Int] {
        let lengths: SequenceLengths
        do { lengths = try SequenceLengths.parse(text) } catch { throw ValidationError("\(option): \(error)") }
        guard case .list(let values) = lengths else { throw ValidationError("\(option): expected finite values, not all") }
        return values
    }
}

/// Text, JSON and CSV of discrepancy results (format only).
enum DiscrepancyWriter {
    /// Raised whenever a key changes meaning or goes away (readers check it).
    static let schema = 1

    static func text(_ s: DiscrepancySurface) -> String {
        let setup = s.setup
        var out = "(l,k)-discrepancy of random \(s.cellName) cells: \(setup.draws) draws per k, weights "
        out += setup.weights == .normal ? "N(0, 1)" : "U(±1/√k)"
        out += setup.inputs == .paper ? ", inputs u = 0·0^(l−1), v = 1·0^(l−1) (one-hot, no biases)" : ", F1B paths differing in the flagged bit (no biases)"
        out += String(format: ", seed %llu; %.2f s\n", setup.seed, s.seconds)
        // At most eight columns of l; the CSV and JSON have every point.
        let ls = setup.steps.count <= 8 ? setup.steps : (0..<8).map { setup.steps[$0 * (setup.steps.count - 1) / 7] }
        out += "D(l, k) ± standard error" + (ls.count < setup.steps.count ? " (some l; --csv or --json for all)" : "") + "\n"
        out += "k".padding(toLength: 5, withPad: " ", startingAt: 0) + ls.map { "l = \($0)".leftPadded(18) }.joined() + "\n"
        for k in setup.stateSizes {
            out += String(k).padding(toLength: 5, withPad: " ", startingAt: 0)
            out += ls.map { l in s.point(stateSize: k, steps: l).map { String(format: "%.4g ± %.2g", $0.mean, $0.standardError).leftPadded(18) } ?? "" }.joined()
            out += "\n"
        }
        return out
    }

    static func text(_ m: ModelDiscrepancy) -> String {
        var out = "\(m.name): discrepancy on F1B(\(m.length)), \(counted(m.pathsPerGap, "path pair")) per n − L differing only in the flagged bit, seed \(m.seed)"
        out += String(format: "; %.2f s\n", m.seconds)
        out += "n − L".padding(toLength: 8, withPad: " ", startingAt: 0) + "mean".leftPadded(12) + "sd".leftPadded(12) + "min".leftPadded(12) + "max".leftPadded(12) + "\n"
        for g in m.gaps {
            out += String(g.gap).padding(toLength: 8, withPad: " ", startingAt: 0)
            out += [g.mean, g.standardDeviation, g.minimum, g.maximum].map { String(format: "%.4g", $0).leftPadded(12) }.joined() + "\n"
        }
        if let λ = m.decayPerStep { out += String(format: "fitted decay: D(n − L) ≈ c·λ^(n − L) with λ = %.6g\n", λ) }
        if let zero = m.gaps.first(where: { $0.minimum == 0 }) {
            out += "some pair at n − L = \(zero.gap) ends in the same state (no classifier separates it)\n"
        }
        out += "a statistic in Double: f1b check decides whether the model passes\n"
        return out
    }

    static func json(_ s: DiscrepancySurface) -> JSON {
        .object([
            ("schema", .int(schema)), ("kind", .string("discrepancy")), ("model", .string(s.setup.model.rawValue)),
            ("activation", s.setup.cellActivation.map { .string($0.rawValue) } ?? .null),
            ("convention", .string(s.setup.convention.rawValue)), ("weights", .string(s.setup.weights.rawValue)),
            ("inputs", .string(s.setup.inputs.rawValue)), ("draws", .int(s.setup.draws)), ("seed", .string(String(s.setup.seed))),
            ("seconds", .number(s.seconds)),
            ("points", .array(s.points.map { p in
                .object([("k", .int(p.stateSize)), ("l", .int(p.steps)), ("mean", .number(p.mean)),
                         ("sd", .number(p.standardDeviation)), ("se", .number(p.standardError))])
            })),
        ])
    }

    static func json(_ m: ModelDiscrepancy) -> JSON {
        .object([
            ("schema", .int(schema)), ("kind", .string("model_discrepancy")), ("name", .string(m.name)), ("n", .int(m.length)),
            ("paths_per_gap", .int(m.pathsPerGap)), ("seed", .string(String(m.seed))), ("seconds", .number(m.seconds)),
            ("decay_per_step", m.decayPerStep.map { .number($0) } ?? .null),
            ("gaps", .array(m.gaps.map { g in
                .object([("gap", .int(g.gap)), ("paths", .int(g.paths)), ("mean", .number(g.mean)), ("sd", .number(g.standardDeviation)),
                         ("min", .number(g.minimum)), ("max", .number(g.maximum))])
            })),
        ])
    }

    static func csv(_ s: DiscrepancySurface) -> String {
        let setup = s.setup
        var out = "model,activation,convention,weights,inputs,k,l,draws,mean,sd,se\n"
        for p in s.points {
            out += "\(setup.model.rawValue),\(setup.cellActivation?.rawValue ?? ""),\(setup.convention.rawValue),\(setup.weights.rawValue),"
            out += "\(setup.inputs.rawValue),\(p.stateSize),\(p.steps),\(p.draws),\(p.mean),\(p.standardDeviation),\(p.standardError)\n"
        }
        return out
    }

    static func csv(_ m: ModelDiscrepancy) -> String {
        var out = "name,n,gap,paths,mean,sd,min,max\n"
        for g in m.gaps { out += "\(csvField(m.name)),\(m.length),\(g.gap),\(g.paths),\(g.mean),\(g.standardDeviation),\(g.minimum),\(g.maximum)\n" }
        return out
    }

    static func csvField(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}
