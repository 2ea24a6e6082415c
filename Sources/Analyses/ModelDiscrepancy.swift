import Cells
import F1B
import Foundation
import Simulation
import Synchronization
import _Parallel

/// The discrepancy of one fixed model (a construction or a trained export) on
/// F1B(n): for each distance g = n − L between the flag and the end,
///
///     D(g) = E ‖s_n(X^I_L = +1) − s_n(X^I_L = −1)‖₂
///
/// over paths whose other bits are random and shared by the pair. It is a
/// statistic in Double, not a verdict: a D(g) far from 0 does not make the
/// model pass (`f1b check` decides that), while a pair at distance 0 can be
/// told apart by no classifier. A cell that forgets geometrically has
/// D(g) ≈ c·λ^g; `decayPerStep` is λ fitted by least squares on ln D(g).
public struct ModelDiscrepancy: Sendable, Codable {
    public struct Gap: Sendable, Codable, Equatable {
        /// n − L.
        public var gap: Int
        public var paths: Int
        public var mean: Double
        public var standardDeviation: Double
        public var minimum: Double
        public var maximum: Double
    }

    public var name: String
    public var length: Int
    public var pathsPerGap: Int
    public var seed: UInt64
    public var gaps: [Gap]
    public var seconds: Double

    /// λ in D(g) ≈ c·λ^g, fitted over the gaps with D(g) > 0 (nil with fewer than two).
    public var decayPerStep: Double? {
        let points = gaps.filter { $0.mean > 0 }.map { (x: Double($0.gap), y: Foundation.log($0.mean)) }
        guard points.count >= 2 else { return nil }
        let mx = points.map(\.x).reduce(0, +) / Double(points.count), my = points.map(\.y).reduce(0, +) / Double(points.count)
        let sxx = points.map { ($0.x - mx) * ($0.x - mx) }.reduce(0, +)
        let sxy = points.map { ($0.x - mx) * ($0.y - my) }.reduce(0, +)
        return sxx > 0 ? Foundation.exp(sxy / sxx) : nil
    }

    /// Most cell steps one run may take (2·n·paths per gap, n gaps).
    public static let largestWork = 4_000_000_000

    /// Why `length` and `paths` cannot be run, in the command line's words.
    public static func problem(length n: Int, paths: Int) -> String? {
        if n < 1 { return "--n: expected a length of at least 1" }
        if paths < 1 { return "--paths: expected at least 1 path per gap" }
        if 2 * n * n * paths > largestWork {
            return "--n \(n) with --paths \(paths) takes \(2 * n * n * paths) cell steps; at most \(largestWork) (lower --paths)"
        }
        return nil
    }

    /// Runs the pairs for every gap 0…n−1 on `threads` workers. Precondition:
    /// `problem(length:paths:) == nil`.
    public static func measure(_ cell: CellSpecification, name: String, length n: Int, paths: Int, seed: UInt64,
                               threads: Int = availableThreads, progress: @Sendable (Int, Int) -> Void = { _, _ in }) -> ModelDiscrepancy {
        precondition(problem(length: n, paths: paths) == nil)
        let clock = ContinuousClock(), start = clock.now
        let rows = TaskSums(tasks: n, width: 4)
        let done = Atomic<Int>(0)
        runInParallel(tasks: n, threads: threads, makeWorker: { () }) { _, gap in
            var rng = SplitMix64.stream(UInt64(gap), seed: seed)
            var sum = 0.0, squares = 0.0, low = Double.infinity, high = 0.0
            for _ in 0..<paths {
                let path = Path.random(length: n, flagAt: n - gap, using: &rng)
                let bits = path.informationBits
                func inputs(_ flagged: Int8) -> [StepInput] {
                    (1...n).map { StepInput(informationBit: Int($0 == n - gap ? flagged : bits[$0 - 1]), flagged: $0 == n - gap) }
                }
                let d = cell.withCell(PairDistances<Double>(u: inputs(1), v: inputs(-1))).last![0]
                sum += d
                squares += d * d
                low = min(low, d)
                high = max(high, d)
            }
            rows.store([sum, squares, low, high], task: gap)
            progress(done.add(1, ordering: .relaxed).newValue, n)
        }
        let gaps = (0..<n).map { g -> Gap in
            let r = rows.values(task: g), p = Double(paths), mean = r[0] / p
            let variance = paths > 1 ? max(0, (r[1] - p * mean * mean) / (p - 1)) : 0
            return Gap(gap: g, paths: paths, mean: mean, standardDeviation: variance.squareRoot(),
                       minimum: r[2], maximum: r[3])
        }
        return ModelDiscrepancy(name: name, length: n, pathsPerGap: paths, seed: seed, gaps: gaps, seconds: (clock.now - start).secondsValue)
    }
}
