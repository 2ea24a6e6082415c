import Cells
import Testing

/// Every parameter's role is declared with its shape: each name has one role, and
/// the role (not a name prefix) finds a weight's bias.
@Suite struct ParameterRoleTests {
    static let models = CellModel.allCases.flatMap { m in CellConvention.allCases.filter { m.exists(in: $0) }.map { (m, $0) } }

    @Test func rolesAreUniqueAndBiasesAreVectors() {
        for (model, convention) in Self.models {
            let shapes = model.parameterShapes(stateSize: 3, convention: convention)
            #expect(Set(shapes.map(\.role)).count == shapes.count, "\(model) \(convention)")
            for shape in shapes {
                #expect(shape.isVector == shape.role.isBias && shape.isVector == (shape.columns == 1), "\(shape.name)")
                #expect(model.parameterName(shape.role, stateSize: 3, convention: convention) == shape.name)
            }
        }
    }

    /// Each input weight's term has an input bias of its gate: "W_z" → "b_z", or "b_iz" in the frameworks' convention.
    @Test func everyInputWeightHasItsBias() {
        for (model, convention) in Self.models {
            for w in model.inputWeightNames(stateSize: 2, convention: convention) {
                let bias = model.bias(forInputWeight: w, convention: convention)
                let expected = convention == .paper ? "b" + w.dropFirst() : (w == "W" ? "b_ih" : "b_i" + w.dropFirst(2))
                #expect(bias == expected, "\(model) \(convention) \(w)")
            }
        }
        #expect(CellModel.gru.bias(forInputWeight: "U_z") == nil && CellModel.gru.bias(forInputWeight: "Q") == nil)
        #expect(CellModel.lstm.parameterName(.recurrentBias(gate: "f"), convention: .pytorch) == "b_hf")
        #expect(CellModel.lstm.parameterName(.recurrentBias(gate: "f")) == nil)
        #expect(CellModel.lstm.parameterName(.peepholeWeight(gate: "o")) == "V_o")
        #expect(CellModel.plusRNN.parameterName(.projectedInputWeight(gate: "gy")) == "W_gy")
    }
}
