import Foundation

/// Durations in reports and terminal summaries: two decimals under ten seconds, whole seconds above.
public enum TimeFormat {
    public static func seconds(_ s: Double) -> String {
        s < 10 ? String(format: "%.2f s", s) : String(format: "%.0f s", s)
    }
}
