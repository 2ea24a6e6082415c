import Cells

extension Problem {
    /// Multiply–adds of one cell step: every parameter entry once, plus a few
    /// operations per state entry for the activations and gate products —
    /// the unit procedures estimate their work in.
    public var operationsPerStep: Double {
        let entries = cell.parameterShapes.reduce(0) { $0 + $1.rows * $1.columns }
        return Double(entries + 8 * cell.model.stateWidth(stateSize: stateSize))
    }
}
