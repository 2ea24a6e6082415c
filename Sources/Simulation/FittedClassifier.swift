import Exact
import Foundation

/// A linear classifier C(s) = +1 iff βᵀs + γ ≥ 0, fitted in Double on one half
/// of the simulated paths (the first ⌊P/2⌋ of each class) and scored on the
/// other half, so its test error is an honest estimate of what a linear
/// classifier achieves on the final states.
///
/// Fitting: at K = 1 the best threshold on the training half is found exactly
/// (both orientations). At K ≥ 2 two directions are tried — logistic regression
/// (Newton's method, small ridge) and Fisher's discriminant — and along each
/// the training-optimal threshold is chosen; the one with fewer training
/// errors is kept. (Minimising the 0–1 loss over all directions is NP-hard in
/// general; these two directions are the standard practical answers.)
public struct FittedClassifier: Sendable, Equatable {
    public var beta: [Double]
    public var gamma: Double
    public var training: ErrorEstimate
    public var test: ErrorEstimate

    /// Fits on the first half of each class's `positive`/`negative` state rows
    /// and scores on the rest. Rows are K values each.
    public static func fit(positive: [[Double]], negative: [[Double]]) -> FittedClassifier {
        fit(positive: StateRows(positive), negative: StateRows(negative))
    }

    /// The same on flat rows.
    public static func fit(positive: StateRows, negative: StateRows) -> FittedClassifier {
        guard positive.K > 1 else { return fit(positive: positive.values, negative: negative.values) }
        let trainPositive = positive.prefix(positive.count / 2), trainNegative = negative.prefix(negative.count / 2)
        let directions = [logisticDirection(trainPositive, trainNegative), fisherDirection(trainPositive, trainNegative)]
        return directions.map { along($0, positive: positive.projected($0), negative: negative.projected($0)) }
            .min { $0.training.errors < $1.training.errors }!
    }

    /// K = 1: the values themselves, without building rows.
    public static func fit(positive: [Double], negative: [Double]) -> FittedClassifier {
        along([1], positive: positive, negative: negative)
    }

    /// The best classifier sign(±(βᵀs) − θ) along `direction`, given every path's
    /// projection βᵀs: θ fitted on the first halves, errors counted on both halves.
    static func along(_ direction: [Double], positive: [Double], negative: [Double]) -> FittedClassifier {
        let trainP = positive.count / 2, trainN = negative.count / 2
        let cut = bestThreshold(positive: Array(positive[..<trainP]), negative: Array(negative[..<trainN]))
        // "+1 iff v ≥ θ", or flipped "+1 iff v ≤ θ" (i.e. −v + θ ≥ 0).
        let sign = cut.flipped ? -1.0 : 1.0, gamma = cut.flipped ? cut.threshold : -cut.threshold
        func errors(_ values: ArraySlice<Double>, positive: Bool) -> Int {
            let label: ClassLabel = positive ? .positive : .negative
            return values.reduce(0) { $0 + (Classification.isCorrect(sign * $1 + gamma, label: label) ? 0 : 1) }
        }
        let trainErrors = errors(positive[..<trainP], positive: true) + errors(negative[..<trainN], positive: false)
        let testErrors = errors(positive[trainP...], positive: true) + errors(negative[trainN...], positive: false)
        return FittedClassifier(beta: direction.map { sign * $0 }, gamma: gamma,
                                training: ErrorEstimate(errors: trainErrors, trials: trainP + trainN),
                                test: ErrorEstimate(errors: testErrors, trials: positive.count - trainP + negative.count - trainN))
    }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

/// The threshold θ minimising training errors of "+1 iff v ≥ θ" (or, flipped,
/// "+1 iff v ≤ θ"), θ halfway between neighbouring distinct values.
func bestThreshold(positive: [Double], negative: [Double]) -> (threshold: Double, flipped: Bool, errors: Int) {
    let labelled = (positive.map { ($0, true) } + negative.map { ($0, false) }).sorted { $0.0 < $1.0 }
    let total = labelled.count
    // θ below everything: every path called +1, the negatives are wrong.
    var errors = negative.count
    var best = (threshold: (labelled.first?.0 ?? 0) - 1, flipped: false, errors: errors)
    if total - errors < best.errors { best = (best.threshold, true, total - errors) }
    var i = 0
    while i < labelled.count {
        let value = labelled[i].0
        while i < labelled.count && labelled[i].0 == value {
            errors += labelled[i].1 ? 1 : -1
            i += 1
        }
        let threshold = i < labelled.count ? (value + labelled[i].0) / 2 : value + 1
        if errors < best.errors { best = (threshold, false, errors) }
        if total - errors < best.errors { best = (threshold, true, total - errors) }
    }
    return best
}

/// Paths' states as rows of K values, stored flat (row i is values[i·K ..< i·K + K]).
public struct StateRows: Sendable {
    public let K: Int
    public var values: [Double]
    public var count: Int { values.count / K }

    public init(K: Int, values: [Double]) {
        precondition(K >= 1 && values.count % K == 0)
        self.K = K
        self.values = values
    }

