import Exact

/// Whether one set lies inside another, decided without tolerance.
public enum Containment: Sendable, Equatable {
    /// Inside: every inequality certified.
    case proved
    /// Not inside: a vertex of the inner zonotope (its generators' signs,
    /// ε = signs) is certified outside the facet `facet`.
    case refuted(facet: Int, signs: [Int8])
    /// Neither could be certified (the enclosures straddle a facet).
    case unknown(facet: Int)

    public var isProved: Bool { self == .proved }
}

/// A parallelotope in facet form: P = {x ∈ ℝ^D : lᵢ ≤ Wᵢ·x ≤ uᵢ, i = 1…D},
/// W an invertible D×D matrix of Doubles (its rows the facet normals — the
/// template's directions), l ≤ u Doubles. All entries are exact numbers: the
/// set is exactly this one, and containment in it is a question of D
/// support functions (`contains`), with no inverse needed. Its generator form,
/// needed to take its image, is enclosed rigorously (`enclosingZonotope`).
public struct Parallelotope: Sendable, Equatable {
    /// rows of W.
    public let facets: [[Double]]
    public var lower: [Double]
    public var upper: [Double]

    public var dimension: Int { facets.count }

    public init(facets: [[Double]], lower: [Double], upper: [Double]) {
        precondition(facets.count == lower.count && lower.count == upper.count && facets.allSatisfy { $0.count == facets.count })
        self.facets = facets
        self.lower = lower
        self.upper = upper
    }

    /// The tightest parallelotope with these facet normals around zonotopes:
    /// lᵢ, uᵢ the certified ends of Wᵢ·x over all of them (so each is contained).
    public init(facets: [[Double]], around zonotopes: [Zonotope]) {
        precondition(!zonotopes.isEmpty)
        let rows = facets.map { $0.map { DoubleInterval($0) } }
        var lower = [Double](repeating: .infinity, count: facets.count)
        var upper = [Double](repeating: -.infinity, count: facets.count)
        for z in zonotopes {
            for (i, w) in rows.enumerated() {
                let r = z.range(of: w)
                lower[i] = Swift.min(lower[i], r.lower)
                upper[i] = Swift.max(upper[i], r.upper)
            }
        }
        self.init(facets: facets, lower: lower, upper: upper)
    }

    /// Wᵢ·x over a zonotope, certified.
    public func range(_ i: Int, over z: Zonotope) -> DoubleInterval {
        z.range(of: facets[i].map { DoubleInterval($0) })
    }

    /// Z ⊆ P iff for every facet the range of Wᵢ·x over Z lies in [lᵢ, uᵢ];
    /// each range is the support function, enclosed outward, so `.proved` is
    /// certain. Refuted when a vertex of Z (ε = the signs of Wᵢ·gⱼ) is
    /// certified beyond a facet.
    public func contains(_ z: Zonotope) -> Containment {
        var straddling: Int?
        for i in 0..<dimension {
            let r = range(i, over: z)
            if r.lower >= lower[i] && r.upper <= upper[i] { continue }
            if let signs = outsideVertex(i, z) { return .refuted(facet: i, signs: signs) }
            if straddling == nil { straddling = i }
        }
        return straddling.map { .unknown(facet: $0) } ?? .proved
    }

    /// A vertex of Z certified outside facet i, as the signs of its ε.
    func outsideVertex(_ i: Int, _ z: Zonotope) -> [Int8]? {
        let w = facets[i]
        for direction in [1.0, -1.0] {
            var signs = [Int8](repeating: 1, count: z.generatorCount)
            for j in 0..<z.generatorCount {
                var s = 0.0
                for k in 0..<dimension { s += w[k] * z.rows[k][j] }
                signs[j] = s * direction >= 0 ? 1 : -1
            }
            var v = DoubleInterval(0.0)
            for k in 0..<dimension {
                var x = DoubleInterval(z.centre[k])
                for j in 0..<z.generatorCount where z.rows[k][j] != 0 {
                    x = x + DoubleInterval(z.rows[k][j] * Double(signs[j]))
                }
                v = v + DoubleInterval(w[k]) * x
            }
            if v.lower > upper[i] || v.upper < lower[i] { return signs }
        }
        return nil
    }

