/// An exact revised simplex method over `Rational`:
///
///     minimize cᵀx  subject to  A x = b,  x ≥ 0,
///
/// started from a feasible basis the caller supplies. Columns are produced on
/// demand (the separation LP has one column per distinct final state), the basis
/// inverse is kept explicitly (the problems here have few rows).
///
/// Pricing is Dantzig's rule (most negative reduced cost) until the objective
/// stalls for `stallLimit` pivots, then Bland's rule (lowest index), which
/// cannot cycle; so the method always terminates.
struct ExactSimplex {
    let rowCount: Int
    let columnCount: Int
    let column: (Int) -> [Rational]
    let cost: (Int) -> Rational

    var stallLimit = 50

    struct Solution {
        /// Basic variables and their values (non-basic ones are zero).
        var basis: [Int]
        var values: [Rational]
        /// Simplex multipliers y = c_Bᵀ B⁻¹ at the optimum (the dual solution).
        var duals: [Rational]
        var objective: Rational
        var pivots: Int
    }

    /// Precondition: `basis` has `rowCount` distinct columns forming a nonsingular
    /// B with B⁻¹b ≥ 0, and the problem is bounded below.
    func solve(from initialBasis: [Int], b: [Rational]) -> Solution {
        let m = rowCount
        var basis = initialBasis
        var inverse = Self.invert(basis.map(column))
        var values = (0..<m).map { i in Self.dot(inverse[i], b) }
        var inBasis = Set(basis)
        var useBland = false
        var stalled = 0
        var pivots = 0

        while true {
            let cB = basis.map(cost)
            let y = (0..<m).map { i in
                var s = Rational()
                for r in 0..<m where !cB[r].isZero { s.addProduct(cB[r], inverse[r][i]) }
                return s
            }
            // Pricing.
            var entering = -1
            var best = Rational()
            for j in 0..<columnCount where !inBasis.contains(j) {
                var reduced = cost(j)
                let a = column(j)
                for i in 0..<m where !a[i].isZero && !y[i].isZero { reduced -= y[i] * a[i] }
                guard reduced.signum < 0 else { continue }
                if useBland { entering = j; break }
                if entering < 0 || reduced < best { entering = j; best = reduced }
            }
            if entering < 0 {
                let objective = zip(cB, values).reduce(into: Rational()) { $0.addProduct($1.0, $1.1) }
                return Solution(basis: basis, values: values, duals: y, objective: objective, pivots: pivots)
            }
            // Ratio test (ties to the lowest basic index: Bland).
            let a = column(entering)
            let u = (0..<m).map { i in Self.dot(inverse[i], a) }
            var leave = -1
            var bestRatio = Rational()
            for i in 0..<m where u[i].signum > 0 {
                let ratio = values[i] / u[i]
                if leave < 0 || ratio < bestRatio || (ratio == bestRatio && basis[i] < basis[leave]) {
                    leave = i; bestRatio = ratio
                }
            }
            precondition(leave >= 0, "ExactSimplex: unbounded problem")
            if bestRatio.isZero { stalled += 1 } else { stalled = 0 }
            if stalled >= stallLimit { useBland = true }
            // Pivot on u[leave].
            let pivot = u[leave]
            for k in 0..<m { inverse[leave][k] /= pivot }
            values[leave] /= pivot
            for i in 0..<m where i != leave && !u[i].isZero {
                let factor = u[i]
                for k in 0..<m where !inverse[leave][k].isZero { inverse[i][k] -= factor * inverse[leave][k] }
                values[i] -= factor * values[leave]
            }
            inBasis.remove(basis[leave])
            inBasis.insert(entering)
            basis[leave] = entering
            pivots += 1
        }
    }

    static func dot(_ a: [Rational], _ b: [Rational]) -> Rational {
        var s = Rational()
        for i in a.indices where !a[i].isZero && !b[i].isZero { s.addProduct(a[i], b[i]) }
        return s
    }

    /// Exact Gauss–Jordan inverse of the matrix whose columns are `columns`.
    /// Precondition: nonsingular.
    static func invert(_ columns: [[Rational]]) -> [[Rational]] {
        let m = columns.count
        // a[i][k]: row i, column k of B.
        var a = (0..<m).map { i in (0..<m).map { k in columns[k][i] } }
        var inv = (0..<m).map { i in (0..<m).map { k in Rational(i == k ? 1 : 0) } }
        for col in 0..<m {
            let p = (col..<m).first { !a[$0][col].isZero }!
            a.swapAt(col, p); inv.swapAt(col, p)
            let pivot = a[col][col]
            for k in 0..<m { a[col][k] /= pivot; inv[col][k] /= pivot }
            for i in 0..<m where i != col && !a[i][col].isZero {
                let f = a[i][col]
                for k in 0..<m {
                    a[i][k] -= f * a[col][k]
                    inv[i][k] -= f * inv[col][k]
                }
            }
        }
        return inv
    }
}
