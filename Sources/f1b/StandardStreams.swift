import Constructions
import Foundation

/// Writes to stderr (progress, diagnostics); results go to stdout or files.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var isTerminal: Bool { isatty(2) != 0 }

    /// A progress note, shown only when stderr is a terminal.
    static func note(_ text: String) {
        if isTerminal { write("f1b: \(text)\n") }
    }
}

/// Reads a construction file or exits 2 with the located error.
func readConstruction(_ path: String) throws -> Construction {
    do {
        return try ConstructionReader.read(contentsOf: path)
    } catch {
        StandardError.write("\(error)\n")
        throw ExitCodeError.badInput
    }
}

enum ExitCodeError: Error {
    case badInput
}
