import ArgumentParser

/// `f1b report …`: generated reports.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Generate the reports in reports/.",
        subcommands: [ReportAllCommand.self, ReportConstructionsCommand.self, ReportFiguresCommand.self, ReportSearchCommand.self, ReportTrainingCommand.self, ReportCellsCommand.self, ReportAnalysesCommand.self, ReportClaimsCommand.self])
}
