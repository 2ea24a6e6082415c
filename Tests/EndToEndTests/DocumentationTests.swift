import Foundation
import Testing
import TestSupport

/// The repository's documents match its code.
@Suite struct DocumentationTests {
    let root = packageRoot

    func text(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }

    func swiftSources() throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent("Sources").path)!
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
    }

    /// Every source file ARCHITECTURE.md names exists, and every module has a row.
    @Test func architectureNamesRealFilesAndEveryModule() throws {
        let architecture = try text("ARCHITECTURE.md")
        let named = architecture.matches(of: /`([A-Za-z_]+\/[A-Za-z+]+\.swift)`/).map { String($0.1) }
        #expect(named.count > 20)
        for file in named { #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Sources/\(file)").path), "\(file)") }
        let modules = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path)
            .filter { !$0.hasPrefix(".") && $0 != "python" }
        for module in modules { #expect(architecture.contains("`\(module)`"), "\(module) missing from ARCHITECTURE.md") }
        let readme = try text("README.md")
        for module in modules { #expect(readme.contains("`\(module)`"), "\(module) missing from README's Layout") }
    }

    /// No comment points at a document the repository does not hold.
    @Test func commentsCiteOnlyDocumentsThatExist() throws {
        for file in try swiftSources() {
            let source = try text("Sources/\(file)")
            for match in source.matches(of: /([A-Z][A-Z_]+\.md)/) {
                let doc = String(match.1)
                #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(doc).path), "\(file) cites \(doc)")
            }
        }
    }

    /// `simulate --help` states the engine's block width.
    @Test func simulateHelpStatesTheBlockWidth() throws {
        let help = try f1b("simulate", "--help")
        #expect(help.stdout.contains("64 paths per SIMD block") && !help.stdout.lowercased().contains("sixteen"))
    }
}
