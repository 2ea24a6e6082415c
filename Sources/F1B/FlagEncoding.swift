/// How the flag bit X^F_t is written: the paper's Definition 1 uses ±1
/// (+1 at t = L, −1 elsewhere); its Theorem 3 construction uses {0, 1}
/// (Lemma 2: the two are equivalent, the difference absorbed into W and b).
public enum FlagEncoding: String, Sendable, CaseIterable, Codable {
    case plusMinus = "plus-minus"
    case zeroOne = "zero-one"

    /// X^F_t when the flag is (on) or is not (off) at time t.
    public func value(flagged: Bool) -> Int {
        switch self {
        case .plusMinus: return flagged ? 1 : -1
        case .zeroOne: return flagged ? 1 : 0
        }
    }
}

/// One time step's input x_t = [X^I_t, X^F_t]: the information bit (±1) and
/// whether the flag is at this step. The flag's numeric value depends on the
/// `FlagEncoding`.
public struct StepInput: Sendable, Hashable {
    public var informationBit: Int
    public var flagged: Bool

    public init(informationBit: Int, flagged: Bool) {
        precondition(informationBit == 1 || informationBit == -1)
        self.informationBit = informationBit
        self.flagged = flagged
    }

    /// The four possible inputs, indexed by `index`.
    public static let all: [StepInput] = (0..<4).map { StepInput(index: $0) }

    /// 0…3: bit 0 is (X^I = +1), bit 1 is (flag on).
    public var index: Int { (informationBit == 1 ? 1 : 0) + (flagged ? 2 : 0) }

    public init(index: Int) {
        self.init(informationBit: index & 1 == 1 ? 1 : -1, flagged: index & 2 != 0)
    }
}
