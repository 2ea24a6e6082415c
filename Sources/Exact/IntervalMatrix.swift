/// A matrix of certified enclosures in midpoint–radius form (row-major): entry
/// (i, j) stands for [mid − radius, mid + radius]. Products by Rump's method
/// ("Fast and parallel interval arithmetic", BIT 39, 1999): the midpoint
/// product in round-to-nearest, and a radius that bounds both the operands'
/// radii and that product's rounding error, computed so that it rounds upward.
///
/// For C = A·B with inner dimension k, every entry satisfies, for all real
/// matrices X ∈ A, Y ∈ B (entrywise in the balls),
///
///     |(X·Y)_ij − C.mid_ij| ≤ Σ_p |A.mid_ip|·B.rad_pj + A.rad_ip·(|B.mid_pj| + B.rad_pj)
///                            + γ_k·Σ_p |A.mid_ip|·|B.mid_pj| + k·η/2,
///
/// the first sum from |xy − ab| ≤ |a|·|y − b| + |x − a|·|y| term by term, the
/// second the rounding error of the midpoint's k-term dot product (Higham,
/// *Accuracy and Stability*, eq. 3.4, fused or not: each term sees at most k
/// roundings, so γ_k = ku/(1 − ku) ≤ (k + 1)u for k < 2²⁶; η/2 per operation
/// for underflow). The radius is accumulated in round-to-nearest as
/// Σ_p |a|·g + r_a·h with g = (k + 1)u·|b| + r_b + η and h = |b| + r_b: the η
/// because fl(γ|b|) may underflow by up to η/2, a loss |a| then multiplies
/// (fl(γ|b|) + η ≥ γ|b|(1 − u) whatever |a| is). That is a nonnegative
/// expression in nonnegative terms with at most k + 5 roundings on any chain
/// (g's three, the product, the inner sum, one per later term), and the final
/// multiply and add make k + 7, so (`MidpointRadius`) multiplying by
/// 1 + (4k + 16)u ≥ (1 − u)^(−(k+7)) and adding 2⁻¹⁰⁰⁰ (covering the absolute
/// underflow losses that nothing multiplies afterwards) bounds it from above.
///
/// A further u·|C.mid| is added: harmless, and it gives a midpoint that overflowed
/// (∞, after which the dot product's error bound says nothing) an infinite radius.
///
/// The loops are written without fused operations, so they vectorise in any
/// module (SSE2, or AVX2 where built for the host); the bounds hold either way.
/// NaN propagates; an overflow gives an infinite radius.
public struct IntervalMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Midpoints, row-major.
    public private(set) var mid: [Double]
    /// Radii, row-major (nonnegative, ∞ or NaN for the whole line).
    public private(set) var radius: [Double]

    public init(rows: Int, columns: Int, mid: [Double], radius: [Double]) {
        precondition(mid.count == rows * columns && radius.count == rows * columns, "IntervalMatrix: \(rows)×\(columns) needs \(rows * columns) entries")
        self.rows = rows
        self.columns = columns
        self.mid = mid
        self.radius = radius
    }

    /// Entries enclosing `entries` (row-major), each as its ball.
    public init(rows: Int, columns: Int, entries: [DoubleInterval]) {
        let balls = entries.map(\.ball)
        self.init(rows: rows, columns: columns, mid: balls.map(\.mid), radius: balls.map(\.radius))
    }

    /// Entries enclosing exact rationals (row-major): nearest Doubles, radii bounding the gaps.
    public init(rows: Int, columns: Int, exactly entries: [Rational]) {
        let balls = entries.map(DoubleInterval.ball(enclosing:))
        self.init(rows: rows, columns: columns, mid: balls.map(\.mid), radius: balls.map(\.radius))
    }

    /// Entry (i, j) as a certified inf–sup enclosure.
    public subscript(i: Int, j: Int) -> DoubleInterval {
        DoubleInterval(mid: mid[i * columns + j], radius: radius[i * columns + j])
    }

    /// The largest radius (∞ if any entry is NaN).
    public var maxRadius: Double {
        var largest = 0.0
        for (m, r) in zip(mid, radius) {
            if m.isNaN || r.isNaN { return .infinity }
            largest = Swift.max(largest, r)
        }
        return largest
    }

    /// A·x for a point vector x (count == columns): a columns-vector as a rows×1 matrix.
    public func times<R: BallRounding>(_ x: [Double], _ rounding: R.Type = RigorousRounding.self) -> IntervalMatrix {
        precondition(x.count == columns, "IntervalMatrix.times: \(rows)×\(columns) by a vector of \(x.count)")
        let k = columns
        let (gamma, inflation, weightFloor) = MidpointRadius.dotProductRounding(terms: k, R.self)
        var cm = [Double](repeating: 0, count: rows), cr = [Double](repeating: 0, count: rows)
        mid.withUnsafeBufferPointer { am in
            radius.withUnsafeBufferPointer { ar in
                for i in 0..<rows {
                    var m = 0.0, r = 0.0
                    for p in 0..<k {
                        let a = am[i * k + p], b = x[p]
                        m = m + a * b
                        r = r + Swift.abs(a) * (gamma * Swift.abs(b) + weightFloor) + ar[i * k + p] * Swift.abs(b)
                    }
                    cm[i] = m
                    cr[i] = r * inflation + (R.radiusFloor + R.roundoff * Swift.abs(m))
                }
            }
        }
        return IntervalMatrix(rows: rows, columns: 1, mid: cm, radius: cr)
    }

    /// A·B (a.columns == b.rows).
    public static func * (a: IntervalMatrix, b: IntervalMatrix) -> IntervalMatrix { a.times(b) }

    /// A·B with the rounding policy as a type (tests pass one that drops the terms).
    public func times<R: BallRounding>(_ b: IntervalMatrix, _: R.Type = RigorousRounding.self) -> IntervalMatrix {
        precondition(columns == b.rows, "IntervalMatrix: \(rows)×\(columns) times \(b.rows)×\(b.columns)")
        let k = columns, n = b.columns
        let (gamma, inflation, weightFloor) = MidpointRadius.dotProductRounding(terms: k, R.self)
        // Per entry of B: g = γ|b| + r_b + η (weighs |a|), h = |b| + r_b (weighs r_a).
        var g = [Double](repeating: 0, count: k * n), h = g
        for e in 0..<(k * n) {
            let magnitude = Swift.abs(b.mid[e])
            g[e] = (gamma * magnitude + b.radius[e]) + weightFloor
            h[e] = magnitude + b.radius[e]
        }
        var cm = [Double](repeating: 0, count: rows * n), cr = cm
        mid.withUnsafeBufferPointer { am in
            radius.withUnsafeBufferPointer { ar in
                b.mid.withUnsafeBufferPointer { bm in
                    g.withUnsafeBufferPointer { g in
                        h.withUnsafeBufferPointer { h in
                            cm.withUnsafeMutableBufferPointer { cm in
                                cr.withUnsafeMutableBufferPointer { cr in
                                    for i in 0..<rows {
                                        let row = i * n
                                        for p in 0..<k {
                                            let x = am[i * k + p], magnitude = Swift.abs(x), r = ar[i * k + p], from = p * n
                                            for j in 0..<n {
                                                cm[row + j] = cm[row + j] + x * bm[from + j]
                                                cr[row + j] = cr[row + j] + (magnitude * g[from + j] + r * h[from + j])
                                            }
                                        }
                                        for j in 0..<n { cr[row + j] = cr[row + j] * inflation + (R.radiusFloor + R.roundoff * Swift.abs(cm[row + j])) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return IntervalMatrix(rows: rows, columns: n, mid: cm, radius: cr)
    }
}
