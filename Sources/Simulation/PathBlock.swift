import Cells
import F1B
import _LaneMath

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

/// A block's inputs as the 64-lane cells take them, step by step: the flag
/// lanes from the block's flag positions, the information bits from its
/// stream, the class's bit where the flag is on.
public struct LaneInputStream: Sendable {
    var block: PathBlock
    let flagPositions: (LaneMask, LaneMask, LaneMask, LaneMask)
    let classBit: LaneMasks

    public init(setup: SimulationSetup, positive: Bool, block index: Int) {
        block = PathBlock(setup: setup, positive: positive, block: index)
        let L = block.flagPositions.map { Int32($0) }
        flagPositions = (LaneMask(L[0..<16]), LaneMask(L[16..<32]), LaneMask(L[32..<48]), LaneMask(L[48..<64]))
        classBit = LaneMasks(bits: positive ? ~0 : 0)
    }

    /// The inputs of step t (call for t = 1, 2, … in order).
    @inline(__always)
    public mutating func next(at t: Int) -> LaneInputs {
        let flagged = LaneMasks(lanesOf: flagPositions, equalTo: Int32(t))
        return LaneInputs(positive: LaneMasks.select(flagged, classBit, LaneMasks(bits: block.nextBits())), flagged: flagged)
    }
}
