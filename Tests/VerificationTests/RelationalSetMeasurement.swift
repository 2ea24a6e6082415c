import Constructions
import Exact
import F1B
import Foundation
import Testing
import Verification

/// The measurement behind Benchmarks/relational-sets — not a test: disabled
/// unless F1B_RELATIONAL_MEASURE names construction files (comma-separated).
/// For each file it prints one JSON line on stdout: the lengths zonotope
/// propagation passes up to F1B_RELATIONAL_N (default 100), the first open
/// length and why, the time per step, and whether an every-n invariant was
/// found (and from which step). Budget from F1B_RELATIONAL_BUDGET
/// ("zonotopes,generators-per-dimension", default "8,4").
@Suite struct RelationalSetMeasurement {
    static let files = ProcessInfo.processInfo.environment["F1B_RELATIONAL_MEASURE"]

    @Test(.enabled(if: files != nil)) func measure() throws {
        let env = ProcessInfo.processInfo.environment
        let maxN = Int(env["F1B_RELATIONAL_N"] ?? "100") ?? 100
        let parts = (env["F1B_RELATIONAL_BUDGET"] ?? "8,4").split(separator: ",").compactMap { Int($0) }
        let budget = ZonotopeBudget(zonotopesPerPhase: parts.first ?? 8, generatorsPerDimension: parts.count > 1 ? parts[1] : 4,
                                    maximumLength: maxN)
        let invariants = env["F1B_RELATIONAL_INVARIANT"] != "0"
        for file in (Self.files ?? "").split(separator: ",").map(String.init) {
            let construction = try ConstructionReader.read(contentsOf: file)
            guard let classifier = construction.classifier else { continue }
            let start = Date()
            let decisions = ZonotopePropagation.decide(cell: construction.cell, classifier: classifier,
                                                       lengths: Array(1...maxN), budget: budget)
            let seconds = Date().timeIntervalSince(start)
            let passed = (1...maxN).filter { decisions[$0]?.isPass == true }
            let firstOpen = (1...maxN).first { decisions[$0]?.isPass != true }
            var why = ""
            if let n = firstOpen, case .open(let open)? = decisions[n] { why = "\(open.reason)" }
            var record: [String: Any] = [
                "file": (file as NSString).lastPathComponent, "K": construction.cell.stateSize,
                "model": construction.cell.model.rawValue, "convention": construction.cell.convention.rawValue,
                "passed": passed, "first_open": firstOpen ?? 0, "why": why,
                "seconds": seconds, "seconds_per_step": seconds / Double(maxN),
            ]
            if invariants {
                let t0 = Date()
                let found = ZonotopeInvariant.find(cell: construction.cell, classifier: classifier,
                                                   budget: ZonotopeBudget(zonotopesPerPhase: budget.zonotopesPerPhase,
                                                                          generatorsPerDimension: budget.generatorsPerDimension))
                record["invariant_seconds"] = Date().timeIntervalSince(t0)
                record["invariant_from"] = found.certificate?.from ?? 0
                record["every_n"] = found.everyLengthPasses
                record["invariant_failure"] = found.failure.map { "\($0)" } ?? ""
                if let c = found.certificate { record["invariant_recheck"] = c.recheck(cell: construction.cell) }
            }
            let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            print("RELATIONAL " + String(decoding: data, as: UTF8.self))
        }
    }
}
