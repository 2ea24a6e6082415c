import Cells
import Exact
import F1B
import Foundation

/// The paper's constructions, built from their free parameters.
public enum PaperConstructions {
    /// Theorem 3 (Section 4.1): Vanilla RNN with g, K = 2, flags in {0, 1}:
    ///
    ///     U = [[1, b1], [0, 0]],  W = [[0, 0], [W21, −b2]],  b = [b1, b2],  S_0 = (0, −1)
    ///
    /// so S¹_t = g(S¹_{t−1} + b1·S²_{t−1} + b1) (memorization state) and
    /// S²_t = g(W21·X^I_t − b2·X^F_t + b2) (loading state). No classifier is
    /// set: the checker finds one, or proves none exists.
    public static func theorem3(b1: Rational, w21: Rational, b2: Rational) -> Construction {
        let cell = CellSpecification(
            model: .vanilla, activation: .hardclip, stateSize: 2, flags: .zeroOne,
            parameters: ["U": ExactMatrix(rowsOf: [[1, b1], [0, 0]]),
                         "W": ExactMatrix(rowsOf: [[0, 0], [w21, -b2]]),
                         "b": ExactMatrix(vector: [b1, b2])],
            initialState: [0, -1])
        return Construction(name: "vanilla-pwl-k2-b1-\(b1)-w21-\(w21)-b2-\(b2)".replacingSlashes, cell: cell)
    }

    /// The five parameter conditions of Theorem 3, each with whether it holds.
    public static func theorem3Conditions(b1: Rational, w21: Rational, b2: Rational) -> [(condition: String, holds: Bool)] {
        let one = Rational(1)
        return [
            ("W21 ∈ (0, 1)", w21.signum > 0 && w21 < one),
            ("b2 < 0", b2.signum < 0),
            ("W21·X + b2 < −1 for X = ±1", w21 + b2 < -one && -w21 + b2 < -one),
            ("b1 ≠ 0", !b1.isZero),
            ("b1 ± b1·W21 ∈ (−1, 1)", [b1 + b1 * w21, b1 - b1 * w21].allSatisfy { $0 > -one && $0 < one }),
        ]
    }

    /// Theorem 4 (Section 4.2) at K = 1, flags ±1: the gate reads the flag with
    /// weight a, the candidate reads the information bit with weight b,
    /// everything else zero. With A = σ(a), B = tanh(b) every model follows the
    /// paper's recursions
    ///
    ///     S_t = A·S_{t−1} + (1 − A)·B·X^I_t   (t ≠ L)      (19)
    ///     S_L = (1 − A)·S_{L−1} + A·B·X^I_L                 (20)
    ///
    /// GRU: W_z = [0, a], W_s = [b, 0] (the paper's). PRU: the same weights (it
    /// has no reset gate). LSTM: W_i = [0, a], W_f = [0, −a], W_c = [b, 0], so
    /// i = σ(a·X^F) and f = σ(−a·X^F) = 1 − i, and c_t = i·B·X^I + (1 − i)·c_{t−1};
    /// with no U weights c never reads d, and the output gate plays no part.
    ///
    /// The companion papers' cells in the same pattern: the UGRNN's retention
    /// gate W_g = [0, −a] (g = 1 − z), W_c = [b, 0]; the refined GRU and LSTM's
    /// retention/forget gate W_f = [0, −a] with the candidate W_s / W_u = [b, 0]
    /// and a refine gate that is either *saturated* (W = 0, a large bias β:
    /// q = σ(β) ≈ 1, so the retention becomes about 1 − (1 − f)²) or *matching*
    /// (the gate's own pre-activation, W = [0, −a]: q = f).
    public enum Refine: Sendable, Equatable {
        case saturated(bias: Rational)
        case matching
    }

