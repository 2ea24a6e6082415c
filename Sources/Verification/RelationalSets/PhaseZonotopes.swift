import Cells
import Exact
import F1B
import Synchronization
import _Parallel

/// How much work zonotope propagation may do: all of it fixed in advance,
/// so the same cell gives the same sets on every run.
public struct ZonotopeBudget: Sendable, Equatable {
    /// Zonotopes in each phase's union after a step.
    public var zonotopesPerPhase: Int
    /// Generators per zonotope, as a multiple of the state width (at least 1).
    public var generatorsPerDimension: Int
    /// Steps at most (longer lengths are left open).
    public var maximumLength: Int

    public init(zonotopesPerPhase: Int = 8, generatorsPerDimension: Int = 4, maximumLength: Int = 1000) {
        self.zonotopesPerPhase = Swift.max(1, zonotopesPerPhase)
        self.generatorsPerDimension = Swift.max(1, generatorsPerDimension)
        self.maximumLength = maximumLength
    }
}

/// One zonotope of a phase's union, with the path it was first reached by
/// (its witness) and that path's state in Double arithmetic (an estimate,
/// for choosing which paths to hand a certifier).
struct PhaseMember: Sendable {
    var zonotope: Zonotope
    var bits: [Int8]
    /// The flag position, 0 before the flag.
    var flag: Int
    var state: [Double]

    /// The witness as a path of F1B(t) (after-flag phases only).
    var path: Path? { flag > 0 ? Path(flagPosition: flag, informationBits: bits) : nil }
}

/// F1B's three phase sets, each over-approximated by a union of at most
/// `zonotopesPerPhase` zonotopes:
///
///     Z_b(0) = {s_0},  Z₊(0) = Z₋(0) = ∅,
///     Z_b(t+1) ⊇ F(Z_b(t), (±1, no flag))
///     Z₊(t+1) ⊇ F(Z_b(t), (+1, flag)) ∪ F(Z₊(t), (±1, no flag))
///     Z₋(t+1) ⊇ F(Z_b(t), (−1, flag)) ∪ F(Z₋(t), (±1, no flag)),
///
/// each image a certified zonotope (`ZonotopeImage`), the unions merged back
/// to the budget by joining the pair with the smallest joint box hull into a
/// zonotope containing both. By induction R_q(t) ⊆ ∪ Z_q(t).
struct PhaseZonotopes {
    /// One image computer per worker: a computer numbers the noise symbols of
    /// one image at a time, so each thread has its own.
    let images: [ZonotopeImage]
    let doubleStep: @Sendable ([Double], StepInput) -> [Double]
    let budget: ZonotopeBudget
    /// Prefers, among merged witnesses, the one closest to the wrong side.
    let readout: ZonotopeReadout?
    private(set) var members: [[PhaseMember]]
    private(set) var step = 0
    /// The step whose image was unbounded, if one was.
    private(set) var unboundedAt: Int?

    /// How one step ended.
    enum Advance: Equatable {
        case advanced
        /// An image was unbounded: the sets are lost from here on.
        case unbounded
        /// `shouldStop` said so part-way; the sets are those of the step before.
        case stopped
    }

    init(cell: CellSpecification, budget: ZonotopeBudget, readout: ZonotopeReadout?,
         unsound: NoiseSymbols.UnsoundVariant = .none, threads: Int) {
        let width = cell.model.stateWidth(stateSize: cell.stateSize)
        images = (0..<Swift.max(1, threads)).map { _ in
            ZonotopeImage(cell, generatorBudget: budget.generatorsPerDimension * width, unsound: unsound)
        }
        doubleStep = cell.withCell(StepFunction<Double>(context: ()))
        self.budget = budget
        self.readout = readout
        let s0 = cell.initialState.map { DoubleInterval(enclosing: $0) }
        members = [[PhaseMember(zonotope: Zonotope(box: s0), bits: [], flag: 0, state: s0.map(\.midpoint))], [], []]
    }

    /// The image computer of the first worker (generator budget, width).
    var image: ZonotopeImage { images[0] }

    /// Phases' unions as given (a test or an invariant search resuming them).
    var zonotopes: [[Zonotope]] { members.map { $0.map(\.zonotope) } }

