import Analyses
import ArgumentParser
import Cells
import F1B
import Proofs

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
