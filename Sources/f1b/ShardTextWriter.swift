import Exact
import F1B
import Reports
import Sharding
import Verification

/// Formats a shard of an enumeration, or the merge of shards.
enum ShardTextWriter {
    static func text(_ sharded: ShardedResult<EnumerationCounts>) -> String {
        let r = sharded.sweep
        var out = "\(r.name): n = \(r.length), shards \(sharded.shards.map(String.init).joined(separator: ", ")) of \(sharded.shardCount) (\(r.arithmetic))\n"
        out += "  paths walked: \(r.paths)\n"
        if let count = sharded.errorCount {
            let total = Path.count(length: r.length)
            switch count {
            case .exact(let k):
                let pe = Rational(numerator: k, denominator: total)
                out += "  misclassified: \(k) of \(total) paths, Pe = \(CheckTextWriter.fraction(pe))\n"
                out += "verdict: \(k.signum == 0 ? "PASS" : "FAIL") for n = \(r.length) (every shard merged)\n"
            case .bracket(let k, let u):
                out += "  misclassified: between \(k) and \(k + u) (\(counted(digits: u.description, "path")) undecided at the run's precision)\n"
                out += "verdict: \(k.signum > 0 ? "FAIL" : "INCONCLUSIVE") for n = \(r.length)\n"
            case .atLeast:
                break
            }
        } else {
            out += "  misclassified in these shards: \(r.misclassified)\(r.undecided == "0" ? "" : ", \(r.undecided) undecided")\n"
            out += "  missing shards: \(sharded.missingShards.map(String.init).joined(separator: ", ")) (f1b merge the rest for the exact count)\n"
        }
        for p in r.counterexamplePaths { out += "  misclassified: L = \(p.flagPosition), bits \(CheckTextWriter.bits(p)) (label \(p.classLabel.symbol))\n" }
        return out
    }
}
