import Cells
import Exact
import F1B
import Synchronization
import _Parallel

/// Where a history box sits: its phase (0 before the flag, 1 after it with
/// label +1, 2 with label −1), for the label phases the steps since the
/// flag (0: the flag was the last input; capped at `HistoryBoxes.ageCap`),
/// and the last information bits (newest lowest; `HistoryBoxes.keyBits` of them).
struct HistoryKey: Hashable, Comparable, Sendable {
    var phase: Int
    var age: Int
    var bits: Int

    static func < (a: HistoryKey, b: HistoryKey) -> Bool { (a.phase, a.age, a.bits) < (b.phase, b.age, b.bits) }
}

/// F1B's three phase sets kept as boxes keyed by their input history — the
/// last `window` information bits and, after the flag, the steps since it —
/// and stepped `stride` steps at a time through certified zonotopes:
///
///     R(T + s, κ') ⊇ boxHull( F_u(R(T, κ)) )   for every input sequence u
///                                               of s ≤ stride steps,
///
/// κ' the key κ followed by u, F_u the zonotope image (`ZonotopeImage`, the
/// cell's one definition in affine forms) of the box through the steps of u
/// one after another, each box clipped to the cell's a-priori state bound
/// (`StateBound`). R(0) is {s_0}. By induction every state that a path
/// reaches at step T lies in the box of its key, so every final state at
/// T + d (d ≤ stride) lies in a zonotope F_u(R(T, κ)) of depth d, and
/// F1B(T + d) **passes** when every such label zonotope has a certified
/// score on its side.
///
/// Why keys and not geometry: a trained cell forgets old bits slowly, so the
/// states sharing their last bits and their flag's age lie close together,
/// while a hull over a phase's states takes in states on the wrong side
/// (measured on PyTorch GRUs with K = 8: the box hull of a label set, stepped
/// on, is classified wrongly; hulls keyed by the last 4 bits stay on their
/// side). The flag's age is in the key because the label sets drift with it.
/// Why strides: each box loses its correlations once per stride, and a
/// final state is always classified from a zonotope, never from a box.
struct HistoryBoxes {
    let window: Int
    let stride: Int
    let ageCap: Int
    let images: [ZonotopeImage]
    let readout: ZonotopeReadout
    let stateBound: [DoubleInterval]?
    /// Each source box is cut in halves along its `splits` widest sides before
    /// its images are taken (2^splits pieces, hulled into the same keys): the
    /// relaxations' remainders grow with the square of a box's width.
    let splits: Int
    /// A box is cut only when its widest side is at least this fraction of
    /// the widest side of any box at the stride's start.
    let splitFraction: Double
    private(set) var boxes: [HistoryKey: [DoubleInterval]]
    /// Bits the current keys hold: min(step, window).
    private(set) var keyBits = 0
    private(set) var step = 0

    /// What the label zonotopes at one step show.
    struct Scores: Sendable, Equatable {
        /// A lower bound on the least signed margin label·(βᵀs + γ) over every label zonotope.
        var leastMargin = Double.infinity
        /// Label zonotopes whose certified score reaches the wrong side.
        var wrong = 0

        mutating func add(_ other: Scores) {
            leastMargin = Swift.min(leastMargin, other.leastMargin)
            wrong += other.wrong
        }
    }
    /// scores[d − 1]: the label zonotopes at step (step before the last advance) + d.
    private(set) var scores: [Scores] = []

    init(cell: CellSpecification, window: Int, stride: Int, ageCap: Int = .max, readout: ZonotopeReadout,
         generatorsPerDimension: Int = 4, splits: Int = 0, splitFraction: Double = 0, unsound: NoiseSymbols.UnsoundVariant = .none, threads: Int) {
        precondition(window >= 0 && window <= 20 && stride >= 1 && ageCap >= 0)
        let width = cell.model.stateWidth(stateSize: cell.stateSize)
        images = (0..<Swift.max(1, threads)).map { _ in ZonotopeImage(cell, generatorBudget: generatorsPerDimension * width, unsound: unsound) }
        self.window = window
        self.stride = stride
        self.ageCap = ageCap
        self.readout = readout
        self.splits = splits
        self.splitFraction = splitFraction
        stateBound = StateBound.box(cell)
        boxes = [HistoryKey(phase: 0, age: 0, bits: 0): cell.initialState.map { DoubleInterval(enclosing: $0) }]
    }

