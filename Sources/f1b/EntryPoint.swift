import ArgumentParser
import Foundation

/// Runs the tool with ARCHITECTURE.md's exit statuses: 0 pass, 1 fail, 3
/// inconclusive (set by the commands), 2 for bad input or usage — including
/// argument-parser's usage errors, which would otherwise exit 64.
@main
enum EntryPoint {
    static func main() {
        var command: ParsableCommand
        do {
            command = try F1BCommand.parseAsRoot()
        } catch {
            fail(error, F1BCommand.self)
        }
        do {
            try command.run()
        } catch {
            // A usage error found after parsing names the subcommand's usage, not the root's.
            fail(error, type(of: command))
        }
    }

    /// One way out for every error: the exit statuses of ARCHITECTURE.md.
    static func fail(_ error: Error, _ command: ParsableCommand.Type) -> Never {
        switch error {
        case let exit as ExitCode:
            Foundation.exit(exit.rawValue)
        case ExitCodeError.badInput:
            // The message (file, line and column) is already on stderr.
            Foundation.exit(ExitStatus.badInput)
        default:
            if F1BCommand.exitCode(for: error) == .success {
                F1BCommand.exit(withError: error)  // --help, --version
            }
            FileHandle.standardError.write(Data((usageMessage(error, command) + "\n").utf8))
            Foundation.exit(ExitStatus.badInput)
        }
    }
}

/// A usage error with the usage line of the command that failed, named from the
/// root ("Usage: f1b check …"): a subcommand type alone renders its usage
/// without the names of the commands above it ("Usage: check …").
func usageMessage(_ error: Error, _ command: ParsableCommand.Type) -> String {
    guard command != F1BCommand.self, error is ValidationError else { return command.fullMessage(for: error) }
    let path = F1BCommand.path(to: command)
    return "Error: \(F1BCommand.message(for: error))\nUsage: \(F1BCommand.usageString(for: command).trimmingCharacters(in: .whitespaces))\n"
        + "  See 'f1b \(path.joined(separator: " ")) --help' for more information."
}

extension ParsableCommand {
    /// The command names from below the root to `command` (["report", "figures"]), or [] when it is not a subcommand.
    static func path(to command: ParsableCommand.Type) -> [String] {
        for sub in configuration.subcommands {
            let name = sub.configuration.commandName ?? String(describing: sub)
            if sub == command { return [name] }
            let below = sub.path(to: command)
            if !below.isEmpty { return [name] + below }
        }
        return []
    }
}

enum ExitStatus {
    static let pass: Int32 = 0
    static let fail: Int32 = 1
    static let badInput: Int32 = 2
    static let inconclusive: Int32 = 3
}

struct F1BCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "f1b",
        abstract: "Check what recurrent cells can select and remember: the Flagged-1-Bit test of Zhu et al. (2019).",
        discussion: """
            Exit status: 0 pass, 1 fail, 2 bad input or usage, 3 inconclusive.
            """,
        version: "0.1.0",
        subcommands: [CheckCommand.self, ProveCommand.self, SimulateCommand.self, DiscrepancyCommand.self, ConnectivityCommand.self, SearchCommand.self, TrainCommand.self, MergeCommand.self, BoundCommand.self, ConstructCommand.self, EncodeCommand.self, LiftCommand.self, ReportCommand.self]
    )
}
