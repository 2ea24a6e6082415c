/// Exact linear separability of two finite point sets P (positive) and N
/// (negative) in ℚ^K, for the classifier C(s) = +1 iff βᵀs + γ ≥ 0.
///
/// For finite sets a classifier exists iff conv(P) ∩ conv(N) = ∅. We solve the
/// linear program
///
///     t* = min ‖ Σᵢ λᵢ pᵢ − Σⱼ μⱼ qⱼ ‖_∞   over λ, μ ≥ 0, Σλ = 1, Σμ = 1,
///
/// the ℓ∞ distance between the two convex hulls, exactly.
///
/// - t* = 0: the optimal λ, μ (a basic solution, so at most 2K + 2 nonzero
///   weights) are convex weights whose weighted points coincide: a
///   hand-checkable certificate that no classifier exists.
/// - t* > 0: the optimal dual gives β with ‖β‖₁ ≤ 1 and γ such that
///   βᵀp + γ ≥ t*/2 for every p ∈ P and βᵀq + γ ≤ −t*/2 for every q ∈ N
///   (LP duality: the best ‖β‖₁ ≤ 1 margin is half the ℓ∞ hull distance).
///   The classifier is re-checked on every point before it is returned.
public enum LinearSeparation: Sendable, Equatable {
    /// βᵀp + γ ≥ margin on P and βᵀq + γ ≤ −margin on N, margin > 0.
    case separable(Classifier, margin: Rational)
    /// Σ λᵢ pᵢ = Σ μⱼ qⱼ = point with Σλ = Σμ = 1, all weights > 0.
    case inseparable(positive: [Weighted], negative: [Weighted], point: [Rational])

    public struct Weighted: Sendable, Equatable {
        /// Index into the point set passed in.
        public var index: Int
        public var weight: Rational
    }

    public var isSeparable: Bool {
        if case .separable = self { return true }
        return false
    }

    /// Decides separability exactly. Every point has the same dimension K ≥ 1.
    public static func decide(positive: [[Rational]], negative: [[Rational]]) -> LinearSeparation {
        let dimension = positive.first?.count ?? negative.first?.count ?? 1
        guard !positive.isEmpty, !negative.isEmpty else {
            // One class only: the constant classifier, margin 1.
            let classifier = Classifier(beta: Array(repeating: Rational(), count: dimension),
                                        gamma: Rational(negative.isEmpty ? 1 : -1))
            return .separable(classifier, margin: 1)
        }
        let K = dimension, P = positive.count, N = negative.count
        // Variables: λ (0..<P), μ (P..<P+N), t, s⁺ (K), s⁻ (K).
        // Rows: k < K:      Σλp_k − Σμq_k − t + s⁺_k = 0
        //       K + k:     −Σλp_k + Σμq_k − t + s⁻_k = 0
        //       2K:         Σλ = 1;   2K + 1: Σμ = 1.
        let tIndex = P + N
        let rows = 2 * K + 2
        let zero = Rational(), one = Rational(1), minusOne = Rational(-1)
        func column(_ j: Int) -> [Rational] {
            var a = Array(repeating: zero, count: rows)
            if j < P {
                for k in 0..<K { a[k] = positive[j][k]; a[K + k] = -positive[j][k] }
                a[2 * K] = one
            } else if j < tIndex {
                let q = negative[j - P]
                for k in 0..<K { a[k] = -q[k]; a[K + k] = q[k] }
                a[2 * K + 1] = one
            } else if j == tIndex {
                for k in 0..<(2 * K) { a[k] = minusOne }
            } else {
                a[j - tIndex - 1] = one
            }
            return a
        }
        // Start at λ₁ = μ₁ = 1, t = ‖p₁ − q₁‖∞, all slacks basic except one that is zero.
        let difference = (0..<K).map { positive[0][$0] - negative[0][$0] }
        var tightRow = 0
        for k in 0..<K where difference[k].magnitude > difference[tightRow].magnitude { tightRow = k }
        if difference[tightRow].signum < 0 { tightRow += K }  // the −(p−q) ≤ t row is the tight one
        var basis = [0, P, tIndex]
        for row in 0..<(2 * K) where row != tightRow { basis.append(tIndex + 1 + row) }
        var b = Array(repeating: zero, count: rows)
        b[2 * K] = one; b[2 * K + 1] = one

        let simplex = ExactSimplex(rowCount: rows, columnCount: tIndex + 1 + 2 * K,
                                   column: column, cost: { $0 == tIndex ? one : zero })
        let solution = simplex.solve(from: basis, b: b)

        if solution.objective.isZero {
            var pos: [Weighted] = [], neg: [Weighted] = []
            for (j, v) in zip(solution.basis, solution.values) where !v.isZero {
                if j < P { pos.append(Weighted(index: j, weight: v)) }
                else if j < tIndex { neg.append(Weighted(index: j - P, weight: v)) }
            }
            pos.sort { $0.index < $1.index }
            neg.sort { $0.index < $1.index }
            var point = Array(repeating: zero, count: K)
            for w in pos { for k in 0..<K { point[k].addProduct(w.weight, positive[w.index][k]) } }
            return .inseparable(positive: pos, negative: neg, point: point)
        }
        // Dual: w = y⁺ − y⁻, β = −w; β·p ≥ y_λ on P, β·q ≤ y_λ − t* on N.
        let y = solution.duals
        let beta = (0..<K).map { y[K + $0] - y[$0] }
        let half = solution.objective / 2
        let gamma = half - y[2 * K]
        let classifier = Classifier(beta: beta, gamma: gamma)
        let margin = min(positive.map { classifier.score($0) }.min()!,
                         negative.map { -classifier.score($0) }.min()!)
        precondition(margin.signum > 0, "LinearSeparation: dual classifier failed its exact re-check")
        return .separable(classifier, margin: margin)
    }
}

/// The linear classifier C(s) = +1 iff βᵀs + γ ≥ 0 (the paper's Φ = (β, γ)).
public struct Classifier: Sendable, Equatable, Hashable, Codable {
    public var beta: [Rational]
    public var gamma: Rational

    public init(beta: [Rational], gamma: Rational) {
        self.beta = beta
        self.gamma = gamma
    }

    /// βᵀs + γ, exactly.
    public func score(_ s: [Rational]) -> Rational {
        var total = gamma
        for k in beta.indices { total.addProduct(beta[k], s[k]) }
        return total
    }

    /// C(s): +1 or −1 (`Classification`: a score of 0 is +1).
    public func classify(_ s: [Rational]) -> Int { Classification.output(score(s).scoreSign)!.rawValue }
}
