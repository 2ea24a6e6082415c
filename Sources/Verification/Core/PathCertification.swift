import Cells
import Constructions
import Exact
import F1B

/// Decides single paths: runs each through the cell in certified arithmetic —
/// exact rationals for piecewise-linear cells; otherwise double-endpoint
/// intervals (then a zonotope, then boxes with mean-value images), and
/// rational-endpoint intervals at `precision` bits where those are too wide to
/// decide — and reads the classification rule on the final score. What a
/// counterexample found by any search rests on.
struct PathCertification: Sendable {
    let cell: CellSpecification
    let classifier: Classifier
    let precision: Int

    struct Decided: Sendable {
        var scored: ScoredPath
        var certainty: Classification.Certainty
    }

    /// Paths Double enclosures could not place, with rational endpoints at
    /// `precision` bits, doubling the bits for those still undecided (a near
    /// tie needs more; an exact tie in tanh arithmetic never decides, so the
    /// doubling stops at `maximumPrecision` or when `shouldStop` says so).
    /// Returns the decisions and the precision last used.
    func decideRaisingPrecision(_ paths: [Path], upTo maximumPrecision: Int = 1024,
                                shouldStop: () -> Bool = { false }) -> (decided: [Decided], precision: Int) {
        var decided: [Decided] = [], pending = paths, bits = precision
        while !pending.isEmpty {
            let decisions = PathCertification(cell: cell, classifier: classifier, precision: bits).decide(pending, skipDoubleIntervals: true, shouldStop: shouldStop)
            let retry = bits < maximumPrecision && !shouldStop()
            decided += decisions.filter { !retry || $0.certainty != .undecided }
            pending = retry ? decisions.filter { $0.certainty == .undecided }.map(\.scored.path) : []
            if !pending.isEmpty { bits *= 2 }
        }
        return (decided, bits)
    }

    /// Each path's certified classification, with its final state or enclosure
    /// (`skipDoubleIntervals`: straight to rational endpoints, for paths Double
    /// enclosures already failed to place). Four tiers, cheapest first, each
    /// only for the paths the one before left undecided: the cell run on Double
    /// intervals; a zonotope stepped along the path (`zonotopeDecision`) — gated
    /// cells reuse the state in a step, so the plain interval run widens by |U|
    /// a step, where the zonotope is carried through the Jacobian without
    /// re-boxing, which is what decides long paths; boxes whose images are
    /// intersected with their mean-value form (`BoxImage`); rational endpoints
    /// at `precision` bits. `shouldStop` is asked before each path and
    /// each costly tier; a path reached after it says stop is
    /// left undecided, so a deadline ends certification, never a verdict.
    func decide(_ paths: [Path], skipDoubleIntervals: Bool = false, shouldStop: () -> Bool = { false }) -> [Decided] {
        guard !paths.isEmpty else { return [] }
        if cell.isPiecewiseLinear {
            return cell.withCell(ExactPaths(paths: paths)).map { path, state in
                let score = classifier.score(state)
                return Decided(scored: ScoredPath(path: path, finalState: state, score: score),
                               certainty: Classification.isCorrect(score, label: path.classLabel) ? .correct : .wrong)
            }
        }
        func rational(_ path: Path, else fallback: Decided) -> Decided {
            guard !shouldStop() else { return fallback }
            guard let state = cell.withCell(EnclosedPathUntil<Interval>(context: precision))(path, shouldStop) else { return fallback }
            return decision(path, state)
        }
        if skipDoubleIntervals {
            return paths.map { rational($0, else: undecided($0)) }
        }
        let plainRun = cell.withCell(EnclosedPath<DoubleInterval>(context: ()))
        var images: BoxImage<DoubleInterval>?
        var zonotopeImages: ZonotopeImage?
        return paths.map { path in
            // At K = 64 and n = 100 even the plain run of a path takes milliseconds, and searches propose hundreds.
            guard !shouldStop() else { return undecided(path) }
            let plain = decision(path, plainRun(path).map(\.exact))
            guard plain.certainty == .undecided, cell.model != .vanilla, !shouldStop() else {
                return plain.certainty == .undecided ? rational(path, else: plain) : plain
            }
            if zonotopeImages == nil { zonotopeImages = ZonotopeImage(cell, generatorBudget: Self.zonotopeGenerators(cell)) }
            let affine = zonotopeDecision(path, zonotopeImages!, shouldStop: shouldStop)
            if let affine, affine.certainty != .undecided { return affine }
            guard !shouldStop() else { return plain }
            if images == nil { images = BoxImage<DoubleInterval>(cell, context: ()) }
            guard let box = meanValueEnclosure(path, images!, shouldStop: shouldStop) else { return plain }
            let meanValue = decision(path, box)
            return meanValue.certainty == .undecided ? rational(path, else: meanValue) : meanValue
        }
    }

    /// Generators a path's zonotope keeps after each step: twice the full
    /// state's width (a point path's zonotope holds only rounding and
    /// linearisation terms, so a small budget loses little).
    static func zonotopeGenerators(_ cell: CellSpecification) -> Int {
        2 * cell.model.stateWidth(stateSize: cell.stateSize)
    }

