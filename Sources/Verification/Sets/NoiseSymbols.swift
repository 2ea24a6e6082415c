import Synchronization

/// The shared noise symbols ε₀, ε₁, … ∈ [−1, 1] of one set computation — the
/// context of the `NoiseForm` number system.
///
/// A `CellScalar` value is one number, but a set of states needs its entries
/// to share symbols, so that correlations between them survive: the state
/// entries of a zonotope with m generators are affine forms over ε₀…ε_{m−1},
/// and every nonlinear operation of a step (an activation's relaxation, the
/// remainder of a product) takes a *fresh* symbol for its new uncertainty.
/// This object numbers them: the cell is built once with it as its context,
/// each image computation starts with `begin(inputSymbols:)` and takes fresh
/// symbols from there on. A computation is sequential (one image at a time
/// per object); a second thread needs a second object. Fresh symbols are
/// numbered in the order the cell's one definition performs its operations,
/// so a computation's result does not depend on timing.
///
/// `unsound` is for tests only: it switches off one relaxation's remainder so
/// that the containment tests can be seen to fail.
public final class NoiseSymbols: Sendable {
    /// The next fresh symbol, and whether a computation is under way.
    private let state: Mutex<(next: Int, active: Bool)>
    public let unsound: UnsoundVariant

    /// Deliberately wrong transformers, for tests that must fail.
    public enum UnsoundVariant: Sendable {
        case none
        /// DeepZ for tanh and σ with μ₂ = 0 (no remainder symbol).
        case noActivationRemainder
        /// Products without the bilinear remainder (x·y ≈ c_x c_y + c_x(y − c_y) + c_y(x − c_x)).
        case noProductRemainder
        /// Affine operations without their rounding error.
        case noRoundoff
    }

    public init(unsound: UnsoundVariant = .none) {
        state = Mutex((0, false))
        self.unsound = unsound
    }

    /// Starts a computation whose input set is over ε₀…ε_{count−1}. Two at
    /// once would hand out one symbol twice (unsound), so that traps.
    public func begin(inputSymbols count: Int) {
        state.withLock { s in
            precondition(!s.active, "NoiseSymbols: two set computations at once share one numbering")
            s = (count, true)
        }
    }

    /// Ends the computation; returns how many symbols it used.
    @discardableResult
    public func end() -> Int {
        state.withLock { s in
            s.active = false
            return s.next
        }
    }

    /// A symbol no form of this computation has used yet.
    public func fresh() -> Int {
        state.withLock { s in
            defer { s.next += 1 }
            return s.next
        }
    }

    /// How many symbols the computation has so far.
    public var count: Int { state.withLock { $0.next } }
}
