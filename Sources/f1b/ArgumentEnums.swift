import Analyses
import ArgumentParser
import Cells
import F1B
import Proofs
import Sharding
import Sharding

// Option enums parsed by argument-parser itself: a value outside the enum is a
// usage error naming the option and listing the accepted values (exit 2), and
// `--help` lists them. Commands that accept only some cases (theorem4's gated
// models, search's two activations) still check the subset after parsing.
// Train and simulate parse the same enums; they should use these conformances
// rather than declare their own.

extension CellModel: ExpressibleByArgument {}
extension CellConvention: ExpressibleByArgument {}
extension Activation: ExpressibleByArgument {}
extension FlagEncoding: ExpressibleByArgument {}
extension WeightDistribution: ExpressibleByArgument {}
extension DiscrepancyInputs: ExpressibleByArgument {}
extension Prover.Method: ExpressibleByArgument {}

/// `--shard i/N` of every sweep; anything else is a usage error naming `--shard <i/N>` (exit 2).
extension Shard: ExpressibleByArgument {
    public init?(argument: String) {
        guard let shard = try? Shard(parsing: argument) else { return nil }
        self = shard
    }
}
