import Foundation

/// Writes `text` to `path` atomically (a temporary file in the same directory,
/// then rename), so a failure never leaves a partial output file; `nil` or "-"
/// writes to stdout.
func writeOutput(_ text: String, to path: String?) throws {
    guard let path, path != "-" else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    let url = URL(fileURLWithPath: path)
    do {
        try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
        StandardError.write("\(path): error: cannot write output file (\(error.localizedDescription))\n")
        throw ExitCodeError.badInput
    }
}

/// The last path component, so generated comments do not depend on the working directory.
func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
