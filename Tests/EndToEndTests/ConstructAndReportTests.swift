import Constructions
import Foundation
import Testing
import TestSupport

@Suite struct ConstructAndReportTests {
    /// The shipped Theorem 4 files are exactly what `f1b construct theorem4` writes.
    @Test func shippedTheorem4FilesAreReproducible() throws {
        let out = temporaryFile("gru.yaml")
        let run = try f1b("construct", "theorem4", "--model", "gru", "--a", "4", "--n", "1...1000", "-o", out)
        #expect(run.status == 0, "\(run.stderr)")
        // Written to a file, the command says what it wrote instead of printing nothing.
        #expect(run.stdout == "wrote \(out): gru, K = 1, flags plus-minus; expect pass for n = 1...38\n")
        #expect(try String(contentsOfFile: out, encoding: .utf8)
                == String(contentsOfFile: construction("gru-k1-a4-b1.yaml"), encoding: .utf8))
        let c = try ConstructionReader.read(contentsOf: out)
        #expect(c.expectation == Expectation(lengths: .list(Array(1...38)), verdict: .pass))
    }

    @Test func theorem3ListsTheConditions() throws {
        let run = try f1b("construct", "theorem3", "--b1", "2", "--n", "1...4")
        #expect(run.status == 0)
        #expect(run.stdout.contains("BROKEN: b1 ± b1·W21 ∈ (−1, 1)"))
        #expect(run.stdout.contains("first fails at n = 2"))
        let c = try ConstructionReader.parse(run.stdout)
        #expect(c.expectation?.verdict == .pass && c.expectation?.lengths == .list([1]))
        let good = try f1b("construct", "theorem3", "--n", "all")
        #expect(good.stdout.contains("every n ≥ 1"))
        #expect(try ConstructionReader.parse(good.stdout).expectation?.lengths == .all)
    }

    @Test func badConstructOptionsExitTwo() throws {
        #expect(try f1b("construct", "theorem4", "--model", "vanilla", "--a", "4").status == 2)
        #expect(try f1b("construct", "theorem4", "--model", "gru", "--a", "four").status == 2)
        #expect(try f1b("construct", "theorem3", "--b1", "1/0").status == 2)
    }

    @Test func reportSummarizesEveryFile() throws {
        let dir = temporaryFile("constructions")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for file in ["vanilla-pwl-k2.yaml", "gru-k1-a4-b1.yaml"] {
            try FileManager.default.copyItem(atPath: construction(file), toPath: "\(dir)/\(file)")
        }
        let run = try f1b("report", "constructions", dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("| `vanilla-pwl-k2.yaml` | vanilla (hardclip), K = 2 | pass for n = all | **pass** | every n ≥ 1 |"))
        #expect(run.stdout.contains("| `gru-k1-a4-b1.yaml` | gru, K = 1 | pass for n = 1...38 | **pass** | 1...38 |"))
        #expect(run.stdout.contains("fail: negative path L = 1 misclassified"))
        #expect(try f1b("report", "constructions", "/nonexistent").status == 2)
    }
}
