import Exact
import F1B

/// One pre-activation of a cell, `W x_t + U h + V c + b`, prepared for a number
/// system: `W x_t + b` is evaluated once for each of the four possible inputs
/// (so a step only adds the recurrent terms), and U, V keep only their nonzero
/// entries (exact zeros contribute nothing, so skipping them is exact).
public struct AffineMap<Scalar: CellScalar>: Sendable {
    /// K, the rows.
    @usableFromInline let rows: Int
    /// drives[input.index · K + k] = (W x + b)_k.
    @usableFromInline let drives: [Scalar]
    /// The nonzero entries of U, then of V, row by row (columns ascending):
    /// flat, so a step walks one array.
    @usableFromInline let terms: [Term]

    @usableFromInline
    struct Term: Sendable {
        @usableFromInline let row: Int
        /// Offset of the state entry: column of U (into h) or of V (into c).
        @usableFromInline let column: Int
        @usableFromInline let peephole: Bool
        @usableFromInline let coefficient: Scalar
    }

    /// - Parameters: W is K×2 (columns: information bit, flag bit), U and V are K×K, b has K rows.
    ///
    /// The input terms are formed in the number system from W and b, using only
    /// negation and addition (x^I = ±1, x^F ∈ {±1} or {0, 1}): exact over ℚ,
    /// and what a trainable number system differentiates.
    public init(W: ParameterMatrix<Scalar>, U: ParameterMatrix<Scalar>, V: ParameterMatrix<Scalar>? = nil,
                b: ParameterMatrix<Scalar>, encoding: FlagEncoding) {
        let K = W.rows
        rows = K
        drives = StepInput.all.flatMap { input in
            let flag = encoding.value(flagged: input.flagged)
            return (0..<K).map { k -> Scalar in
                var drive = W[k, 0]
                if input.informationBit < 0 { drive.negate() }
                if flag == 1 { drive = drive + W[k, 1] } else if flag == -1 { drive = drive - W[k, 1] }
                return drive + b[k, 0]
            }
        }
        var terms: [Term] = []
        for i in 0..<K {
            for (m, peephole) in [(U, false), (V, true)] {
                guard let m else { continue }
                for j in 0..<K where !m.isStructuralZero(i, j) {
                    terms.append(Term(row: i, column: j, peephole: peephole, coefficient: m[i, j]))
                }
            }
        }
        self.terms = terms
    }

    /// out[outOffset + k] ← (W x + U h + V c + b)_k, where h = state[hOffset..<hOffset+K]
    /// and c = state[cOffset..<cOffset+K].
    @inlinable @inline(__always)
    func evaluate(_ input: Scalar.Input, h state: [Scalar], at hOffset: Int, c cOffset: Int = 0,
                  into out: inout [Scalar], at outOffset: Int = 0) {
        for k in 0..<rows { out[outOffset + k].assign(Scalar.drive(drives, rows: rows, row: k, for: input)) }
        for term in terms {
            out[outOffset + term.row].addProduct(term.coefficient, state[(term.peephole ? cOffset : hOffset) + term.column])
        }
    }
}
