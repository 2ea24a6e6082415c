import Cells
import Exact
import F1B

/// Which part of F1B's input tree a state belongs to after t steps.
public enum Phase: Int, Sendable, CaseIterable {
    /// No flag yet (t < L): the states every later flag position starts from.
    case beforeFlag = 0
    /// The flag has passed with X^I_L = +1.
    case positive = 1
    /// The flag has passed with X^I_L = −1.
    case negative = 2
}

/// Reachable-set dynamic programming over F1B's input tree.
///
/// Instead of paths, layer t holds the distinct full states reachable after t
/// steps in each phase (before the flag; after it with label +1; with label
/// −1). Layer t+1 follows from layer t alone: before-flag states step with an
/// unflagged bit (staying before the flag) or a flagged one (moving to the
/// phase of that bit); after-flag states step with unflagged bits. The
/// after-flag sets of layer t are exactly the final states of F1B(t), so one
/// sweep answers every n up to its depth.
///
/// Every distinct state is stored once and named by an id; a layer is a list of
/// ids, and the transition (state, input) → state is memoized, so a state that
/// recurs is never stepped again. Each layer entry keeps a back-pointer to the
/// predecessor of its first path in f1b's canonical order (by L, then bits with
/// −1 < +1), so the paths printed are the first ones, and each layer its edges
/// so that exact path counts can be computed when an error probability is
/// needed. Canonical order extends prefix by prefix, so an entry's first path
/// is its least edge by (source before the flag?, source's rank, bit), where
/// rank orders the first paths within a phase.
///
/// Because layer t+1 depends only on layer t, a layer equal to an earlier one
/// (t′ < t) makes the sequence periodic from t′ with period t − t′ — with period
/// 1 the sets are stationary. Then every n is covered by the layers stored.
/// Ids within a phase are kept sorted, so equal sets are equal arrays.
public struct ReachableSets<Cell: RecurrentCell>: Sendable where Cell.Scalar: EnumerableScalar {
    public typealias Scalar = Cell.Scalar

    public struct Layer: Sendable {
        /// State ids, phase by phase; `phaseStart[p]..<phaseStart[p+1]` is phase p.
        public var members: [Int32]
        public var phaseStart: [Int]
        /// For each entry: its first path's predecessor position in the previous layer, and the input.
        var predecessor: [Int32]
        var input: [UInt8]
        /// For each entry: the rank of its first path among the first paths of its phase.
        var rank: [Int32]
        /// Every transition (from position in the previous layer, to position here).
        var edges: [(from: Int32, to: Int32)]

        public func range(_ phase: Phase) -> Range<Int> { phaseStart[phase.rawValue]..<phaseStart[phase.rawValue + 1] }
        public var count: Int { members.count }
    }

    public let cell: Cell
    /// Every distinct full state met, by id.
    public private(set) var states: [[Scalar]]
    var ids: [[Scalar]: Int32]
    /// transitions[id·4 + input.index]: the successor's id, −1 until computed.
    var transitions: [Int32]
    /// layers[t] for t = 0…depth.
    public private(set) var layers: [Layer]
    /// When layer `depth` repeats layer `repeatStart`: the sequence is periodic from there.
    public private(set) var repeatStart: Int?
    /// Set when `maximumStates` stopped the sweep.
    public private(set) var stoppedAtStateLimit = false
    /// Layer entries stored over all layers.
    public private(set) var storedEntries = 1

    public var depth: Int { layers.count - 1 }
    public var period: Int? { repeatStart.map { depth - $0 } }

    public init(cell: Cell) {
        self.cell = cell
        states = [cell.initialState]
        ids = [cell.initialState: 0]
        transitions = [-1, -1, -1, -1]
        layers = [Layer(members: [0], phaseStart: [0, 1, 1, 1], predecessor: [-1], input: [0], rank: [0], edges: [])]
    }

    /// The full state at `position` of `layer`.
    public func state(_ layer: Layer, _ position: Int) -> [Scalar] { states[Int(layer.members[position])] }

    /// The full states of one phase of `layer`.
    public func states(_ layer: Layer, _ phase: Phase) -> [[Scalar]] { layer.range(phase).map { state(layer, $0) } }

