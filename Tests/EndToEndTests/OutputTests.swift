import Foundation
import Testing

/// Outputs are checked before any work and written all or none.
@Suite struct OutputTests {
    func scratch() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("f1b-out-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func simulateWritesNoneWhenOneOutputCannotBeWritten() throws {
        let dir = scratch()
        let run = try f1b("simulate", construction("vanilla-pwl-k2.yaml"), "--n", "5", "--paths", "100",
                          "--csv", "\(dir)/ok.csv", "--plot", "\(dir)/missing-dir/x.svg")
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(dir)/missing-dir/x.svg: error: cannot write here: the directory '\(dir)/missing-dir' does not exist"))
        #expect(!run.stderr.contains("badInput") && !run.stderr.contains("Error:"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/ok.csv"))
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir)).isEmpty, "no temporary files left")
    }

    @Test func trainRefusesAnUnwritableOutputBeforeTraining() throws {
        let dir = scratch()
        let start = Date()
        let run = try f1b("train", "--model", "vanilla", "--state", "2", "--n", "50", "--steps", "3000", "--out", "\(dir)/missing-dir/t.yaml")
        #expect(run.status == 2 && run.stderr.contains("does not exist"))
        #expect(Date().timeIntervalSince(start) < 5, "it trained before checking the output")
        let both = try f1b("train", "--model", "vanilla", "--state", "2", "--n", "5", "--seeds", "1...2", "--out", "\(dir)/t.yaml")
        #expect(both.status == 2 && both.stderr.contains("--out") && both.stderr.contains("--seeds"))
        let onDirectory = try f1b("lift", construction("vanilla-pwl-k2.yaml"), "--to", "3", "-o", dir)
        #expect(onDirectory.status == 2 && onDirectory.stderr.contains("it is a directory"))
    }

    @Test func anExportedModelChecksAsItIs() throws {
        let dir = scratch()
        let train = try f1b("train", "--model", "vanilla", "--state", "2", "--n", "5", "--steps", "300", "--seed", "1", "--out", "\(dir)/t.yaml",
                            "--expect", "pass")
        #expect(train.status == 0, "\(train.stderr)")
        let text = try String(contentsOfFile: "\(dir)/t.yaml", encoding: .utf8)
        #expect(text.contains("expect:\n  n: 5\n  verdict: pass"))
        let check = try f1b("check", "\(dir)/t.yaml")
        // Seed 1 gives the same model every run, and it passes F1B(5) as its recorded expect says.
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("n = 5:"))
    }

    @Test func reportDirectoriesAreCheckedFirst() throws {
        let dir = scratch()
        FileManager.default.createFile(atPath: "\(dir)/file", contents: Data())
        let run = try f1b("bound", "--model", "gru", "--a", "4", "--b", "1", "--n", "5", "--out", "\(dir)/file/sub")
        #expect(run.status == 2 && run.stderr.contains("is a file, not a directory"))
    }
}
