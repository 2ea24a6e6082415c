import Exact
import F1B

/// Covers of F1B's three reachable sets, stepped with certified images.
///
/// Let R_b(t), R₊(t), R₋(t) be the states reachable after t steps before the
/// flag, after it with label +1, and with label −1 (F1B(t)'s final states are
/// R₊(t) and R₋(t)). A cover C_q(t) is a set of *elements*, one box inside
/// each of some leaves of the partition, with
///
///     C_b(0) = s_0,   C₊(0) = C₋(0) = ∅,
///     C_b(t+1) ⊇ F(C_b(t), (±1, no flag))
///     C₊(t+1) ⊇ F(C_b(t), (+1, flag)) ∪ F(C₊(t), (±1, no flag))
///     C₋(t+1) ⊇ F(C_b(t), (−1, flag)) ∪ F(C₋(t), (±1, no flag))
///
/// where each element's image is enclosed (`BoxImage`) and split among the
/// leaves it meets, the parts landing in one leaf merged by their hull. By
/// induction R_q(t) ⊆ ∪ C_q(t). The partition bounds how many elements a
/// cover has; the elements keep what is exact exact (a state that stays a
/// point stays a point, a coordinate that collapses stays collapsed).
///
/// Each element keeps the element it was first reached from, so it has a
/// witness path; the witness's own state need not lie in the element —
/// witnesses are candidates for counterexamples, decided in certified
/// arithmetic elsewhere.
struct CoverSweep {
    /// One step's covers: per phase, the leaves (ascending), their elements'
    /// boxes (flat, `width` bounds each) and the links they were reached by.
    struct Layer {
        var leaves: [[Int32]] = [[], [], []]
        var lower: [[Double]] = [[], [], []]
        var upper: [[Double]] = [[], [], []]
        /// Packed link: source phase (2 bits), input (2 bits), index in the source phase's list (28 bits).
        var links: [[UInt32]] = [[], [], []]

        var boxCount: Int { leaves.reduce(0) { $0 + $1.count } }

        func box(_ phase: Int, _ i: Int, width W: Int) -> [DoubleInterval] {
            (0..<W).map { DoubleInterval(lower: lower[phase][i * W + $0], upper: upper[phase][i * W + $0]) }
        }

        /// Equal elements in every phase (links aside).
        func sameCovers(_ other: Layer) -> Bool { leaves == other.leaves && lower == other.lower && upper == other.upper }
    }

    let graph: CoverGraph
    var width: Int { graph.width }
    private(set) var layers: [Layer] = []
    private var slot: [Int32] = []
    private var seen: [Int: [Int]] = [:]
    /// Set when the covers repeat: layer `repeatStart + period` equals layer `repeatStart`.
    private(set) var repeatStart: Int?
    private(set) var period: Int?

    init(graph: CoverGraph, initial: [DoubleInterval]) {
        self.graph = graph
        var first = Layer()
        graph.distribute(initial) { leaf, part in
            first.leaves[0].append(leaf)
            first.lower[0] += part.map(\.lower)
            first.upper[0] += part.map(\.upper)
            first.links[0].append(0)
        }
        layers = [Self.sorted(first, width: initial.count)]
        remember(0)
    }

    var depth: Int { layers.count - 1 }

    /// The (source phase, input) pairs feeding each phase.
    static func sources(of phase: Int) -> [(phase: Int, input: Int)] {
        let unflagged = [StepInput(informationBit: -1, flagged: false).index, StepInput(informationBit: 1, flagged: false).index]
        switch phase {
        case 0: return unflagged.map { (0, $0) }
        case 1: return [(0, StepInput(informationBit: 1, flagged: true).index)] + unflagged.map { (1, $0) }
        default: return [(0, StepInput(informationBit: -1, flagged: true).index)] + unflagged.map { (2, $0) }
        }
    }

    /// How one step ended.
    enum Advance: Equatable {
        case advanced
        /// An image left the root box (the cover would be unsound).
        case escaped
        /// `shouldStop` said so part-way; the layers are those of the step before.
        case stopped
    }

