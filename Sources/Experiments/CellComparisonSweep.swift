import Sharding

/// The mergeable result of `f1b report cells` (one shard or several, `--shard
/// i/N --result FILE`): the grid's seeds, lengths and step limit, and the runs.
/// Stored as a `ShardedResult<CellComparisonSweep>`; `--from FILES` renders
/// the report from their merge.
public struct CellComparisonSweep: ShardedSweep {
    public static let kind = "f1b-cells"
    public static let title = "the JSON that f1b report cells --result writes"

    public var seeds: [UInt64]
    public var lengths: [Int]
    public var steps: Int
    /// The runs, in grid order (variant, then n, then seed).
    public var runs: [CellComparison.Run]

    public init(seeds: [UInt64], lengths: [Int], steps: Int, runs: [CellComparison.Run]) {
        self.seeds = seeds
        self.lengths = lengths
        self.steps = steps
        self.runs = runs
    }

    /// What every shard of one comparison shares: the grid and the step limit.
    public struct Inputs: Encodable {
        public var seeds: [UInt64]
        public var lengths: [Int]
        public var steps: Int
    }

    public var inputs: Inputs { Inputs(seeds: seeds, lengths: lengths, steps: steps) }

    /// Adds another shard's runs, in grid order.
    public mutating func absorb(_ other: CellComparisonSweep) {
        let variants = CellComparison.variants.map(\.name)
        func position(_ r: CellComparison.Run) -> (Int, Int, Int) {
            (variants.firstIndex(of: r.variant) ?? variants.count, lengths.firstIndex(of: r.length) ?? lengths.count,
             seeds.firstIndex(of: r.seed) ?? seeds.count)
        }
        runs = (runs + other.runs).sorted { position($0) < position($1) }
    }
}
