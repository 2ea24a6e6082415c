import Cells
import Constructions
import Exact
import F1B

/// Random cells for the relational-set tests: GRU (both conventions), LSTM
/// (both; the frameworks' classifying h) and tanh Vanilla at K = 4…16.
///
/// A *latched* cell has unit 0 built as the K = 1 latch of the paper's
/// constructions (Theorem 4's GRU and LSTM with a = 4, b = 1; the tanh latch),
/// reading only itself, and every other unit random, reading all units: so
/// F1B passes for small n and the propagation has passes to be checked
/// against. An *unstructured* cell is random throughout.
struct RelationalSetTestCell {
    var name: String
    var cell: CellSpecification
    var classifier: Classifier

    enum Kind: String, CaseIterable {
        case gruPaper, gruPyTorch, lstmPaper, lstmPyTorch, vanillaTanh
    }

    struct Draw {
        var rng: SplitMix64
        /// p/q with |p| ≤ limit·q, q ≤ 8.
        mutating func fraction(_ limit: Double) -> Rational {
            let q = Int(rng.next() % 8) + 1
            let range = Int(limit * Double(q))
            return Rational(Int(rng.next() % UInt64(2 * range + 1)) - range, q)
        }
    }

    static func make(_ kind: Kind, K: Int, latched: Bool, seed: UInt64) -> RelationalSetTestCell {
        var draw = Draw(rng: SplitMix64(seed: seed))
        let (model, convention): (CellModel, CellConvention) = switch kind {
        case .gruPaper: (.gru, .paper)
        case .gruPyTorch: (.gru, .pytorch)
        case .lstmPaper: (.lstm, .paper)
        case .lstmPyTorch: (.lstm, .pytorch)
        case .vanillaTanh: (.vanilla, .paper)
        }
        let scale = 1 / Double(K).squareRoot()
        // The latch of unit 0: (parameter, row-0 entries) per model.
        let latch: [String: [Rational]] = switch kind {
        case .gruPaper: ["W_z": [0, 4], "W_s": [1, 0]]
        case .gruPyTorch: ["W_z": [0, -4], "W_n": [1, 0]]
        case .lstmPaper: ["W_i": [0, 4], "W_f": [0, -4], "W_c": [1, 0]]
        case .lstmPyTorch: ["W_i": [0, 4], "W_f": [0, -4], "W_g": [1, 0], "b_io": [10]]
        case .vanillaTanh: ["U": [20], "W": [10, 10], "b": [10]]
        }
        var parameters: [String: ExactMatrix] = [:]
        for shape in model.parameterShapes(stateSize: K, convention: convention) {
            var m = ExactMatrix.zeros(shape.rows, shape.columns)
            for i in 0..<shape.rows {
                for j in 0..<shape.columns {
                    let recurrent = shape.columns == K && !shape.name.hasPrefix("W")
                    m[i, j] = draw.fraction(recurrent ? 2 * scale : shape.isVector ? 0.5 : 1)
                }
            }
            if latched {
                // Unit 0 reads only what the latch reads.
                for j in 0..<shape.columns { m[0, j] = Rational() }
                if let row = latch[shape.name] {
                    for (j, v) in row.enumerated() { m[0, j] = v }
                }
            }
            parameters[shape.name] = m
        }
        let width = model.stateWidth(stateSize: K)
        var initial = [Rational](repeating: Rational(), count: width)
        if kind == .vanillaTanh && latched { initial[0] = -1 }
        let cell = CellSpecification(model: model, activation: kind == .vanillaTanh ? .tanh : nil, stateSize: K,
                                     flags: .plusMinus, parameters: parameters, initialState: initial,
                                     convention: convention, classifiesHidden: kind == .lstmPyTorch)
        var beta = (0..<K).map { _ in latched ? draw.fraction(0.05) : draw.fraction(1) }
        beta[0] = latched ? 1 : beta[0]
        let classifier = Classifier(beta: beta, gamma: latched ? Rational() : draw.fraction(0.5))
        return RelationalSetTestCell(name: "\(kind.rawValue) K=\(K) \(latched ? "latched" : "random") seed \(seed)",
                                     cell: cell, classifier: classifier)
    }
}
