import Exact

/// A sample path of F1B(n) (Definition 1): information bits X^I_1…X^I_n ∈ {±1}
/// and the flag position L ∈ {1, …, n}. The path is positive when the flagged
/// information bit X^I_L is +1, negative otherwise.
public struct Path: Sendable, Hashable, CustomStringConvertible {
    public let flagPosition: Int
    public let informationBits: [Int8]

    public init(flagPosition: Int, informationBits: [Int8]) {
        precondition(!informationBits.isEmpty && (1...informationBits.count).contains(flagPosition))
        precondition(informationBits.allSatisfy { $0 == 1 || $0 == -1 })
        self.flagPosition = flagPosition
        self.informationBits = informationBits
    }

    public var length: Int { informationBits.count }

    /// X^I_L: +1 for a positive path, −1 for a negative one.
    public var label: Int { Int(informationBits[flagPosition - 1]) }

    /// The path's class, as the classification rule reads it.
    public var classLabel: ClassLabel { ClassLabel(flaggedBit: label) }

    /// The input at time t (1-based).
    public func input(at t: Int) -> StepInput {
        StepInput(informationBit: Int(informationBits[t - 1]), flagged: t == flagPosition)
    }

    public var inputs: [StepInput] { (1...length).map(input(at:)) }

    /// The bits as a string of "+" and "−" signs ("+-+" for +1, −1, +1).
    public var bitString: String { String(informationBits.map { $0 == 1 ? "+" : "-" }) }

    public var description: String { "L=\(flagPosition) bits=\(bitString)" }
}

// MARK: - Canonical enumeration order

extension Path {
    /// The position of this path in f1b's canonical order of the n·2^n paths:
    /// by L ascending, then by information bits lexicographically with −1 < +1,
    /// i.e. index = (L − 1)·2^n + Σₜ [X^I_t = +1]·2^(n−t). Precondition: n ≤ 57.
    public var index: Int {
        precondition(length <= 57)
        return (flagPosition - 1) << length | Path.bitMask(informationBits)
    }

    /// The path at `index` in the canonical order of F1B(n). Precondition: n ≤ 57.
    public init(length n: Int, index: Int) {
        precondition(n >= 1 && n <= 57 && index >= 0 && index < n << n)
        self.init(flagPosition: index >> n + 1, bitMask: UInt64(index & ((1 << n) - 1)), length: n)
    }

    /// Bits from a mask whose most significant of n bits is X^I_1 (1 = +1).
    public init(flagPosition: Int, bitMask: UInt64, length n: Int) {
        self.init(flagPosition: flagPosition,
                  informationBits: (0..<n).map { t in (bitMask >> UInt64(n - 1 - t)) & 1 == 1 ? 1 : -1 })
    }

    static func bitMask(_ bits: [Int8]) -> Int {
        bits.reduce(0) { $0 << 1 | ($1 == 1 ? 1 : 0) }
    }

    /// n·2^n, the number of equally likely paths of F1B(n).
    public static func count(length n: Int) -> BigInteger {
        BigInteger(n) * BigInteger.powerOfTwo(n)
    }

    /// Lemma 3's threshold 1/(n·2^n): every path has this probability, so an
    /// error probability below it is zero.
    public static func probability(length n: Int) -> Rational {
        Rational(numerator: 1, denominator: count(length: n))
    }
}

extension Path {
    /// f1b's canonical order for paths of any length: by L, then by the
    /// information bits lexicographically with −1 < +1 (agrees with `index`).
    public func canonicallyPrecedes(_ other: Path) -> Bool {
        if flagPosition != other.flagPosition { return flagPosition < other.flagPosition }
        return informationBits.lexicographicallyPrecedes(other.informationBits)
    }
}
