import Analyses
import ArgumentParser
import Cells
import F1B
import Proofs
import Sharding
import Verification

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

/// `check --method`: `auto` (the portfolio) or one procedure of
/// `ProcedureRegistry` by its id. Anything else is a usage error naming
/// `--method` and listing the accepted values (exit 2); `--help` lists them.
enum MethodChoice: ExpressibleByArgument, Equatable, CustomStringConvertible {
    case auto
    case procedure(String)

    init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if ProcedureRegistry.methods.contains(where: { $0.id == argument }) {
            self = .procedure(argument)
        } else {
            return nil
        }
    }

    /// The procedure's id, or nil for the portfolio.
    var id: String? {
        if case .procedure(let id) = self { return id }
        return nil
    }

    var description: String { id ?? "auto" }
    var defaultValueDescription: String { description }
    static var allValueStrings: [String] { ["auto"] + ProcedureRegistry.methods.map(\.id) }
}
