import ArgumentParser
import Constructions
import F1B
import Verification

/// `f1b construct flagged-bits --m M`: an exact construction for the Flagged-m-Bit test.
struct ConstructFlaggedBitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flagged-bits",
        abstract: "A Vanilla RNN with g at K = 2m − 1 that passes the Flagged-m-Bit test for every n (m latches and m − 1 flag counters).",
        discussion: "--n records in expect what f1b check proves (e.g. --n all).")

    @Option(name: .customLong("m"), help: "Flagged bits m (1…16).") var flaggedBits: Int
    @Option(name: .customLong("n"), help: "Check these lengths and record the result in expect (e.g. all).") var lengths: String?
    @Option(name: [.short, .long], help: "Output file (default: stdout).") var out: String?

    func run() throws {
        guard (1...ConstructionReader.maximumFlaggedBits).contains(flaggedBits) else {
            throw ValidationError("--m: expected 1 to \(ConstructionReader.maximumFlaggedBits), found \(flaggedBits)")
        }
        try Outputs.check(files: [out])
        var construction = FlaggedBitsConstruction.latches(flaggedBits: flaggedBits)
        let K = construction.cell.stateSize
        var comment = ["The Flagged-\(flaggedBits)-Bit test (\(flaggedBits) flags, readout j reads the j-th flagged bit) at K = \(K):",
                       "Vanilla RNN with g, flags in {0, 1}; units 1…\(flaggedBits) hold the bits (B_j), units \(flaggedBits + 1)…\(K) count the flags (C_j).",
                       "B_j' = g(8B_j + 2F + X^I + C_(j-1) - C_j + 4), C_j' = g(4C_j + 2C_(j-1) + 4F - 1), C_0 = +1, all start at -1",
                       "(Sources/Constructions/FlaggedBitsConstruction.swift has the argument). Readout j: beta = e_j, gamma = 0."]
        if let lengths {
            let spec = try parseLengths(lengths)
            let (checked, lines) = recordingExpectation(construction, spec: spec) { StandardError.note($0) }
            construction = checked
            comment += lines
        }
        try mapBadInput { try writeConstruction(construction, comment: comment, to: out) }
    }
}
