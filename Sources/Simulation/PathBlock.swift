import F1B

/// The random inputs of one block of 64 paths of one class, generated on
/// the fly from a stream of its own: stream (class, block) of the run's seed.
/// The paths of a run therefore do not depend on how blocks are shared among
/// threads, and the vector engine and the scalar reference engine see the same
/// paths.
///
/// Lane i of the block is path 64·block + i of its class. Its flag position is
/// drawn first (unless fixed); then each step t uses one 64-bit draw, bit i
/// for lane i. At t = L the drawn bit is replaced by the class's bit.
public struct PathBlock: Sendable {
    public static let width = 64

    public let flagPositions: [Int]
    @usableFromInline var generator: SplitMix64

    public init(setup: SimulationSetup, positive: Bool, block: Int) {
        var generator = SplitMix64.stream(UInt64(block) << 1 | (positive ? 1 : 0), seed: setup.seed)
        let n = UInt64(setup.length)
        flagPositions = (0..<Self.width).map { _ in
            if let L = setup.flagPosition { return L }
            // ⌊n·u / 2⁶⁴⌋ + 1 for a uniform 64-bit u: uniform on 1…n up to n/2⁶⁴.
            return Int(n.multipliedFullWidth(by: generator.next()).high) + 1
        }
        self.generator = generator
    }

    /// The random information bits of the next step (bit i for lane i, 1 is +1).
    @inlinable @inline(__always)
    public mutating func nextBits() -> UInt64 { generator.next() }
}