    /// A zonotope containing P. With V ≈ W⁻¹ (Gaussian elimination in Double)
    /// and R = I − W V enclosed in certified arithmetic, ‖R‖∞ ≤ r < 1 proves W
    /// invertible and W⁻¹ = V(I − R)⁻¹. Every x ∈ P is W⁻¹b for a b in the box
    /// [l, u], and
    ///
    ///     W⁻¹b − Vb = V (I − R)⁻¹ R b,   ‖(I − R)⁻¹ R b‖∞ ≤ r/(1 − r)·‖b‖∞ =: τ,
    ///
    /// so x ∈ {Vb : b ∈ [l, u]} + [−ρ, ρ] with ρ_k = τ Σⱼ|V_kj|. The first set
    /// is the zonotope V·mid + V diag(h) ε (mid, h the box's centre and half
    /// widths); the rounding of its computed entries goes into ρ too. Nil when
    /// W is too ill-conditioned to certify (r ≥ 1) or a bound is not finite.
    public var enclosingZonotope: Zonotope? {
        let D = dimension
        guard let V = Self.inverse(facets) else { return nil }
        // r ≥ ‖I − W V‖∞, certified.
        var r = 0.0
        for i in 0..<D {
            var rowSum = 0.0
            for j in 0..<D {
                var e = DoubleInterval(i == j ? 1.0 : 0.0)
                for k in 0..<D { e = e - DoubleInterval(facets[i][k]) * DoubleInterval(V[k][j]) }
                rowSum = Roundoff.sumUp(rowSum, Swift.max(-e.lower, e.upper))
            }
            r = Swift.max(r, rowSum)
        }
        guard r < 1 else { return nil }
        var bMax = 0.0
        for i in 0..<D { bMax = Swift.max(bMax, lower[i].magnitude, upper[i].magnitude) }
        let tau = Roundoff.productUp((r / (1 - r).nextDown).nextUp, bMax)
        var centre = [Double](repeating: 0, count: D)
        var rows = [[Double]](repeating: [Double](repeating: 0, count: D), count: D)
        var rho = [Double](repeating: 0, count: D)
        let mid = (0..<D).map { lower[$0] / 2 + upper[$0] / 2 }
        // Half widths rounded up, so that [mid − h, mid + h] ⊇ [l, u].
        let half = (0..<D).map { Swift.max((DoubleInterval(upper[$0]) - DoubleInterval(mid[$0])).upper,
                                           (DoubleInterval(mid[$0]) - DoubleInterval(lower[$0])).upper) }
        for k in 0..<D {
            var rounding = Roundoff.Accumulator()
            var c = 0.0, absolute = 0.0
            for j in 0..<D {
                let t = V[k][j] * mid[j]
                rounding.record(t)
                c += t
                rounding.record(c)
                let g = V[k][j] * half[j]
                rounding.record(g)
                rows[k][j] = g
                absolute += V[k][j].magnitude
            }
            centre[k] = c
            rho[k] = Roundoff.sumUp(Roundoff.productUp(Roundoff.sumBound(absolute, count: D), tau), rounding.bound)
        }
        guard centre.allSatisfy(\.isFinite), rho.allSatisfy(\.isFinite) else { return nil }
        let boxed = (0..<D).filter { rho[$0] > 0 }
        for k in 0..<D { rows[k] += boxed.map { $0 == k ? rho[k] : 0 } }
        return Zonotope(centre: centre, rows: rows)
    }

    /// An approximate inverse (Gauss–Jordan with partial pivoting, Double); nil when singular.
    static func inverse(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var m = a, inv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for col in 0..<n {
            guard let p = (col..<n).max(by: { m[$0][col].magnitude < m[$1][col].magnitude }), m[p][col] != 0 else { return nil }
            m.swapAt(col, p)
            inv.swapAt(col, p)
            let pivot = m[col][col]
            for j in 0..<n { m[col][j] /= pivot; inv[col][j] /= pivot }
            for i in 0..<n where i != col && m[i][col] != 0 {
                let f = m[i][col]
                for j in 0..<n { m[i][j] -= f * m[col][j]; inv[i][j] -= f * inv[col][j] }
            }
        }
        return inv.allSatisfy({ $0.allSatisfy(\.isFinite) }) ? inv : nil
    }
}
