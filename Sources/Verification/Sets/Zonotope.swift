import Exact

/// A zonotope of states: Z = {c + G ε : ε ∈ [−1, 1]^m}, c ∈ ℝ^D, G ∈ ℝ^{D×m}.
/// The Double entries are exact numbers — the set is exactly this one; every
/// operation that computes new entries accounts for its rounding by enlarging
/// the result (an axis-aligned box of extra generators), so each result
/// contains what the exact operation would give.
///
/// G is kept row by row: row k holds the coefficients of state entry k, which
/// are the affine form of that entry over ε₁…ε_m (`forms`), so a zonotope
/// enters a cell step without copying.
public struct Zonotope: Sendable, Equatable {
    public private(set) var centre: [Double]
    /// rows[k][j] = G_{kj}; every row has `generatorCount` entries.
    public private(set) var rows: [[Double]]

    public var dimension: Int { centre.count }
    public var generatorCount: Int { rows.first?.count ?? 0 }

    /// Precondition: one row per entry of c, all of one length, finite entries.
    public init(centre: [Double], rows: [[Double]]) {
        precondition(centre.count == rows.count && Set(rows.map(\.count)).count <= 1)
        self.centre = centre
        self.rows = rows
    }

    /// The single point c.
    public init(point c: [Double]) { self.init(centre: c, rows: c.map { _ in [] }) }

    /// A box of intervals, as midpoints and one axis-aligned generator per
    /// non-point entry (radii rounded up, so the box is contained).
    public init(box: [DoubleInterval]) {
        let forms = box.map { NoiseForm(interval: $0, symbols: nil) }
        let D = box.count
        var rows = [[Double]](repeating: [], count: D)
        let wide = (0..<D).filter { forms[$0].error > 0 }
        for k in 0..<D { rows[k] = wide.map { $0 == k ? forms[k].error : 0 } }
        self.init(centre: forms.map(\.centre), rows: rows)
    }

    /// The entries as affine forms over ε₀…ε_{m−1} of `symbols` (no error terms).
    public func forms(symbols: NoiseSymbols?) -> [NoiseForm] {
        (0..<dimension).map { NoiseForm(centre: centre[$0], coefficients: rows[$0], error: 0, symbols: symbols) }
    }

    /// The zonotope of forms over ε₀…ε_{symbolCount−1}: their coefficients as
    /// generators, and each error term e_k as one more generator e_k·u_k (the
    /// deviations are independent per entry, an axis-aligned box). Nil when a
    /// form is unbounded.
    public init?(forms: [NoiseForm], symbolCount m: Int) {
        guard forms.allSatisfy({ !$0.isUnbounded && $0.centre.isFinite }) else { return nil }
        let withError = forms.indices.filter { forms[$0].error > 0 }
        var rows: [[Double]] = []
        rows.reserveCapacity(forms.count)
        for (k, f) in forms.enumerated() {
            var row = f.coefficients
            if row.count < m { row.append(contentsOf: repeatElement(0, count: m - row.count)) }
            precondition(row.count == m, "a form uses a symbol beyond the computation's count")
            for j in withError { row.append(j == k ? f.error : 0) }
            rows.append(row)
        }
        self.init(centre: forms.map(\.centre), rows: rows)
    }

    /// The hull of entry k: c_k ± Σ_j |G_kj|, outward.
    public func bounds(_ k: Int) -> DoubleInterval {
        var s = 0.0
        for g in rows[k] { s += g.magnitude }
        let r = Roundoff.sumBound(s, count: rows[k].count)
        return DoubleInterval(centre[k]) + DoubleInterval(lower: -r, upper: r)
    }

    /// The smallest box around the zonotope (outward).
    public var boxHull: [DoubleInterval] { (0..<dimension).map(bounds) }

