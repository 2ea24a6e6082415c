import Exact
import F1B

/// Vanilla RNN (the paper's eq. 3, with the activation f chosen per file):
///
///     s_t = f(W x_t + U s_{t−1} + b)
///
/// f is `hardclip` (the paper's g, eq. 17, used in Theorems 2–3), `tanh`
/// (eq. 3 itself), `relu` or `sigmoid`. W is K×2 (information bit, flag bit).
public struct VanillaCell<Scalar: CellScalar>: SplitStepCell {
    public let stateSize: Int
    public let initialState: [Scalar]
    public let activation: Activation
    @usableFromInline let preactivation: AffineMap<Scalar>

    public var stateWidth: Int { stateSize }
    /// U s, prepared once per state.
    public var scratchWidth: Int { stateSize }
    public var preparedWidth: Int { stateSize }

    /// Precondition: `Scalar.canEvaluate(activation)`; shapes as documented.
    public init(activation: Activation, W: ParameterMatrix<Scalar>, U: ParameterMatrix<Scalar>, b: ParameterMatrix<Scalar>,
                initial: [Scalar], encoding: FlagEncoding) {
        precondition(Scalar.canEvaluate(activation))
        stateSize = W.rows
        self.activation = activation
        initialState = initial
        preactivation = AffineMap(W: W, U: U, b: b, encoding: encoding)
    }

    /// From exact parameters.
    public init(activation: Activation, W: ExactMatrix, U: ExactMatrix, b: ExactMatrix,
                initial: [Rational], encoding: FlagEncoding, context: Scalar.Context) {
        self.init(activation: activation, W: ParameterMatrix(W, context: context), U: ParameterMatrix(U, context: context),
                  b: ParameterMatrix(b, context: context), initial: initial.map { Scalar(exactly: $0, context: context) },
                  encoding: encoding)
    }

    @inlinable @inline(__always)
    public func prepare(_ state: [Scalar], scratch: inout [Scalar]) {
        preactivation.evaluateRecurrent(h: state, at: 0, into: &scratch)
    }

    @inlinable @inline(__always)
    public func finish(_ state: [Scalar], _ input: Scalar.Input, into next: inout [Scalar], scratch: inout [Scalar]) {
        for k in 0..<stateSize {
            next[k].assign(preactivation.adding(input, row: k, to: scratch[k]))
            next[k].activate(activation)
        }
    }
}