    /// Sweeps until layer `target` exists, the layers repeat (unless
    /// `detectRepetition` is false: benchmarks time the full sweep), or more
    /// than `maximumStates` layer entries would be stored in all.
    /// `shouldStop` is polled once a layer (a deadline, Ctrl-C).
    public mutating func extend(to target: Int, maximumStates: Int, detectRepetition: Bool = true,
                                shouldStop: () -> Bool = { false }) {
        var fingerprints: [Int: [Int]] = [:]
        if detectRepetition {
            for (t, layer) in layers.enumerated() { fingerprints[Self.fingerprint(layer), default: []].append(t) }
        }
        var scratch = Scratch()
        while depth < target, repeatStart == nil, !stoppedAtStateLimit, !shouldStop() {
            let next = successor(of: layers[depth], scratch: &scratch)
            guard storedEntries + next.count <= maximumStates else {
                stoppedAtStateLimit = true
                return
            }
            storedEntries += next.count
            layers.append(next)
            guard detectRepetition else { continue }
            let key = Self.fingerprint(next)
            if let earlier = fingerprints[key]?.first(where: { Self.sameSets(layers[$0], next) }) {
                repeatStart = earlier
            }
            fingerprints[key, default: []].append(depth)
        }
    }

    /// Whether layer n is known (stored, or implied by the repetition).
    public func covers(_ n: Int) -> Bool { n <= depth || repeatStart != nil }

    /// The stored layer that layer m equals: m itself, or for m past a
    /// repetition t′ < m, the layer at t′ + 1 + ((m − t′ − 1) mod period).
    /// (Stored layer `depth` equals layer t′ and points back into `depth − 1`.)
    public func storedIndex(_ m: Int) -> Int {
        guard m > depth, let start = repeatStart, let period else { return m }
        return start + 1 + (m - start - 1) % period
    }

    public func layer(_ m: Int) -> Layer { layers[storedIndex(m)] }

    /// The path by which the entry at `position` of layer m was first reached.
    public func path(toState position: Int, inLayer m: Int) -> Path {
        var bits = [Int8](repeating: 0, count: m)
        var flag = 0
        var i = position
        var t = m
        while t > 0 {
            let layer = self.layer(t)
            let input = StepInput(index: Int(layer.input[i]))
            bits[t - 1] = Int8(input.informationBit)
            if input.flagged { flag = t }
            i = Int(layer.predecessor[i])
            t -= 1
        }
        return Path(flagPosition: flag, informationBits: bits)
    }

    /// Exact numbers of paths of F1B(n) reaching each entry of layer n, from
    /// the stored edges (no cell is evaluated).
    public func pathCounts(atLayer n: Int) -> [BigInteger] {
        var counts = [BigInteger(1)]
        for m in stride(from: 1, through: n, by: 1) {
            let layer = self.layer(m)
            var next = [BigInteger](repeating: 0, count: layer.count)
            for edge in layer.edges { next[Int(edge.to)] += counts[Int(edge.from)] }
            counts = next
        }
        return counts
    }

    // MARK: one step

    /// Per-sweep buffers: for each phase and state id, the layer it was last
    /// placed in (`stamp`) and its arrival rank there (`slot`).
    struct Scratch {
        var stamp: [[Int]] = [[], [], []]
        var slot: [[Int32]] = [[], [], []]
        var generation = 0
    }

    /// The id of the successor of state `id` under `input`, stepping the cell
    /// only the first time.
    mutating func successor(of id: Int32, _ input: StepInput, into buffer: inout [Scalar]) -> Int32 {
        let key = Int(id) * 4 + input.index
        if transitions[key] >= 0 { return transitions[key] }
        cell.step(states[Int(id)], input, into: &buffer)
        let next: Int32
        if let known = ids[buffer] {
            next = known
        } else {
            next = Int32(states.count)
            states.append(buffer)
            ids[buffer] = next
            transitions += [-1, -1, -1, -1]
        }
        transitions[key] = next
        return next
    }