    /// An enclosure of {dᵀx + offset : x ∈ Z, d ∈ D} for the first `d.count`
    /// entries, D a box of directions (d_k ∈ [m_k − r_k, m_k + r_k]): by the
    /// support function,
    ///
    ///     dᵀx + offset ∈ dᵀc + offset ± (Σ_j |mᵀg_j| + Σ_k r_k a_k),   a_k = Σ_j |G_kj|,
    ///
    /// dᵀc + offset in interval arithmetic, and the spread from one pass over
    /// G: ŝ = fl(mᵀG), each entry within γ_K·Σ_k |m_k||G_kj| + K·2⁻¹⁰⁷⁴ of
    /// mᵀg_j (a K-term dot product, Higham 3.4), so
    ///
    ///     Σ_j |mᵀg_j| ≤ Σ_j |ŝ_j| + γ_K·Σ_k |m_k| a_k + m·K·2⁻¹⁰⁷⁴,
    ///
    /// every sum rounded up. This replaced one interval operation per entry
    /// of G (a sixth of `check --method history` at K = 32, measured).
    public func range(of d: [DoubleInterval], plus offset: DoubleInterval = DoubleInterval(0.0)) -> DoubleInterval {
        var value = offset
        let m = generatorCount, K = d.count
        var projected = [Double](repeating: 0, count: m)
        var weighed = 0.0
        let gamma = Double(K + 1) * 0x1p-53
        projected.withUnsafeMutableBufferPointer { s in
            for (k, dk) in d.enumerated() {
                value = value + dk * DoubleInterval(centre[k])
                guard m > 0, dk.lower != 0 || dk.upper != 0 else { continue }
                let mid = dk.midpoint
                let radius = Swift.max((DoubleInterval(dk.upper) - DoubleInterval(mid)).upper, (DoubleInterval(mid) - DoubleInterval(dk.lower)).upper)
                var absolute = 0.0
                rows[k].withUnsafeBufferPointer { g in
                    for j in 0..<m {
                        s[j] = s[j].addingProduct(mid, g[j])
                        absolute += g[j].magnitude
                    }
                }
                let a = Roundoff.sumBound(absolute, count: m)
                weighed = Roundoff.sumUp(weighed, Roundoff.sumUp(Roundoff.productUp(Roundoff.productUp(gamma, mid.magnitude), a),
                                                                 Roundoff.productUp(radius, a)))
            }
        }
        var spread = 0.0
        for v in projected { spread += v.magnitude }
        let r = Roundoff.sumUp(Roundoff.sumUp(Roundoff.sumBound(spread, count: m), weighed), Double(m * K) * 0x1p-1074)
        return value + DoubleInterval(lower: -r, upper: r)
    }
}

// MARK: - Reduction, join, split

extension Zonotope {
    /// At most `budget` generators (budget ≥ D), by Girard's method: the
    /// generators with least ‖g‖₁ − ‖g‖∞ (the most box-like) are replaced by
    /// their box hull, b_k = Σ_removed |G_kj| (rounded up) — the removed part
    /// Σ G_j ε_j lies in that box, so the result contains Z. Ties go by index.
    public func reduced(toGenerators budget: Int) -> Zonotope {
        let m = generatorCount, D = dimension
        guard m > budget else { return self }
        precondition(budget >= D, "a reduced zonotope keeps at least one generator per dimension")
        var score = [Double](repeating: 0, count: m)
        var largest = [Double](repeating: 0, count: m)
        for k in 0..<D {
            for j in 0..<m {
                let a = rows[k][j].magnitude
                score[j] += a
                largest[j] = Swift.max(largest[j], a)
            }
        }
        for j in 0..<m { score[j] -= largest[j] }
        let order = (0..<m).sorted { score[$0] != score[$1] ? score[$0] < score[$1] : $0 < $1 }
        let removedCount = Swift.min(m, m - budget + D)
        var removed = [Bool](repeating: false, count: m)
        for j in order.prefix(removedCount) { removed[j] = true }
        let kept = (0..<m).filter { !removed[$0] }
        var radii = [Double](repeating: 0, count: D)
        for k in 0..<D {
            var s = 0.0
            for j in 0..<m where removed[j] { s += rows[k][j].magnitude }
            radii[k] = Roundoff.sumBound(s, count: removedCount)
        }
        let boxed = (0..<D).filter { radii[$0] > 0 }
        let newRows = (0..<D).map { k in kept.map { rows[k][$0] } + boxed.map { $0 == k ? radii[k] : 0 } }
        return Zonotope(centre: centre, rows: newRows)
    }

