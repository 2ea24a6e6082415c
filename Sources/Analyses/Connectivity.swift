import Cells
import Exact
import F1B
import Foundation
import Simulation
import Synchronization
import _Parallel

/// Input–output connectivity (after Madsen, "Visualizing memorization in
/// RNNs", Distill 2019): how much the classifier's score at the end depends on
/// each earlier input,
///
///     g^I_t = ∂(βᵀs_n + γ)/∂X^I_t,   g^F_t = ∂(βᵀs_n + γ)/∂X^F_t,   t = 1…n,
///
/// the inputs taken as real numbers at the path's values (x enters every cell
/// through W x + b, affine in x). c_t = √((g^I_t)² + (g^F_t)²) is step t's
/// connectivity; the share at the flag is c_L / Σ_t c_t. For a model that
/// passes, the score should hang on the flagged step and little else. Computed
/// by forward-mode `InputDual` numbers through the cell's one definition, one
/// seed per (t, component). Madsen's code sums squares where the article
/// writes a norm; the norm is used here.
public struct Connectivity: Sendable {
    public struct PathGradient: Sendable {
        public var path: Path
        /// βᵀs_n + γ.
        public var score: Double
        /// g^I_t and g^F_t for t = 1…n (index t − 1).
        public var informationBit: [Double]
        public var flag: [Double]
        /// Whether some derivative met a kink of g or relu (there the one-sided derivatives differ).
        public var kink: Bool

        /// c_t for t = 1…n.
        public var magnitudes: [Double] { zip(informationBit, flag).map { ($0 * $0 + $1 * $1).squareRoot() } }

        /// c_L / Σ_t c_t (nil when the score depends on no input at all).
        public var shareAtFlag: Double? {
            let c = magnitudes, total = c.reduce(0, +)
            return total > 0 ? c[path.flagPosition - 1] / total : nil
        }
    }

    public var name: String
    public var length: Int
    public var classifier: Classifier
    /// Whether the classifier is the file's (false: s_n itself, for a K = 1 file without one).
    public var classifierFromFile: Bool
    public var paths: [PathGradient]
    public var seconds: Double

    /// Mean over paths of |g^I_t| and |g^F_t|, t = 1…n.
    public var meanInformation: [Double] { mean { $0.informationBit.map(abs) } }
    public var meanFlag: [Double] { mean { $0.flag.map(abs) } }

    /// Mean c over paths by offset t − L (index offset + n − 1, offsets −(n−1)…n−1); nil where no path has the offset.
    public var meanByOffset: [Double?] {
        var sums = [Double](repeating: 0, count: 2 * length - 1), counts = [Int](repeating: 0, count: 2 * length - 1)
        for p in paths {
            for (i, c) in p.magnitudes.enumerated() {
                let offset = i + 1 - p.path.flagPosition + length - 1
                sums[offset] += c
                counts[offset] += 1
            }
        }
        return zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : nil }
    }

    /// Mean share of connectivity at t = L over the paths whose score depends on some input.
    public var shareAtFlag: Double? {
        let shares = paths.compactMap(\.shareAtFlag)
        return shares.isEmpty ? nil : shares.reduce(0, +) / Double(shares.count)
    }

    private func mean(_ f: (PathGradient) -> [Double]) -> [Double] {
        var total = [Double](repeating: 0, count: length)
        for p in paths { for (i, v) in f(p).enumerated() { total[i] += v } }
        return total.map { $0 / Double(max(paths.count, 1)) }
    }

    /// Most cell steps one run may take (2n² per path).
    public static let largestWork = 4_000_000_000

    public static func problem(length n: Int, paths: Int) -> String? {
        if n < 1 { return "--n: expected a length of at least 1" }
        if paths < 1 { return "--paths: expected at least 1" }
        if 2 * n * n * paths > largestWork { return "--n \(n) with \(paths) paths takes \(2 * n * n * paths) cell steps; at most \(largestWork)" }
        return nil
    }

    /// `count` paths of F1B(n) from `seed` (L uniform, or fixed at `flagAt`).
    public static func randomPaths(length n: Int, count: Int, flagAt: Int?, seed: UInt64) -> [Path] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in Path.random(length: n, flagAt: flagAt, using: &rng) }
    }

    /// The gradients for every path, on `threads` workers.
    public static func measure(_ cell: CellSpecification, classifier: Classifier, classifierFromFile: Bool = true, name: String,
                               paths: [Path], threads: Int = availableThreads,
                               progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> Connectivity {
        precondition(!paths.isEmpty && paths.allSatisfy { $0.length == paths[0].length })
        let clock = ContinuousClock(), start = clock.now
        let results = Mutex([PathGradient?](repeating: nil, count: paths.count))
        let done = Atomic<Int>(0)
        let beta = classifier.beta.map { Double($0) }, gamma = Double(classifier.gamma)
        runInParallel(tasks: paths.count, threads: threads, makeWorker: { () }) { _, i in
            let gradient = cell.withCell(PathGradients(path: paths[i], beta: beta, gamma: gamma, encoding: cell.flags))
            results.withLock { $0[i] = gradient }
            progress(done.add(1, ordering: .relaxed).newValue, paths.count)
        }
        return Connectivity(name: name, length: paths[0].length, classifier: classifier, classifierFromFile: classifierFromFile,
                            paths: results.withLock { $0.map { $0! } }, seconds: (clock.now - start).secondsValue)
    }
}

/// One path's gradients: the states along it once, then for each step t and
/// each input component a run from s_{t−1} seeded at t.
struct PathGradients: CellVisitor {
    typealias Scalar = InputDual
    let path: Path
    let beta: [Double]
    let gamma: Double
    let encoding: FlagEncoding

    func visit<C: RecurrentCell>(_ cell: C) -> Connectivity.PathGradient where C.Scalar == InputDual {
        let n = path.length
        var scratch = cell.makeScratch()
        func input(_ t: Int, information: Double = 0, flag: Double = 0) -> SeededInput {
            SeededInput(path.input(at: t), informationTangent: information, flagTangent: flag, encoding: encoding)
        }
        // s_0 … s_n.
        var states = [cell.initialState]
        var next = cell.initialState
        for t in 1...n {
            cell.step(states[t - 1], input(t), into: &next, scratch: &scratch)
            states.append(next)
        }
        let score = gamma + zip(beta, states[n]).map { $0 * $1.value }.reduce(0, +)
        var information = [Double](repeating: 0, count: n), flag = information
        var kink = false
        for t in 1...n {
            for component in 0..<2 {
                var state = states[t - 1].map { InputDual(value: $0.value) }
                for u in t...n {
                    let seeded = u == t ? input(u, information: component == 0 ? 1 : 0, flag: component == 1 ? 1 : 0) : input(u)
                    cell.step(state, seeded, into: &next, scratch: &scratch)
                    swap(&state, &next)
                }
                let g = zip(beta, state).map { $0 * $1.tangent }.reduce(0, +)
                kink = kink || state.contains { $0.kink }
                if component == 0 { information[t - 1] = g } else { flag[t - 1] = g }
            }
        }
        return Connectivity.PathGradient(path: path, score: score, informationBit: information, flag: flag, kink: kink)
    }
}
