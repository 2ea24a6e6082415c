import Exact

/// A path of the Flagged-m-Bit test, F1B's generalisation to m flags (after
/// Collins et al.'s per-unit capacity): information bits X^I_1…X^I_n ∈ {±1}
/// and m flag positions L_1 < … < L_m; the final state must let readout j
/// tell X^I_(L_j), the j-th flagged bit, for every j. With m = 1 it is an F1B
/// path. All C(n, m)·2^n paths are equally likely.
public struct FlaggedBitsPath: Sendable, Hashable, CustomStringConvertible {
    public let flagPositions: [Int]
    public let informationBits: [Int8]

    public init(flagPositions: [Int], informationBits: [Int8]) {
        precondition(!flagPositions.isEmpty && zip(flagPositions, flagPositions.dropFirst()).allSatisfy { $0 < $1 })
        precondition(flagPositions.first! >= 1 && flagPositions.last! <= informationBits.count)
        precondition(informationBits.allSatisfy { $0 == 1 || $0 == -1 })
        self.flagPositions = flagPositions
        self.informationBits = informationBits
    }

    public var length: Int { informationBits.count }
    public var flaggedBits: Int { flagPositions.count }

    /// X^I at the j-th flag (j = 0…m−1): readout j's label.
    public func label(_ j: Int) -> Int { Int(informationBits[flagPositions[j] - 1]) }

    /// The input at time t (1-based).
    public func input(at t: Int) -> StepInput {
        StepInput(informationBit: Int(informationBits[t - 1]), flagged: flagPositions.contains(t))
    }

    public var inputs: [StepInput] { (1...length).map(input(at:)) }

    public var bitString: String { String(informationBits.map { $0 == 1 ? "+" : "-" }) }

    public var description: String { "L=\(flagPositions.map(String.init).joined(separator: ",")) bits=\(bitString)" }

    /// C(n, m)·2^n, the number of paths of the Flagged-m-Bit test at length n.
    public static func count(length n: Int, flaggedBits m: Int) -> BigInteger {
        guard m <= n else { return BigInteger(0) }
        var c = BigInteger(1), f = BigInteger(1)
        for i in 0..<m {
            c = c * BigInteger(n - i)
            f = f * BigInteger(i + 1)
        }
        return Rational(numerator: c, denominator: f).numerator * BigInteger.powerOfTwo(n)   // f divides c
    }

    /// A path drawn uniformly: m distinct positions, bits independent and fair.
    public static func random(length n: Int, flaggedBits m: Int, using rng: inout some RandomNumberGenerator) -> FlaggedBitsPath {
        precondition(1 <= m && m <= n)
        // Floyd's algorithm: m distinct positions from 1…n.
        var chosen = Set<Int>()
        for j in (n - m + 1)...n {
            let t = Int.random(in: 1...j, using: &rng)
            chosen.insert(chosen.contains(t) ? j : t)
        }
        return FlaggedBitsPath(flagPositions: chosen.sorted(), informationBits: Path.randomBits(n, using: &rng))
    }
}

extension Path {
    /// The same path as a Flagged-1-Bit path.
    public var flaggedBitsPath: FlaggedBitsPath { FlaggedBitsPath(flagPositions: [flagPosition], informationBits: informationBits) }
}
