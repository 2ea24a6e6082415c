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
    /// The nonzero entries of U, then of V, row by row (columns ascending), in
    /// the form the number system sums them (`CellScalar.recurrentTerms`):
    /// flat, so a step walks one array.
    @usableFromInline let recurrent: Scalar.RecurrentTerms
    /// The most terms in one row (the length of the longest dot product).
    @usableFromInline let longestRow: Int

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
        var terms: [AffineTerm<Scalar>] = []
        var longestRow = 0
        for i in 0..<K {
            let rowStart = terms.count
            for (m, peephole) in [(U, false), (V, true)] {
                guard let m else { continue }
                for j in 0..<K where !m.isStructuralZero(i, j) {
                    terms.append(AffineTerm(row: i, column: j, peephole: peephole, coefficient: m[i, j]))
                }
            }
            longestRow = max(longestRow, terms.count - rowStart)
        }
        self.longestRow = longestRow
        recurrent = Scalar.recurrentTerms(terms)
    }

    /// out[outOffset + k] ← (W x + U h + V c + b)_k, where h = state[hOffset..<hOffset+K]
    /// and c = state[cOffset..<cOffset+K].
    @inlinable @inline(__always)
    func evaluate(_ input: Scalar.Input, h state: [Scalar], at hOffset: Int, c cOffset: Int = 0,
                  into out: inout [Scalar], at outOffset: Int = 0) {
        for k in 0..<rows { out[outOffset + k].assign(drive(input, row: k)) }
        Scalar.addRecurrentTerms(recurrent, longestRow: longestRow, state: state, h: hOffset, c: cOffset, into: &out, at: outOffset)
    }
}

extension AffineMap {
    /// out[outOffset + k] ← (U h + V c)_k: the part that does not read the input.
    @inlinable @inline(__always)
    func evaluateRecurrent(h state: [Scalar], at hOffset: Int, c cOffset: Int = 0, into out: inout [Scalar], at outOffset: Int = 0) {
        for k in 0..<rows { out[outOffset + k].assign(Scalar.zero) }
        Scalar.addRecurrentTerms(recurrent, longestRow: longestRow, state: state, h: hOffset, c: cOffset, into: &out, at: outOffset)
    }

    /// (W x + b)_k + recurrent: row k of the map from its recurrent part.
    @inlinable @inline(__always)
    func adding(_ input: Scalar.Input, row k: Int, to recurrent: Scalar) -> Scalar {
        drive(input, row: k) + recurrent
    }

    /// (W x + b)_k.
    @inlinable @inline(__always)
    func drive(_ input: Scalar.Input, row k: Int) -> Scalar {
        Scalar.drive(drives, rows: rows, row: k, for: input)
    }
}

/// One nonzero entry of an affine map's U or V: `coefficient` multiplies state
/// entry `column` of h (or of c, for a peephole) and adds into `row`.
public struct AffineTerm<Scalar: CellScalar>: Sendable {
    public let row: Int
    /// Column of U (into h) or of V (into c).
    public let column: Int
    public let peephole: Bool
    public let coefficient: Scalar

    @inlinable
    init(row: Int, column: Int, peephole: Bool, coefficient: Scalar) {
        self.row = row
        self.column = column
        self.peephole = peephole
        self.coefficient = coefficient
    }

    /// Where the multiplied entry sits in a state whose h starts at `hOffset` and c at `cOffset`.
    @inlinable @inline(__always)
    public func stateIndex(h hOffset: Int, c cOffset: Int) -> Int { (peephole ? cOffset : hOffset) + column }
}
