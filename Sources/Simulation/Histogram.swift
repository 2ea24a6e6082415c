/// Counts of one state dimension at one time, for both classes on common bins:
/// `bins` equal bins on [lower, upper], the last one closed.
public struct Histogram: Sendable, Equatable {
    public var time: Int
    public var dimension: Int
    public var lower: Double
    public var upper: Double
    public var positive: [Int]
    public var negative: [Int]

    public var bins: Int { positive.count }
    public var binWidth: Double { (upper - lower) / Double(bins) }
    public func binLower(_ i: Int) -> Double { lower + Double(i) * binWidth }

    /// Bins spanning both classes' values (widened by ½ each way if all are equal),
    /// or the given range, where values outside it are counted in the end bins.
    public init(time: Int, dimension: Int, positive: ArraySlice<Float>, negative: ArraySlice<Float>,
                bins: Int, range: ClosedRange<Double>? = nil) {
        precondition(bins >= 1)
        self.time = time
        self.dimension = dimension
        var low = Double.infinity, high = -Double.infinity
        if let range {
            low = range.lowerBound
            high = range.upperBound
        } else {
            for v in positive { low = min(low, Double(v)); high = max(high, Double(v)) }
            for v in negative { low = min(low, Double(v)); high = max(high, Double(v)) }
        }
        if !(low < high) { low -= 0.5; high += 0.5 }
        lower = low
        upper = high
        func count(_ values: ArraySlice<Float>) -> [Int] {
            var counts = Array(repeating: 0, count: bins)
            let scale = Double(bins) / (high - low)
            for v in values {
                let i = Int(((Double(v) - low) * scale).rounded(.down))
                counts[min(max(i, 0), bins - 1)] += 1
            }
            return counts
        }
        self.positive = count(positive)
        self.negative = count(negative)
    }

    /// Adds another histogram on the same bins (shards of one run).
    public mutating func merge(_ other: Histogram) {
        precondition(other.lower == lower && other.upper == upper && other.bins == bins)
        for i in 0..<bins {
            positive[i] += other.positive[i]
            negative[i] += other.negative[i]
        }
    }
}