    /// A zonotope containing the convex hull of self and other (Girard / Le
    /// Guernic): with both padded to m generators, paired by index,
    ///
    ///     c = (c₁ + c₂)/2,   G = [(G₁ + G₂)/2, (c₁ − c₂)/2, (G₁ − G₂)/2]
    ///
    /// (x = c₁ + G₁ε is the point with multiplier +1 on the last two groups,
    /// c₂ + G₂ε the one with −1; a convex combination is a multiplier in
    /// between). Each computed entry's rounding error, bounded by `Roundoff`,
    /// goes into one more axis-aligned generator per entry.
    public func joined(with other: Zonotope) -> Zonotope {
        precondition(dimension == other.dimension)
        let m = Swift.max(generatorCount, other.generatorCount), D = dimension
        var newCentre = [Double](repeating: 0, count: D)
        var newRows = [[Double]](repeating: [], count: D)
        var slack = [Double](repeating: 0, count: D)
        for k in 0..<D {
            var rounding = Roundoff.Accumulator()
            var row = [Double](repeating: 0, count: 2 * m + 1)
            for j in 0..<m {
                let a = j < generatorCount ? rows[k][j] : 0, b = j < other.generatorCount ? other.rows[k][j] : 0
                let s = (a + b) / 2, d = (a - b) / 2
                rounding.record(s)
                rounding.record(d)
                row[j] = s
                row[m + 1 + j] = d
            }
            let s = (centre[k] + other.centre[k]) / 2, d = (centre[k] - other.centre[k]) / 2
            rounding.record(s)
            rounding.record(d)
            newCentre[k] = s
            row[m] = d
            newRows[k] = row
            // Halving is exact but below 2⁻¹⁰²¹; the accumulator's 2⁻¹⁰⁷⁴ per record covers it.
            slack[k] = rounding.bound
        }
        let boxed = (0..<D).filter { slack[$0] > 0 }
        for k in 0..<D { newRows[k] += boxed.map { $0 == k ? slack[k] : 0 } }
        return Zonotope(centre: newCentre, rows: newRows)
    }

    /// The two halves ε_j ∈ [−1, 0] and [0, 1]: c ∓ g_j/2 with g_j halved
    /// (ε_j = ±½ + ½ε′). Rounding of the new centres goes into an axis-aligned
    /// generator per entry.
    public func split(along j: Int) -> (Zonotope, Zonotope) {
        func half(_ sign: Double) -> Zonotope {
            var c = centre, r = rows
            var slack = [Double](repeating: 0, count: dimension)
            for k in 0..<dimension {
                var rounding = Roundoff.Accumulator()
                let h = rows[k][j] / 2
                rounding.record(h)
                let v = centre[k] + sign * h
                rounding.record(v)
                c[k] = v
                r[k][j] = h
                slack[k] = rounding.bound
            }
            let boxed = (0..<dimension).filter { slack[$0] > 0 }
            for k in 0..<dimension { r[k] += boxed.map { $0 == k ? slack[k] : 0 } }
            return Zonotope(centre: c, rows: r)
        }
        return (half(-1), half(1))
    }

    /// The generator with the largest |dᵀg_j| for a direction d (Doubles, a
    /// heuristic choice of where to split), or the largest ‖g_j‖₁ without one.
    public func widestGenerator(along d: [Double]? = nil) -> Int? {
        guard generatorCount > 0 else { return nil }
        var best = 0, bestValue = -1.0
        for j in 0..<generatorCount {
            var v = 0.0
            if let d {
                for k in d.indices { v += d[k] * rows[k][j] }
                v = v.magnitude
            } else {
                for k in 0..<dimension { v += rows[k][j].magnitude }
            }
            if v > bestValue { (best, bestValue) = (j, v) }
        }
        return best
    }
}