    /// `path` decided by stepping a zonotope from s_0 (affine arithmetic, the
    /// relational sets' number system) and bounding the score by its support
    /// function. Why a zonotope: boxes re-enclose each step's image and so
    /// widen by ‖|J|‖ a step even where J only rotates; the zonotope is
    /// carried through J, and the score's enclosure keeps the correlation
    /// between entries. On a trained LSTM with K = 32 at n = 100 the two box
    /// tiers left every candidate to 128-bit rationals, seconds each. Nil when
    /// `shouldStop` says so part-way or the image is unbounded.
    func zonotopeDecision(_ path: Path, _ images: ZonotopeImage, shouldStop: () -> Bool = { false }) -> Decided? {
        var z = Zonotope(box: cell.initialState.map { DoubleInterval(enclosing: $0) })
        for t in 1...path.length {
            guard !shouldStop(), let next = images.image(z, path.input(at: t)) else { return nil }
            z = next
        }
        let K = cell.stateSize
        let classified = Zonotope(centre: Array(z.centre.prefix(K)), rows: Array(z.rows.prefix(K)))
        let score = classified.range(of: classifier.beta.map { DoubleInterval(enclosing: $0) }, plus: DoubleInterval(enclosing: classifier.gamma))
        let box = classified.boxHull.map(\.exact)
        return Decided(scored: ScoredPath(path: path, finalState: [], score: nil, finalEnclosure: box, scoreEnclosure: score.exact),
                       certainty: Classification.certify(score.exact, label: path.classLabel))
    }

    /// The final classified state of `path` enclosed by stepping a box of
    /// states from s_0 with `images` (natural image ∩ mean-value form); nil
    /// when `shouldStop` says so part-way (a step costs K + 1 cell runs: at
    /// K = 64 a path of 50 steps takes seconds).
    func meanValueEnclosure(_ path: Path, _ images: BoxImage<DoubleInterval>,
                            shouldStop: () -> Bool = { false }) -> [Interval]? {
        var box = cell.initialState.map { DoubleInterval(enclosing: $0) }
        for t in 1...path.length {
            guard !shouldStop() else { return nil }
            box = images.image(box, path.input(at: t))
        }
        return box.prefix(cell.stateSize).map(\.exact)
    }

    /// A path no tier placed (its score unknown).
    func undecided(_ path: Path) -> Decided {
        Decided(scored: ScoredPath(path: path, finalState: [], score: nil), certainty: .undecided)
    }

    func decision(_ path: Path, _ state: [Interval]) -> Decided {
        let score = zip(classifier.beta, state).reduce(Interval(classifier.gamma)) { $0 + Interval($1.0) * $1.1 }
        return Decided(scored: ScoredPath(path: path, finalState: [], score: nil, finalEnclosure: state, scoreEnclosure: score),
                       certainty: Classification.certify(score, label: path.classLabel))
    }

    /// The paths certified misclassified, in canonical order.
    func misclassified(_ paths: [Path], shouldStop: () -> Bool = { false }) -> [ScoredPath] {
        decide(paths, shouldStop: shouldStop).filter { $0.certainty == .wrong }.map(\.scored).sorted { $0.path.canonicallyPrecedes($1.path) }
    }
}

/// Final classified states of paths, exactly.
struct ExactPaths: CellVisitor {
    typealias Scalar = Rational
    let paths: [Path]
    func visit<C: RecurrentCell>(_ cell: C) -> [(Path, [Rational])] where C.Scalar == Rational {
        paths.map { ($0, cell.classifiedState(cell.run($0))) }
    }
}

/// The enclosure of one path's final classified state, as a function (the
/// cell specialised once, then run path by path).
struct EnclosedPath<E: Enclosure>: CellVisitor where E.Input == StepInput {
    typealias Scalar = E
    let context: E.Context
    func visit<C: RecurrentCell>(_ cell: C) -> (Path) -> [E] where C.Scalar == E {
        { cell.classifiedState(cell.run($0)) }
    }
}

/// The enclosure of one path's final classified state, or nil when the
/// function's `shouldStop` says so before a step (the rational-endpoint tier:
/// at K = 32 and n = 100 one path takes seconds).
struct EnclosedPathUntil<E: Enclosure>: CellVisitor where E.Input == StepInput {
    typealias Scalar = E
    let context: E.Context
    func visit<C: RecurrentCell>(_ cell: C) -> (Path, () -> Bool) -> [E]? where C.Scalar == E {
        { path, shouldStop in cell.run(path, stoppingWhen: shouldStop).map(cell.classifiedState) }
    }
}

/// Enclosures of the final classified states of paths.
struct EnclosedPaths<E: Enclosure>: CellVisitor where E.Input == StepInput {
    typealias Scalar = E
    let paths: [Path]
    let context: E.Context
    func visit<C: RecurrentCell>(_ cell: C) -> [[E]] where C.Scalar == E {
        paths.map(EnclosedPath<E>(context: context).visit(cell))
    }
}
