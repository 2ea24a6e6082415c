/// What one Monte-Carlo run simulates: P positive and P negative paths of
/// F1B(n) (the flagged bit +1, resp. −1), the flag uniform on {1…n} or fixed,
/// and the times t at which states are recorded.
public struct SimulationSetup: Sendable, Equatable {
    /// n, the sequence length.
    public var length: Int
    /// P, the paths simulated per class.
    public var pathsPerClass: Int
    public var seed: UInt64
    /// L for every path (as in the paper's Figures 2–4), or nil for L uniform on {1…n}.
    public var flagPosition: Int?
    /// The recorded times, ascending and distinct, each in 1…n; always ends with n.
    public private(set) var times: [Int]

    /// Precondition: `isValid` (the command checks and reports first).
    public init(length: Int, pathsPerClass: Int, seed: UInt64, flagPosition: Int? = nil, times: [Int] = []) {
        self.length = length
        self.pathsPerClass = pathsPerClass
        self.seed = seed
        self.flagPosition = flagPosition
        self.times = Array(Set(times + [length])).sorted()
    }

    /// Why these values cannot be simulated, or nil.
    public var problem: String? {
        if length < 1 { return "the sequence length must be at least 1, got \(length)" }
        if pathsPerClass < 2 { return "at least 2 paths per class are needed (one to fit a classifier, one to score it), got \(pathsPerClass)" }
        if let L = flagPosition, !(1...length).contains(L) { return "the flag position must lie in 1...\(length), got \(L)" }
        if let t = times.first(where: { !(1...length).contains($0) }) { return "recorded times must lie in 1...\(length), got \(t)" }
        let (steps, overflow) = (2 * pathsPerClass).multipliedReportingOverflow(by: length)
        if overflow || steps > Self.maximumCellSteps {
            return "n · paths is too large: 2 × \(pathsPerClass) paths × n = \(length) is over \(Self.maximumCellSteps) cell steps "
                + "(about an hour on two cores at 3·10⁸ steps a second); lower --n or --paths"
        }
        return nil
    }

    /// The most cell steps (2 · paths per class · n) one run may take: 10¹².
    public static let maximumCellSteps = 1_000_000_000_000

    /// Why the recorded states would not fit in memory (`bytesLimit`), or nil:
    /// 2 · paths · recorded times · state width Floats are kept.
    public func storageProblem(stateWidth: Int, bytesLimit: Int = 16 << 30) -> String? {
        let floats = Double(2 * pathsPerClass) * Double(times.count) * Double(stateWidth)
        guard floats * 4 > Double(bytesLimit) else { return nil }
        return "the recorded states need \(Int((floats * 4 / Double(1 << 30)).rounded(.up))) GiB "
            + "(2 × \(pathsPerClass) paths × \(times.count) times × \(stateWidth) values, 4 bytes each), over \(bytesLimit >> 30) GiB; "
            + "lower --paths or record fewer --times"
    }

    /// Blocks of `PathBlock.width` paths per class.
    public var blocksPerClass: Int { (pathsPerClass + PathBlock.width - 1) / PathBlock.width }
}
