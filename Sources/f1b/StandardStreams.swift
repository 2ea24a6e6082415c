import Constructions
import Foundation
import Synchronization

/// Writes to stderr (progress, diagnostics); results go to stdout or files.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Progress is shown when stderr is a terminal, or always with
    /// F1B_PROGRESS=1 in the environment (logs, tests); never on stdout.
    static let showsProgress: Bool = isatty(2) != 0 || progressForced
    /// F1B_PROGRESS=1: every task's first and last count too, however short it is.
    static let progressForced = ProcessInfo.processInfo.environment["F1B_PROGRESS"] == "1"

    /// A progress note.
    static func note(_ text: String) {
        if showsProgress { write("f1b: \(text)\n") }
    }

    /// A count with an estimate of the time left, for work that has run more
    /// than a second: at most one line a second per task, and the last count
    /// (with F1B_PROGRESS=1 also the first, and the last of a short task).
    static func progress(_ task: String, _ done: Int, of total: Int) {
        guard showsProgress else { return }
        meters.withLock { meters in
            let now = ContinuousClock.now
            if meters[task] == nil || done < meters[task]!.done { meters[task] = (now, now, 0, 0) }
            var m = meters[task]!
            m.done = done
            defer { meters[task] = m }
            let elapsed = now - m.start
            let due = elapsed > .seconds(1) && (now - m.printed >= .seconds(1) || done == total)
            guard due || (progressForced && (m.lines == 0 || done == total)) else { return }
            m.printed = now
            m.lines += 1
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let left = done > 0 ? seconds * Double(total - done) / Double(done) : .infinity
            let estimate = done == total ? "done in \(duration(seconds))" : !left.isFinite ? "estimating" : left < 1 ? "under 1 s left" : "about \(duration(left)) left"
            write("f1b: \(task) \(done)/\(total) (\(Int(100 * Double(done) / Double(max(total, 1))))%), \(estimate)\n")
        }
    }

    static func duration(_ s: Double) -> String {
        s < 1 ? "under 1 s" : s < 90 ? String(format: "%.0f s", s) : s < 5400 ? String(format: "%.0f min", s / 60) : String(format: "%.1f h", s / 3600)
    }

    private static let meters = Mutex<[String: (start: ContinuousClock.Instant, printed: ContinuousClock.Instant, done: Int, lines: Int)]>([:])
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

/// Results on stdout, written as they are ready (streamed check blocks).
enum StandardOutput {
    static func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
}
