/// The activations the cells use.
///
/// - `hardclip`: the paper's g (eq. 17): g(x) = −1 for x < −1, x on [−1, 1], 1 for x > 1.
/// - `relu`: max(0, x).
/// - `tanh`: the hyperbolic tangent.
/// - `sigmoid`: σ(x) = 1 / (1 + e^(−x)).
public enum Activation: String, Sendable, CaseIterable, Codable {
    case hardclip, relu, tanh, sigmoid

    /// Piecewise linear with rational breakpoints: exact over ℚ.
    public var isPiecewiseLinear: Bool { self == .hardclip || self == .relu }
}
