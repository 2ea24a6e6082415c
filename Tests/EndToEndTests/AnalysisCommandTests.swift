import Foundation
import Testing

@Suite struct DiscrepancyCommandTests {
    @Test func randomCellsWriteJSONCSVAndAFigure() throws {
        let csv = temporaryFile("d.csv"), svg = temporaryFile("d.svg")
        let run = try f1b("discrepancy", "--model", "gru", "--state", "2,4", "--steps", "1...5", "--draws", "40", "--json", "--csv", csv, "--plot", svg)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["kind"] as? String == "discrepancy" && json["schema"] as? Int == 1)
        #expect(json["weights"] as? String == "normal")
        #expect((json["points"] as? [[String: Any]])?.count == 10)
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "model,activation,convention,weights,inputs,k,l,draws,mean,sd,se")
        #expect(rows.count == 11)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))
    }

    @Test func thePapersVanillaIsLogisticByDefault() throws {
        let run = try f1b("discrepancy", "--model", "vanilla", "--state", "3", "--steps", "2", "--draws", "10")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("random vanilla sigmoid cells"))
    }

    @Test func aFixedModelAsAFunctionOfTheDistanceFromTheFlag() throws {
        let run = try f1b("discrepancy", construction("vanilla-hardclip-k1-latch.yaml"), "--n", "6", "--paths", "10", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["schema"] as? Int == 1)
        let gaps = try #require(json["gaps"] as? [[String: Any]])
        #expect(gaps.count == 6)
        #expect(gaps.allSatisfy { $0["mean"] as? Double == 2 })
        #expect(json["decay_per_step"] as? Double == 1)
    }

    @Test(arguments: [
        (["--model", "gru", "--state", "0"], "--state"),
        (["--model", "gru", "--draws", "1"], "--draws"),
        (["--model", "nope"], "--model"),
        (["--model", "gru", "--activation", "tanh"], "--activation"),
        (["--model", "gru", "--init", "xavier"], "--init"),
        (["--model", "gru", "--n", "5"], "--n"),
        (["--model", "vanilla", "--convention", "pytorch", "--inputs", "other"], "--inputs"),
        ([], "--model"),
    ])
    func badOptionsExitTwoNamingTheOption(arguments: [String], option: String) throws {
        let run = try f1b(["discrepancy"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(option), "\(run.stderr)")
    }

    @Test func aFileWithRandomCellOptionsIsAConflict() throws {
        let svg = temporaryFile("never.svg")
        let run = try f1b("discrepancy", construction("gru-k1-a4-b1.yaml"), "--n", "5", "--model", "gru", "--plot", svg)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--model") && run.stderr.contains("construction file"))
        #expect(!FileManager.default.fileExists(atPath: svg))
    }

    @Test func noPartialOutputWhenADirectoryIsMissing() throws {
        let csv = temporaryFile("ok.csv")
        let run = try f1b("discrepancy", "--model", "gru", "--state", "2", "--steps", "2", "--draws", "4", "--csv", csv, "--plot", "/nonexistent-dir/x.svg")
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent-dir"))
        #expect(!FileManager.default.fileExists(atPath: csv))
    }
}

@Suite struct ConnectivityCommandTests {
    @Test func thePassingTheorem3CellHangsOnTheFlaggedStep() throws {
        let svg = temporaryFile("c.svg"), csv = temporaryFile("c.csv")
        let run = try f1b("connectivity", construction("vanilla-pwl-k2.yaml"), "--n", "8", "--paths", "30", "--path", "3:+-+-+-+-",
                          "--json", "--plot", svg, "--csv", csv)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["schema"] as? Int == 1)
        let paths = try #require(json["paths"] as? [[String: Any]])
        #expect(paths.count == 31)
        #expect(paths[0]["flag_at"] as? Int == 3 && paths[0]["bits"] as? String == "+-+-+-+-")
        #expect(json["share_at_flag"] as? Double == 1)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").count == 1 + 31 * 8)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("share of connectivity at t = L: 100.0%"))
    }

    @Test func aK1FileWithoutAClassifierIsReadThroughItsState() throws {
        let run = try f1b("connectivity", construction("figure2-vanilla-u0.8.yaml"), "--n", "6", "--paths", "5")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("score s_n (the file has no classifier)"))
    }

    @Test(arguments: [
        (["--n", "4", "--path", "5:++++"], "--path"),
        (["--n", "4", "--path", "2:+++"], "--path"),
        (["--n", "4", "--flag-at", "9"], "--flag-at"),
        (["--n", "0"], "--n"),
        (["--n", "4", "--paths", "0"], "--paths"),
    ])
    func badOptionsExitTwo(arguments: [String], option: String) throws {
        let run = try f1b(["connectivity", construction("gru-k1-a4-b1.yaml")] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(option), "\(run.stderr)")
    }
}

