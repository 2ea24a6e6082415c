/// Watches a long check without owning its output: `step(done, total)` as a
/// sweep advances (for a count and an estimate), `decided(result)` when an n
/// is decided for good (pass or fail of an exact or certified engine), so a
/// caller can stream per-n results. Engines call it; they never print.
public struct CheckObserver: Sendable {
    public var step: @Sendable (Int, Int) -> Void
    public var decided: @Sendable (LengthResult) -> Void

    public init(step: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
                decided: @escaping @Sendable (LengthResult) -> Void = { _ in }) {
        self.step = step
        self.decided = decided
    }
}
