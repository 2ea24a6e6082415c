/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator
/// whose streams are reproducible on every platform. `jumped(to:)` gives
/// independent-looking streams for parallel workers, so results do not depend
/// on the thread count.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The generator for stream `stream` of seed `seed`.
    public static func stream(_ stream: UInt64, seed: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }
}

extension Path {
    /// A path drawn from F1B(n): L uniform on {1…n}, bits independent and fair.
    /// With `flagAt`, L is fixed (as in the paper's Figures 2 and 3).
    public static func random(length n: Int, flagAt: Int? = nil, using rng: inout some RandomNumberGenerator) -> Path {
        precondition(n >= 1)
        let L = flagAt ?? Int.random(in: 1...n, using: &rng)
        return Path(flagPosition: L, informationBits: randomBits(n, using: &rng))
    }

    /// n fair ±1 bits, 64 from each draw of the generator.
    static func randomBits(_ n: Int, using rng: inout some RandomNumberGenerator) -> [Int8] {
        var bits = [Int8]()
        bits.reserveCapacity(n)
        var word: UInt64 = 0
        for t in 0..<n {
            if t % 64 == 0 { word = rng.next() }
            bits.append(word & 1 == 1 ? 1 : -1)
            word >>= 1
        }
        return bits
    }

    /// A path of the given class (label +1 or −1): the flagged bit is forced.
    public static func random(length n: Int, label: Int, flagAt: Int? = nil,
                              using rng: inout some RandomNumberGenerator) -> Path {
        let path = random(length: n, flagAt: flagAt, using: &rng)
        var bits = path.informationBits
        bits[path.flagPosition - 1] = Int8(label)
        return Path(flagPosition: path.flagPosition, informationBits: bits)
    }
}
