import Exact
import Synchronization
import _Parallel

/// Stops long work from outside: Ctrl-C sets it. Engines poll it between
/// chunks of work (never on the innermost loop).
public final class StopSignal: Sendable {
    private let stopped = Atomic<Bool>(false)

    public init() {}

    public func stop() { stopped.store(true, ordering: .relaxed) }
    public var isStopped: Bool { stopped.load(ordering: .relaxed) }
}

/// How much work a check may do. The work budgets (paths, states, boxes,
/// depth, search) decide what reports and tests do, so their verdicts do not
/// depend on the machine; the deadline (`--time-limit`) and the stop signal
/// (Ctrl-C) bound an interactive run and say so when they cut it. `threads`
/// (`--threads`) says how many workers the parallel engines use; it changes
/// how fast a check runs, never what it finds.
public struct Budget: Sendable {
    /// Most paths enumerated at one n.
    public var paths: BigInteger = BigInteger(1 << 25)
    /// Most distinct states stored (the DP over all its layers; enumeration per n).
    public var states = 2_000_000
    /// Most leaves of a cover's partition.
    public var boxes = 200_000
    /// Deepest sweep looking for repetition or an invariant (every n).
    public var depth = 100_000
    /// Longest n the every-n scan decides length by length when no certificate is found.
    public var everyLengthScan = 200
    /// Cell steps a falsifier may spend per length.
    public var searchSteps = 1_000_000
    /// Seconds a falsifier may go on searching, with random paths, the lengths
    /// every procedure left open (within the deadline; 0: none).
    public var searchSeconds = 0.0
    /// Most sets a relational-set procedure keeps per phase.
    public var sets = 64
    /// Wall-clock end of the run (nil: none).
    public var deadline: ContinuousClock.Instant?
    /// The seconds the deadline was set from (for reasons).
    public var timeLimit: Double?
    public var stop = StopSignal()
    /// Workers the parallel engines (enumeration, covers, zonotope images) spread over.
    public var threads = availableThreads

    public init() {}

    /// Whether the run must end now (deadline passed or interrupted).
    public var isExhausted: Bool {
        if stop.isStopped { return true }
        if let deadline, ContinuousClock.now >= deadline { return true }
        return false
    }

    /// Whether the deadline is a share of the run's (`share(_:)`).
    public private(set) var isShare = false

    /// Why the run ended early, when it did.
    public var exhaustion: OpenReason? {
        if stop.isStopped { return .interrupted }
        if let deadline, ContinuousClock.now >= deadline {
            return isShare ? .timeShare(seconds: timeLimit ?? 0) : .timeLimit(seconds: timeLimit ?? 0)
        }
        return nil
    }

    /// This budget with `fraction` of the time left (unchanged without a deadline).
    public func share(_ fraction: Double) -> Budget {
        guard let left = secondsLeft else { return self }
        var b = self
        b.deadline = ContinuousClock.now + .seconds(max(0, left) * fraction)
        b.timeLimit = max(0, left) * fraction
        b.isShare = true
        return b
    }

    /// Seconds left before the deadline (nil: no deadline).
    public var secondsLeft: Double? {
        guard let deadline else { return nil }
        return (deadline - ContinuousClock.now).seconds
    }

    /// The budget a counterexample's replay gets (`Recheck`): the deadline
    /// moved on by a tenth of the time limit, at most 5 s, since a fail found
    /// just before the deadline is worth the replay that reports it; an
    /// interruption (Ctrl-C) still stops it at once.
    public var forReplay: Budget {
        guard let deadline, let timeLimit else { return self }
        var b = self
        b.deadline = deadline + .milliseconds(Int64(min(5, timeLimit / 10) * 1000))
        return b
    }

    /// A deadline `seconds` from now (0: none).
    public mutating func limitTime(to seconds: Double) {
        guard seconds > 0 else { deadline = nil; timeLimit = nil; return }
        timeLimit = seconds
        deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
