import Foundation
import Simulation

/// Rates and their intervals with significant digits, not fixed decimals:
/// 20 000 paths without an error are "0 [0, 0.000185]", not "0.000 [0.000, 0.000]",
/// which would hide a 95% upper bound of 1.8·10⁻⁴. Intervals are rounded
/// outward at the printed digits (the lower bound down, the upper up), so a
/// printed interval always contains the computed one: 10 000 of 10 000 is
/// "1 [0.999, 1]", not "1 [1, 1]".
public enum RateFormat {
    /// Which way a value is rounded to the printed digits.
    public enum Rounding: Sendable {
        case nearest, down, up
    }

    /// x with `digits` significant digits (0 and 1 exactly as "0", "1"), rounded as asked.
    public static func value(_ x: Double, digits: Int = 3, rounding: Rounding = .nearest) -> String {
        if x == 0 { return "0" }
        if x == 1 { return "1" }
        return directed(x, significantDigits: digits, rounding) { String(format: "%.\(digits)g", $0) }
    }

    /// x as "d.dd…e±XX" with `digits` significant digits, rounded as asked.
    public static func scientific(_ x: Double, digits: Int = 3, rounding: Rounding = .nearest) -> String {
        directed(x, significantDigits: digits, rounding) { String(format: "%.\(digits - 1)e", $0) }
    }

    /// "rate [lower, upper]" (the interval at the estimate's confidence, rounded outward).
    public static func interval(_ e: ErrorEstimate) -> String {
        "\(value(e.rate)) [\(value(e.lower, rounding: .down)), \(value(e.upper, rounding: .up))]"
    }

    /// "rate [lower, upper]" in scientific notation, the interval rounded outward.
    public static func scientificInterval(_ e: ErrorEstimate, digits: Int = 3) -> String {
        "\(scientific(e.rate, digits: digits)) [\(scientific(e.lower, digits: digits, rounding: .down)), "
            + "\(scientific(e.upper, digits: digits, rounding: .up))]"
    }

    /// `format(x)` (which prints `significantDigits` digits, rounding to nearest),
    /// moved one unit of the last printed digit down or up where the nearest
    /// lies on the wrong side of x.
    static func directed(_ x: Double, significantDigits digits: Int, _ rounding: Rounding, format: (Double) -> String) -> String {
        let text = format(x)
        guard rounding != .nearest, x.isFinite, x != 0, let printed = Double(text) else { return text }
        if rounding == .down ? printed <= x : printed >= x { return text }
        // One unit in the last printed digit, at printed's decade; a step down from
        // a power of ten lands in the decade below, whose unit is ten times smaller.
        let decade = floor(log10(abs(printed)))
        var unit = pow(10, decade - Double(digits - 1))
        let towardZero = (rounding == .down) == (printed > 0)
        if towardZero, abs(abs(printed) - pow(10, decade)) < unit / 2 { unit /= 10 }
        let moved = rounding == .down ? printed - unit : printed + unit
        return format(moved == 0 ? 0 : moved)
    }
}
