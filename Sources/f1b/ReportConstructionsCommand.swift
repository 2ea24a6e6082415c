import ArgumentParser
import Constructions
import F1B
import Foundation
import Reports
import Verification

/// `f1b report constructions DIR -o FILE`: every construction file with its verdict.
struct ReportConstructionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "constructions",
        abstract: "Check every construction file in a directory over its expect.n and write a Markdown summary.",
        discussion: """
            Regenerate the shipped report with: f1b report constructions constructions -o reports/constructions.md
            The report is written in full either way; the exit status is 1 when some file's expect block is \
            contradicted (a length decided otherwise), 3 when none is contradicted but some claimed length \
            was left undecided, 0 when every claim is confirmed.
            """)

    @Argument(help: "Directory of construction files.") var directory = "constructions"
    @Option(name: [.short, .long], help: "Output file (default: stdout).") var out: String?

    func run() throws {
        try Outputs.check(files: [out])
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            StandardError.write("\(directory): error: cannot list the directory (expected a directory of construction files)\n")
            throw ExitCode(ExitStatus.badInput)
        }
        var rows: [ConstructionSummary] = []
        for (i, file) in files.enumerated() {
            let construction = try mapBadInput { try readConstruction("\(directory)/\(file)") }
            let lengths = construction.expectation?.lengths ?? .list([1, 2, 3, 4, 5])
            StandardError.progress("construction files checked", i, of: files.count)
            StandardError.note("\(file): checking n = \(lengths)")
            let (report, next) = Checker().checkClaim(construction, lengths: lengths)
            rows.append(ConstructionSummary(file: file, construction: construction, report: report, next: next))
        }
        let command = "f1b report constructions \(directory)" + (out.map { " -o \($0)" } ?? "")
        try mapBadInput { try writeOutput(ConstructionsReport.markdown(rows, command: command), to: out) }
        let claimed = rows.filter { $0.construction.expectation != nil }
        let contradicted = claimed.filter { $0.report.expectationConfirmed == false }.map(\.file)
        let undecided = claimed.filter { $0.report.expectationConfirmed == nil }.map(\.file)
        if !contradicted.isEmpty { StandardError.write("claims NOT confirmed: \(contradicted.joined(separator: ", "))\n") }
        if !undecided.isEmpty { StandardError.write("claims left undecided: \(undecided.joined(separator: ", "))\n") }
        if !contradicted.isEmpty { throw ExitCode(ExitStatus.fail) }
        if !undecided.isEmpty { throw ExitCode(ExitStatus.inconclusive) }
    }
}
