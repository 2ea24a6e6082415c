/// The one result-file format of every sharded sweep (`f1b search`, `f1b train
/// --seeds`, `f1b report cells`, `f1b check --shard`): the sweep's kind, a
/// fingerprint of its inputs, which shards of how many it holds, and the
/// sweep's own payload, as one JSON object.
public struct ShardedResult<Sweep: ShardedSweep>: Codable, Sendable, Equatable {
    /// The envelope's `"schema"`: raised whenever a key changes meaning or goes
    /// away. A file of another schema is refused, not half-read.
    public static var schema: Int { 1 }

    /// `Fingerprint.of(inputs: sweep.inputs)` when the shard ran.
    public var fingerprint: String
    /// The shards this result holds (0-based, as `--shard i/N`), ascending.
    public var shards: [Int]
    public var shardCount: Int
    public var sweep: Sweep

    /// The result of one shard.
    public init(_ sweep: Sweep, shard: Shard) {
        self.init(sweep, fingerprint: Fingerprint.of(inputs: sweep.inputs), shards: [shard.index], shardCount: shard.count)
    }

    public init(_ sweep: Sweep, fingerprint: String, shards: [Int], shardCount: Int) {
        self.fingerprint = fingerprint
        self.shards = shards
        self.shardCount = shardCount
        self.sweep = sweep
    }

    /// The shards not yet merged in.
    public var missingShards: [Int] { (0..<shardCount).filter { !shards.contains($0) } }

    /// Whether every shard is in: the result is that of the unsharded sweep.
    public var isComplete: Bool { missingShards.isEmpty }

    /// Adds another shard of the same sweep; refuses shards of other inputs,
    /// of another split, or given twice.
    public mutating func merge(_ other: ShardedResult) throws(MergeError) {
        guard other.fingerprint == fingerprint else { throw .otherInputs(expected: fingerprint, found: other.fingerprint) }
        guard other.shardCount == shardCount else { throw .otherSplit(expected: shardCount, found: other.shardCount) }
        let twice = Set(shards).intersection(other.shards)
        guard twice.isEmpty else { throw .repeated(twice.sorted()) }
        shards = (shards + other.shards).sorted()
        sweep.absorb(other.sweep)
    }

    enum CodingKeys: String, CodingKey {
        case schema, kind, fingerprint, shards
        case shardCount = "shard_count"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        guard kind == Sweep.kind else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "\"kind\" is \"\(kind)\", not \"\(Sweep.kind)\"")
        }
        let schema = try c.decodeIfPresent(Int.self, forKey: .schema)
        guard schema == Self.schema else {
            throw DecodingError.dataCorruptedError(forKey: .schema, in: c, debugDescription: schema.map {
                "\"schema\" is \($0); this f1b reads schema \(Self.schema)"
            } ?? "no \"schema\": written by an f1b older than this file format (schema \(Self.schema)); run the shard again")
        }
        let shards = try c.decode([Int].self, forKey: .shards), count = try c.decode(Int.self, forKey: .shardCount)
        guard count >= 1, shards.allSatisfy({ (0..<count).contains($0) }) else {
            throw DecodingError.dataCorruptedError(forKey: .shards, in: c, debugDescription: "expected shards i with 0 ≤ i < shard_count")
        }
        self.init(try Sweep(from: decoder), fingerprint: try c.decode(String.self, forKey: .fingerprint), shards: shards.sorted(), shardCount: count)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.schema, forKey: .schema)
        try c.encode(Sweep.kind, forKey: .kind)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(shards, forKey: .shards)
        try c.encode(shardCount, forKey: .shardCount)
        try sweep.encode(to: encoder)
    }
}

/// Why two results are not shards of one sweep.
public enum MergeError: Error, CustomStringConvertible, Equatable {
    /// The inputs (model, protocol, file, n, …) differ: their fingerprints do.
    case otherInputs(expected: String, found: String)
    /// The sweep was split into another number of shards.
    case otherSplit(expected: Int, found: Int)
    /// These shards are given twice.
    case repeated([Int])

    public var description: String {
        switch self {
        case .otherInputs(let expected, let found):
            return "not a shard of the same sweep: its inputs differ (fingerprint \(found), expected \(expected) as in the first file)"
        case .otherSplit(let expected, let found):
            return "not a shard of the same sweep: it was split into \(found) shards, not \(expected)"
        case .repeated(let shards):
            return "shard\(shards.count == 1 ? "" : "s") \(shards.map(String.init).joined(separator: ", ")) given twice"
        }
    }
}
