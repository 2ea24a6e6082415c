import Exact
import F1B

/// One pre-activation of a cell, `W x_t + U h + V c + b`, prepared for a number
/// system: `W x_t + b` is evaluated once for each of the four possible inputs
/// (so a step only adds the recurrent terms), and U, V keep only their nonzero
/// entries (exact zeros contribute nothing, so skipping them is exact).
public struct AffineMap<Scalar: CellScalar>: Sendable {
    /// drives[input.index][k] = (W x + b)_k.
    @usableFromInline let drives: [[Scalar]]
    /// For each output row, the nonzero (column, coefficient) pairs of U.
    @usableFromInline let recurrent: [[(Int, Scalar)]]
    /// Likewise for the peephole V (LSTM only; empty rows otherwise).
    @usableFromInline let peephole: [[(Int, Scalar)]]

    /// - Parameters: W is K×2 (columns: information bit, flag bit), U and V are K×K, b has K rows.
    public init(W: ExactMatrix, U: ExactMatrix, V: ExactMatrix? = nil, b: ExactMatrix, encoding: FlagEncoding,
                context: Scalar.Context) {
        let K = W.rows
        drives = StepInput.all.map { input in
            let xI = Rational(input.informationBit), xF = Rational(encoding.value(flagged: input.flagged))
            return (0..<K).map { k in Scalar(exactly: W[k, 0] * xI + W[k, 1] * xF + b[k, 0], context: context) }
        }
        func sparse(_ m: ExactMatrix?) -> [[(Int, Scalar)]] {
            (0..<K).map { i in
                guard let m else { return [] }
                return (0..<K).compactMap { j in m[i, j].isZero ? nil : (j, Scalar(exactly: m[i, j], context: context)) }
            }
        }
        recurrent = sparse(U)
        peephole = sparse(V)
    }

    /// out[outOffset + k] ← (W x + U h + V c + b)_k, where h = state[hOffset..<hOffset+K]
    /// and c = state[cOffset..<cOffset+K].
    @inlinable @inline(__always)
    func evaluate(_ input: StepInput, h state: [Scalar], at hOffset: Int, c cOffset: Int = 0,
                  into out: inout [Scalar], at outOffset: Int = 0) {
        let drive = drives[input.index]
        for k in 0..<drive.count {
            out[outOffset + k].assign(drive[k])
            for (j, u) in recurrent[k] { out[outOffset + k].addProduct(u, state[hOffset + j]) }
            for (j, v) in peephole[k] { out[outOffset + k].addProduct(v, state[cOffset + j]) }
        }
    }

    /// Same, with h taken from a separate vector (the GRU's r ⊙ s_{t−1}).
    @inlinable @inline(__always)
    func evaluate(_ input: StepInput, h: [Scalar], into out: inout [Scalar]) {
        evaluate(input, h: h, at: 0, into: &out, at: 0)
    }
}
