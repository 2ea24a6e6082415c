import ArgumentParser
import Constructions
import Foundation

/// A file or directory a command cannot write, in plain words (exit 2).
struct OutputError: Error, CustomStringConvertible {
    var path: String
    var cause: String
    var description: String { "\(path): error: cannot write here: \(cause)" }
}

/// The outputs of a command: checked before any work (so no run is lost to an
/// unwritable path), then written all together (each to a temporary file in
/// its directory, then all renamed: a failure leaves none of them, and never a
/// partial file).
enum Outputs {
    /// Throws (exit 2, the path and the cause named) unless every file can be
    /// written: its directory exists and is writable, and the path is not a
    /// directory. `directories` are output directories: each must exist or be
    /// creatable (its parent exists and is writable). `nil` and "-" are stdout.
    static func check(files: [String?] = [], directories: [String?] = []) throws {
        let manager = FileManager.default
        func writableDirectory(_ dir: String, for path: String) throws {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: dir, isDirectory: &isDirectory) else {
                throw report(OutputError(path: path, cause: "the directory '\(dir)' does not exist"))
            }
            guard isDirectory.boolValue else { throw report(OutputError(path: path, cause: "'\(dir)' is a file, not a directory")) }
            guard manager.isWritableFile(atPath: dir) else { throw report(OutputError(path: path, cause: "the directory '\(dir)' is not writable")) }
        }
        for case let path? in files where path != "-" {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
                if isDirectory.boolValue { throw report(OutputError(path: path, cause: "it is a directory")) }
                if !manager.isWritableFile(atPath: path) { throw report(OutputError(path: path, cause: "the file is not writable")) }
            }
            try writableDirectory(parent(path), for: path)
        }
        for case let dir? in directories {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: dir, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw report(OutputError(path: dir, cause: "it is a file, not a directory")) }
                guard manager.isWritableFile(atPath: dir) else { throw report(OutputError(path: dir, cause: "the directory is not writable")) }
            } else {
                try writableDirectory(parent(dir), for: dir)
            }
        }
    }

    /// Writes every file, or none. Output directories are created first.
    static func write(_ files: [(path: String, text: String)], directories: [String] = []) throws {
        let manager = FileManager.default
        for dir in directories {
            do { try manager.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw report(OutputError(path: dir, cause: "the directory cannot be created"))
            }
        }
        var temporaries: [(temporary: String, path: String)] = []
        do {
            for (path, text) in files {
                let temporary = "\(parent(path))/.f1b-\(UUID().uuidString)-\((path as NSString).lastPathComponent)"
                guard manager.createFile(atPath: temporary, contents: Data(text.utf8)) else {
                    throw report(OutputError(path: path, cause: "the file cannot be created"))
                }
                temporaries.append((temporary, path))
            }
            for (temporary, path) in temporaries {
                guard rename(temporary, path) == 0 else { throw report(OutputError(path: path, cause: String(cString: strerror(errno)))) }
            }
        } catch {
            for (temporary, _) in temporaries { try? manager.removeItem(atPath: temporary) }
            throw error
        }
    }

    static func parent(_ path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }

    /// Prints the error (it names the path and the cause) and returns exit status 2.
    static func report(_ error: OutputError) -> ExitCode {
        StandardError.write("\(error)\n")
        return ExitCode(ExitStatus.badInput)
    }
}

/// Writes `text` to `path` (all-or-nothing, after `Outputs.check`); `nil` or "-" writes to stdout.
func writeOutput(_ text: String, to path: String?) throws {
    guard let path, path != "-" else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    try Outputs.write([(path, text)])
}

/// The last path component, so generated comments do not depend on the working directory.
func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

/// Writes a construction file to `path`, or to stdout; written to a file, one
/// line on stdout says what was written (file, cell, and the recorded claim),
/// so a successful `-o` is not silent.
func writeConstruction(_ construction: Construction, comment: [String], to path: String?) throws {
    try writeOutput(ConstructionWriter.yaml(construction, comment: comment), to: path)
    guard let path, path != "-" else { return }
    FileHandle.standardOutput.write(Data((ConstructionSummaryLine.text(construction, path: path) + "\n").utf8))
}

/// "wrote k3.yaml: vanilla (hardclip), K = 3, flags zero-one; expect pass for n = all".
enum ConstructionSummaryLine {
    static func text(_ c: Construction, path: String) -> String {
        let cell = "\(c.cell.model.rawValue)\(c.cell.activation.map { " (\($0.rawValue))" } ?? ""), K = \(c.cell.stateSize), flags \(c.cell.flags.rawValue)"
        let claim = c.expectation.map { "expect \($0.verdict.rawValue) for n = \($0.lengths)" } ?? "no expect recorded"
        return "wrote \(path): \(cell); \(claim)"
    }
}
