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
    public static func theorem4(model: CellModel, a: Rational, b: Rational) -> Construction {
        precondition(model != .vanilla)
        var parameters: [String: ExactMatrix]
        var initial: [Rational] = [0]
        switch model {
        case .gru, .pru:
            parameters = ["W_z": ExactMatrix(rowsOf: [[0, a]]), "W_s": ExactMatrix(rowsOf: [[b, 0]])]
        case .lstm:
            parameters = ["W_i": ExactMatrix(rowsOf: [[0, a]]), "W_f": ExactMatrix(rowsOf: [[0, -a]]),
                          "W_c": ExactMatrix(rowsOf: [[b, 0]])]
            initial = [0, 0]
        case .vanilla:
            preconditionFailure()
        }
        let cell = CellSpecification(model: model, activation: nil, stateSize: 1, flags: .plusMinus,
                                     parameters: parameters, initialState: initial)
        // The paper classifies by the sign of S_n.
        return Construction(name: "\(model.rawValue)-k1-a\(a)-b\(b)".replacingSlashes, cell: cell,
                            classifier: Classifier(beta: [1], gamma: 0))
    }

    /// Comment lines documenting a Theorem 4 construction.
    public static func theorem4Comments(model: CellModel, a: Rational, b: Rational) -> [String] {
        let weights: String
        switch model {
        case .gru: weights = "W_z = [0, a], W_s = [b, 0], everything else 0 (the paper's Section 4.2)"
        case .pru: weights = "W_z = [0, a], W_s = [b, 0], everything else 0 (the GRU's pattern; the PRU has no reset gate)"
        case .lstm: weights = "W_i = [0, a], W_f = [0, -a], W_c = [b, 0], everything else 0, so f = 1 - i and c never reads d"
        case .vanilla: weights = ""
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
