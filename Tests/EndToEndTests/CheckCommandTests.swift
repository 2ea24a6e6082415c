import Cells
import Constructions
import Exact
import F1B
import Foundation
import Testing

/// Runs a construction's exact cell on one path.
struct Simulate: CellVisitor {
    typealias Scalar = Rational
    let path: Path
    func visit<C: RecurrentCell>(_ cell: C) -> [Rational] where C.Scalar == Rational {
        cell.classifiedState(cell.run(path))
    }
}

let brokenTheorem3 = """
    name: broken-condition-5
    model: vanilla
    activation: hardclip
    state: 2
    flags: zero-one
    parameters:
      U: [[1, 2], [0, 0]]
      W: [[0, 0], [1/2, 2]]
      b: [2, -2]
    initial: [0, -1]
    classifier: {beta: [1, 1/3], gamma: 1/12}
    """

@Suite struct CheckCommandTests {
    @Test func passesTheShippedConstruction() throws {
        let run = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "1...8")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("n = 8: PASS"))
        #expect(run.stdout.contains("verdict: PASS for n = 1...8 (expect: pass for n = all — not decided by this check)"))
        #expect(run.stdout.contains("n = 8: PASS  2048 paths, reachable-set DP, exact"))
        #expect(run.stdout.contains("certificate: the exact reachable sets cover all 2048 paths"))
        let enumerated = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "8", "--method", "enumerate")
        #expect(enumerated.stdout.contains("certificate: every one of the 2048 paths evaluated exactly"))
    }

    @Test func defaultsToTheFilesExpectation() throws {
        let run = try f1b("check", construction("vanilla-pwl-k3.yaml"))
        #expect(run.status == 0)
        #expect(run.stdout.contains("verdict: PASS for every n ≥ 1 (expect: pass for n = all — confirmed)"))
    }

    @Test func jsonHasTheDesignShape() throws {
        let run = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "5", "--json")
        #expect(run.status == 0)
        let json = try #require(run.json)
        #expect(json["name"] as? String == "vanilla-pwl-k2")
        #expect(json["verdict"] as? String == "pass")
        #expect(json["all_n"] is NSNull)
        let results = try #require(json["results"] as? [[String: Any]])
        let r = try #require(results.first)
        #expect(r["n"] as? Int == 5)
        #expect(r["verdict"] as? String == "pass")
        #expect(r["arithmetic"] as? String == "exact")
        #expect(r["paths"] as? String == "160")
        #expect(r["misclassified"] as? String == "0")
        #expect((r["pe"] as? [String: Any])?["exact"] as? String == "0")
        let classifier = try #require(r["classifier"] as? [String: Any])
        #expect(classifier["beta"] as? [String] == ["1", "1/3"])
        #expect(classifier["gamma"] as? String == "1/12")
        #expect(r["counterexample"] is NSNull)
    }

    /// A construction the tool has never seen: the counterexamples it prints
    /// are re-simulated here and must be misclassified.
    @Test func failingConstructionGivesCheckableCounterexamples() throws {
        let file = temporaryFile("broken.yaml", contents: brokenTheorem3)
        let run = try f1b("check", file, "--n", "5", "--json")
        #expect(run.status == 1)
        let json = try #require(run.json)
        #expect(json["verdict"] as? String == "fail")
        let r = try #require((json["results"] as? [[String: Any]])?.first)
        let misclassifiedText = try #require(r["misclassified"] as? String)
        let misclassified = try #require(Int(misclassifiedText))
        #expect((r["pe"] as? [String: Any])?["exact"] as? String == Rational(misclassified, 160).description)
        let counterexample = try #require(r["counterexample"] as? [String: Any])
        #expect(counterexample["kind"] as? String == "misclassified")
        let paths = try #require(counterexample["paths"] as? [[String: Any]])
        #expect(!paths.isEmpty)
        let c = try ConstructionReader.parse(brokenTheorem3)
        for p in paths {
            let L = try #require(p["L"] as? Int)
            let bitValues = try #require(p["bits"] as? [Int])
            let bits = bitValues.map { Int8($0) }
            let path = Path(flagPosition: L, informationBits: bits)
            let state = c.cell.withCell(Simulate(path: path))
            #expect(state.map(\.description) == p["final_state"] as? [String])
            #expect(c.classifier!.classify(state) != path.label)
        }
    }

    @Test func inseparableConstructionPrintsACertificate() throws {
        let file = temporaryFile("leaky.yaml", contents: brokenTheorem3
            .replacingOccurrences(of: "[[1, 2], [0, 0]]", with: "[[1, 1/4], [0, 0]]")
            .replacingOccurrences(of: "[1/2, 2]]", with: "[1/2, 1/4]]")
            .replacingOccurrences(of: "b: [2, -2]", with: "b: [1/4, -1/4]")
            .replacingOccurrences(of: "classifier: {beta: [1, 1/3], gamma: 1/12}", with: ""))
        let run = try f1b("check", file, "--n", "4")
        #expect(run.status == 1)
        #expect(run.stdout.contains("no linear classifier exists"))
        #expect(run.stdout.contains("both weighted sums equal"))
    }

    @Test func smoothCellsGetCertifiedVerdicts() throws {
        let file = temporaryFile("gru.yaml", contents: """
            model: gru
            state: 1
            parameters: {W_z: [[0, 4]], W_s: [[1, 0]]}
            initial: [0]
            classifier: {beta: [1], gamma: 0}
            """)
        let pass = try f1b("check", file, "--n", "2...4,38")
        #expect(pass.status == 0)
        #expect(pass.stdout.contains("n = 38: PASS") && pass.stdout.contains("certified intervals"))
        let fail = try f1b("check", file, "--n", "39", "--json")
        #expect(fail.status == 1)
        let json = try #require(fail.json)
        let r = try #require((json["results"] as? [[String: Any]])?.first)
        #expect(r["arithmetic"] as? String == "certified intervals" && r["method"] as? String == "enclosure propagation")
        let counterexample = try #require(r["counterexample"] as? [String: Any])
        let paths = try #require(counterexample["paths"] as? [[String: Any]])
        #expect(paths.first?["L"] as? Int == 1)
        // Enclosures are [lower, upper] pairs of exact strings.
        let score = try #require(paths.first?["score"] as? [String])
        #expect(score.count == 2)
        let enumerated = try f1b("check", file, "--n", "4", "--method", "enumerate")
        #expect(enumerated.status == 0 && enumerated.stdout.contains("exhaustive enumeration, certified intervals"))
    }

    /// `--threads` is at least 1 (exit 2, naming the option); the answer is the same on one thread and on two.
    @Test func threadsAreValidatedAndDoNotChangeTheAnswer() throws {
        let zero = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "8", "--threads", "0")
        #expect(zero.status == 2 && zero.stderr.contains("--threads: expected at least 1"), "\(zero.stderr)")
        let file = temporaryFile("broken.yaml", contents: brokenTheorem3)
        func answer(_ threads: String) throws -> String {
            let run = try f1b("check", file, "--n", "7", "--method", "enumerate", "--threads", threads, "--json")
            #expect(run.status == 1, "\(run.stderr)")
            let r = try #require((run.json?["results"] as? [[String: Any]])?.first)
            let paths = try #require((r["counterexample"] as? [String: Any])?["paths"] as? [[String: Any]])
            return "\(r["verdict"] ?? "-") \(r["misclassified"] ?? "-") \(paths.map { "\($0["L"] ?? "-") \($0["bits"] ?? "-")" })"
        }
        let one = try answer("1")
        #expect(one.hasPrefix("fail "))
        #expect(try answer("2") == one)
    }

    /// `--search-time` is seconds ≥ 0 (exit 2 otherwise, naming the option); 0 turns the search-on off.
    @Test func searchTimeIsValidated() throws {
        let negative = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "4", "--search-time=-1")
        #expect(negative.status == 2 && negative.stderr.contains("--search-time"), "\(negative.stderr)")
        let off = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "4", "--search-time", "0")
        #expect(off.status != 2, "\(off.stderr)")
    }

    /// `--method` takes auto or a procedure's id; anything else is a usage error naming the option and the ids.
    @Test func methodIsOneOfTheProcedures() throws {
        let run = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "4", "--method", "nonsense")
        #expect(run.status == 2)
        #expect(run.stderr.contains("--method") && run.stderr.contains("'nonsense'") && run.stderr.contains("- enumerate"), "\(run.stderr)")
        let help = try f1b("check", "--help")
        #expect(help.stdout.contains("--method") && help.stdout.contains("zonotope") && help.stdout.contains("--threads"))
    }

    @Test func budgetIsInconclusive() throws {
        let run = try f1b("check", construction("vanilla-pwl-k2.yaml"), "--n", "10", "--method", "enumerate", "--max-paths", "1000")
        #expect(run.status == 3)
        #expect(run.stdout.contains("--max-paths"))
    }
}
