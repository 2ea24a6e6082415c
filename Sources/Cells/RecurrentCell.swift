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

    /// next ← F(state, input). `next` has `stateWidth` entries and never aliases `state`.
    func step(_ state: [Scalar], _ input: StepInput, into next: inout [Scalar])
}

extension RecurrentCell {
    /// The final full state after feeding `path` from s_0.
    public func run(_ path: Path) -> [Scalar] {
        var state = initialState
        var next = initialState
        for t in 1...path.length {
            step(state, path.input(at: t), into: &next)
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

    /// The part of a full state the classifier reads (s, or c for the LSTM).
    public func classifiedState(_ full: [Scalar]) -> [Scalar] { Array(full.prefix(stateSize)) }
}