    public static func theorem4(model: CellModel, a: Rational, b: Rational, refine: Refine = .saturated(bias: 40)) -> Construction {
        precondition(theorem4Models.contains(model))
        var parameters: [String: ExactMatrix]
        var initial: [Rational] = [0]
        let gate = ExactMatrix(rowsOf: [[0, a]]), retention = ExactMatrix(rowsOf: [[0, -a]]), candidate = ExactMatrix(rowsOf: [[b, 0]])
        func refined(_ name: String) -> [String: ExactMatrix] {
            switch refine {
            case .saturated(let bias): return ["b_\(name)": ExactMatrix(vector: [bias])]
            case .matching: return ["W_\(name)": retention]
            }
        }
        switch model {
        case .gru, .pru:
            parameters = ["W_z": gate, "W_s": candidate]
        case .lstm:
            parameters = ["W_i": gate, "W_f": retention, "W_c": candidate]
            initial = [0, 0]
        case .ugrnn:
            parameters = ["W_g": retention, "W_c": candidate]
        case .urGRU:
            parameters = ["W_f": retention, "W_s": candidate].merging(refined("q")) { $1 }
        case .urLSTM:
            parameters = ["W_f": retention, "W_u": candidate].merging(refined("r")) { $1 }
            initial = [0, 0]
        default:
            preconditionFailure()
        }
        let cell = CellSpecification(model: model, activation: model == .ugrnn ? .tanh : nil, stateSize: 1, flags: .plusMinus,
                                     parameters: parameters, initialState: initial)
        // The paper classifies by the sign of S_n.
        let suffix = [.urGRU, .urLSTM].contains(model) ? (refine == .matching ? "-matching" : "-saturated") : ""
        return Construction(name: "\(model.rawValue)-k1-a\(a)-b\(b)\(suffix)".replacingSlashes, cell: cell,
                            classifier: Classifier(beta: [1], gamma: 0))
    }

    /// The models Theorem 4's pattern applies to.
    public static let theorem4Models: [CellModel] = [.gru, .lstm, .pru, .ugrnn, .urGRU, .urLSTM]

    /// Comment lines documenting a Theorem 4 construction.
    public static func theorem4Comments(model: CellModel, a: Rational, b: Rational, refine: Refine = .saturated(bias: 40)) -> [String] {
        let weights: String
        let refineText: String
        switch refine {
        case .saturated(let bias): refineText = "a saturated refine gate (bias \(bias): q = sigmoid(\(bias)), about 1, so g is about 1 - (1 - f)^2)"
        case .matching: refineText = "a refine gate with the gate's own weights (q = f, so g = 3f^2 - 2f^3)"
        }
        switch model {
        case .gru: weights = "W_z = [0, a], W_s = [b, 0], everything else 0 (the paper's Section 4.2)"
        case .pru: weights = "W_z = [0, a], W_s = [b, 0], everything else 0 (the GRU's pattern; the PRU has no reset gate)"
        case .lstm: weights = "W_i = [0, a], W_f = [0, -a], W_c = [b, 0], everything else 0, so f = 1 - i and c never reads d"
        case .ugrnn: weights = "W_g = [0, -a], W_c = [b, 0] (the PRU's pattern with the retention g = 1 - z)"
        case .urGRU: weights = "W_f = [0, -a] (retention sigma(-a x^F)), W_s = [b, 0], and " + refineText
        case .urLSTM: weights = "W_f = [0, -a] (forget sigma(-a x^F), input tied to 1 - g), W_u = [b, 0], and " + refineText
        default: weights = ""
        }
        if [.urGRU, .urLSTM].contains(model) {
            return [
                "Theorem 4's pattern (Zhu et al. 2019, Section 4.2) with the refine gate of Gu et al. (2020): the \(model.rawValue.uppercased()) at K = 1, a = \(a), b = \(b).",
                weights + ".",
                "The retention off the flag is G = g(sigma(a)), at the flag g(sigma(-a)): S_t = G S_{t-1} + (1-G) B X_t off the flag.",
                "Classifier: the sign of S_n, as in the paper.",
            ]
        }
        return [
            "Theorem 4 (Zhu et al. 2019, Section 4.2): the \(model.rawValue.uppercased()) at K = 1 with a = \(a), b = \(b).",
            weights + ".",
            "With A = sigmoid(a), B = tanh(b): S_t = A S_{t-1} + (1-A) B X_t off the flag (19),",
            "S_L = (1-A) S_{L-1} + A B X_L at it (20). Classifier: the sign of S_n, as in the paper.",
        ]
    }
}

extension String {
    /// "1/2" → "1_2", so a rational can sit in a file name.
    var replacingSlashes: String { replacingOccurrences(of: "/", with: "_") }
}
