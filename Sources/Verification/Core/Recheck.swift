import Cells
import Constructions
import Exact
import F1B

/// Every fail is replayed before it is reported: its counterexample's paths
/// are run again through the cell in exact arithmetic (piecewise-linear
/// cells) or certified intervals at the run's precision, and the claim is
/// re-decided from those values alone. A counterexample that does not
/// survive turns the fail into open (`recheckFailed`), never a verdict — the
/// rule that keeps a search heuristic, or a defect in an engine, from
/// printing a false FAIL.
enum Recheck {
    /// The result as it stands after replaying its counterexample, at
    /// `precision` bits or the higher precision that decided it (a near tie).
    /// A replay the budget cuts short (`budget.forReplay`: a path at K = 32
    /// and n = 100 can take seconds in rational-endpoint intervals) leaves the
    /// length open for the budget's reason: a fail not replayed is never reported.
    static func confirm(_ r: LengthResult, problem: Problem, precision: Int, budget: Budget = Budget()) -> LengthResult {
        guard case .fail(let refutation) = r.outcome else { return r }
        var open = r
        let replayBudget = budget.forReplay
        switch replay(refutation.counterexample, problem: problem, precision: max(precision, r.precision ?? 0),
                      shouldStop: { replayBudget.isExhausted }) {
        case .stands: return r
        case .fails(let failure): open.outcome = .open(.recheckFailed(failure))
        case .cutShort: open.outcome = .open(replayBudget.exhaustion ?? .interrupted)
        }
        return open
    }

    /// How a counterexample's replay ended.
    enum Replay: Equatable {
        case stands
        /// What is wrong with it.
        case fails(String)
        /// `shouldStop` said stop before every path was replayed.
        case cutShort
    }

    /// What is wrong with the counterexample, or nil when it stands.
    static func problemWith(_ c: Counterexample, problem: Problem, precision: Int) -> String? {
        if case .fails(let failure) = replay(c, problem: problem, precision: precision) { return failure }
        return nil
    }

    /// The counterexample replayed. Only misclassified paths are long enough
    /// work to be cut short by `shouldStop`; the other kinds replay a handful
    /// of paths.
    static func replay(_ c: Counterexample, problem: Problem, precision: Int, shouldStop: () -> Bool = { false }) -> Replay {
        let cell = problem.cell
        switch c {
        case .misclassified(let paths):
            guard let classifier = problem.classifier else { return .fails("misclassified paths without a classifier") }
            let decided = PathCertification(cell: cell, classifier: classifier, precision: precision).decide(paths.map(\.path), shouldStop: shouldStop)
            if let bad = decided.first(where: { $0.certainty != .wrong }) {
                if bad.certainty == .undecided, shouldStop() { return .cutShort }
                return .fails("the path \(bad.scored.path) is not certified misclassified on replay")
            }
            return .stands
        case .inseparable(let positive, let negative, let point):
            guard cell.isPiecewiseLinear else { return .fails("an exact non-separability certificate for a cell without exact states") }
            let states = cell.withCell(ExactPaths(paths: (positive + negative).map(\.path))).map(\.1)
            for (w, s) in zip(positive + negative, states) where w.finalState != s {
                return .fails("the final state of \(w.path) differs on replay")
            }
            func combination(_ ws: [WeightedPath]) -> [Rational]? {
                guard ws.allSatisfy({ $0.weight.signum >= 0 }), ws.reduce(Rational(0), { $0 + $1.weight }) == Rational(1) else { return nil }
                var sum = [Rational](repeating: Rational(0), count: point.count)
                for w in ws { for k in sum.indices { sum[k] = sum[k] + w.weight * w.finalState[k] } }
                return sum
            }
            guard positive.allSatisfy({ $0.path.label > 0 }), negative.allSatisfy({ $0.path.label < 0 }),
                  combination(positive) == point, combination(negative) == point
            else { return .fails("the convex combinations do not meet at the stated point") }
            return .stands
        case .interleaved(let pb, let na, let pa, let nb):
            let paths = [pb.path, na.path, pa.path, nb.path]
            guard pb.path.label > 0, pa.path.label > 0, na.path.label < 0, nb.path.label < 0 else { return .fails("wrong classes in an interleaving") }
            let s = enclosures(problem, paths, precision: precision).map { $0[0] }
            guard s[0].upper < s[1].lower, s[2].lower > s[3].upper else { return .fails("the interleaving is not certified on replay") }
            return .stands
        case .radon(let positive, let negative):
            let points = positive.map { ($0.path, true) } + negative.map { ($0.path, false) }
            guard positive.allSatisfy({ $0.path.label > 0 }), negative.allSatisfy({ $0.path.label < 0 }) else { return .fails("wrong classes in a Radon certificate") }
            let boxes = enclosures(problem, points.map(\.0), precision: precision)
            guard let signs = RadonCertificate.certifiedSigns(boxes) else { return .fails("the Radon weights' signs are not certified on replay") }
            let split = zip(signs, points).allSatisfy { $0.sign == $1.1 } || zip(signs, points).allSatisfy { $0.sign != $1.1 }
            return split ? .stands : .fails("the Radon partition does not split the classes on replay")
        case .readouts(let readouts):
            for readout in readouts {
                guard let classifier = readout.classifier, let path = readout.counterexample else { continue }
                let state = flaggedBitsEnclosure(problem, path, precision: precision)
                let score = zip(classifier.beta, state).reduce(Interval(classifier.gamma, precision: precision)) {
                    $0 + Interval($1.0, precision: precision) * $1.1
                }
                let label = ClassLabel(flaggedBit: path.label(readout.index - 1))
                if Classification.certify(score, label: label) != .wrong {
                    return .fails("readout \(readout.index)'s path \(path) is not certified misclassified on replay")
                }
            }
            return .stands
        }
    }

