import Cells
import Exact
import F1B

extension Construction {
    /// Lemma 2: the same cell with the flag bit re-encoded, the difference
    /// absorbed exactly into each input weight's flag column and its bias.
    ///
    /// With x^F_{01} = (x^F_{±} + 1)/2, every pre-activation term
    /// w·x^F_{01} + b equals (w/2)·x^F_{±} + (b + w/2); conversely
    /// w·x^F_{±} + b = (2w)·x^F_{01} + (b − w). So every pre-activation, hence
    /// every state, of every path is unchanged: the classifier and the verdict carry over.
    public func reencoded(to target: FlagEncoding) -> Construction {
        guard target != cell.flags else { return self }
        var result = self
        let K = cell.stateSize
        for name in cell.model.inputWeightNames(stateSize: K, convention: cell.convention) {
            var W = cell.parameter(name)
            let biasName = cell.model.bias(forInputWeight: name, convention: cell.convention)!   // every input weight's gate has an input bias
            var b = cell.parameter(biasName)
            for k in 0..<K {
                let w = W[k, 1]
                switch target {
                case .plusMinus:   // from zero-one
                    W[k, 1] = w / 2
                    b[k, 0] = b[k, 0] + w / 2
                case .zeroOne:     // from plus-minus
                    W[k, 1] = w * 2
                    b[k, 0] = b[k, 0] - w
                }
            }
            if !W.isZero || cell.parameters[name] != nil { result.cell.parameters[name] = W }
            if !b.isZero || cell.parameters[biasName] != nil { result.cell.parameters[biasName] = b }
        }
        result.cell.flags = target
        result.name = "\(name)-\(target.rawValue)"
        return result
    }

    /// Theorem 1: the same cell at state dimension `K′ ≥ K`. The new dimensions
    /// get zero rows and zero columns in every parameter (so they read nothing and
    /// nothing reads them), initial value 0 and classifier weight 0; the first K
    /// dimensions evolve exactly as before, and the classifier's score is
    /// unchanged. For every gated cell and for Vanilla with f(0) = 0 (hardclip,
    /// tanh, relu) the new dimensions also stay at 0.
    public func lifted(to newSize: Int) -> Construction {
        let K = cell.stateSize
        precondition(newSize >= K)
        guard newSize > K else { return self }
        var result = self
        let shapes = cell.model.parameterShapes(stateSize: newSize, convention: cell.convention)
        var parameters: [String: ExactMatrix] = [:]
        for shape in shapes {
            guard let old = cell.parameters[shape.name] else { continue }
            var m = ExactMatrix.zeros(shape.rows, shape.columns)
            for i in 0..<old.rows { for j in 0..<old.columns { m[i, j] = old[i, j] } }
            parameters[shape.name] = m
        }
        let padding = Array(repeating: Rational(), count: newSize - K)
        if cell.model.hasTwoHalves {
            result.cell.initialState = Array(cell.initialState[0..<K]) + padding + Array(cell.initialState[K...]) + padding
        } else {
            result.cell.initialState = cell.initialState + padding
        }
        result.cell.parameters = parameters
        result.cell.stateSize = newSize
        if let c = classifier { result.classifier = Classifier(beta: c.beta + padding, gamma: c.gamma) }
        result.name = "\(name)-lifted-k\(newSize)"
        return result
    }
}
