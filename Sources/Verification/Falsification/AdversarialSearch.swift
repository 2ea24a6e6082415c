import Cells
import Exact
import F1B

/// Candidate misclassified paths of F1B(n), found in Double arithmetic: a
/// beam search over the input tree steering the final state across the
/// classifier's hyperplane, and a uniform random sample. Candidates are only
/// that — `PathCertification` decides each in certified arithmetic — so the
/// search may be as heuristic as it likes without touching soundness.
///
/// The beam keeps, per step, up to `width` states of each phase (before the
/// flag; after it with label +1; with −1). After the flag it keeps the states
/// nearest the wrong side (least βᵀs + γ for +1, greatest for −1) and, for
/// diversity, states spread evenly over the rest; before the flag, where the
/// danger is not yet known, states spread evenly along β. Exact duplicates are
/// merged. Cost: about 6·width·n cell steps.
struct AdversarialSearch<Cell: RecurrentCell>: Sendable where Cell.Scalar == Double {
    let cell: Cell
    let beta: [Double]
    let gamma: Double

    struct Node {
        var state: [Double]
        var score: Double
        /// Index of the parent in the previous step's list of its phase, and the input taken.
        var parent: Int32
        var parentPhase: UInt8
        var input: UInt8
    }

    func score(_ s: [Double]) -> Double {
        var z = gamma
        for k in beta.indices { z += beta[k] * s[k] }
        return z
    }

    /// Up to `limit` candidate paths of each class from the beam and as many
    /// from the sample, the most dangerous first, each at least `least`
    /// dangerous (width 0: the sample alone).
    func candidates(length n: Int, width: Int, samples: Int, seed: UInt64, limit: Int, least: Double = -.infinity) -> [Path] {
        var found = width > 0 ? beam(length: n, width: width, limit: limit, least: least) : []
        found += sampled(length: n, count: samples, seed: seed, limit: limit, least: least)
        var seen = Set<Path>()
        return found.filter { seen.insert($0).inserted }
    }

    // MARK: Beam

    func beam(length n: Int, width: Int, limit: Int, least: Double = -.infinity) -> [Path] {
        var scratch = cell.makeScratch()
        var next = cell.initialState
        // layers[t][phase]: the nodes kept at step t (t = 0: the initial state before the flag).
        var layers: [[[Node]]] = [[[Node(state: cell.initialState, score: score(cell.initialState), parent: -1, parentPhase: 0, input: 0)], [], []]]
        for t in 1...n {
            let previous = layers[t - 1]
            var children: [[Node]] = [[], [], []]
            for (phase, nodes) in previous.enumerated() {
                for (i, node) in nodes.enumerated() {
                    for bit in [-1, 1] {
                        for flagged in phase == 0 ? [false, true] : [false] {
                            let input = StepInput(informationBit: bit, flagged: flagged)
                            cell.step(node.state, input, into: &next, scratch: &scratch)
                            let target = phase == 0 ? (flagged ? (bit == 1 ? 1 : 2) : 0) : phase
                            children[target].append(Node(state: next, score: score(next), parent: Int32(i),
                                                         parentPhase: UInt8(phase), input: UInt8(input.index)))
                        }
                    }
                }
            }
            layers.append([select(children[0], width: width, danger: nil),
                           select(children[1], width: width, danger: .positive),
                           select(children[2], width: width, danger: .negative)])
        }
        // The final after-flag nodes, most dangerous first.
        var paths: [Path] = []
        for (phase, label) in [(1, ClassLabel.positive), (2, .negative)] {
            let finals = layers[n][phase].enumerated().filter { Self.danger($0.element.score, label) >= least }
                .sorted { Self.danger($0.element.score, label) > Self.danger($1.element.score, label) }
            for (i, _) in finals.prefix(limit) { paths.append(path(layers, phase: phase, index: i)) }
        }
        return paths
    }

    /// How far toward (and across) the wrong side a score lies: larger is worse.
    static func danger(_ score: Double, _ label: ClassLabel) -> Double { label == .positive ? -score : score }

    /// Keeps `width` of the nodes: the most dangerous half (after the flag) and
    /// the rest spread evenly by score; exact duplicate states merged.
    func select(_ nodes: [Node], width: Int, danger label: ClassLabel?) -> [Node] {
        var seen = Set<[Double]>()
        let unique = nodes.filter { seen.insert($0.state).inserted }
        guard unique.count > width else { return unique }
        let sorted: [Node]
        if let label {
            sorted = unique.sorted { Self.danger($0.score, label) > Self.danger($1.score, label) }
        } else {
            sorted = unique.sorted { $0.score < $1.score }
        }
        let greedy = label == nil ? 0 : width / 2
        var kept = Array(sorted.prefix(greedy))
        let rest = sorted[greedy...], spread = width - greedy
        for j in 0..<spread { kept.append(rest[rest.startIndex + j * (rest.count - 1) / max(spread - 1, 1)]) }
        return kept
    }

    func path(_ layers: [[[Node]]], phase: Int, index: Int) -> Path {
        let n = layers.count - 1
        var bits = [Int8](repeating: 0, count: n)
        var flag = 0
        var (p, i) = (phase, index)
        for t in stride(from: n, to: 0, by: -1) {
            let node = layers[t][p][i]
            let input = StepInput(index: Int(node.input))
            bits[t - 1] = Int8(input.informationBit)
            if input.flagged { flag = t }
            (p, i) = (Int(node.parentPhase), Int(node.parent))
        }
        return Path(flagPosition: flag, informationBits: bits)
    }

    // MARK: Random sample

    /// `count` uniform paths of F1B(n) (L uniform, bits uniform); the `limit`
    /// most dangerous of each class whose danger is at least `least` (−∞: any).
    func sampled(length n: Int, count: Int, seed: UInt64, limit: Int, least: Double = -.infinity) -> [Path] {
        guard count > 0 else { return [] }
        var rng = SplitMix64(seed: seed)
        var scratch = cell.makeScratch()
        var worst: [ClassLabel: [(Double, Path)]] = [.positive: [], .negative: []]
        for _ in 0..<count {
            let path = Path.random(length: n, using: &rng)
            var state = cell.initialState, next = state
            for t in 1...n {
                cell.step(state, path.input(at: t), into: &next, scratch: &scratch)
                swap(&state, &next)
            }
            let label = path.classLabel
            let danger = Self.danger(score(state), label)
            guard danger >= least else { continue }
            worst[label]!.append((danger, path))
            if worst[label]!.count > 4 * limit {
                worst[label]!.sort { $0.0 > $1.0 }
                worst[label]!.removeLast(worst[label]!.count - limit)
            }
        }
        return [ClassLabel.positive, .negative].flatMap { label in
            worst[label]!.sorted { $0.0 > $1.0 }.prefix(limit).map(\.1)
        }
    }
}

/// Builds the search for the construction's cell in Double.
struct AdversarialSearchVisitor: CellVisitor {
    typealias Scalar = Double
    let classifier: Classifier
    let length: Int
    let width: Int
    let samples: Int
    let seed: UInt64
    let limit: Int
    /// Only paths at least this dangerous are proposed (−∞: any).
    var least = -Double.infinity

    func visit<C: RecurrentCell>(_ cell: C) -> [Path] where C.Scalar == Double {
        AdversarialSearch(cell: cell, beta: classifier.beta.map { Double($0) }, gamma: Double(classifier.gamma))
            .candidates(length: length, width: width, samples: samples, seed: seed, limit: limit, least: least)
    }
}
