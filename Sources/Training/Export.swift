import Cells
import Constructions
import Exact

extension TrainableModel {
    /// Each Float's exact value: a Float is a dyadic rational, held exactly by
    /// a Double (the shortest decimal that reads back to the Float is a
    /// different number, so it is not used). The cell the checker sees is the
    /// trained one, value for value.
    static func exact(_ x: Float) -> Rational {
        Rational(exactly: Double(x))!   // finite: training refuses non-finite values
    }

    /// The trained cell and head as a construction file's contents.
    public func construction(name: String) -> Construction {
        var exactParameters: [String: ExactMatrix] = [:]
        for shape in shapes {
            exactParameters[shape.name] = ExactMatrix(rows: shape.rows, columns: shape.columns,
                                                      entries: parameters[shape.name]!.map(Self.exact))
        }
        let cell = CellSpecification(model: model, activation: model.hasActivation ? (activation ?? .tanh) : nil,
                                     stateSize: stateSize, flags: flags, parameters: exactParameters,
                                     initialState: Array(repeating: Rational(0), count: stateWidth),
                                     convention: convention, classifiesHidden: classifiesHidden)
        let readouts = (0..<flaggedBits).map { j in
            let r = readout(j)
            return Classifier(beta: r.beta.map(Self.exact), gamma: Self.exact(r.gamma))
        }
        return Construction(name: name, cell: cell, classifier: flaggedBits == 1 ? readouts[0] : nil,
                            flaggedBits: flaggedBits, readouts: flaggedBits == 1 ? nil : readouts)
    }
}
