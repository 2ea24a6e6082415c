/// Keeps the first `limit` canonical indices seen (tallies merge in order, but
/// within a task the walk is depth first, not canonical).
struct FirstIndices: Sendable {
    var limit: Int
    var indices: [Int] = []

    mutating func insert(_ index: Int) {
        if indices.count < limit {
            indices.append(index)
            indices.sort()
        } else if let last = indices.last, index < last {
            indices[indices.count - 1] = index
            indices.sort()
        }
    }

    mutating func merge(_ other: FirstIndices) { for i in other.indices { insert(i) } }
}

/// Distinct keys (final states or enclosures) → the least canonical index
/// reaching each, given up (emptied, `exceeded`) past `limit` keys.
public struct FirstIndexMap<Key: Hashable & Sendable>: Sendable {
    public let limit: Int
    public private(set) var indices: [Key: Int] = [:]
    public private(set) var exceeded = false

    public init(limit: Int) { self.limit = limit }

    public var count: Int { indices.count }

    mutating func insert(_ key: Key, _ index: Int) {
        guard !exceeded else { return }
        if let old = indices[key], old <= index { return }
        indices[key] = index
        if indices.count > limit { giveUp() }
    }

    mutating func merge(_ other: FirstIndexMap) {
        if other.exceeded { giveUp() }
        guard !exceeded else { return }
        indices.merge(other.indices, uniquingKeysWith: Swift.min)
        if indices.count > limit { giveUp() }
    }

    mutating func giveUp() {
        exceeded = true
        indices = [:]
    }
}
