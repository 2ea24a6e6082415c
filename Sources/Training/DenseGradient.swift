import Cells
import F1B
import Simulation

extension DenseCell {
    /// Every named parameter's gradient from the gradients of the products'
    /// matrices (`DenseCell`'s A = [D | U (| V)] per gate block):
    ///
    /// - `first`: ∂L/∂A of the first product (firstRows × firstColumns);
    /// - `candidate`: the paper GRU's ∂L/∂[D_s | U_s] (K × (4 + K));
    /// - `candidateDrive`: the frameworks' GRU's ∂L/∂(W_n x + b_in) per input (K × 4).
    ///
    /// An input term D[i] = X^I(i) W[·, 0] + X^F(i) W[·, 1] + b is linear in W
    /// and b, so W̄[k, 0] = Σᵢ X^I(i) D̄[i][k], W̄[k, 1] = Σᵢ X^F(i) D̄[i][k],
    /// b̄[k] = Σᵢ D̄[i][k]; a bias pair used summed (b_i· + b_h·) gets b̄ each.
    package func parameterGradients(first dA: [Float], candidate dC: [Float], candidateDrive dN: [Float]) -> [String: [Float]] {
        let K = stateSize, columns = firstColumns
        var out: [String: [Float]] = [:]
        /// Gate block g of a matrix with `stride` columns: W, b from the input columns, then each recurrent matrix.
        func block(_ a: [Float], stride: Int, _ g: Int, w: String?, biases: [String], recurrent: [String]) {
            var W = [Float](repeating: 0, count: 2 * K), b = [Float](repeating: 0, count: K)
            var matrices = recurrent.map { _ in [Float](repeating: 0, count: K * K) }
            for k in 0..<K {
                let row = (g * K + k) * stride
                for i in 0..<4 {
                    let d = a[row + i], input = StepInput(index: i)
                    W[2 * k] += Float(input.informationBit) * d
                    W[2 * k + 1] += Float(flags.value(flagged: input.flagged)) * d
                    b[k] += d
                }
                for (m, _) in recurrent.enumerated() {
                    for j in 0..<K { matrices[m][k * K + j] = a[row + 4 + m * K + j] }
                }
            }
            if let w { out[w] = W }
            for name in biases { out[name] = b }
            for (name, m) in zip(recurrent, matrices) { out[name] = m }
        }
        switch kind {
        case .vanilla:
            block(dA, stride: columns, 0, w: "W", biases: convention == .pytorch ? ["b_ih", "b_hh"] : ["b"], recurrent: ["U"])
        case .gru:
            block(dA, stride: columns, 0, w: "W_r", biases: ["b_r"], recurrent: ["U_r"])
            block(dA, stride: columns, 1, w: "W_z", biases: ["b_z"], recurrent: ["U_z"])
            block(dC, stride: 4 + K, 0, w: "W_s", biases: ["b_s"], recurrent: ["U_s"])
        case .resetAfterGRU:
            block(dA, stride: columns, 0, w: "W_r", biases: ["b_ir", "b_hr"], recurrent: ["U_r"])
            block(dA, stride: columns, 1, w: "W_z", biases: ["b_iz", "b_hz"], recurrent: ["U_z"])
            // m = U_n h + b_hn: b_hn sits in all four input columns.
            block(dA, stride: columns, 2, w: nil, biases: ["b_hn"], recurrent: ["U_n"])
            block(dN, stride: 4, 0, w: "W_n", biases: ["b_in"], recurrent: [])
        case .lstm(let peepholes):
            let gates: [String] = peepholes ? ["i", "f", "o", "c"] : ["i", "f", "o", "g"]
            for (g, gate) in gates.enumerated() {
                block(dA, stride: columns, g, w: "W_\(gate)", biases: peepholes ? ["b_\(gate)"] : ["b_i\(gate)", "b_h\(gate)"],
                      recurrent: peepholes ? ["U_\(gate)", "V_\(gate)"] : ["U_\(gate)"])
            }
        }
        return out
    }
}
