import F1B
import Foundation

/// Standard normal draws from a SplitMix64 stream by Marsaglia's polar method
/// (u, v uniform on [−1, 1) until 0 < s = u² + v² < 1; then u·m and v·m with
/// m = √(−2 ln s / s) are two independent N(0, 1) values), so a seed gives the
/// same weights on every platform and thread count.
struct GaussianDraws {
    var rng: SplitMix64
    private var spare: Double?

    init(_ rng: SplitMix64) { self.rng = rng }

    /// A uniform on [0, 1) with 53 random bits.
    mutating func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }

    mutating func normal() -> Double {
        if let s = spare {
            spare = nil
            return s
        }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1, s = u * u + v * v
            guard s > 0 && s < 1 else { continue }
            let m = (-2 * Foundation.log(s) / s).squareRoot()
            spare = v * m
            return u * m
        }
    }
}
