import Exact
import F1B

/// The gated cells (GRU, PRU, LSTM): built from named parameter matrices in
/// their number system, and so, alike, from a construction file's exact ones.
public protocol GatedCell: RecurrentCell {
    init(parameters: (String) -> ParameterMatrix<Scalar>, initial: [Scalar], encoding: FlagEncoding)
}

extension GatedCell {
    /// From exact parameters (exact zeros are structural).
    public init(parameters p: (String) -> ExactMatrix, initial: [Rational], encoding: FlagEncoding, context: Scalar.Context) {
        self.init(parameters: { ParameterMatrix(p($0), context: context) },
                  initial: initial.map { Scalar(exactly: $0, context: context) }, encoding: encoding)
    }
}
