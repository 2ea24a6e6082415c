import Cells
import Exact
import F1B
import Testing
@testable import Verification

/// Zonotope operations (reduction, join, split, boxes, support functions,
/// parallelotopes) against exact membership: sampled points of the input
/// sets, exactly in rationals, must lie in the result (a linear program in
/// rationals decides membership).
@Suite struct ZonotopeSetTests {
    /// A random zonotope of dimension D with m generators, magnitudes mixed.
    static func zonotope(_ draw: inout FormDraw, dimension D: Int, generators m: Int) -> Zonotope {
        let scale = draw.pick([1e-9, 0.01, 0.5, 2.0, 40.0])
        let centre = (0..<D).map { _ in draw.pick([0.0, -0.0, 0.3, -1.7, 12.0, 1e6]) + draw.uniform(-1, 1) }
        let rows = (0..<D).map { _ in (0..<m).map { _ in draw.pick([true, true, false]) ? draw.uniform(-scale, scale) : 0 } }
        return Zonotope(centre: centre, rows: rows)
    }

    /// Points of `source` (at sampled ε) outside `result`.
    static func escapes(_ source: Zonotope, _ result: Zonotope, draw: inout FormDraw, samples: Int = 6) -> Int {
        var outside = 0
        for _ in 0..<samples {
            let x = ZonotopeReference.point(source, draw.epsilon(source.generatorCount))
            if !ZonotopeReference.contains(result, point: x) { outside += 1 }
        }
        return outside
    }

    @Test func reductionContainsTheZonotope() {
        var draw = FormDraw(seed: 21)
        for trial in 0..<60 {
            let D = 1 + trial % 4, m = D + Int(draw.rng.next() % 10)
            let z = Self.zonotope(&draw, dimension: D, generators: m)
            let budget = D + Int(draw.rng.next() % UInt64(m - D + 1))
            let r = z.reduced(toGenerators: budget)
            #expect(r.generatorCount <= budget)
            #expect(Self.escapes(z, r, draw: &draw) == 0)
        }
    }

    @Test func joinContainsBothAndTheirSegment() {
        var draw = FormDraw(seed: 22)
        for trial in 0..<60 {
            let D = 1 + trial % 3
            let a = Self.zonotope(&draw, dimension: D, generators: Int(draw.rng.next() % 4))
            let b = Self.zonotope(&draw, dimension: D, generators: Int(draw.rng.next() % 4))
            let j = a.joined(with: b)
            #expect(Self.escapes(a, j, draw: &draw, samples: 4) == 0)
            #expect(Self.escapes(b, j, draw: &draw, samples: 4) == 0)
            // A convex combination of a point of each.
            let p = ZonotopeReference.point(a, draw.epsilon(a.generatorCount))
            let q = ZonotopeReference.point(b, draw.epsilon(b.generatorCount))
            let theta = Rational(Int(draw.rng.next() % 101), 100)
            let mix = zip(p, q).map { theta * $0 + (Rational(1) - theta) * $1 }
            #expect(ZonotopeReference.contains(j, point: mix))
        }
    }

    @Test func splitHalvesCoverTheZonotope() {
        var draw = FormDraw(seed: 23)
        for trial in 0..<60 {
            let D = 1 + trial % 3, m = 1 + Int(draw.rng.next() % 5)
            let z = Self.zonotope(&draw, dimension: D, generators: m)
            let j = Int(draw.rng.next() % UInt64(m))
            let (low, high) = z.split(along: j)
            for _ in 0..<6 {
                var epsilon = draw.epsilon(m)
                let x = ZonotopeReference.point(z, epsilon)
                let half = epsilon[j] <= 0 ? low : high
                #expect(ZonotopeReference.contains(half, point: x))
                epsilon[j] = 0
                // ε_j = 0 lies in both halves.
                let shared = ZonotopeReference.point(z, epsilon)
                #expect(ZonotopeReference.contains(low, point: shared) && ZonotopeReference.contains(high, point: shared))
            }
        }
    }

