import Cells
import Exact
import F1B

/// Where the facets of an invariant's parallelotopes point: directions taken
/// from the model. Only a heuristic — any invertible choice gives a sound
/// certificate if its checks pass — computed in Double from simulated states.
///
/// - `principal`: the principal axes of the phase's simulated states (the
///   eigenvectors of their covariance, by Jacobi's method), so the
///   parallelotope hugs the cloud;
/// - `readout`: the same with the axis most aligned with β replaced by β, so
///   that the score is one facet's coordinate and its range over the set tight;
/// - `axes`: the coordinate axes (a box; the baseline).
enum TemplateDirections: String, Sendable, CaseIterable {
    case principal, readout, axes

    /// Simulated states of each phase (before the flag, after it with +1, with
    /// −1): `paths` random paths of length `length` per phase, flags uniform
    /// in the first half, states recorded from step `length/4` on. Seeded.
    static func clouds(_ cell: CellSpecification, paths: Int = 64, length: Int = 120, seed: UInt64 = 0x5EED) -> [[[Double]]] {
        let step = cell.withCell(StepFunction<Double>(context: ()))
        var rng = SplitMix64(seed: seed)
        let s0 = cell.initialState.map { Double($0) }
        var clouds: [[[Double]]] = [[], [], []]
        for phase in 0..<3 {
            for _ in 0..<paths {
                let flag = phase == 0 ? length + 1 : 1 + Int(rng.next() % UInt64(length / 2))
                var s = s0
                for t in 1...length {
                    let bit = t == flag ? (phase == 1 ? 1 : -1) : (rng.next() & 1 == 1 ? 1 : -1)
                    s = step(s, StepInput(informationBit: bit, flagged: t == flag))
                    if t >= length / 4 && t >= flag { clouds[phase].append(s) }
                    if phase == 0 && t >= length / 4 { clouds[0].append(s) }
                }
            }
        }
        return clouds
    }

    /// The facet rows for a phase's cloud (orthonormal but for `readout`'s β row).
    func facets(cloud: [[Double]], beta: [Double], width D: Int) -> [[Double]] {
        switch self {
        case .axes:
            return (0..<D).map { i in (0..<D).map { $0 == i ? 1.0 : 0.0 } }
        case .principal, .readout:
            var axes = Self.principalAxes(cloud, width: D)
            if self == .readout {
                let b = (0..<D).map { $0 < beta.count ? beta[$0] : 0 }
                let norm = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0 else { return axes }
                let unit = b.map { $0 / norm }
                let aligned = axes.indices.max { a, c in
                    Self.dot(axes[a], unit).magnitude < Self.dot(axes[c], unit).magnitude
                }!
                axes[aligned] = unit
            }
            return axes
        }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// Eigenvectors of the cloud's covariance (rows), largest variance first.
    static func principalAxes(_ cloud: [[Double]], width D: Int) -> [[Double]] {
        guard cloud.count > 1 else { return (0..<D).map { i in (0..<D).map { $0 == i ? 1.0 : 0.0 } } }
        var mean = [Double](repeating: 0, count: D)
        for s in cloud { for k in 0..<D { mean[k] += s[k] } }
        for k in 0..<D { mean[k] /= Double(cloud.count) }
        var cov = [[Double]](repeating: [Double](repeating: 0, count: D), count: D)
        for s in cloud {
            for i in 0..<D {
                let di = s[i] - mean[i]
                for j in i..<D { cov[i][j] += di * (s[j] - mean[j]) }
            }
        }
        for i in 0..<D { for j in i..<D { cov[i][j] /= Double(cloud.count - 1); cov[j][i] = cov[i][j] } }
        let (values, vectors) = jacobi(cov)
        let order = values.indices.sorted { values[$0] > values[$1] }
        return order.map { j in (0..<D).map { vectors[$0][j] } }
    }

    /// Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations:
    /// eigenvalues and the eigenvector matrix (columns).
    static func jacobi(_ matrix: [[Double]]) -> ([Double], [[Double]]) {
        var a = matrix
        let n = a.count
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<50 {
            var off = 0.0, total = 0.0
            for i in 0..<n { for j in 0..<n { total += a[i][j] * a[i][j]; if i != j { off += a[i][j] * a[i][j] } } }
            if off <= 1e-24 * Swift.max(total, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1 : -1) / (theta.magnitude + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0][$0] }, v)
    }
}
