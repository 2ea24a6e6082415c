import Exact
import F1B

/// A recurrent cell s_t = F(s_{t−1}, x_t) (the paper's eq. 1) in one number
/// system. Every cell has this one signature: its full recurrent state is a flat
/// array of `stateWidth` scalars (K for Vanilla, GRU, PRU; 2K for the LSTM, c
/// then d), and the state the classifier reads is its first K entries.
public protocol RecurrentCell<Scalar>: Sendable {
    associatedtype Scalar: CellScalar

    /// K, the state dimension the classifier reads.
    var stateSize: Int { get }
    /// Scalars in the full recurrent state.
    var stateWidth: Int { get }
    /// s_0.
    var initialState: [Scalar] { get }

    /// Scalars of working space one step needs (gate values and candidates).
    var scratchWidth: Int { get }

    /// next ← F(state, input). `next` has `stateWidth` entries and never aliases
    /// `state`; `scratch` has `scratchWidth` entries and holds nothing between
    /// steps (passing it in keeps the hot loops of every engine allocation-free).
    func step(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar])
}

extension RecurrentCell {
    /// The part of a full state the classifier reads (s, or c for the LSTM).
    public func classifiedState(_ full: [Scalar]) -> [Scalar] { Array(full.prefix(stateSize)) }

    /// Working space for `step(_:_:into:scratch:)`.
    public func makeScratch() -> [Scalar] { Array(repeating: Scalar.zero, count: scratchWidth) }

    /// next ← F(state, input), with working space of its own.
    @inlinable
    public func step(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar]) {
        var scratch = makeScratch()
        step(state, input, into: &next, scratch: &scratch)
    }
}

extension RecurrentCell where Scalar.Input == StepInput {
    /// The final full state after feeding `path` from s_0.
    public func run(_ path: Path) -> [Scalar] {
        run((1...path.length).map { path.input(at: $0) })
    }

    /// The final full state after feeding `inputs` from s_0 (any sequence of
    /// (information bit, flag) pairs: an F1B path, or a Flagged-m-Bit one).
    public func run(_ inputs: [StepInput]) -> [Scalar] {
        run(inputs, stoppingWhen: { false })!
    }

    /// The final full state after feeding `path` from s_0, or nil when
    /// `shouldStop` says so before a step.
    public func run(_ path: Path, stoppingWhen shouldStop: () -> Bool) -> [Scalar]? {
        run((1...path.length).map { path.input(at: $0) }, stoppingWhen: shouldStop)
    }

    /// The final full state after `inputs`, or nil when `shouldStop` says so
    /// before a step: one path of 100 steps in rational-endpoint intervals at
    /// K = 32 takes seconds, and a deadline must be able to cut it short.
    public func run(_ inputs: [StepInput], stoppingWhen shouldStop: () -> Bool) -> [Scalar]? {
        var state = initialState
        var next = initialState
        for x in inputs {
            guard !shouldStop() else { return nil }
            step(state, x, into: &next)
            swap(&state, &next)
        }
        return state
    }

    /// The states s_1 … s_n along `path` (full width).
    public func trajectory(_ path: Path) -> [[Scalar]] {
        var states: [[Scalar]] = []
        var state = initialState
        var next = initialState
        for t in 1...path.length {
            step(state, path.input(at: t), into: &next)
            swap(&state, &next)
            states.append(state)
        }
        return states
    }
}

/// A cell's step F(s, x) as a function in the visitor's number system, for
/// engines that apply it to many states (reachable sets, boxes).
public struct StepFunction<S: CellScalar>: CellVisitor where S.Input == StepInput {
    public typealias Scalar = S
    public let context: S.Context

    public init(context: S.Context) { self.context = context }

    public func visit<C: RecurrentCell>(_ cell: C) -> @Sendable ([S], StepInput) -> [S] where C.Scalar == S {
        { state, input in
            var next = state
            cell.step(state, input, into: &next)
            return next
        }
    }
}