    @Test func boxAndRangesEncloseThePoints() {
        var draw = FormDraw(seed: 24)
        for trial in 0..<80 {
            let D = 1 + trial % 5
            let z = Self.zonotope(&draw, dimension: D, generators: Int(draw.rng.next() % 7))
            // Point directions, directions with a width, zeros, and ones shorter than the state.
            let length = trial % 4 == 3 ? Swift.max(1, D - 1) : D
            let direction = (0..<length).map { _ -> DoubleInterval in
                let v = draw.pick([0.0, draw.uniform(-3, 3), draw.uniform(-3, 3) * 1e-9])
                return draw.pick([true, false]) ? DoubleInterval(v) : DoubleInterval(lower: v, upper: v + draw.pick([1e-12, 0.01, 0.5]))
            }
            let offset = DoubleInterval(draw.uniform(-1, 1))
            let range = z.range(of: direction, plus: offset)
            let hull = z.boxHull
            for _ in 0..<6 {
                let x = ZonotopeReference.point(z, draw.epsilon(z.generatorCount))
                var score = ZonotopeReference.exact(offset.lower)
                for k in 0..<length {
                    let end = draw.pick([direction[k].lower, direction[k].upper, direction[k].midpoint])
                    score.addProduct(ZonotopeReference.exact(end), x[k])
                }
                #expect(ZonotopeReference.exact(range.lower) <= score && score <= ZonotopeReference.exact(range.upper))
                for k in 0..<D {
                    #expect(ZonotopeReference.exact(hull[k].lower) <= x[k] && x[k] <= ZonotopeReference.exact(hull[k].upper))
                }
            }
            // The support point (ε_j = ±1 by the exact sign of dᵀg_j, d at the directions' lower ends) scores inside.
            let ends = direction.map { ZonotopeReference.exact($0.lower) }
            for sign in [Rational(1), Rational(-1)] {
                let epsilon = (0..<z.generatorCount).map { j -> Double in
                    var p = Rational()
                    for k in 0..<length { p.addProduct(ends[k], ZonotopeReference.exact(z.rows[k][j])) }
                    return (p * sign).signum >= 0 ? 1 : -1
                }
                let x = ZonotopeReference.point(z, epsilon)
                var score = ZonotopeReference.exact(offset.lower)
                for k in 0..<length { score.addProduct(ends[k], x[k]) }
                #expect(ZonotopeReference.exact(range.lower) <= score && score <= ZonotopeReference.exact(range.upper))
            }
            // The box from the hull contains the zonotope.
            #expect(Self.escapes(z, Zonotope(box: hull), draw: &draw, samples: 3) == 0)
        }
    }

    /// Random invertible facet matrices, near-singular ones included.
    static func facets(_ draw: inout FormDraw, _ D: Int) -> [[Double]] {
        let coupling = draw.pick([0.0, 0.3, 0.9, 0.999])
        return (0..<D).map { i in (0..<D).map { j in (i == j ? 1 : coupling * draw.uniform(-1, 1)) * draw.pick([1.0, 0.01, 30.0]) } }
    }

    @Test func parallelotopeGeneratorFormContainsIt() {
        var draw = FormDraw(seed: 25)
        for trial in 0..<60 {
            let D = 1 + trial % 4
            let W = Self.facets(&draw, D)
            let lower = (0..<D).map { _ in draw.uniform(-5, 1) }
            let p = Parallelotope(facets: W, lower: lower, upper: lower.map { $0 + draw.pick([0.0, 1e-6, 0.5, 4.0]) })
            guard let z = p.enclosingZonotope else { continue }
            // Points of P: x = W⁻¹b for b in the box, found exactly by solving W x = b in rationals.
            for _ in 0..<5 {
                let b = (0..<D).map { i in ZonotopeReference.exact(p.lower[i]) + Rational(Int(draw.rng.next() % 11), 10)
                    * (ZonotopeReference.exact(p.upper[i]) - ZonotopeReference.exact(p.lower[i])) }
                let x = Self.solve(W.map { $0.map(ZonotopeReference.exact) }, b)
                #expect(ZonotopeReference.contains(z, point: x))
            }
        }
    }

    @Test func parallelotopeContainmentIsDecidedSoundly() {
        var draw = FormDraw(seed: 26)
        var proved = 0, refuted = 0
        for trial in 0..<120 {
            let D = 1 + trial % 3
            let z = Self.zonotope(&draw, dimension: D, generators: Int(draw.rng.next() % 5))
            let W = Self.facets(&draw, D)
            var p = Parallelotope(facets: W, around: [z])
            // Shrink one facet now and then, so that some containments are false.
            if trial % 3 == 0 { p.upper[0] = p.lower[0] / 2 + p.upper[0] / 2 }
            switch p.contains(z) {
            case .proved:
                proved += 1
                for _ in 0..<6 {
                    let x = ZonotopeReference.point(z, draw.epsilon(z.generatorCount))
                    for i in 0..<D {
                        var s = Rational()
                        for k in 0..<D { s.addProduct(ZonotopeReference.exact(W[i][k]), x[k]) }
                        #expect(ZonotopeReference.exact(p.lower[i]) <= s && s <= ZonotopeReference.exact(p.upper[i]))
                    }
                }
            case .refuted(let i, let signs):
                refuted += 1
                let x = ZonotopeReference.point(z, signs.map(Double.init))
                var s = Rational()
                for k in 0..<D { s.addProduct(ZonotopeReference.exact(W[i][k]), x[k]) }
                #expect(s < ZonotopeReference.exact(p.lower[i]) || s > ZonotopeReference.exact(p.upper[i]))
            case .unknown:
                break
            }
        }
        #expect(proved > 40 && refuted > 5)
    }

    /// x with A x = b, exactly (Gauss–Jordan in rationals; A invertible).
    static func solve(_ a: [[Rational]], _ b: [Rational]) -> [Rational] {
        let n = b.count
        var m = zip(a, b).map { $0 + [$1] }
        for col in 0..<n {
            let p = (col..<n).first { !m[$0][col].isZero }!
            m.swapAt(col, p)
            let pivot = m[col][col]
            for j in 0...n { m[col][j] /= pivot }
            for i in 0..<n where i != col && !m[i][col].isZero {
                let f = m[i][col]
                for j in 0...n { m[i][j] -= f * m[col][j] }
            }
        }
        return m.map { $0[n] }
    }
}
