import Cells
import F1B
import Foundation

/// How training starts: PyTorch's default for every cell, and the
/// initialisations the companion papers reach for when memory over long
/// sequences matters. Each is seeded (its draws come from the run's seed).
///
/// - `pytorch`: every entry uniform on ±1/√K (PyTorch's recurrent cells).
/// - `identity` (IRNN, Le et al. 2015, Collins et al. 2017): Vanilla only —
///   U = I, b = 0, W as `pytorch`; with `activation: relu` this is the IRNN.
/// - `forgetBias`: the retention (forget) gate's bias set to 1, the rest as
///   `pytorch` (Jozefowicz et al. 2015; Collins' b^{fg}; TensorFlow's default).
/// - `uniformGate` (UGI, Gu et al. 2020, eq. 9): the retention bias
///   b_f = σ⁻¹(u), u uniform on [0.01, 0.99] per unit (the clamp keeps σ⁻¹
///   finite; Gu et al. draw from [0, 1]), and a refine gate's bias drawn the
///   same way, independently.
/// - `chrono` (Tallec & Ollivier 2018; Gu et al. App. B.3): b_f = ln u, u
///   uniform on [1, T_max − 1] per unit, and an input gate's bias b_i = −b_f;
///   T_max defaults to the sequence length n.
///
/// "The retention gate's bias" is, per cell: the LSTMs' b_f (the frameworks'
/// b_if, with b_hf = 0); the UGRNN's b_g; the refined GRU's b_f; the +RNN's
/// b_gh; the F1B paper's GRU and PRU, whose z *writes*, b_z = −β (retention
/// 1 − z = σ(−z's pre-activation)); the frameworks' GRU, whose z retains, b_iz = β.
public enum Initialization: Sendable, Equatable, CustomStringConvertible {
    case pytorch
    case identity
    case forgetBias
    case uniformGate
    case chrono(maximumTimescale: Int?)

    public static func parse(_ text: String) -> Initialization? {
        switch text {
        case "pytorch": return .pytorch
        case "identity": return .identity
        case "forget-bias": return .forgetBias
        case "uniform-gate": return .uniformGate
        case "chrono": return .chrono(maximumTimescale: nil)
        default:
            guard text.hasPrefix("chrono:"), let t = Int(text.dropFirst(7)), t >= 3 else { return nil }
            return .chrono(maximumTimescale: t)
        }
    }

    public var description: String {
        switch self {
        case .pytorch: return "pytorch"
        case .identity: return "identity"
        case .forgetBias: return "forget-bias"
        case .uniformGate: return "uniform-gate"
        case .chrono(let t): return t.map { "chrono:\($0)" } ?? "chrono"
        }
    }

    /// Why it does not apply to the model, or nil.
    public func problem(for model: CellModel) -> String? {
        switch self {
        case .pytorch: return nil
        case .identity: return model == .vanilla ? nil : "identity initialises a Vanilla cell's U (the IRNN); \(model.rawValue) has gates"
        case .forgetBias, .uniformGate, .chrono:
            return model == .vanilla ? "\(self) initialises a retention gate; the vanilla cell has none" : nil
        }
    }

    /// The retention gate (the one that keeps the old state), and whether its bias carries −β
    /// (the paper's GRU and the PRU weigh the candidate with z, so retention is 1 − z).
    static func retentionGate(_ model: CellModel, _ convention: CellConvention) -> (gate: String, negated: Bool)? {
        switch (model, convention) {
        case (.lstm, _), (.urLSTM, _), (.urGRU, _): return ("f", false)
        case (.gru, .paper), (.pru, _): return ("z", true)
        case (.gru, .pytorch): return ("z", false)
        case (.ugrnn, _): return ("g", false)
        case (.plusRNN, _): return ("gh", false)
        case (.vanilla, _): return nil
        }
    }

    /// The input gate (chrono sets its bias to −β), where the cell has one.
    static func inputGate(_ model: CellModel) -> String? { model == .lstm ? "i" : nil }

    /// The refining gate of the UR cells (uniform-gate initialises its bias too).
    static func refineGate(_ model: CellModel) -> String? { model == .urGRU ? "q" : model == .urLSTM ? "r" : nil }

    /// Applies the initialisation to `parameters` (already `pytorch`-initialised), drawing from `rng`.
    func apply(to parameters: inout [String: [Float]], model: CellModel, convention: CellConvention, stateSize K: Int,
               length n: Int, rng: inout SplitMix64) {
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        /// Sets the parameter with this role, where the cell has it.
        func set(_ role: ParameterRole, _ values: [Float]) {
            if let name = model.parameterName(role, stateSize: K, convention: convention), parameters[name] != nil { parameters[name] = values }
        }
        let zero = [Float](repeating: 0, count: K)
        switch self {
        case .pytorch:
            return
        case .identity:
            let one = ParameterRole.vanillaGate
            set(.recurrentWeight(gate: one), (0..<(K * K)).map { $0 / K == $0 % K ? 1 : 0 })
            set(.inputBias(gate: one), zero)
            set(.recurrentBias(gate: one), zero)
        case .forgetBias, .uniformGate, .chrono:
            guard let (gate, negated) = Self.retentionGate(model, convention) else { return }
            let beta: [Float] = (0..<K).map { _ in
                switch self {
                case .forgetBias: return 1
                case .uniformGate:
                    let u = 0.01 + 0.98 * unit()
                    return Float(log(u / (1 - u)))
                default:
                    let tMax = Double(maximumTimescale ?? n)
                    return Float(log(1 + unit() * max(tMax - 2, 0)))
                }
            }
            set(.inputBias(gate: gate), negated ? beta.map { -$0 } : beta)
            set(.recurrentBias(gate: gate), zero)   // the frameworks' second bias; none in the paper's convention
            if case .chrono = self, let input = Self.inputGate(model) {
                set(.inputBias(gate: input), beta.map { -$0 })
                set(.recurrentBias(gate: input), zero)
            }
            if self == .uniformGate {
                if let refine = Self.refineGate(model) {
                    set(.inputBias(gate: refine), (0..<K).map { _ in
                        let u = 0.01 + 0.98 * unit()
                        return Float(log(u / (1 - u)))
                    })
                }
            }
        }
    }

    var maximumTimescale: Int? { if case .chrono(let t) = self { return t }; return nil }
}