    /// One more step.
    mutating func advance(shouldStop: @Sendable () -> Bool = { false }) -> Advance {
        let last = layers[depth], W = width
        var work: [(box: [DoubleInterval], input: Int)] = []
        var origin: [(target: Int, link: UInt32)] = []
        for target in 0..<3 {
            for (source, input) in Self.sources(of: target) {
                for i in last.leaves[source].indices {
                    work.append((last.box(source, i, width: W), input))
                    origin.append((target, UInt32(source) << 30 | UInt32(input) << 28 | UInt32(i)))
                }
            }
        }
        guard let images = graph.images(work, shouldStop: shouldStop) else { return .stopped }
        guard graph.escape == nil else { return .escaped }
        var next = Layer()
        if slot.count < graph.partition.leafCount { slot = Array(repeating: -1, count: graph.partition.leafCount) }
        var touched: [Int32] = []
        var currentTarget = -1
        for (image, from) in zip(images, origin) {
            if from.target != currentTarget {
                for leaf in touched { slot[Int(leaf)] = -1 }
                touched.removeAll(keepingCapacity: true)
                currentTarget = from.target
            }
            let q = from.target
            graph.distribute(image) { leaf, part in
                let s = Int(slot[Int(leaf)])
                if s < 0 {
                    slot[Int(leaf)] = Int32(next.leaves[q].count)
                    touched.append(leaf)
                    next.leaves[q].append(leaf)
                    next.lower[q] += part.map(\.lower)
                    next.upper[q] += part.map(\.upper)
                    next.links[q].append(from.link)
                } else {
                    for k in 0..<W {
                        next.lower[q][s * W + k] = Swift.min(next.lower[q][s * W + k], part[k].lower)
                        next.upper[q][s * W + k] = Swift.max(next.upper[q][s * W + k], part[k].upper)
                    }
                }
            }
        }
        for leaf in touched { slot[Int(leaf)] = -1 }
        guard graph.escape == nil else { return .escaped }
        layers.append(Self.sorted(next, width: W))
        remember(depth)
        return .advanced
    }

    /// Elements ordered by leaf. (Links index the previous layer, which was
    /// sorted before this one was built, so they stay valid.)
    static func sorted(_ layer: Layer, width W: Int) -> Layer {
        var out = Layer()
        for q in 0..<3 {
            let order = layer.leaves[q].indices.sorted { layer.leaves[q][$0] < layer.leaves[q][$1] }
            out.leaves[q] = order.map { layer.leaves[q][$0] }
            out.links[q] = order.map { layer.links[q][$0] }
            out.lower[q] = order.flatMap { i in layer.lower[q][(i * W)..<(i * W + W)] }
            out.upper[q] = order.flatMap { i in layer.upper[q][(i * W)..<(i * W + W)] }
        }
        return out
    }

    private mutating func remember(_ t: Int) {
        guard repeatStart == nil else { return }
        var hasher = Hasher()
        hasher.combine(layers[t].leaves)
        hasher.combine(layers[t].lower)
        hasher.combine(layers[t].upper)
        let key = hasher.finalize()
        for earlier in seen[key] ?? [] where layers[earlier].sameCovers(layers[t]) {
            repeatStart = earlier
            period = t - earlier
            return
        }
        seen[key, default: []].append(t)
    }

    /// The witness path of entry `index` of `phase` at step t (t ≥ 1, an after-flag phase).
    func witness(step t: Int, phase: Int, index: Int) -> Path {
        var bits = [Int8](repeating: 0, count: t)
        var flag = 0
        var (p, i) = (phase, index)
        for step in stride(from: t, to: 0, by: -1) {
            let link = layers[step].links[p][i]
            let input = StepInput(index: Int(link >> 28 & 3))
            bits[step - 1] = Int8(input.informationBit)
            if input.flagged { flag = step }
            (p, i) = (Int(link >> 30), Int(link & 0x0FFF_FFFF))
        }
        return Path(flagPosition: flag, informationBits: bits)
    }

    /// The leaves at steps ≤ t whose elements' images lead to `targets`
    /// (leaves of the phases at step t): the backward cone that refinement
    /// splits, since the overestimation that reaches `targets` comes through it.
    /// Nil when `shouldStop` says so (the walk back recomputes every step's
    /// images: at n = 100 it took seconds past a deadline).
    func backwardCone(step t: Int, targets: [[Int32]], shouldStop: @Sendable () -> Bool = { false }) -> Set<Int>? {
        var cone = Set<Int>()
        var wanted = targets.map { Set($0) }
        for step in stride(from: t, to: 0, by: -1) {
            for q in 0..<3 { cone.formUnion(wanted[q].map(Int.init)) }
            let layer = layers[step - 1], W = width
            var work: [(box: [DoubleInterval], input: Int)] = []
            var origin: [(source: Int, target: Int, leaf: Int32)] = []
            for target in 0..<3 where !wanted[target].isEmpty {
                for (source, input) in Self.sources(of: target) {
                    for (i, leaf) in layer.leaves[source].enumerated() {
                        work.append((layer.box(source, i, width: W), input))
                        origin.append((source, target, leaf))
                    }
                }
            }
            var previous: [Set<Int32>] = [[], [], []]
            guard let images = graph.images(work, shouldStop: shouldStop) else { return nil }
            for (image, from) in zip(images, origin) where !previous[from.source].contains(from.leaf) {
                var hits = false
                graph.distribute(image) { leaf, _ in if wanted[from.target].contains(leaf) { hits = true } }
                if hits { previous[from.source].insert(from.leaf) }
            }
            wanted = previous
        }
        for q in 0..<3 { cone.formUnion(wanted[q].map(Int.init)) }
        return cone
    }

    /// Every leaf the sweep has visited, at any step and phase.
    var visited: Set<Int> {
        var all = Set<Int>()
        for layer in layers { for q in 0..<3 { all.formUnion(layer.leaves[q].map(Int.init)) } }
        return all
    }
}
