import Cells
@testable import Exact
import F1B
@testable import Verification

/// High-precision references for the zonotope tests: the exact value of a
/// form at an assignment of its symbols, the containment rule for a
/// transformer's output, and exact zonotope membership by linear programming.
enum ZonotopeReference {
    static func exact(_ d: Double) -> Rational { Rational(exactly: d)! }

    /// c + Σ_{i<m} gᵢ εᵢ, exactly.
    static func affinePart(_ f: NoiseForm, _ epsilon: [Double], symbols m: Int) -> Rational {
        var v = exact(f.centre)
        for i in 0..<Swift.min(m, f.coefficients.count) where f.coefficients[i] != 0 {
            v.addProduct(exact(f.coefficients[i]), exact(epsilon[i]))
        }
        return v
    }

    /// Σ_{i≥m} |gᵢ| + e: how far the output may be from its affine part in
    /// the input symbols, some values of the fresh symbols and its error term.
    static func slack(_ f: NoiseForm, from m: Int) -> Rational {
        var s = exact(f.error)
        if f.coefficients.count > m { for g in f.coefficients[m...] { s += exact(g.magnitude) } }
        return s
    }

    /// Whether the output form y contains the value for the same ε: every
    /// value of `value` within slack of y's affine part. (A form is sound iff
    /// this holds for every input point; tests sample it.)
    static func contains(_ y: NoiseForm, _ epsilon: [Double], symbols m: Int, value: Interval) -> Bool {
        if y.isUnbounded { return true }
        let a = affinePart(y, epsilon, symbols: m), s = slack(y, from: m)
        return (value.lower - a).magnitude <= s && (value.upper - a).magnitude <= s
    }

    /// The exact value of an input form at ε with its deviation δ = τ·e (τ ∈ [−1, 1]).
    static func value(_ x: NoiseForm, _ epsilon: [Double], tau: Double) -> Rational {
        affinePart(x, epsilon, symbols: epsilon.count) + exact(tau) * exact(x.error)
    }

    /// Whether the exact point x lies in Z: a phase-1 linear program over
    /// y = ε + 1 ∈ [0, 2]^m, Σⱼ G_kj yⱼ ± a_k = x_k − c_k + Σⱼ G_kj, yⱼ + sⱼ = 2,
    /// minimizing Σ a_k; x ∈ Z iff the optimum is 0 (exact rationals).
    static func contains(_ z: Zonotope, point x: [Rational]) -> Bool {
        let D = z.dimension, m = z.generatorCount
        var rhs: [Rational] = []
        for k in 0..<D {
            var r = x[k] - exact(z.centre[k])
            for j in 0..<m { r += exact(z.rows[k][j]) }
            rhs.append(r)
        }
        if m == 0 { return rhs.allSatisfy(\.isZero) }
        let signs = rhs.map { $0.signum < 0 ? Rational(-1) : Rational(1) }
        // Columns: y (m), s (m), a (D). Rows: D equations, then m bounds.
        let rows = D + m
        let G = z.rows.map { $0.map(exact) }
        func column(_ c: Int) -> [Rational] {
            var col = [Rational](repeating: Rational(), count: rows)
            if c < m {
                for k in 0..<D { col[k] = G[k][c] }
                col[D + c] = Rational(1)
            } else if c < 2 * m {
                col[D + c - m] = Rational(1)
            } else {
                col[c - 2 * m] = signs[c - 2 * m]
            }
            return col
        }
        let lp = ExactSimplex(rowCount: rows, columnCount: 2 * m + D, column: column,
                              cost: { $0 >= 2 * m ? Rational(1) : Rational() })
        let basis = (0..<D).map { 2 * m + $0 } + (0..<m).map { m + $0 }
        return lp.solve(from: basis, b: rhs + Array(repeating: Rational(2), count: m)).objective.isZero
    }

    /// A point of Z at ε, exactly.
    static func point(_ z: Zonotope, _ epsilon: [Double]) -> [Rational] {
        (0..<z.dimension).map { k in
            var v = exact(z.centre[k])
            for j in 0..<z.generatorCount { v.addProduct(exact(z.rows[k][j]), exact(epsilon[j])) }
            return v
        }
    }
}

/// Random affine forms over shared symbols, with the extremes the house
/// rules ask for: saturation, ±0, huge and tiny magnitudes, zero radius.
struct FormDraw {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(rng.next() >> 11) * 0x1p-53
    }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }

    /// A form over the first ≤ m symbols of `symbols`.
    mutating func form(symbols m: Int, context: NoiseSymbols) -> NoiseForm {
        let centre = pick([0.0, -0.0, 1e-300, -3e-9, 0.25, -0.7, 1.3, -2.5, 4.0, 8.5, -20.0, 45.0, 1e6, -1e12])
            * (pick([true, false]) ? 1 : uniform(0.5, 1.5))
        let scale = pick([0.0, 1e-13, 1e-4, 0.05, 0.4, 1.0, 3.0, 25.0, 1e7])
        let used = m == 0 ? 0 : Int(rng.next() % UInt64(m + 1))
        let coefficients = (0..<used).map { _ in pick([true, true, true, false]) ? uniform(-scale, scale) : 0 }
        let error = pick([0.0, 0.0, 1e-15, scale * 0.1, 0.3])
        return NoiseForm(centre: centre, coefficients: coefficients, error: error, symbols: context)
    }

    /// An assignment of m symbols: vertices, zeros and interior points.
    mutating func epsilon(_ m: Int) -> [Double] {
        (0..<m).map { _ in pick([-1.0, 1.0, 0.0, uniform(-1, 1), uniform(-1, 1)]) }
    }

    /// τ for a deviation τ·e.
    mutating func tau() -> Double { pick([-1.0, 1.0, 0.0, uniform(-1, 1)]) }
}
