import Cells
import Exact
import F1B

/// Certified images of boxes of states under one input: an enclosure of
/// F(B, x) = {F(s, x) : s ∈ B}, computed through the cell's one definition in
/// double-endpoint interval arithmetic.
///
/// Two enclosures are intersected (each contains F(B, x), so their
/// intersection does too):
/// - the *natural* one, the cell run on the box itself. It is the tight hull of
///   the image when every state entry occurs once in each output's formula (the
///   Vanilla cell: f(W x + U s + b), f increasing); gated cells reuse s, so it
///   overestimates (the dependency problem);
/// - the *mean-value* one, F(c) + J(B)·(B − c), with c the centre of B and J(B)
///   enclosing the Jacobian ∂F/∂s over B (the cell run in `EnclosureDual`, one
///   seed direction per state entry): by the mean-value theorem each
///   F_k(s) = F_k(c) + ∇F_k(ξ)·(s − c) for some ξ on the segment [c, s] ⊆ B.
///   Its overestimation shrinks quadratically with the box, so it wins on the
///   small boxes of a refined cover.
struct BoxImage<E: Enclosure>: Sendable where E.Input == StepInput {
    let width: Int
    let natural: @Sendable ([E], StepInput) -> [E]
    /// Column j of J(B): ∂F/∂s_j enclosed over the box. Nil where the natural image is already tight.
    let jacobianColumn: (@Sendable ([E], Int, StepInput) -> [E])?

    init(_ cell: CellSpecification, context: E.Context) {
        width = cell.model.stateWidth(stateSize: cell.stateSize)
        natural = cell.withCell(NaturalImage<E>(context: context))
        jacobianColumn = cell.model == .vanilla ? nil : cell.withCell(JacobianColumn<E>(context: context))
    }

    /// An enclosure of F(B, x).
    func image(_ box: [E], _ input: StepInput) -> [E] {
        var out = natural(box, input)
        if let jacobianColumn, box.contains(where: { !$0.isPoint }) {
            let centre = box.map(\.centre)
            let offsets = zip(box, centre).map { $0 - $1 }
            var meanValue = natural(centre, input)
            for j in 0..<width where !box[j].isPoint {
                let column = jacobianColumn(box, j, input)
                for k in 0..<width { meanValue[k] = meanValue[k] + column[k] * offsets[j] }
            }
            for k in 0..<width {
                if let both = out[k].intersection(meanValue[k]) { out[k] = both }
            }
        }
        return out
    }
}

/// F(B, x) in interval arithmetic, the cell run on the box.
typealias NaturalImage<E: Enclosure> = StepFunction<E> where E.Input == StepInput

/// ∂F/∂s_j over a box: the cell run in dual numbers seeded with e_j.
struct JacobianColumn<E: Enclosure>: CellVisitor where E.Input == StepInput {
    typealias Scalar = EnclosureDual<E>
    let context: E.Context
    func visit<C: RecurrentCell>(_ cell: C) -> @Sendable ([E], Int, StepInput) -> [E] where C.Scalar == EnclosureDual<E> {
        { box, j, input in
            let state = box.indices.map { EnclosureDual(value: box[$0], derivative: box[$0].point($0 == j ? 1 : 0)) }
            var next = state
            cell.step(state, input, into: &next)
            return next.map(\.derivative)
        }
    }
}
