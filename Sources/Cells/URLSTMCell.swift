import Exact
import F1B

/// The LSTM with the refine gate of Gu et al. (2020, eq. 10–15) and its input
/// gate tied to the forget gate; UR-LSTM when trained from the uniform gate
/// initialisation (eq. 9), R-LSTM from the standard one:
///
///     f_t = σ(W_f x_t + U_f h_{t−1} + b_f)                forget
///     r_t = σ(W_r x_t + U_r h_{t−1} + b_r)                refine
///     g_t = r_t ⊙ (1 − (1 − f_t)²) + (1 − r_t) ⊙ f_t²     eq. 12
///     u_t = tanh(W_u x_t + U_u h_{t−1} + b_u)
///     c_t = g_t ⊙ c_{t−1} + (1 − g_t) ⊙ u_t              eq. 13 (i_t = 1 − g_t)
///     o_t = σ(W_o x_t + U_o h_{t−1} + b_o)
///     h_t = o_t ⊙ tanh(c_t)
///
/// No peepholes. The full state is [c, h] and c is classified (as f1b's LSTM),
/// or, with `hiddenFirst` (`classify: h`), [h, c] and h.
public struct URLSTMCell<Scalar: CellScalar>: RecurrentCell {
    public let stateSize: Int
    public let initialState: [Scalar]
    @usableFromInline let forget, refinement, candidate, output: AffineMap<Scalar>
    @usableFromInline let cellOffset, hiddenOffset: Int

    public var stateWidth: Int { 2 * stateSize }
    /// f (then g), r, u and o.
    public var scratchWidth: Int { 4 * stateSize }

    public init(parameters p: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding, hiddenFirst: Bool = false) {
        precondition(Scalar.canEvaluate(.sigmoid) && Scalar.canEvaluate(.tanh))
        precondition(initial.count % 2 == 0)
        stateSize = initial.count / 2
        initialState = initial
        cellOffset = hiddenFirst ? stateSize : 0
        hiddenOffset = hiddenFirst ? 0 : stateSize
        forget = AffineMap(W: p("W_f"), U: p("U_f"), b: p("b_f"), encoding: encoding)
        refinement = AffineMap(W: p("W_r"), U: p("U_r"), b: p("b_r"), encoding: encoding)
        candidate = AffineMap(W: p("W_u"), U: p("U_u"), b: p("b_u"), encoding: encoding)
        output = AffineMap(W: p("W_o"), U: p("U_o"), b: p("b_o"), encoding: encoding)
    }

    @inlinable @inline(__always)
    public func step(_ state: [Scalar], _ x: Scalar.Input, into next: inout [Scalar], scratch g: inout [Scalar]) {
        let K = stateSize, c = cellOffset, h = hiddenOffset
        forget.evaluate(x, h: state, at: h, into: &g, at: 0)
        refinement.evaluate(x, h: state, at: h, into: &g, at: K)
        candidate.evaluate(x, h: state, at: h, into: &g, at: 2 * K)
        output.evaluate(x, h: state, at: h, into: &g, at: 3 * K)
        for k in 0..<K {
            g[k].activate(.sigmoid); g[K + k].activate(.sigmoid); g[3 * K + k].activate(.sigmoid)
            g[2 * K + k].activate(.tanh)
        }
        refine(&g, f: 0, r: K, count: K)
        retainingCombination(g, g: 0, candidate: 2 * K, count: K, previous: state, into: &next, at: c)
        for k in 0..<K {
            var squashed = next[c + k]
            squashed.activate(.tanh)
            next[h + k].assign(g[3 * K + k] * squashed)
        }
    }
}