    /// One step. The images are independent, so the workers pull them one at
    /// a time (each job's result lands in its own slot: the same sets on any
    /// number of workers); `shouldStop` is polled between images and between joins,
    /// so a deadline ends a step part-way rather than after it.
    mutating func advance(shouldStop: @Sendable () -> Bool = { false }) -> Advance {
        guard unboundedAt == nil else { return .unbounded }
        var jobs: [(target: Int, input: StepInput, member: PhaseMember)] = []
        for target in 0..<3 {
            for (source, inputIndex) in CoverSweep.sources(of: target) {
                for member in members[source] { jobs.append((target, StepInput(index: inputIndex), member)) }
            }
        }
        let slots = UnsafeMutableBufferPointer<Zonotope?>.allocate(capacity: jobs.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        nonisolated(unsafe) let shared = slots
        nonisolated(unsafe) let work = (jobs: jobs, images: images)
        let unbounded = Atomic<Bool>(false), stopped = Atomic<Bool>(false)
        runPulling(tasks: jobs.count, threads: images.count) { w, i in
            if unbounded.load(ordering: .relaxed) || stopped.load(ordering: .relaxed) { return }
            if shouldStop() { stopped.store(true, ordering: .relaxed); return }
            let job = work.jobs[i]
            guard let z = work.images[w].image(job.member.zonotope, job.input) else {
                unbounded.store(true, ordering: .relaxed)
                return
            }
            shared[i] = z
        }
        if unbounded.load(ordering: .relaxed) {
            unboundedAt = step + 1
            return .unbounded
        }
        if stopped.load(ordering: .relaxed) { return .stopped }
        var next: [[PhaseMember]] = [[], [], []]
        for (i, job) in jobs.enumerated() {
            next[job.target].append(PhaseMember(zonotope: slots[i]!, bits: job.member.bits + [Int8(job.input.informationBit)],
                                                flag: job.input.flagged ? step + 1 : job.member.flag,
                                                state: doubleStep(job.member.state, job.input)))
        }
        for q in 0..<3 {
            guard let union = merged(next[q], label: q == 0 ? nil : q == 1 ? .positive : .negative, shouldStop: shouldStop) else {
                return .stopped
            }
            next[q] = union
        }
        members = next
        step += 1
        return .advanced
    }

    /// The union cut to the budget: repeatedly the two members whose joined
    /// box hull is smallest — Σₖ (max(hiₖ) − min(loₖ)) over their two boxes
    /// [cₖ ± Σⱼ|Gₖⱼ|] — are joined (`Zonotope.joined`, then reduced); the
    /// joined member keeps the witness whose estimated signed margin is
    /// smaller (the better candidate counterexample), the first otherwise.
    ///
    /// Why the hull and not the distance between centres: a large member
    /// joined to a near one stays large, and its next image grows with its
    /// width (the relaxations' remainders are quadratic in it), so pairs are
    /// chosen to keep every member small. On PyTorch GRUs and LSTMs with
    /// K = 8…32 this proves one or two more lengths than nearest centres
    /// did (Benchmarks/relational-sets.md). The boxes are Double estimates:
    /// they choose pairs only; the join itself is outward-rounded.
    /// The pair costs are kept in a matrix and only the joined member's row
    /// is recomputed after a join. Nil when `shouldStop` said so between joins.
    func merged(_ list: [PhaseMember], label: ClassLabel?, shouldStop: () -> Bool = { false }) -> [PhaseMember]? {
        var items = list
        guard items.count > budget.zonotopesPerPhase else { return items }
        let generators = image.generatorBudget
        func box(_ m: PhaseMember) -> (lower: [Double], upper: [Double]) {
            let z = m.zonotope
            var lower = z.centre, upper = z.centre
            for k in z.centre.indices {
                var r = 0.0
                for g in z.rows[k] { r += g.magnitude }
                lower[k] -= r
                upper[k] += r
            }
            return (lower, upper)
        }
        var boxes = items.map(box)
        func cost(_ i: Int, _ j: Int) -> Double {
            var w = 0.0
            for k in boxes[i].lower.indices {
                w += Swift.max(boxes[i].upper[k], boxes[j].upper[k]) - Swift.min(boxes[i].lower[k], boxes[j].lower[k])
            }
            return w
        }
        // alive[i]: item i not yet joined into another; d[i][j] for i < j.
        var alive = [Bool](repeating: true, count: items.count)
        var d = [[Double]](repeating: [], count: items.count)
        for i in items.indices { d[i] = ((i + 1)..<items.count).map { cost(i, $0) } }
        var count = items.count
        while count > budget.zonotopesPerPhase {
            if shouldStop() { return nil }
            var best = (0, 1), bestCost = Double.infinity
            for i in items.indices where alive[i] {
                for j in (i + 1)..<items.count where alive[j] {
                    let x = d[i][j - i - 1]
                    if x < bestCost { (best, bestCost) = ((i, j), x) }
                }
            }
            let (i, j) = best
            var witness = items[i]
            if let label, let readout {
                let margin = { (m: PhaseMember) in (label == .positive ? 1 : -1) * readout.estimate(m.state) }
                if margin(items[j]) < margin(items[i]) { witness = items[j] }
            }
            witness.zonotope = items[i].zonotope.joined(with: items[j].zonotope).reduced(toGenerators: generators)
            items[i] = witness
            boxes[i] = box(witness)
            alive[j] = false
            count -= 1
            for other in items.indices where alive[other] && other != i {
                let x = cost(i, other)
                if i < other { d[i][other - i - 1] = x } else { d[other][i - other - 1] = x }
            }
        }
        return items.indices.filter { alive[$0] }.map { items[$0] }
    }
}
