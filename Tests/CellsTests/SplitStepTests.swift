import Cells
import Exact
import F1B
import Testing

/// A parent stepped with several inputs at once (`step(_:inputs:into:scratch:)`,
/// which a `SplitStepCell` prepares once and finishes per input) gives exactly
/// the states of one step per input with fresh working space: `finish` leaves
/// the prepared recurrent products as it found them. Exact arithmetic, so any
/// clobbered entry shows. Random cells of every model and convention.
@Suite struct SplitStepTests {
    struct Children<S: CellScalar>: CellVisitor where S.Input == StepInput {
        typealias Scalar = S
        let context: S.Context
        let path: [StepInput]
        func visit<C: RecurrentCell>(_ cell: C) -> (shared: [[S]], separate: [[S]]) where C.Scalar == S {
            let parent = cell.run(path)
            let inputs = StepInput.all + StepInput.all.reversed()
            var shared = [[S]](repeating: parent, count: inputs.count), scratch = cell.makeScratch()
            cell.step(parent, inputs: inputs, into: &shared, scratch: &scratch)
            let separate = inputs.map { x -> [S] in
                var next = parent
                cell.step(parent, x, into: &next)
                return next
            }
            return (shared, separate)
        }
    }

    @Test func oneStateWithSeveralInputsMatchesSeparateSteps() {
        var rng = SplitMix64(seed: 5)
        let cases: [(CellModel, CellConvention, Activation?)] = [(.vanilla, .paper, .hardclip), (.vanilla, .pytorch, .relu),
                                                                 (.vanilla, .paper, nil), (.vanilla, .pytorch, nil), (.gru, .paper, nil),
                                                                 (.gru, .pytorch, nil), (.lstm, .paper, nil), (.lstm, .pytorch, nil)]
        for (model, convention, activation) in cases {
            for K in [1, 3] {
                let spec = BallLanesTests().randomCell(model, convention, activation: activation, K: K, using: &rng)
                let path = (0..<3).map { _ in StepInput(index: Int(rng.next() % 4)) }
                if spec.canEvaluate(in: Rational.self) {
                    let (shared, separate) = spec.withCell(Children<Rational>(context: (), path: path))
                    #expect(shared == separate, "\(model) \(convention) K = \(K)")
                } else {
                    let (shared, separate) = spec.withCell(Children<Interval>(context: 128, path: path))
                    #expect(shared == separate, "\(model) \(convention) K = \(K)")
                }
            }
        }
    }
}
