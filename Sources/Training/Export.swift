import Cells
import Constructions
import Exact

extension TrainableModel {
    /// Each Float as the shortest decimal that reads back to it (exact as a
    /// rational; the cell the checker sees is the trained one, value for value).
    static func exact(_ x: Float) -> Rational {
        Rational(x.description)!   // Float.description is a finite decimal for finite values.
    }

    /// The trained cell and head as a construction file's contents.
    public func construction(name: String) -> Construction {
        var exactParameters: [String: ExactMatrix] = [:]
        for shape in shapes {
            exactParameters[shape.name] = ExactMatrix(rows: shape.rows, columns: shape.columns,
                                                      entries: parameters[shape.name]!.map(Self.exact))
        }
        let cell = CellSpecification(model: model, activation: model == .vanilla ? (activation ?? .tanh) : nil,
                                     stateSize: stateSize, flags: flags, parameters: exactParameters,
                                     initialState: Array(repeating: Rational(0), count: stateWidth))
        return Construction(name: name, cell: cell, classifier: Classifier(beta: beta.map(Self.exact), gamma: Self.exact(gamma)))
    }
}
