import Cells
import Exact
import F1B

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
/// to the budget by joining the nearest pair (by centres) into a zonotope
/// containing both. By induction R_q(t) ⊆ ∪ Z_q(t).
struct PhaseZonotopes {
    let image: ZonotopeImage
    let doubleStep: @Sendable ([Double], StepInput) -> [Double]
    let budget: ZonotopeBudget
    /// Prefers, among merged witnesses, the one closest to the wrong side.
    let readout: ZonotopeReadout?
    private(set) var members: [[PhaseMember]]
    private(set) var step = 0
    /// The step whose image was unbounded, if one was.
    private(set) var unboundedAt: Int?

    init(cell: CellSpecification, budget: ZonotopeBudget, readout: ZonotopeReadout?,
         unsound: NoiseSymbols.UnsoundVariant = .none) {
        let width = cell.model.stateWidth(stateSize: cell.stateSize)
        image = ZonotopeImage(cell, generatorBudget: budget.generatorsPerDimension * width, unsound: unsound)
        doubleStep = cell.withCell(StepFunction<Double>(context: ()))
        self.budget = budget
        self.readout = readout
        let s0 = cell.initialState.map { DoubleInterval(enclosing: $0) }
        members = [[PhaseMember(zonotope: Zonotope(box: s0), bits: [], flag: 0, state: s0.map(\.midpoint))], [], []]
    }

    /// Phases' unions as given (a test or an invariant search resuming them).
    var zonotopes: [[Zonotope]] { members.map { $0.map(\.zonotope) } }

    /// One step; false when an image is unbounded (the sets are lost from here on).
    mutating func advance() -> Bool {
        guard unboundedAt == nil else { return false }
        var next: [[PhaseMember]] = [[], [], []]
        for target in 0..<3 {
            for (source, inputIndex) in CoverSweep.sources(of: target) {
                let input = StepInput(index: inputIndex)
                for member in members[source] {
                    guard let z = image.image(member.zonotope, input) else {
                        unboundedAt = step + 1
                        return false
                    }
                    next[target].append(PhaseMember(zonotope: z, bits: member.bits + [Int8(input.informationBit)],
                                                    flag: input.flagged ? step + 1 : member.flag,
                                                    state: doubleStep(member.state, input)))
                }
            }
        }
        for q in 0..<3 { next[q] = merged(next[q], label: q == 0 ? nil : q == 1 ? .positive : .negative) }
        members = next
        step += 1
        return true
    }

    /// The union cut to the budget: repeatedly the two members with the
    /// nearest centres are joined (`Zonotope.joined`, then reduced); the
    /// joined member keeps the witness whose estimated signed margin is
    /// smaller (the better candidate counterexample), the first otherwise.
    func merged(_ list: [PhaseMember], label: ClassLabel?) -> [PhaseMember] {
        var items = list
        let generators = image.generatorBudget
        while items.count > budget.zonotopesPerPhase {
            var best = (0, 1), bestDistance = Double.infinity
            for i in items.indices {
                for j in (i + 1)..<items.count {
                    var d = 0.0
                    for k in items[i].zonotope.centre.indices {
                        let x = items[i].zonotope.centre[k] - items[j].zonotope.centre[k]
                        d += x * x
                    }
                    if d < bestDistance { (best, bestDistance) = ((i, j), d) }
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
            items.remove(at: j)
        }
        return items
    }
}
