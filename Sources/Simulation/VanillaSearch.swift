import Cells
import Exact
import F1B
import Sharding
import _Parallel

/// Section 5.1's search over Vanilla K = 1 parameters (U, W = [W1, W2], b,
/// s0): a space of settings, each screened by Monte Carlo at one n. Settings
/// are numbered — first the grid, then random samples — so a sweep can be
/// split into shards (setting j belongs to shard j mod N) and merged.
public struct VanillaSearchSpace: Sendable, Equatable {
    /// The parameters searched, in this order: U, W1 (information bit), W2 (flag), b, s0.
    public static let names = ["U", "W1", "W2", "b", "s0"]

    public var activation: Activation
    public var flags: FlagEncoding
    /// Sampling range of each free parameter.
    public var ranges: [String: ClosedRange<Double>]
    /// Parameters held fixed (exact).
    public var fixed: [String: Rational]
    /// Grid points per free parameter (0: no grid).
    public var grid: Int
    /// Random samples after the grid.
    public var samples: Int
    public var seed: UInt64

    public static let defaultRanges: [String: ClosedRange<Double>] = ["U": -3...3, "W1": -3...3, "W2": -3...3, "b": -3...3, "s0": -1...1]

    public init(activation: Activation, flags: FlagEncoding = .plusMinus, ranges: [String: ClosedRange<Double>] = [:],
                fixed: [String: Rational] = [:], grid: Int, samples: Int, seed: UInt64) {
        self.activation = activation
        self.flags = flags
        self.ranges = Self.defaultRanges.merging(ranges) { $1 }
        self.fixed = fixed
        self.grid = grid
        self.samples = samples
        self.seed = seed
    }

    public var free: [String] { Self.names.filter { fixed[$0] == nil } }

    /// grid^(free parameters) grid settings (one setting when everything is fixed).
    public var gridCount: Int {
        guard grid > 0 else { return 0 }
        return free.reduce(1) { count, _ in count.multipliedReportingOverflow(by: grid).overflow ? Int.max : count * grid }
    }

    public var count: Int { gridCount == Int.max ? Int.max : gridCount + samples }

    /// Setting j: its exact parameter values. Grid and random values are
    /// rounded to four decimals, so they are exact in a construction file.
    public func setting(_ j: Int) -> [String: Rational] {
        var values = fixed
        var rng = SplitMix64.stream(UInt64(j), seed: seed)
        var rest = j
        for name in free {
            let range = ranges[name]!
            let x: Double
            if j < gridCount {
                let i = rest % grid
                rest /= grid
                x = grid == 1 ? (range.lowerBound + range.upperBound) / 2
                    : range.lowerBound + Double(i) * (range.upperBound - range.lowerBound) / Double(grid - 1)
            } else {
                x = range.lowerBound + Double(rng.next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
            }
            values[name] = Rational(Int((x * 10_000).rounded()), 10_000)
        }
        return values
    }

    /// The cell of a setting.
    public func cell(_ values: [String: Rational]) -> CellSpecification {
        CellSpecification(model: .vanilla, activation: activation, stateSize: 1, flags: flags,
                          parameters: ["U": ExactMatrix(rowsOf: [[values["U"]!]]),
                                       "W": ExactMatrix(rowsOf: [[values["W1"]!, values["W2"]!]]),
                                       "b": ExactMatrix(vector: [values["b"]!])],
                          initialState: [values["s0"]!])
    }
}

/// One screened setting: the fitted classifier's errors on the final states.
public struct ScreenedSetting: Sendable, Equatable {
    public var index: Int
    public var values: [String: Rational]
    /// Test-half errors of the fitted classifier, and the test-half size.
    public var errors: Int
    public var trials: Int

    public init(index: Int, values: [String: Rational], errors: Int, trials: Int) {
        self.index = index
        self.values = values
        self.errors = errors
        self.trials = trials
    }

    public var estimate: ErrorEstimate { ErrorEstimate(errors: errors, trials: trials) }

    /// Fewer errors first, then lower index: a total order, so merged shards agree.
    public static func ranks(_ a: ScreenedSetting, before b: ScreenedSetting) -> Bool {
        (a.errors, a.index) < (b.errors, b.index)
    }
}

/// What a (part of a) sweep found: how many settings were screened, how their
/// errors spread, and the best ones.
public struct SearchScreen: Sendable, Equatable {
    public var screened: Int
    /// Settings by test error rate in tenths: [0, 0.1), …, [0.9, 1] — plus,
    /// first, the settings with no error at all.
    public var zeroErrors: Int
    public var errorDeciles: [Int]
    /// The best settings, at most `keep`.
    public var best: [ScreenedSetting]
    public var keep: Int

    public init(keep: Int) {
        screened = 0
        zeroErrors = 0
        errorDeciles = Array(repeating: 0, count: 10)
        best = []
        self.keep = keep
    }

