import Simulation

/// Rates and their intervals with significant digits, not fixed decimals:
/// 20 000 paths without an error are "0 [0, 0.000184]", not "0.000 [0.000, 0.000]",
/// which would hide a 95% upper bound of 1.8·10⁻⁴.
public enum RateFormat {
    /// x with `digits` significant digits (0 and 1 exactly as "0", "1").
    public static func value(_ x: Double, digits: Int = 3) -> String {
        if x == 0 { return "0" }
        if x == 1 { return "1" }
        return String(format: "%.\(digits)g", x)
    }

    /// "rate [lower, upper]" (the interval at the estimate's confidence).
    public static func interval(_ e: ErrorEstimate) -> String {
        "\(value(e.rate)) [\(value(e.lower)), \(value(e.upper))]"
    }
}