    public init(_ rows: [[Double]]) { self.init(K: rows.first?.count ?? 1, values: rows.flatMap { $0 }) }

    @inline(__always) subscript(i: Int, k: Int) -> Double { values[i * K + k] }

    /// The first `n` rows.
    func prefix(_ n: Int) -> StateRows { StateRows(K: K, values: Array(values[..<(n * K)])) }

    /// βᵀs for every row.
    func projected(_ beta: [Double]) -> [Double] {
        (0..<count).map { i in
            var s = 0.0
            for k in 0..<K { s += beta[k] * values[i * K + k] }
            return s
        }
    }

    func mean() -> [Double] {
        var m = [Double](repeating: 0, count: K)
        for i in 0..<count { for k in 0..<K { m[k] += self[i, k] } }
        return m.map { $0 / Double(Swift.max(count, 1)) }
    }
}

/// Logistic regression P(+1 | s) = σ(wᵀs + c) by Newton's method with ridge
/// λ = 10⁻⁶·N on w (on standardised features, mapped back); returns w. Each
/// iteration's Hessian Σ p(1 − p) x xᵀ is a Gram matrix of the rows scaled by
/// √(p(1 − p)) (`MatrixProduct.gram`), so large K and many paths stay fast.
func logisticDirection(_ positive: StateRows, _ negative: StateRows) -> [Double] {
    let K = positive.K, N = Double(positive.count + negative.count)
    let mp = positive.mean(), mn = negative.mean()
    let mean = (0..<K).map { (mp[$0] * Double(positive.count) + mn[$0] * Double(negative.count)) / N }
    var variance = [Double](repeating: 0, count: K)
    for rows in [positive, negative] {
        for i in 0..<rows.count { for k in 0..<K { variance[k] += (rows[i, k] - mean[k]) * (rows[i, k] - mean[k]) } }
    }
    let scale = variance.map { $0 > 0 ? ($0 / N).squareRoot() : 1 }
    var w = Array(repeating: 0.0, count: K + 1)
    let ridge = 1e-6 * N
    for _ in 0..<30 {
        var gradient = Array(repeating: 0.0, count: K + 1)
        let hessian = MatrixProduct.gram(rows: positive.count + negative.count, width: K + 1) { r, x in
            let (rows, index, y) = r < positive.count ? (positive, r, 1.0) : (negative, r - positive.count, 0.0)
            var score = w[K]
            for k in 0..<K {
                x[k] = (rows[index, k] - mean[k]) / scale[k]
                score += w[k] * x[k]
            }
            x[K] = 1
            let p = 1 / (1 + exp(-score))
            let root = max(p * (1 - p), 1e-12).squareRoot()
            for i in 0...K {
                gradient[i] += (p - y) * x[i]
                x[i] *= root
            }
        }
        var h = (0...K).map { i in Array(hessian[(i * (K + 1))..<((i + 1) * (K + 1))]) }
        for i in 0..<K { gradient[i] += ridge * w[i]; h[i][i] += ridge }
        guard let step = solve(h, gradient) else { break }
        for i in 0...K { w[i] -= step[i] }
        if step.map(abs).max()! < 1e-10 { break }
    }
    return (0..<K).map { w[$0] / scale[$0] }
}

/// Fisher's discriminant Σ_w⁻¹(μ₊ − μ₋) (Σ_w the pooled within-class covariance, ridged).
func fisherDirection(_ positive: StateRows, _ negative: StateRows) -> [Double] {
    let K = positive.K
    let mp = positive.mean(), mn = negative.mean()
    let gram = MatrixProduct.gram(rows: positive.count + negative.count, width: K) { r, x in
        let (rows, index, m) = r < positive.count ? (positive, r, mp) : (negative, r - positive.count, mn)
        for k in 0..<K { x[k] = rows[index, k] - m[k] }
    }
    var scatter = (0..<K).map { i in Array(gram[(i * K)..<((i + 1) * K)]) }
    let trace = (0..<K).reduce(0.0) { $0 + scatter[$1][$1] }
    for i in 0..<K { scatter[i][i] += 1e-9 * max(trace, 1e-300) }
    return solve(scatter, (0..<K).map { mp[$0] - mn[$0] }) ?? (0..<K).map { mp[$0] - mn[$0] }
}

/// A x = b by Gaussian elimination with partial pivoting; nil if A is singular.
func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
    var a = matrix, b = rhs
    let n = b.count
    for col in 0..<n {
        let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
        guard abs(a[pivot][col]) > 1e-300 else { return nil }
        a.swapAt(col, pivot)
        b.swapAt(col, pivot)
        for row in (col + 1)..<n where row < n {
            let f = a[row][col] / a[col][col]
            for j in col..<n { a[row][j] -= f * a[col][j] }
            b[row] -= f * b[col]
        }
    }
    var x = Array(repeating: 0.0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
        var s = b[row]
        for j in (row + 1)..<n where j < n { s -= a[row][j] * x[j] }
        x[row] = s / a[row][row]
    }
    return x
}