    public mutating func add(_ s: ScreenedSetting) {
        screened += 1
        if s.errors == 0 { zeroErrors += 1 }
        errorDeciles[min(9, Int(Double(s.errors) / Double(s.trials) * 10))] += 1
        best.append(s)
        if best.count > 2 * keep { trim() }
    }

    mutating func trim() {
        best.sort(by: ScreenedSetting.ranks)
        if best.count > keep { best.removeLast(best.count - keep) }
    }

    /// Adds another shard's screen.
    public mutating func merge(_ other: SearchScreen) {
        screened += other.screened
        zeroErrors += other.zeroErrors
        for i in 0..<10 { errorDeciles[i] += other.errorDeciles[i] }
        keep = max(keep, other.keep)
        best += other.best
        trim()
    }

    public var finished: SearchScreen {
        var copy = self
        copy.trim()
        return copy
    }
}

extension VanillaSearchSpace {
    /// Screens the settings of `shard` (setting j belongs to shard j mod N) by simulating each on
    /// `pathsPerClass` + `pathsPerClass` paths of F1B(n) and fitting a
    /// classifier to half of them. `progress` is told how many settings are done.
    public func screen(length n: Int, pathsPerClass: Int, shard: Shard = .whole, keep: Int = 20,
                       threads: Int = availableThreads, progress: (Int, Int) -> Void = { _, _ in }) -> SearchScreen {
        var screen = SearchScreen(keep: keep)
        let mine = shard.indices(below: count)
        let total = mine.underestimatedCount
        for (done, j) in mine.enumerated() {
            let values = setting(j)
            let setup = SimulationSetup(length: n, pathsPerClass: pathsPerClass, seed: seed ^ UInt64(j))
            let states = cell(values).simulate(setup, threads: threads)
            let rows = { (positive: Bool) in states.values(positive: positive, timeIndex: 0, dimension: 0).map { [Double($0)] } }
            let fit = FittedClassifier.fit(positive: rows(true), negative: rows(false))
            screen.add(ScreenedSetting(index: j, values: values, errors: fit.test.errors, trials: fit.test.trials))
            if done % 64 == 63 { progress(done + 1, total) }
        }
        return screen.finished
    }
}


/// The search space as a search result stores it: parameter names checked
/// against `names`, ranges as [low, high], the seed as a string (a UInt64 does
/// not survive a JSON number).
extension VanillaSearchSpace: Codable {
    enum CodingKeys: String, CodingKey { case activation, flags, ranges, fixed, grid, samples, seed }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let ranges = try c.decode([String: ClosedRange<Double>].self, forKey: .ranges)
        let fixed = try c.decode([String: Rational].self, forKey: .fixed)
        for name in Array(ranges.keys) + Array(fixed.keys) where !Self.names.contains(name) {
            throw DecodingError.dataCorruptedError(forKey: .ranges, in: c, debugDescription: "unknown parameter \"\(name)\"")
        }
        let seedText = try c.decode(String.self, forKey: .seed)
        guard let seed = UInt64(seedText) else {
            throw DecodingError.dataCorruptedError(forKey: .seed, in: c, debugDescription: "'\(seedText)' is not a seed")
        }
        let grid = try c.decode(Int.self, forKey: .grid), samples = try c.decode(Int.self, forKey: .samples)
        guard grid >= 0, samples >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .grid, in: c, debugDescription: "expected grid ≥ 0 and samples ≥ 0")
        }
        self.init(activation: try c.decode(Activation.self, forKey: .activation), flags: try c.decode(FlagEncoding.self, forKey: .flags),
                  ranges: ranges, fixed: fixed, grid: grid, samples: samples, seed: seed)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(activation, forKey: .activation)
        try c.encode(flags, forKey: .flags)
        try c.encode(ranges.filter { fixed[$0.key] == nil }, forKey: .ranges)
        try c.encode(fixed, forKey: .fixed)
        try c.encode(grid, forKey: .grid)
        try c.encode(samples, forKey: .samples)
        try c.encode(String(seed), forKey: .seed)
    }
}

extension ScreenedSetting: Codable {}

extension SearchScreen: Codable {
    enum CodingKeys: String, CodingKey {
        case screened, keep, best
        case zeroErrors = "zero_errors", errorDeciles = "error_deciles"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(keep: try c.decode(Int.self, forKey: .keep))
        screened = try c.decode(Int.self, forKey: .screened)
        zeroErrors = try c.decode(Int.self, forKey: .zeroErrors)
        errorDeciles = try c.decode([Int].self, forKey: .errorDeciles)
        best = try c.decode([ScreenedSetting].self, forKey: .best)
        guard errorDeciles.count == 10 else {
            throw DecodingError.dataCorruptedError(forKey: .errorDeciles, in: c, debugDescription: "expected ten deciles")
        }
    }
}
