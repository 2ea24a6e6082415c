import Foundation
import TestSupport

func construction(_ name: String) -> String { shippedConstruction(name) }

/// The f1b binary built beside this test bundle.
let f1bExecutable: URL = {
    let me = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
    var dir = me.deletingLastPathComponent()
    // macOS bundles nest the executable a few levels down.
    for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("f1b").path) {
        dir = dir.deletingLastPathComponent()
    }
    return dir.appendingPathComponent("f1b")
}()

struct Run {
    var status: Int32
    var exitedNormally: Bool
    var stdout: String
    var stderr: String

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }
}

/// Runs f1b with `arguments`, capturing both streams.
func f1b(_ arguments: String...) throws -> Run { try f1b(arguments) }

func f1b(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = f1bExecutable
    process.arguments = arguments
    if !extra.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 } }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
               stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh path in a directory of its own (tests run in parallel), written when `contents` is given.
func temporaryFile(_ name: String, contents: String? = nil) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("f1b-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try? FileManager.default.removeItem(atPath: path)
    if let contents { try? Data(contents.utf8).write(to: URL(fileURLWithPath: path)) }
    return path
}
