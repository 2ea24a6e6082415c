import Cells
import Exact
import F1B

/// The reduced recursion every Theorem 4 construction follows at K = 1
/// (the paper's eq. 19–20), with A = σ(a), B = tanh(b) and S_0 = s0:
///
///     S_t = A·S_{t−1} + (1 − A)·B·X^I_t      (t ≠ L)
///     S_L = (1 − A)·S_{L−1} + A·B·X^I_L
///
/// As a recurrent cell (one signature with the others), so that the
/// exhaustive enumerator gives exact error probabilities, and on z3 terms
/// (`Proofs.SymbolicReal`) so Theorem 4's boundary is proved as a statement in A.
public struct GatedRecursion<Scalar: CellScalar>: RecurrentCell where Scalar.Input == StepInput {
    public let A: Scalar
    public let B: Scalar
    public let s0: Scalar

    public init(A: Scalar, B: Scalar, s0: Scalar) {
        self.A = A
        self.B = B
        self.s0 = s0
    }

    public var stateSize: Int { 1 }
    public var stateWidth: Int { 1 }
    public var scratchWidth: Int { 0 }
    public var initialState: [Scalar] { [s0] }

    public func step(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar]) {
        let x: Scalar = input.informationBit == 1 ? B : .zero - B
        let oneMinusA = Scalar.one - A
        next[0] = input.flagged ? oneMinusA * state[0] + A * x : A * state[0] + oneMinusA * x
    }
}
