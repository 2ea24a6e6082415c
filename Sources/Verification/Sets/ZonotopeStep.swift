import Cells
import F1B

/// The image of a zonotope of states under one input, through the cell's one
/// definition run in affine forms:
///
///     F(Z, x) ⊆ Zonotope(forms of F(ẑ, x)),
///
/// where ẑ are Z's entries as forms over its m generators' symbols and each
/// nonlinear operation of the step adds a fresh symbol (`NoiseForm`). The
/// result has the m input generators (so it stays correlated with Z), one per
/// fresh symbol, and one per entry with an error term; `ZonotopeImage` reduces
/// it to a budget. Nil when the image is unbounded.
public struct ZonotopeStep: CellVisitor {
    public typealias Scalar = NoiseForm
    public let context: NoiseSymbols

    public init(context: NoiseSymbols) { self.context = context }

    public func visit<C: RecurrentCell>(_ cell: C) -> @Sendable (Zonotope, StepInput) -> Zonotope? where C.Scalar == NoiseForm {
        let symbols = context
        return { zonotope, input in
            symbols.begin(inputSymbols: zonotope.generatorCount)
            let state = zonotope.forms(symbols: symbols)
            var next = state
            cell.step(state, input, into: &next)
            return Zonotope(forms: next, symbolCount: symbols.end())
        }
    }
}

/// A cell's certified zonotope images, reduced to a generator budget. Not
/// Sendable: its noise symbols number one computation at a time, so each
/// thread makes its own.
public struct ZonotopeImage {
    public let width: Int
    public let generatorBudget: Int
    private let step: @Sendable (Zonotope, StepInput) -> Zonotope?

    /// - Parameter generatorBudget: generators kept after each image (at least the state width).
    public init(_ cell: CellSpecification, generatorBudget: Int, unsound: NoiseSymbols.UnsoundVariant = .none) {
        width = cell.model.stateWidth(stateSize: cell.stateSize)
        self.generatorBudget = Swift.max(generatorBudget, width)
        step = cell.withCell(ZonotopeStep(context: NoiseSymbols(unsound: unsound)))
    }

    /// A zonotope containing F(Z, x), with at most `generatorBudget` generators; nil when unbounded.
    public func image(_ z: Zonotope, _ input: StepInput) -> Zonotope? {
        step(z, input)?.reduced(toGenerators: generatorBudget)
    }

    /// The image before reduction (tests).
    func unreducedImage(_ z: Zonotope, _ input: StepInput) -> Zonotope? { step(z, input) }
}
