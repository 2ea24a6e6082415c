import Constructions
import Experiments
import Reports
import Sharding
import Simulation

/// `f1b search` and `f1b merge` on the terminal.
enum SearchTextWriter {
    static func text(_ sharded: ShardedResult<SearchResult>) -> String {
        let r = sharded.sweep, s = r.space
        var out = "Vanilla K = 1, \(s.activation.rawValue), flags \(s.flags.rawValue), n = \(r.length)\n"
        out += "free: \(s.free.map { "\($0) ∈ [\(s.ranges[$0]!.lowerBound), \(s.ranges[$0]!.upperBound)]" }.joined(separator: ", "))"
        out += s.fixed.isEmpty ? "\n" : "; fixed: \(VanillaSearchSpace.names.compactMap { n in s.fixed[n].map { "\(n) = \($0)" } }.joined(separator: ", "))\n"
        out += "shards \(sharded.shards.map(String.init).joined(separator: ",")) of \(sharded.shardCount)"
        if !sharded.isComplete { out += " (missing: \(sharded.missingShards.map(String.init).joined(separator: ",")))" }
        out += "; \(counted(r.screen.screened, "setting")) screened with \(r.pathsPerClass) + \(r.pathsPerClass) paths each\n"
        out += "settings with no screened error: \(r.screen.zeroErrors)\n"
        out += "test error by tenths: " + r.screen.errorDeciles.enumerated().map { "[\(Double($0.offset) / 10),\(Double($0.offset + 1) / 10)): \($0.element)" }.joined(separator: " ") + "\n\n"
        out += "best settings (fitted threshold classifier, test half):\n"
        for b in r.screen.best.prefix(10) {
            let values = VanillaSearchSpace.names.map { "\($0) = \(b.values[$0]!.decimalString(significantDigits: 8, .down))" }.joined(separator: ", ")
            out += "  #\(b.index): \(values): error \(SimulationTextWriter.estimate(b.estimate))\n"
            if let c = r.confirmations.first(where: { $0.index == b.index }) {
                out += "      exactly (\(c.method)): \(c.verdict.rawValue.uppercased())"
                if let file = c.file { out += ", written to \(file)" }
                if let reason = c.reason, c.verdict != .pass { out += " — \(reason)" }
                if let all = c.everyLength { out += "; all n: " + (all.verdict == .pass ? "pass for every n" : "\(all.verdict.rawValue): \(all.reason ?? "")") }
                out += "\n"
            }
        }
        let passes = r.confirmations.filter { $0.verdict == .pass }.count
        out += "\n\(r.confirmations.count) decided exactly: \(passes) pass\n"
        return out
    }

    /// The construction files of the confirmed passes: (path, YAML).
    static func files(_ found: [VanillaSearchExperiment.Found]) -> [(String, String)] {
        found.map { ($0.path, ConstructionWriter.yaml($0.construction, comment: $0.comment)) }
    }

    /// Progress on a terminal's stderr.
    @Sendable static func note(_ p: VanillaSearchExperiment.Progress) {
        switch p {
        case .screened(let done, let total): StandardError.progress("screened", done, of: total)
        case .deciding(let setting): StandardError.note("deciding setting \(setting) exactly")
        }
    }
}
