import ArgumentParser

/// `f1b construct …`: the paper's constructions as construction files.
struct ConstructCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "construct",
        abstract: "Write the paper's constructions as construction files.",
        subcommands: [ConstructTheorem3Command.self, ConstructTheorem4Command.self, ConstructFlaggedBitsCommand.self])
}
