import Foundation
import Synchronization
import Testing

/// Long work shows a count and an estimate on stderr, streams what is decided,
/// and refuses what could never finish.
@Suite struct LongWorkTests {
    let progress = ["F1B_PROGRESS": "1"]

    /// `check` prints each n's block when it is decided, not all at the end,
    /// and counts its steps with an estimate on stderr.
    @Test func checkStreamsPerLengthResultsWithProgress() throws {
        let process = Process()
        process.executableURL = f1bExecutable
        process.arguments = ["check", construction("lstm-k1-a8-b1.yaml"), "--n", "1...250"]
        process.environment = ProcessInfo.processInfo.environment.merging(progress) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let firstBlock = Mutex<ContinuousClock.Instant?>(nil)
        let collected = Mutex(Data())
        out.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            collected.withLock { $0.append(chunk) }
            if String(decoding: collected.withLock { $0 }, as: UTF8.self).contains("n = 1: PASS") {
                firstBlock.withLock { if $0 == nil { $0 = .now } }
            }
        }
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let exited = ContinuousClock.now
        out.fileHandleForReading.readabilityHandler = nil
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        let stdout = String(decoding: collected.withLock { $0 } + rest, as: UTF8.self)
        let stderr = String(decoding: errData, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(stderr)")
        // Each n once, in order, then the verdict.
        let heads = stdout.split(separator: "\n").filter { $0.hasPrefix("n = ") }.map { String($0.prefix(while: { $0 != ":" })) }
        #expect(heads == (1...250).map { "n = \($0)" })
        #expect(stdout.split(separator: "\n").last?.hasPrefix("verdict: PASS for n = 1...250") == true)
        // The first block arrived well before the end (the enclosure sweep takes seconds).
        let first = try #require(firstBlock.withLock { $0 })
        #expect(exited - first > .milliseconds(300), "n = 1 arrived \(exited - first) before the exit")
        #expect(stderr.contains("f1b: enclosure propagation 1/250 (0%)"), "\(stderr)")
        #expect(stderr.contains("250/250 (100%), done in"))
    }

    @Test func simulateCountsItsBlocks() throws {
        let r = try f1b(["simulate", construction("gru-k1-a4-b1.yaml"), "--n", "10", "--paths", "1000"], environment: progress)
        #expect(r.status == 0)
        #expect(r.stderr.contains("f1b: simulated blocks of 64 paths 1/32"))
        #expect(r.stderr.contains("32/32 (100%), done in"))
    }

    @Test func simulationsThatCouldNeverFinishAreRefused() throws {
        let huge = try f1b("simulate", construction("gru-k1-a4-b1.yaml"), "--n", "1000000", "--paths", "1000000")
        #expect(huge.status == 2 && huge.stderr.contains("n · paths is too large") && huge.stderr.contains("lower --n or --paths"))
        let memory = try f1b("simulate", construction("gru-k1-a4-b1.yaml"), "--n", "2000", "--paths", "10000000",
                             "--times", (1...2000).map(String.init).joined(separator: ","))
        #expect(memory.status == 2 && memory.stderr.contains("GiB") && memory.stderr.contains("record fewer --times"), "\(memory.stderr)")
    }

    /// `bound --n 20` answers the inverse questions at n = 20 only; the ladder when asked.
    @Test func boundComputesThresholdsOnlyWhereAsked() throws {
        let r = try f1b("bound", "--model", "gru", "--a", "4", "--n", "20", "--scan", "50", "--mc-paths", "0", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let thresholds = try #require(r.json?["thresholds"] as? [[String: Any]])
        #expect(Set(thresholds.compactMap { $0["n"] as? Int }) == [20])
        let asked = try f1b("bound", "--model", "gru", "--a", "4", "--n", "20", "--thresholds", "2,8", "--scan", "50", "--mc-paths", "0", "--json")
        #expect(Set((asked.json?["thresholds"] as? [[String: Any]] ?? []).compactMap { $0["n"] as? Int }) == [2, 8])
        let help = try f1b("bound", "--help")
        #expect(help.stdout.contains("ladder"))
    }
}
