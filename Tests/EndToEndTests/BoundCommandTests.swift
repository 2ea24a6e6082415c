import Foundation
import Testing
import TestSupport

@Suite struct BoundCommandTests {
    @Test func fromAConstructionFile() throws {
        let run = try f1b("bound", construction("lstm-k1-a4-b1.yaml"), "--n", "1...8,38,39", "--thresholds", "2,8", "--scan", "60", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["schema"] as? Int == 1)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 10)
        #expect(rows.first { $0["n"] as? Int == 38 }?["error_free"] as? String == "yes")
        #expect(rows.first { $0["n"] as? Int == 39 }?["error_free"] as? String == "no")
        #expect(rows.first { $0["n"] as? Int == 8 }?["pe"] as? String == "0")
        let certified = try #require(json["certified"] as? [String: [Int]])
        #expect(certified["worst case"] == Array(1...38))
        #expect(certified["chebyshev"] == Array(1...6))
    }

    /// The Monte-Carlo column simulates the construction's own cell: no error where
    /// the exact answer is Pe = 0, and errors well inside the bound where it fails.
    @Test func monteCarloColumnBesideTheBounds() throws {
        let run = try f1b("bound", "--model", "gru", "--a", "4", "--b", "1", "--n", "20,100", "--thresholds", "2", "--scan", "10",
                          "--mc-paths", "5000", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        let rows = try #require(json["rows"] as? [[String: Any]])
        func estimate(_ n: Int) -> [String: Any]? { rows.first { $0["n"] as? Int == n }?["monte_carlo_pe"] as? [String: Any] }
        #expect(estimate(20)?["errors"] as? Int == 0 && estimate(20)?["trials"] as? Int == 10_000)
        let errors = try #require(estimate(100)?["errors"] as? Int)
        #expect(errors > 0 && errors < 500)
        let none = try f1b("bound", "--gate-A", "9/10", "--gate-B", "1/2", "--n", "5", "--thresholds", "2", "--scan", "10", "--json")
        #expect(none.status == 0)
        #expect(((none.json?["rows"] as? [[String: Any]])?.first?["monte_carlo_pe"]) is NSNull)
    }

    @Test func exactCoefficientsGiveExactNumbers() throws {
        let run = try f1b("bound", "--gate-A", "9/10", "--gate-B", "3/4", "--n", "1...4", "--thresholds", "3", "--scan", "20", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        let rows = try #require(json["rows"] as? [[String: Any]])
        // Exact results are point enclosures: lower = upper.
        let mean = try #require((rows[1]["positive"] as? [String: Any])?["mean"] as? [String])
        #expect(mean[0] == mean[1])
    }

    @Test func writesTheReport() throws {
        let dir = temporaryFile("bounds")
        let run = try f1b("bound", "--model", "pru", "--a", "4", "--n", "1...3", "--thresholds", "2,4", "--scan", "10", "--out", dir)
        #expect(run.status == 0, "\(run.stderr)")
        let markdown = try String(contentsOfFile: "\(dir)/bounds.md", encoding: .utf8)
        #expect(markdown.contains("## The gate each route needs") && markdown.contains("![1 − A* against n](bounds.svg)"))
        let svg = try String(contentsOfFile: "\(dir)/bounds.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline"))
    }

    @Test func badInputExitsTwo() throws {
        #expect(try f1b("bound", construction("vanilla-pwl-k2.yaml")).status == 2)
        #expect(try f1b("bound", "--model", "gru", "--a", "x").status == 2)
        #expect(try f1b("bound", "--gate-A", "3/2", "--gate-B", "1").status == 2)
        #expect(try f1b("bound").status == 2)
        let run = try f1b("bound", construction("vanilla-pwl-k2.yaml"))
        #expect(run.stderr.contains("not a Theorem 4 construction"))
    }
}
