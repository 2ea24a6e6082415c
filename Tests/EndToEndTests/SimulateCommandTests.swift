import Foundation
import Testing

@Suite struct SimulateCommandTests {
    @Test func textReportsErrorsWithIntervals() throws {
        let run = try f1b("simulate", construction("gru-k1-a4-b1.yaml"), "--n", "20", "--paths", "2000", "--seed", "3")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2000 + 2000 paths"))
        #expect(run.stdout.contains("classifier from the file"))
        #expect(run.stdout.contains("Clopper–Pearson"))
        // a = 4 passes F1B(20) exactly: no simulated path is misclassified.
        // Significant digits: the interval's upper end is not rounded away.
        #expect(run.stdout.contains("Pe ≈ 0 [0, 0.000922] (0/4000)"), "\(run.stdout)")
    }

    @Test func jsonAndCSVAreTidyAndConsistent() throws {
        let csv = temporaryFile("h.csv"), svg = temporaryFile("f.svg")
        let run = try f1b("simulate", construction("vanilla-pwl-k2.yaml"), "--n", "12", "--paths", "500", "--times", "3,6",
                          "--flag-at", "6", "--bins", "9", "--json", "--csv", csv, "--plot", svg)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["schema"] as? Int == 1)
        let setup = try #require(json["setup"] as? [String: Any])
        #expect(setup["times"] as? [Int] == [3, 6, 12])
        #expect(setup["flag_at"] as? Int == 6)
        let rows = try #require(json["histograms"] as? [[String: Any]])
        // 2 classes × 3 times × 2 dimensions × 9 bins.
        #expect(rows.count == 2 * 3 * 2 * 9)
        for time in [3, 6, 12] {
            for dimension in [1, 2] {
                for cls in ["positive", "negative"] {
                    let total = rows.filter { $0["time"] as? Int == time && $0["dimension"] as? Int == dimension && $0["class"] as? String == cls }
                        .reduce(0) { $0 + ($1["count"] as! Int) }
                    #expect(total == 500)
                }
            }
        }
        // K = 2: the scatter sample, every path here (500 < 2000) at every time.
        let scatter = try #require(json["scatter"] as? [[String: Any]])
        #expect(scatter.count == 2 * 3 * 500)
        #expect(scatter.allSatisfy { $0["s1"] is Double && $0["s2"] is Double })
        let fileClassifier = try #require(json["file_classifier"] as? [String: Any])
        let error = try #require(fileClassifier["error"] as? [String: Any])
        #expect(error["errors"] as? Int == 0 && error["trials"] as? Int == 1000)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "class,time,dimension,bin,bin_lower,bin_upper,count")
        #expect(lines.count == 1 + rows.count)
        let figure = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(figure.hasPrefix("<svg") && figure.contains("t = 6") && figure.hasSuffix("</svg>\n"))
    }

    @Test func sameSeedSameNumbersAnyThreads() throws {
        let a = try f1b("simulate", construction("lstm-k1-a4-b1.yaml"), "--n", "30", "--paths", "300", "--json", "--threads", "1")
        let b = try f1b("simulate", construction("lstm-k1-a4-b1.yaml"), "--n", "30", "--paths", "300", "--json", "--threads", "2")
        #expect(a.status == 0 && a.stdout == b.stdout)
    }

    @Test(arguments: [
        ["--n", "0"], ["--n", "10", "--paths", "1"], ["--n", "10", "--flag-at", "11"], ["--n", "10", "--times", "3,x"],
        ["--n", "10", "--times", "12"], ["--n", "10", "--precision", "half"], ["--n", "10", "--range", "1:0"],
        ["--n", "10", "--bins", "0"],
    ])
    func badOptionsExitTwoWithoutOutputFiles(_ options: [String]) throws {
        let csv = temporaryFile("never.csv")
        let run = try f1b(["simulate", construction("gru-k1-a4-b1.yaml"), "--csv", csv] + options)
        #expect(run.status == 2 && run.exitedNormally)
        #expect(!run.stderr.isEmpty && run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: csv))
    }

    @Test func missingFileIsNamed() throws {
        let run = try f1b("simulate", "/nonexistent/x.yaml", "--n", "5")
        #expect(run.status == 2 && run.stderr.contains("/nonexistent/x.yaml"))
    }
}
