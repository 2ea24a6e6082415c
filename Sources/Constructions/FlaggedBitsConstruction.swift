import Cells
import Exact
import F1B

/// An exact construction for the Flagged-m-Bit test: a Vanilla RNN with g
/// (hardclip), flags in {0, 1}, K = 2m − 1 units, every state ±1, passing for
/// every n.
///
/// Units B_1…B_m hold the flagged bits (B_j = the j-th flagged bit after the
/// j-th flag), units C_1…C_(m−1) count the flags (C_j = +1 once j flags have
/// been seen); all start at −1. With C_0 ≡ +1 and F = X^F ∈ {0, 1}:
///
///     C_j′ = g(4C_j + 2C_(j−1) + 4F − 1)                   (C_j latches at a flag seen with C_(j−1) = +1)
///     B_j′ = g(8B_j + 2F + X^I + C_(j−1) − C_j + 4)         (j < m)
///     B_m′ = g(8B_m + 2F + X^I + C_(m−1) + 5)
///
/// B_j loads +1 exactly when the flag is on, X^I = +1, exactly j − 1 flags
/// came before (C_(j−1) = +1, C_j = −1) — a conjunction of ±1 literals, one
/// threshold — and a +1 stays (8B_j outweighs the rest); a −1 bit leaves B_j
/// at −1, and B_j never loads again since C_j is +1 from its flag on. Readout
/// j is B_j: β = e_j, γ = 0. Every pre-activation is at least 1 in magnitude,
/// so every state is ±1 and the reachable sets repeat: `f1b check --n all`
/// proves it. (m = 1 is the latch B′ = g(8B + 2F + X^I + 6).)
public enum FlaggedBitsConstruction {
    public static func latches(flaggedBits m: Int) -> Construction {
        precondition(m >= 1)
        let K = 2 * m - 1
        func B(_ j: Int) -> Int { j - 1 }            // j = 1…m
        func C(_ j: Int) -> Int { m + j - 1 }        // j = 1…m−1
        var U = [[Rational]](repeating: [Rational](repeating: 0, count: K), count: K)
        var W = [[Rational]](repeating: [0, 0], count: K)
        var b = [Rational](repeating: 0, count: K)
        for j in 1..<m {
            U[C(j)][C(j)] = 4
            if j > 1 { U[C(j)][C(j - 1)] = 2 }
            W[C(j)][1] = 4
            b[C(j)] = j > 1 ? -1 : 1    // C_0 ≡ +1 folded into the bias
        }
        for j in 1...m {
            U[B(j)][B(j)] = 8
            W[B(j)] = [1, 2]
            var bias = j < m ? 4 : 5
            if j > 1 { U[B(j)][C(j - 1)] = 1 } else { bias += 1 }
            if j < m { U[B(j)][C(j)] = -1 }
            b[B(j)] = Rational(bias)
        }
        let cell = CellSpecification(model: .vanilla, activation: .hardclip, stateSize: K, flags: .zeroOne,
                                     parameters: ["U": ExactMatrix(rowsOf: U), "W": ExactMatrix(rowsOf: W), "b": ExactMatrix(vector: b)],
                                     initialState: Array(repeating: Rational(-1), count: K))
        let readouts = (1...m).map { j in
            Classifier(beta: (0..<K).map { $0 == B(j) ? Rational(1) : Rational(0) }, gamma: 0)
        }
        return Construction(name: "flagged-\(m)-bits-hardclip-k\(K)", cell: cell,
                            classifier: m == 1 ? readouts[0] : nil, flaggedBits: m, readouts: m == 1 ? nil : readouts)
    }
}
