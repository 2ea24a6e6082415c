/// One part of a sweep split for a Slurm array: shard i of N (0 ≤ i < N,
/// written "i/N" as every sweep's `--shard`). Item j of a sweep — a setting of
/// `f1b search`, a run of `f1b train --seeds` or `f1b report cells`, a subtree
/// (bit prefix, in canonical order) of `f1b check --shard`'s enumeration —
/// belongs to shard j mod N, so N shards together see every item once.
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole sweep: shard 0 of 1.
    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "a shard i/N needs 0 ≤ i < N")
        self.index = index
        self.count = count
    }

    /// Parses "i/N" with 0 ≤ i < N; the error says what was expected.
    public init(parsing text: String) throws(ShardParseError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else {
            throw ShardParseError(text: text)
        }
        self.init(index: i, count: n)
    }

    /// Whether item `item` (0-based, in the sweep's canonical order) belongs to this shard.
    public func owns(_ item: Int) -> Bool { item % count == index }

    /// The indices below `total` that belong to this shard, in order.
    public func indices(below total: Int) -> StrideTo<Int> { stride(from: index, to: total, by: count) }

    /// The elements of `items` whose position belongs to this shard, in order.
    public func items<C: Collection>(of items: C) -> [C.Element] {
        items.enumerated().filter { owns($0.offset) }.map(\.element)
    }

    public var description: String { "\(index)/\(count)" }
}

/// A shard written other than "i/N" with 0 ≤ i < N.
public struct ShardParseError: Error, CustomStringConvertible, Equatable {
    public var text: String
    public init(text: String) { self.text = text }
    public var description: String { "expected i/N with 0 ≤ i < N (e.g. 0/4), found '\(text)'" }
}
