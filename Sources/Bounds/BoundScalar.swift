import F1B
import Cells
import Exact

/// The number systems the bound computations run in: exact rationals (A and B
/// given as rationals) or certified intervals (A = σ(a), B = tanh(b)). Results
/// are reported as intervals either way (points when exact).
public protocol BoundScalar: CellScalar where Input == StepInput {
    static func / (a: Self, b: Self) -> Self
    /// An enclosure of the value (a point when exact).
    var enclosure: Interval { get }
}

extension Rational: BoundScalar {
    public var enclosure: Interval { Interval(self) }
}

extension Interval: BoundScalar {
    public var enclosure: Interval { self }
}

/// Yes, no, or (intervals only) cannot tell at this precision.
public enum Decision: String, Sendable {
    case yes, no, undecided

    /// Whether x < bound, decided from an enclosure of x.
    public static func below(_ x: Interval, _ bound: Rational) -> Decision {
        x.upper < bound ? .yes : x.lower >= bound ? .no : .undecided
    }

    /// Whether the classifier sign(S_n) (C = +1 iff S_n ≥ 0) is right on a
    /// path of class `label` whose S_n is enclosed by x.
    public static func classifiedCorrectly(_ x: Interval, _ label: ClassLabel) -> Decision {
        switch Classification.certify(x, label: label) {
        case .correct: .yes
        case .wrong: .no
        case .undecided: .undecided
        }
    }

    public static func && (a: Decision, b: Decision) -> Decision {
        if a == .no || b == .no { return .no }
        if a == .undecided || b == .undecided { return .undecided }
        return .yes
    }
}
