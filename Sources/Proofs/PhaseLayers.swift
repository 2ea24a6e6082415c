import Cells
import Constructions
import Exact
import F1B

/// F1B's input tree in any number system, phase by phase: layer t holds the
/// full states after t steps before the flag, after it with label +1 and
/// with label −1 (their classified parts are the final states of F1B(t)).
/// Equal states are merged by `unique` (z3 terms: structurally equal ones;
/// intervals are kept as they are).
public struct PhaseLayer<Scalar: CellScalar>: Sendable {
    public var before: [[Scalar]]
    public var positive: [[Scalar]]
    public var negative: [[Scalar]]
}

struct PhaseLayersVisitor<S: CellScalar>: CellVisitor where S.Input == StepInput {
    typealias Scalar = S
    let context: S.Context
    let depth: Int
    var unique: ([[S]]) -> [[S]] = { $0 }

    func visit<C: RecurrentCell>(_ cell: C) -> (layers: [PhaseLayer<S>], stateSize: Int) where C.Scalar == S {
        var scratch = cell.makeScratch()
        func step(_ s: [S], _ bit: Int, _ flagged: Bool) -> [S] {
            var next = s
            cell.step(s, StepInput(informationBit: bit, flagged: flagged), into: &next, scratch: &scratch)
            return next
        }
        var layers: [PhaseLayer<S>] = [PhaseLayer(before: [cell.initialState], positive: [], negative: [])]
        for _ in 0..<depth {
            let last = layers[layers.count - 1]
            let before = unique(last.before.flatMap { s in [step(s, -1, false), step(s, 1, false)] })
            let positive = unique(last.positive.flatMap { s in [step(s, -1, false), step(s, 1, false)] } + last.before.map { step($0, 1, true) })
            let negative = unique(last.negative.flatMap { s in [step(s, -1, false), step(s, 1, false)] } + last.before.map { step($0, -1, true) })
            layers.append(PhaseLayer(before: before, positive: positive, negative: negative))
        }
        return (layers, cell.stateSize)
    }
}

extension Statement {
    /// The cell with each entry entered by `entry` (a z3 term, an interval over
    /// a box), handed to `visitor`: the one cell definition, any number system.
    func withCell<V: CellVisitor>(_ visitor: V, entry: (AffineForm) -> V.Scalar) -> V.Result {
        let cell = origin.cell
        return cell.model.withCell(
            activation: cell.activation,
            parameters: { name in
                let m = cell.parameter(name)
                return ParameterMatrix(rows: m.rows, columns: m.columns, entries: (entries[name] ?? m.entries.map { AffineForm(terms: [[]: $0]) }).map(entry))
            },
            initial: initial.map(entry), flags: cell.flags, convention: cell.convention,
            classifiesHidden: cell.classifiesHidden, visitor)
    }
}

/// Distinct states in first-seen order.
func distinct<S: Hashable>(_ states: [[S]]) -> [[S]] {
    var seen = Set<[S]>()
    return states.filter { seen.insert($0).inserted }
}

/// The classified final state of each path, in any number system.
struct FinalStatesVisitor<S: CellScalar>: CellVisitor where S.Input == StepInput {
    typealias Scalar = S
    let context: S.Context
    let paths: [Path]

    func visit<C: RecurrentCell>(_ cell: C) -> [[S]] where C.Scalar == S {
        paths.map { cell.classifiedState(cell.run($0)) }
    }
}