@Suite struct FlaggedBitsCommandTests {
    @Test func aConstructionIsWrittenProvedAndChecked() throws {
        let file = temporaryFile("fb3.yaml")
        let made = try f1b("construct", "flagged-bits", "--m", "3", "--n", "all", "-o", file)
        #expect(made.status == 0, "\(made.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("flagged_bits: 3") && text.contains("readouts:") && text.contains("verdict: pass"))
        let run = try f1b("check", file, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["flagged_bits"] as? Int == 3)
        #expect((json["all_n"] as? [String: Any])?["verdict"] as? String == "pass")
        let n5 = try f1b("check", file, "--n", "5")
        #expect(n5.stdout.contains("readout 3: beta = [0, 0, 1, 0, 0], gamma = 0; misclassified 0, Pe = 0"), "\(n5.stdout)")
    }

    @Test(arguments: [
        ("flagged_bits: 0\n", "flagged_bits"),
        ("flagged_bits: two\n", "flagged_bits"),
        ("readouts:\n  - beta: [1]\n    gamma: 0\n", "readouts"),
        ("flagged_bits: 2\nreadouts:\n  - beta: [1]\n    gamma: 0\n", "a list of 2 classifiers"),
        ("flagged_bits: 2\nclassifier:\n  beta: [1]\n  gamma: 0\n", "write 'readouts'"),
    ])
    func badFilesExitTwoWithLineAndColumn(extra: String, expected: String) throws {
        let file = temporaryFile("bad.yaml", contents: "name: x\nmodel: vanilla\nactivation: hardclip\nstate: 1\ninitial: [0]\n" + extra)
        let run = try f1b("check", file, "--n", "3")
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:") && run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test func aFlaggedBitsFileRefusesAnotherMethod() throws {
        let file = temporaryFile("fb2.yaml")
        _ = try f1b("construct", "flagged-bits", "--m", "2", "-o", file)
        let run = try f1b("check", file, "--n", "4", "--method", "cover")
        #expect(run.status == 2)
        #expect(run.stderr.contains("--method"))
    }
}

@Suite struct FlaggedBitsTrainingTests {
    @Test func simulateReportsEachReadout() throws {
        let file = temporaryFile("fb2.yaml")
        _ = try f1b("construct", "flagged-bits", "--m", "2", "-o", file)
        let run = try f1b("simulate", file, "--n", "12", "--paths", "500", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["schema"] as? Int == 1)
        let readouts = try #require(json["readouts"] as? [[String: Any]])
        #expect(readouts.count == 2)
        #expect(readouts.allSatisfy { ($0["file"] as? [String: Any])?["errors"] as? Int == 0 })
        let bad = try f1b("simulate", file, "--n", "12", "--times", "3")
        #expect(bad.status == 2 && bad.stderr.contains("--times"))
    }

    @Test func trainWithTwoReadoutsExportsAFileCheckReads() throws {
        let out = temporaryFile("t.yaml")
        let run = try f1b("train", "--model", "gru", "--state", "2", "--n", "4", "--flagged-bits", "2", "--steps", "300", "--seed", "1", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 flagged bits"))
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("flagged_bits: 2") && text.contains("readouts:") && text.contains("--flagged-bits 2"))
        // check reads it and decides n = 4 by certified enumeration: seed 1's model (the same every run) passes.
        let check = try f1b("check", out, "--n", "4")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("certified enumeration"))
        let bad = try f1b("train", "--model", "gru", "--state", "2", "--n", "2", "--flagged-bits", "3")
        #expect(bad.status == 2 && bad.stderr.contains("--flagged-bits"))
    }
}

@Suite struct AnalysesReportTests {
    @Test func theReportWritesItsPagesAndFigures() throws {
        let dir = URL(fileURLWithPath: temporaryFile("x")).deletingLastPathComponent().path
        let run = try f1b("report", "analyses", "--out", dir, "--constructions", construction(""), "--draws", "8", "--seeds", "1", "--steps", "30")
        #expect(run.status == 0, "\(run.stderr)")
        let md = try String(contentsOfFile: "\(dir)/analyses.md", encoding: .utf8)
        for section in ["(l,k)-discrepancy", "connectivity", "Flagged-m-Bit", "smallest K"] { #expect(md.contains(section), "\(section)") }
        for figure in ["discrepancy-paper.svg", "discrepancy-f1b.svg", "discrepancy-models.svg", "connectivity-vanilla-pwl-k2.svg"] {
            #expect(md.contains(figure))
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(figure)"), "\(figure)")
        }
    }
}