    /// `steps` (1…stride) steps from the present boxes: every zonotope path
    /// of that depth from every box, the label zonotopes scored at each depth,
    /// the leaves hulled into the next boxes. Sources are independent and
    /// each lands in its own slot, so any number of workers gives the same boxes.
    mutating func advance(steps: Int, shouldStop: @Sendable () -> Bool = { false }) -> PhaseZonotopes.Advance {
        precondition(steps >= 1 && steps <= stride)
        let sources = boxes.keys.sorted()
        struct Outcome { var leaves: [HistoryKey: [DoubleInterval]] = [:]; var scores: [Scores] }
        let slots = UnsafeMutableBufferPointer<Outcome?>.allocate(capacity: sources.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        nonisolated(unsafe) let shared = slots
        nonisolated(unsafe) let work = (sources: sources, boxes: boxes, images: images)
        let unbounded = Atomic<Bool>(false), stopped = Atomic<Bool>(false)
        let (windowBits, cap, heldBits, readout, bound, splits) = (window, ageCap, keyBits, readout, stateBound, splits)
        // Only the wide boxes are cut: those of the oldest flags, whose remainders make them grow.
        let widest = boxes.values.map(Self.widestSide).max() ?? 0
        let splitWidth = splitFraction * widest
        runPulling(tasks: sources.count, threads: images.count) { w, i in
            if unbounded.load(ordering: .relaxed) || stopped.load(ordering: .relaxed) { return }
            if shouldStop() { stopped.store(true, ordering: .relaxed); return }
            var outcome = Outcome(scores: Array(repeating: Scores(), count: steps))
            let image = work.images[w]
            // Depth-first over the input sequences from this box.
            func visit(_ key: HistoryKey, _ z: Zonotope, depth: Int) -> Bool {
                if depth == steps {
                    var hull = z.boxHull
                    if let bound { hull = zip(hull, bound).map { $0.intersection($1) ?? $0 } }
                    if let old = outcome.leaves[key] { hull = zip(old, hull).map { $0.hull($1) } }
                    outcome.leaves[key] = hull
                    return true
                }
                let bits = Swift.min(heldBits + depth + 1, windowBits)
                for bit in [-1, 1] {
                    let nextBits = ((key.bits << 1) | (bit == 1 ? 1 : 0)) & ((1 << bits) - 1)
                    var moves: [(HistoryKey, StepInput)] = []
                    if key.phase == 0 {
                        moves.append((HistoryKey(phase: 0, age: 0, bits: nextBits), StepInput(informationBit: bit, flagged: false)))
                        moves.append((HistoryKey(phase: bit == 1 ? 1 : 2, age: 0, bits: nextBits), StepInput(informationBit: bit, flagged: true)))
                    } else {
                        moves.append((HistoryKey(phase: key.phase, age: Swift.min(key.age + 1, cap), bits: nextBits),
                                      StepInput(informationBit: bit, flagged: false)))
                    }
                    for (next, input) in moves {
                        guard let image = image.image(z, input) else { return false }
                        if next.phase != 0 {
                            let label: ClassLabel = next.phase == 1 ? .positive : .negative
                            let score = readout.score(image)
                            let signed = label == .positive ? score.lower : -score.upper
                            outcome.scores[depth].leastMargin = Swift.min(outcome.scores[depth].leastMargin, signed)
                            if !readout.certifies(score, label) { outcome.scores[depth].wrong += 1 }
                        }
                        guard visit(next, image, depth: depth + 1) else { return false }
                    }
                }
                return true
            }
            let key = work.sources[i]
            let box = work.boxes[key]!
            let cut = Self.widestSide(box) >= splitWidth ? splits : 0
            for piece in Self.pieces(of: box, splits: cut) {
                guard visit(key, Zonotope(box: piece), depth: 0) else {
                    unbounded.store(true, ordering: .relaxed)
                    return
                }
            }
            shared[i] = outcome
        }
        if unbounded.load(ordering: .relaxed) { return .unbounded }
        if stopped.load(ordering: .relaxed) { return .stopped }
        var next: [HistoryKey: [DoubleInterval]] = [:]
        var depthScores = Array(repeating: Scores(), count: steps)
        for i in sources.indices {
            let outcome = slots[i]!
            for (key, box) in outcome.leaves {
                if let old = next[key] { next[key] = zip(old, box).map { $0.hull($1) } } else { next[key] = box }
            }
            for d in 0..<steps { depthScores[d].add(outcome.scores[d]) }
        }
        boxes = next
        keyBits = Swift.min(keyBits + steps, window)
        step += steps
        scores = depthScores
        return .advanced
    }

    /// The box cut in halves along its `splits` widest sides (ties to the
    /// lower index; sides of width 0 or ∞ are never cut): their union is the box.
    static func pieces(of box: [DoubleInterval], splits: Int) -> [[DoubleInterval]] {
        let widths = box.map { $0.upper - $0.lower }
        let widest = box.indices.filter { widths[$0] > 0 && widths[$0].isFinite }
            .sorted { (widths[$0], $1) > (widths[$1], $0) }
            .prefix(splits)
        var pieces = [box]
        for i in widest {
            let middle = box[i].lower / 2 + box[i].upper / 2
            pieces = pieces.flatMap { p -> [[DoubleInterval]] in
                var low = p, high = p
                low[i] = DoubleInterval(lower: p[i].lower, upper: middle)
                high[i] = DoubleInterval(lower: middle, upper: p[i].upper)
                return [low, high]
            }
        }
        return pieces
    }

    static func widestSide(_ box: [DoubleInterval]) -> Double { box.map { $0.upper - $0.lower }.max() ?? 0 }

    /// Boxes in use, over the three phases.
    var boxCount: Int { boxes.count }
}
