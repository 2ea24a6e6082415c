import Synchronization

/// A bounded, thread-safe memo of point enclosures f(x) at a precision.
/// Gated cells apply σ and tanh to the same exact pre-activations at every
/// step (their gates read only the input), so the memo turns most of their
/// transcendental work into look-ups. Results are identical with or without it.
final class EnclosureCache: Sendable {
    enum Function: UInt8, Sendable { case exp, tanh, sigmoid }

    struct Key: Hashable, Sendable {
        var function: Function
        var precision: Int
        var x: Rational
    }

    static let shared = EnclosureCache(capacity: 1 << 12)

    let capacity: Int
    private let table: Mutex<[Key: Interval]>

    init(capacity: Int) {
        self.capacity = capacity
        table = Mutex([:])
    }

    /// f(x) from the memo, or computed (outside the lock) and remembered.
    func value(_ function: Function, _ x: Rational, precision: Int, compute: () -> Interval) -> Interval {
        let key = Key(function: function, precision: precision, x: x)
        if let hit = table.withLock({ $0[key] }) { return hit }
        let value = compute()
        table.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
        return value
    }
}