    /// Certified enclosures (exact points for piecewise-linear cells) of the paths' classified final states.
    static func enclosures(_ problem: Problem, _ paths: [Path], precision: Int) -> [[Interval]] {
        if problem.isPiecewiseLinear {
            return problem.cell.withCell(ExactPaths(paths: paths)).map { $0.1.map { Interval($0) } }
        }
        // Double-endpoint enclosures first (certified, ~1e-15 wide); rational
        // endpoints at `precision` bits only where those came out wide.
        let fast = problem.cell.withCell(EnclosedPaths<DoubleInterval>(paths: paths, context: ()))
        var boxes = fast.map { $0.map(\.exact) }
        let wide = fast.indices.filter { i in fast[i].contains { !(($0.upper - $0.lower) <= 0x1p-30) } }
        guard !wide.isEmpty else { return boxes }
        let precise = problem.cell.withCell(EnclosedPaths<Interval>(paths: wide.map { paths[$0] }, context: precision))
        for (k, i) in wide.enumerated() { boxes[i] = precise[k] }
        return boxes
    }

    static func flaggedBitsEnclosure(_ problem: Problem, _ path: FlaggedBitsPath, precision: Int) -> [Interval] {
        if problem.isPiecewiseLinear {
            return problem.cell.withCell(ExactInputs(inputs: path.inputs)).map { Interval($0) }
        }
        return problem.cell.withCell(EnclosedInputs<Interval>(inputs: path.inputs, context: precision))
    }
}

/// The classified final state after a sequence of inputs, exactly.
struct ExactInputs: CellVisitor {
    typealias Scalar = Rational
    let inputs: [StepInput]
    func visit<C: RecurrentCell>(_ cell: C) -> [Rational] where C.Scalar == Rational {
        cell.classifiedState(cell.run(inputs))
    }
}

/// An enclosure of the classified final state after a sequence of inputs.
struct EnclosedInputs<E: Enclosure>: CellVisitor where E.Input == StepInput {
    typealias Scalar = E
    let inputs: [StepInput]
    let context: E.Context
    func visit<C: RecurrentCell>(_ cell: C) -> [E] where C.Scalar == E {
        cell.classifiedState(cell.run(inputs))
    }
}
