/// What one shard of a sweep computes: the payload of a `ShardedResult`. Its
/// keys sit beside the envelope's (`kind`, `fingerprint`, `shards`,
/// `shard_count`) in one JSON object, so they must not use those names.
public protocol ShardedSweep: Codable, Sendable, Equatable {
    /// The result file's `"kind"`: which sweep wrote it.
    static var kind: String { get }
    /// What the file is, for messages: "an f1b search result".
    static var title: String { get }

    associatedtype Inputs: Encodable
    /// Everything every shard of one sweep must share; fingerprinted.
    var inputs: Inputs { get }

    /// Adds another shard's part of the same sweep (the envelope has checked
    /// the fingerprint and the shards). The result must not depend on the order
    /// in which shards are added, so merged shards equal the unsharded run.
    mutating func absorb(_ other: Self)
}
