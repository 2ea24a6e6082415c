import Foundation
import Testing

/// `f1b check` deciding K = 2 models with invariant covers, end to end.
@Suite struct CoverCommandTests {
    func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aTrainedModelPassesEveryLengthWithABoxCertificate() throws {
        let run = try f1b("check", construction("trained-vanilla-k2-n10-seed9.yaml"), "--n", "all", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try object(run.stdout)
        let all = try #require(json["all_n"] as? [String: Any])
        #expect(all["verdict"] as? String == "pass")
        #expect(all["procedure"] as? String == "cover")
        let certificate = try #require(all["certificate"] as? [String: Any])
        #expect(certificate["kind"] as? String == "cover")
        #expect((certificate["description"] as? String)?.contains("re-checked in rational interval arithmetic") == true)
        let text = try f1b("check", construction("trained-vanilla-k2-n10-seed9.yaml"), "--n", "50")
        #expect(text.status == 0 && text.stdout.contains("n = 50: PASS") && text.stdout.contains("n = 50: PASS"))
        #expect(text.stdout.contains("certificate: covers of the reachable sets by"))
    }

    @Test func theLiveK2GRUFailsAtThirtyNineWithItsPaths() throws {
        // Falsification finds the failing paths (covers would refine for minutes first).
        let run = try f1b("check", construction("gru-k2-a4-b1-live.yaml"), "--n", "39", "--json")
        #expect(run.status == 1, "\(run.stderr)")
        let result = try #require((try object(run.stdout)["results"] as? [[String: Any]])?.first)
        #expect(result["verdict"] as? String == "fail" && result["procedure"] as? String == "falsify")
        let atLeast = (result["misclassified_bounds"] as? [String: Any])?["at_least"] as? String
        #expect(Int(atLeast ?? "") ?? 0 >= 1)
        let paths = try #require((result["counterexample"] as? [String: Any])?["paths"] as? [[String: Any]])
        #expect(!paths.isEmpty && paths.allSatisfy { ($0["label"] as? Int).map { abs($0) == 1 } == true })
    }

    @Test func figure4PrintedFailsAtTwoWithARadonCertificate() throws {
        let run = try f1b("check", construction("figure4-vanilla-k2-printed.yaml"), "--n", "2")
        #expect(run.status == 1)
        #expect(run.stdout.contains("no linear classifier exists; certificate (Radon, 4 paths)"))
    }

    @Test func coverBudgetsAreValidated() throws {
        let run = try f1b("check", construction("trained-vanilla-k2-n10-seed9.yaml"), "--n", "5", "--max-boxes", "0")
        #expect(run.status == 2 && run.stderr.contains("--max-boxes"))
        let tiny = try f1b("check", construction("vanilla-hardclip-k1-latch.yaml"), "--n", "40", "--method", "cover", "--max-boxes", "2")
        #expect(tiny.status == 0 || tiny.status == 3)
    }
}
