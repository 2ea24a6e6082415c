import Constructions
import Exact
import F1B
import Foundation
import Testing
import TestSupport
@testable import Verification

/// Every procedure against an independent reference that shares no code with
/// f1b: `Fixtures/reference/reference.json`, written by
/// `make_independent_reference.py` from its own implementation of the cell
/// equations (exact Fractions for piecewise-linear cells, 80-digit mpmath for
/// tanh/σ) on 118 random files — Vanilla, GRU, LSTM (peepholes, classifying h
/// or c), PRU; both the paper's and PyTorch's conventions; K = 1…4; random,
/// fitted and latch classifiers, scores exactly or nearly on the hyperplane.
@Suite struct ReferenceFixtureTests {
    static let directory = packageRoot.appendingPathComponent("Tests/VerificationTests/Fixtures/reference")

    nonisolated(unsafe) static let reference: [[String: Any]] = {
        let data = (try? Data(contentsOf: directory.appendingPathComponent("reference.json"))) ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return object?["files"] as? [[String: Any]] ?? []
    }()

    static let files: [String] = reference.compactMap { $0["file"] as? String }

    /// Lengths compared per file: short enough for a debug build, long enough for every kind of path.
    static func lengths(_ entry: [String: Any]) -> [[String: Any]] {
        let exact = entry["exact"] as? Bool ?? false
        return (entry["lengths"] as? [[String: Any]] ?? []).filter { ($0["n"] as? Int ?? 99) <= (exact ? 6 : 5) }
    }

    @Test func theReferenceIsThere() {
        #expect(Self.files.count >= 100)
        #expect(Set(Self.reference.compactMap { $0["convention"] as? String }) == ["paper", "pytorch"])
    }

    @Test(arguments: files)
    func enumerationAndAutoAgreeWithTheReference(_ file: String) throws {
        let entry = Self.reference.first { $0["file"] as? String == file }!
        let c = try ConstructionReader.read(contentsOf: Self.directory.appendingPathComponent(file).path)
        for length in Self.lengths(entry) {
            let n = length["n"] as! Int
            let bracket = (length["misclassified_bracket"] as! [Int])
            let expected = length["verdict"] as! String
            for method in ["enumerate", "auto"] {
                let r = Checker(options: .only(method)).check(c, length: n)
                let what = "\(file) n = \(n) (\(method))"
                #expect(r.pathCount == BigInteger(length["paths"] as! Int), "\(what)")
                if r.verdict == .inconclusive {
                    // Only where the reference sees scores within 1e-30 of the threshold.
                    #expect(bracket[0] != bracket[1] || (length["ties"] as? Int ?? 0) > 0, "\(what): \(r.reason ?? "")")
                    continue
                }
                #expect(r.verdict.rawValue == expected || bracket[0] != bracket[1], "\(what): \(r.verdict) vs \(expected)")
                // The count: exact where every path is placed (inside the reference's bracket), else overlapping it.
                switch r.errorCount {
                case .exact(let count)?:
                    #expect(BigInteger(bracket[0]) <= count && count <= BigInteger(bracket[1]), "\(what): \(count) vs \(bracket)")
                case .bracket(let atLeast, let undecided)?:
                    #expect(atLeast <= BigInteger(bracket[1]) && BigInteger(bracket[0]) <= atLeast + undecided, "\(what)")
                case .atLeast(let atLeast)?:
                    #expect(atLeast <= BigInteger(bracket[1]), "\(what)")
                case nil:
                    #expect(r.verdict == .pass || c.classifier == nil, "\(what): no count")
                }
                // Enumeration shows the first misclassified paths in canonical order, as the reference lists them.
                guard method == "enumerate", bracket[0] == bracket[1], bracket[0] > 0,
                      case .misclassified(let shown)? = r.counterexample,
                      let first = (length["first_misclassified"] as? [[String: Any]])?.first else { continue }
                let path = Path(flagPosition: first["L"] as! Int, informationBits: (first["bits"] as! [Int]).map(Int8.init))
                #expect(shown.first?.path == path, "\(what): first shown \(shown.first.map { "\($0.path)" } ?? "none"), reference \(path)")
            }
        }
    }
}
