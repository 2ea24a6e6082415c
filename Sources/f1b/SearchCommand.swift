import ArgumentParser
import Cells
import Constructions
import Exact
import Experiments
import F1B
import Foundation
import Sharding
import Simulation
import Verification

/// `f1b search`: Section 5.1's parameter search for the Vanilla RNN at K = 1.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search Vanilla K = 1 parameters (U, W1, W2, b, s0) for settings that pass F1B(n).",
        discussion: """
            Settings come from a grid (--grid G points per free parameter) and then random samples \
            (--samples), values rounded to four decimals so they are exact. Each is screened by Monte \
            Carlo at n (--paths per class, L uniform): a threshold classifier is fitted on half of the \
            paths and its errors counted on the other half. The best --confirm settings are then decided \
            exactly (hardclip: rational arithmetic) or with certified intervals (tanh); every confirmed \
            pass is written as a construction file into --out. --shard i/N screens settings j with \
            j mod N = i and writes a result that `f1b merge` combines.
            Example: f1b search --activation tanh --n 20 --samples 2000 --fix b=0 --fix s0=0 --out found
            """)

    @Option(help: "hardclip or tanh.") var activation = Activation.tanh
    @Option(help: "plus-minus or zero-one.") var flags = FlagEncoding.plusMinus
    @Option(name: .customLong("n"), help: "Sequence length n.") var length: Int
    @Option(help: "Paths per class in the screen.") var paths = 2000
    @Option(help: "Grid points per free parameter.") var grid = 0
    @Option(help: "Random samples after the grid.") var samples = 1000
    @Option(help: "Seed of the samples and paths.") var seed: UInt64 = 1
    @Option(help: "Hold a parameter fixed: NAME=VALUE (U, W1, W2, b, s0), exact. Repeatable.") var fix: [String] = []
    @Option(help: "Sampling range NAME=LO:HI (defaults: ±3, s0 in ±1). Repeatable.") var range: [String] = []
    @Option(help: "Best settings kept in the result.") var keep = 20
    @Option(help: "Best settings decided exactly.") var confirm = 5
    @Option(help: "Directory for the construction files of confirmed passes.") var out: String?
    @Option(help: ArgumentHelp("This run's part of the sweep, 0 ≤ i < N.", valueName: "i/N")) var shard = Shard.whole
    @Option(help: "Write the mergeable result (JSON) to this file.") var result: String?
    @Flag(help: "Print the result as JSON on stdout.") var json = false

    func run() throws {
        guard activation == .tanh || activation == .hardclip else {
            throw ValidationError("--activation: expected hardclip or tanh, found '\(activation.rawValue)'")
        }
        guard length >= 1, paths >= 2, grid >= 0, samples >= 0, keep >= 1, confirm >= 0 else {
            throw ValidationError("expected --n ≥ 1, --paths ≥ 2, --grid ≥ 0, --samples ≥ 0, --keep ≥ 1, --confirm ≥ 0")
        }
        try Outputs.check(files: [result], directories: [out])
        var fixed: [String: Rational] = [:]
        for item in fix {
            let (name, value) = try assignment(item, option: "--fix")
            guard let r = Rational(value) else { throw ValidationError("--fix \(item): '\(value)' is not an exact number") }
            fixed[name] = r
        }
        var ranges: [String: ClosedRange<Double>] = [:]
        for item in range {
            let (name, value) = try assignment(item, option: "--range")
            if fixed[name] != nil { throw ValidationError("--fix \(name)=… and --range \(name)=…: a parameter is either fixed or sampled") }
            ranges[name] = try parseRange(value, option: "--range \(name)")
        }
        let space = VanillaSearchSpace(activation: activation, flags: flags, ranges: ranges, fixed: fixed,
                                       grid: grid, samples: samples, seed: seed)
        guard space.count < Int.max / 2 else { throw ValidationError("--grid: too many grid settings") }
        guard space.count >= 1 else { throw ValidationError("nothing to search: give --grid or --samples") }

        let (outcome, found) = VanillaSearchExperiment.run(space, length: length, pathsPerClass: paths, shard: shard,
                                                           keep: keep, confirm: confirm, directory: out, progress: SearchTextWriter.note)
        let serialized = try ResultFile.serialized(outcome)
        try Outputs.write(SearchTextWriter.files(found) + (result.map { [($0, serialized)] } ?? []),
                          directories: found.isEmpty ? [] : [out].compactMap { $0 })
        try writeOutput(json ? serialized : SearchTextWriter.text(outcome), to: nil)
    }
}

/// "NAME=VALUE" with NAME one of the searched parameters.
func assignment(_ text: String, option: String) throws -> (String, String) {
    guard let eq = text.firstIndex(of: "=") else { throw ValidationError("\(option): expected NAME=VALUE, found '\(text)'") }
    let name = String(text[..<eq]), value = String(text[text.index(after: eq)...])
    guard VanillaSearchSpace.names.contains(name) else {
        throw ValidationError("\(option): unknown parameter '\(name)' (expected one of \(VanillaSearchSpace.names.joined(separator: ", ")))")
    }
    return (name, value)
}
