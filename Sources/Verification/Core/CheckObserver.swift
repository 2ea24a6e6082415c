/// Watches a long check without owning its output: `progress` as work
/// advances (a task name, done and total, for a count and an estimate),
/// `decided` when a length is decided for good (so a caller can stream
/// per-n results), `note` for a short line on what starts. Engines call it;
/// they never print.
public struct CheckObserver: Sendable {
    public var progress: @Sendable (_ task: String, _ done: Int, _ total: Int) -> Void
    public var decided: @Sendable (LengthResult) -> Void
    public var note: @Sendable (String) -> Void

    public init(progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in },
                decided: @escaping @Sendable (LengthResult) -> Void = { _ in },
                note: @escaping @Sendable (String) -> Void = { _ in }) {
        self.progress = progress
        self.decided = decided
        self.note = note
    }
}
