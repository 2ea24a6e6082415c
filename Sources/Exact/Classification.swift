/// The class of a path of F1B: its flagged information bit X^I_L.
public enum ClassLabel: Int, Sendable, Hashable, CaseIterable {
    case positive = 1
    case negative = -1

    /// The label of a flagged bit ±1.
    @inlinable public init(flaggedBit: Int) { self = flaggedBit > 0 ? .positive : .negative }

    /// "+1" or "−1".
    public var symbol: String { self == .positive ? "+1" : "−1" }
}

/// The sign of a classifier score βᵀs + γ, as the classification rule reads it.
public enum ScoreSign: Sendable, Hashable {
    case negative, zero, positive
    /// A NaN score (a diverged Float model): on neither side, so wrong for both labels.
    case undefined
}

/// A number a classifier score can be held in: its sign is all the rule needs.
public protocol ClassifierScore {
    var scoreSign: ScoreSign { get }
}

extension Rational: ClassifierScore {
    @inlinable public var scoreSign: ScoreSign {
        switch signum { case 0: .zero; case 1...: .positive; default: .negative }
    }
}

extension ClassifierScore where Self: BinaryFloatingPoint {
    @inlinable public var scoreSign: ScoreSign {
        self > 0 ? .positive : self < 0 ? .negative : self == 0 ? .zero : .undefined
    }
}

extension Double: ClassifierScore {}
extension Float: ClassifierScore {}

/// The classification rule of Definition 2, in the one place every engine,
/// simulator, trainer and report reads it from:
///
///     C(s) = +1  iff  βᵀs + γ ≥ 0,
///
/// so a score of exactly 0 is +1: correct for a positive path, **wrong** for
/// a negative one. (Negating the score of a negative path and testing `< 0`
/// lets that tie through; every caller goes through `isCorrect` instead.)
public enum Classification {
    /// C's output for a score of this sign (nil for a NaN score).
    @inlinable public static func output(_ sign: ScoreSign) -> ClassLabel? {
        switch sign {
        case .positive, .zero: .positive
        case .negative: .negative
        case .undefined: nil
        }
    }

    /// Whether C classifies a path of class `label` correctly from its score's sign.
    @inlinable public static func isCorrect(_ sign: ScoreSign, label: ClassLabel) -> Bool {
        output(sign) == label
    }

    /// Whether C classifies a path of class `label` correctly from its score.
    @inlinable public static func isCorrect<S: ClassifierScore>(_ score: S, label: ClassLabel) -> Bool {
        isCorrect(score.scoreSign, label: label)
    }

    /// What an enclosure of a score establishes about one path.
    public enum Certainty: Sendable, Hashable {
        /// Every score in the enclosure is classified correctly.
        case correct
        /// Every score in the enclosure is classified wrongly.
        case wrong
        /// The enclosure holds scores of both kinds (it meets the threshold).
        case undecided
    }

    /// Certified classification from an enclosure [lower, upper] of the score:
    /// the sets of correct scores are the half-lines [0, ∞) (label +1) and
    /// (−∞, 0) (label −1), so the enclosure is inside one iff its endpoint
    /// nearest the threshold is correct, and inside the complement iff the
    /// endpoint farthest from it is wrong.
    public static func certify(_ score: Interval, label: ClassLabel) -> Certainty {
        certify(lower: score.lower, upper: score.upper, label: label)
    }

    /// The same from an enclosure with Double endpoints.
    @inlinable public static func certify(_ score: DoubleInterval, label: ClassLabel) -> Certainty {
        certify(lower: score.lower, upper: score.upper, label: label)
    }

    /// The same from the bounds of an enclosure, lower ≤ upper.
    @inlinable public static func certify<S: ClassifierScore>(lower: S, upper: S, label: ClassLabel) -> Certainty {
        let worst = label == .positive ? lower : upper
        let best = label == .positive ? upper : lower
        if isCorrect(worst, label: label) { return .correct }
        if !isCorrect(best, label: label) { return .wrong }
        return .undecided
    }

    /// The signed margin label·(βᵀs + γ): positive on the correct side, negative
    /// on the wrong one; 0 on the hyperplane, where the label decides (`Margin`).
    @inlinable public static func signedMargin(_ score: Rational, label: ClassLabel) -> Rational {
        label == .positive ? score : -score
    }
}

/// The least signed margin label·(βᵀs + γ) over a set of paths, with the side
/// of the hyperplane's ties: when it is 0, `tie` says which class lies on the
/// hyperplane (`.negative` if any negative path does, since that one is
/// misclassified). Margins are in score units: the Euclidean distance is
/// value/‖β‖₂.
public struct Margin: Sendable, Hashable, CustomStringConvertible {
    public var value: Rational
    /// The class of a path on the hyperplane attaining a zero least margin; nil when the margin is not 0.
    public var tie: ClassLabel?

    public init(value: Rational, tie: ClassLabel? = nil) {
        self.value = value
        self.tie = value.isZero ? (tie ?? .positive) : nil
    }

    /// The margin of one path from its score.
    public init(score: Rational, label: ClassLabel) {
        self.init(value: Classification.signedMargin(score, label: label), tie: label)
    }

    /// Whether the path(s) attaining it are classified correctly: margin > 0,
    /// or 0 with only positive paths on the hyperplane.
    public var isCorrect: Bool {
        value.signum > 0 || (value.isZero && tie == .positive)
    }

    /// The lesser of two margins; at 0, a negative tie (wrong) is less than a positive one.
    public static func least(_ a: Margin, _ b: Margin) -> Margin {
        if a.value != b.value { return a.value < b.value ? a : b }
        return a.tie == .negative ? a : b
    }


    /// "1/3", or "0 (tie: +1)".
    public var description: String { tie.map { "0 (tie: \($0.symbol))" } ?? value.description }
}

extension Optional where Wrapped == Margin {
    /// The least margin of a set (nil while it is empty) extended by one more.
    public mutating func include(_ other: Margin) { self = map { Margin.least($0, other) } ?? other }
}
