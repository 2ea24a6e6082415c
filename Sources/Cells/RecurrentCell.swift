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

    /// nexts[v] ← F(state, inputs[v]) for every v: one state, several inputs
    /// (a parent's children in enumeration). A `SplitStepCell` prepares the
    /// state once for all of them; others step once per input.
    func step(_ state: [Scalar], inputs: [Scalar.Input], into nexts: inout [[Scalar]], scratch: inout [Scalar])
}

/// A cell whose step splits into a part that reads only the state — the
/// recurrent products U s_{t−1} (+ V c_{t−1}), the same for every input — and
/// a part that adds the input and applies the gates:
///
///     F(s, x) = finish(s, prepare(s), x)
///
/// `step` is exactly that composition, so the cell keeps one definition.
/// Enumeration prepares each parent state once and finishes it for its two
/// or four children.
public protocol SplitStepCell: RecurrentCell {
    /// scratch[0..<preparedWidth] ← the input-independent part of a step from `state`.
    func prepare(_ state: [Scalar], scratch: inout [Scalar])
    /// next ← F(state, input), given `prepare(state)` in scratch[0..<preparedWidth],
    /// which it leaves as it is (so one preparation serves several inputs).
    func finish(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar])
    /// Scalars at the start of the scratch that `prepare` fills.
    var preparedWidth: Int { get }
}

extension SplitStepCell {
    @inlinable @inline(__always)
    public func step(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar]) {
        prepare(state, scratch: &scratch)
        finish(state, input, into: &next, scratch: &scratch)
    }

    @inlinable @inline(__always)
    public func step(_ state: [Scalar], inputs: [Scalar.Input], into nexts: inout [[Scalar]], scratch: inout [Scalar]) {
        prepare(state, scratch: &scratch)
        for v in inputs.indices { finish(state, inputs[v], into: &nexts[v], scratch: &scratch) }
    }
}

extension RecurrentCell {
    @inlinable
    public func step(_ state: [Scalar], inputs: [Scalar.Input], into nexts: inout [[Scalar]], scratch: inout [Scalar]) {
        for v in inputs.indices { step(state, inputs[v], into: &nexts[v], scratch: &scratch) }
    }

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
