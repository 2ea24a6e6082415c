import Cells
import Exact
import F1B

/// A box that holds every reachable state at every step, known from the
/// cell's equations alone — the box covers start from, and clip images to.
///
/// - tanh, hardclip, σ Vanilla cells: the activation's range (with s_0).
/// - Gated cells whose state is a convex combination of a tanh candidate and
///   the previous state (GRU in both conventions, PRU, UGRNN with tanh, the
///   refined GRU and LSTM's c): [−1, 1] with s_0, by induction; an LSTM's
///   h = o ⊙ tanh(c) lies in [−1, 1].
/// - The LSTM without peepholes: c_t = i ⊙ c̃ + f ⊙ c_{t−1} with |c̃| ≤ 1,
///   i ≤ i⁺ and f ≤ f⁺ < 1 bounded over every input and every h in its box,
///   so |c_t| ≤ max(|c_0|, i⁺/(1 − f⁺)) by induction.
/// - Otherwise (relu, peepholes, the +RNN) none: covers grow their root.
enum StateBound {
    static func box(_ cell: CellSpecification) -> [DoubleInterval]? {
        let s0 = cell.initialState.map { DoubleInterval(enclosing: $0) }
        func withInitial(_ range: DoubleInterval) -> [DoubleInterval] { s0.map { $0.hull(range) } }
        let unit = DoubleInterval(lower: -1, upper: 1)
        switch cell.model {
        case .vanilla:
            switch cell.activation ?? .tanh {
            case .tanh, .hardclip: return withInitial(unit)
            case .sigmoid: return withInitial(DoubleInterval(lower: 0, upper: 1))
            case .relu: return nil
            }
        case .gru, .pru, .urGRU, .urLSTM: return withInitial(unit)
        case .ugrnn: return cell.activation == .relu ? nil : withInitial(unit)
        case .plusRNN: return nil
        case .lstm: return lstmBox(cell, s0)
        }
    }

    /// The LSTM without peepholes (every V zero); full state [c, h] or [h, c].
    static func lstmBox(_ cell: CellSpecification, _ s0: [DoubleInterval]) -> [DoubleInterval]? {
        let K = cell.stateSize
        guard cell.parameterShapes.filter({ if case .peepholeWeight = $0.role { return true } else { return false } }).allSatisfy({ cell.parameter($0.name).isZero }) else { return nil }
        let hiddenFirst = cell.convention == .pytorch && cell.classifiesHidden
        let (cOffset, hOffset) = hiddenFirst ? (K, 0) : (0, K)
        let h = (0..<K).map { s0[hOffset + $0].hull(DoubleInterval(lower: -1, upper: 1)) }
        // Upper bounds of σ over every input and every h in its box.
        func gateUpper(_ g: String, row k: Int) -> Double {
            let W = cell.parameter("W_\(g)"), U = cell.parameter("U_\(g)")
            var bias = DoubleInterval(0.0)
            if cell.convention == .paper {
                bias = DoubleInterval(enclosing: cell.parameter("b_\(g)")[k, 0])
            } else {
                bias = DoubleInterval(enclosing: cell.parameter("b_i\(g)")[k, 0]) + DoubleInterval(enclosing: cell.parameter("b_h\(g)")[k, 0])
            }
            let flagValues: [Rational] = cell.flags == .zeroOne ? [0, 1] : [-1, 1]
            var best = -Double.infinity
            for x in [Rational(-1), Rational(1)] {
                for f in flagValues {
                    var pre = bias + DoubleInterval(enclosing: W[k, 0] * x + W[k, 1] * f)
                    for j in 0..<K { pre = pre + DoubleInterval(enclosing: U[k, j]) * h[j] }
                    best = Swift.max(best, pre.sigmoid.upper)
                }
            }
            return best
        }
        var box = s0
        for k in 0..<K {
            let iMax = gateUpper("i", row: k), fMax = gateUpper("f", row: k)
            guard fMax < 1 else { return nil }
            // i⁺/(1 − f⁺), rounded up: (1 − f⁺) rounded down, the quotient up.
            let c = (iMax / (1 - fMax).nextDown).nextUp
            let bound = Swift.max(c, s0[cOffset + k].lower.magnitude, s0[cOffset + k].upper.magnitude)
            box[cOffset + k] = DoubleInterval(lower: -bound, upper: bound)
            box[hOffset + k] = h[k]
        }
        return box
    }
}