    mutating func successor(of layer: Layer, scratch: inout Scratch) -> Layer {
        var buffer = cell.initialState
        // Per phase: (id, first path's predecessor position, input, its order key) in order of arrival.
        var found: [[(id: Int32, predecessor: Int32, input: UInt8, key: Int)]] = [[], [], []]
        var rawEdges: [(from: Int32, phase: Int, slot: Int32)] = []
        rawEdges.reserveCapacity(layer.count * 4)
        scratch.generation += 1
        let generation = scratch.generation
        func add(_ phase: Phase, from position: Int, input: StepInput, scratch: inout Scratch) {
            let id = Int(successor(of: layer.members[position], input, into: &buffer))
            let p = phase.rawValue
            // Order of the path extended: paths still before the flag at the source
            // (L = t + 1) come after those flagged earlier; then the source's rank; then the bit.
            let lateFlag = phase != .beforeFlag && position < layer.phaseStart[1]
            let key = (lateFlag ? 1 << 40 : 0) | Int(layer.rank[position]) << 1 | (input.informationBit == 1 ? 1 : 0)
            if scratch.stamp[p].count < states.count {
                scratch.stamp[p] += [Int](repeating: 0, count: states.count - scratch.stamp[p].count)
                scratch.slot[p] += [Int32](repeating: 0, count: states.count - scratch.slot[p].count)
            }
            if scratch.stamp[p][id] != generation {
                scratch.stamp[p][id] = generation
                scratch.slot[p][id] = Int32(found[p].count)
                found[p].append((Int32(id), Int32(position), UInt8(input.index), key))
            } else {
                let slot = Int(scratch.slot[p][id])
                if key < found[p][slot].key { found[p][slot] = (Int32(id), Int32(position), UInt8(input.index), key) }
            }
            rawEdges.append((Int32(position), p, scratch.slot[p][id]))
        }
        for position in layer.range(.beforeFlag) {
            for bit in [-1, 1] {
                add(bit == 1 ? .positive : .negative, from: position, input: StepInput(informationBit: bit, flagged: true), scratch: &scratch)
                add(.beforeFlag, from: position, input: StepInput(informationBit: bit, flagged: false), scratch: &scratch)
            }
        }
        for phase in [Phase.positive, .negative] {
            for position in layer.range(phase) {
                for bit in [-1, 1] {
                    add(phase, from: position, input: StepInput(informationBit: bit, flagged: false), scratch: &scratch)
                }
            }
        }
        // Sort each phase by id so that equal sets give equal layers; renumber.
        var result = Layer(members: [], phaseStart: [0], predecessor: [], input: [], rank: [], edges: [])
        result.members.reserveCapacity(found[0].count + found[1].count + found[2].count)
        var position: [[Int32]] = [[], [], []]
        for p in 0..<3 {
            let order = found[p].indices.sorted { found[p][$0].id < found[p][$1].id }
            var rankOf = [Int32](repeating: 0, count: order.count)
            for (rank, slot) in found[p].indices.sorted(by: { found[p][$0].key < found[p][$1].key }).enumerated() {
                rankOf[slot] = Int32(rank)
            }
            position[p] = [Int32](repeating: 0, count: order.count)
            for slot in order {
                position[p][slot] = Int32(result.members.count)
                result.members.append(found[p][slot].id)
                result.predecessor.append(found[p][slot].predecessor)
                result.input.append(found[p][slot].input)
                result.rank.append(rankOf[slot])
            }
            result.phaseStart.append(result.members.count)
        }
        result.edges = rawEdges.map { ($0.from, position[$0.phase][Int($0.slot)]) }
        return result
    }

    static func fingerprint(_ layer: Layer) -> Int {
        var hasher = Hasher()
        hasher.combine(layer.phaseStart)
        hasher.combine(layer.members)
        hasher.combine(layer.rank)
        return hasher.finalize()
    }

    /// Same sets, and the same order of first paths (so that back-pointers past
    /// the repetition still give the first paths).
    static func sameSets(_ a: Layer, _ b: Layer) -> Bool {
        a.phaseStart == b.phaseStart && a.members == b.members && a.rank == b.rank
    }
}
