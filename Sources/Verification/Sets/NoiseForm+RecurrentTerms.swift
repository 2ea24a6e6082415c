import Cells
import Exact
import _LaneMath

/// An affine map's recurrent terms U h + V c for affine forms, as one matrix
/// product: the K² products of a step are most of a zonotope image's work at
/// K = 32 (measured: 40% of `check --method history` in term-by-term
/// `accumulateProduct`, and a further fifth in copying the terms), and a
/// matrix product through OpenBLAS does them at the machine's speed.
///
/// With M the Double centres of the coefficients (K × C over the C state
/// entries the terms read), E their error terms, and the sources
/// x_j = c_j + Σ_p g_jp ε_p ± e_j (radius r_j ≥ Σ_p |g_jp| + e_j), the rows
/// Ŷ = fl(M·[G | c]) of one product give each output row the form
///
///     ŷ_i = Ŷ_i,m + Σ_p Ŷ_ip ε_p  ±  T_i,
///     T_i = Σ_j |M_ij|·(γ_C·(|c_j| + r_j) + e_j) + Σ_j E_ij·(|c_j| + r_j) + 2·C·(m + 1)·2⁻¹⁰⁷⁴,
///
/// which contains Σ_j u_ij x_j for every u_ij ∈ M_ij ± E_ij and every point
/// of the sources: each entry of a C-term dot product, in any order of
/// summation and with or without fused operations, errs by at most
/// γ_C·Σ_j |M_ij||X_jp| (Higham, *Accuracy and Stability*, 3.4;
/// γ_C = Cu/(1 − Cu) ≤ (C + 1)u) plus 2⁻¹⁰⁷⁵ per operation for underflow;
/// summed over the row's m + 1 entries, Σ_p |X_jp| ≤ |c_j| + r_j. M's own
/// deviation contributes E_ij·|x_j| ≤ E_ij(|c_j| + r_j), and the sources'
/// error terms |M_ij|·e_j. T_i is summed with every operation rounded up
/// (`Roundoff`). The row is then added to the output form (`combine`, which
/// accounts for its own roundings).
///
/// Forms a product cannot take — an unbounded source, or a coefficient that
/// is not a constant — go term by term through `accumulateProduct`, as any
/// number system's terms do.
public struct NoiseFormRecurrentTerms: Sendable {
    /// The terms themselves (for the term-by-term path).
    let terms: [AffineTerm<NoiseForm>]
    /// K: the output rows.
    let rows: Int
    /// Column j of the matrix multiplies this state entry: h's or, for a peephole, c's entry `column`.
    let sources: [(peephole: Bool, column: Int)]
    /// M, rows × sources.count, row-major: the coefficients' centres (0 where U, V have no term).
    let centres: [Double]
    /// E in the same layout, or nil when every coefficient is a Double (no error term).
    let errors: [Double]?
    /// Whether the matrix product applies (every coefficient a constant).
    let dense: Bool
}

extension NoiseForm {
    public static func recurrentTerms(_ terms: [AffineTerm<NoiseForm>]) -> NoiseFormRecurrentTerms {
        let rows = (terms.map(\.row).max() ?? -1) + 1
        var sources: [(peephole: Bool, column: Int)] = []
        var sourceIndex: [Int: Int] = [:]
        for t in terms {
            let key = (t.peephole ? 1 : 0) << 32 | t.column
            if sourceIndex[key] == nil {
                sourceIndex[key] = sources.count
                sources.append((t.peephole, t.column))
            }
        }
        let C = sources.count
        var centres = [Double](repeating: 0, count: rows * C), errors = [Double](repeating: 0, count: rows * C)
        var dense = true
        for t in terms {
            guard t.coefficient.isConstant, !t.coefficient.isUnbounded else { dense = false; continue }
            let j = sourceIndex[(t.peephole ? 1 : 0) << 32 | t.column]!
            // One term per (row, column): U's and V's entries are distinct columns of the state.
            centres[t.row * C + j] = t.coefficient.centre
            errors[t.row * C + j] = t.coefficient.error
        }
        return NoiseFormRecurrentTerms(terms: terms, rows: rows, sources: sources, centres: centres,
                                       errors: errors.contains { $0 != 0 } ? errors : nil, dense: dense)
    }

    public static func addRecurrentTerms(_ r: NoiseFormRecurrentTerms, longestRow: Int, state: [NoiseForm], h hOffset: Int, c cOffset: Int,
                                         into out: inout [NoiseForm], at outOffset: Int) {
        let C = r.sources.count
        guard C > 0 else { return }
        let index = r.sources.map { $0.peephole ? cOffset + $0.column : hOffset + $0.column }
        guard r.dense, index.allSatisfy({ !state[$0].isUnbounded }) else {
            for t in r.terms { out[outOffset + t.row].addProduct(t.coefficient, state[t.stateIndex(h: hOffset, c: cOffset)]) }
            return
        }
        let m = index.map { state[$0].coefficients.count }.max()!
        let width = m + 1
        let symbols = index.lazy.compactMap { state[$0].symbols }.first
        let dropRoundoff = symbols?.unsound == .noRoundoff
        let gamma = dropRoundoff ? 0 : Double(C + 1) * 0x1p-53
        // X = [G | c], C × (m + 1); the weights of T: w_j = γ(|c_j| + r_j) + e_j, v_j = |c_j| + r_j.
        var x = [Double](repeating: 0, count: C * width)
        var weights = [Double](repeating: 0, count: C), magnitudes = [Double](repeating: 0, count: C)
        x.withUnsafeMutableBufferPointer { x in
            for (j, s) in index.enumerated() {
                let form = state[s]
                form.coefficients.withUnsafeBufferPointer { g in
                    for p in 0..<g.count { x[j * width + p] = g[p] }
                }
                x[j * width + m] = form.centre
                magnitudes[j] = Roundoff.sumUp(form.centre.magnitude, form.radius)
                weights[j] = Roundoff.sumUp(Roundoff.productUp(gamma, magnitudes[j]), form.error)
            }
        }
        var y = [Double](repeating: 0, count: r.rows * width)
        r.centres.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { b in
                y.withUnsafeMutableBufferPointer { c in
                    BLAS.dgemm(r.rows, width, C, a.baseAddress!, C, b.baseAddress!, width, c.baseAddress!, width)
                }
            }
        }
        let underflow = dropRoundoff ? 0 : Double(2 * C * width) * 0x1p-1074
        for i in 0..<r.rows {
            var t = underflow
            for j in 0..<C {
                let a = r.centres[i * C + j].magnitude
                if a != 0 { t = Roundoff.sumUp(t, Roundoff.productUp(a, weights[j])) }
                if let e = r.errors, e[i * C + j] != 0 { t = Roundoff.sumUp(t, Roundoff.productUp(e[i * C + j], magnitudes[j])) }
            }
            let row = NoiseForm(centre: y[i * width + m], coefficients: Array(y[(i * width)..<(i * width + m)]), error: t, symbols: symbols)
            out[outOffset + i] = combine(out[outOffset + i], row, sign: 1)
        }
    }
}
