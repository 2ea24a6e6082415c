import Exact
import F1B

/// Certified non-separability from enclosures, at any K (used for K ≥ 2; the
/// K = 1 case is `OneDimensionalDecision`'s interleaving).
///
/// K + 2 points x_1…x_{K+2} of ℝ^K are affinely dependent: Σ αᵢ xᵢ = 0 with
/// Σ αᵢ = 0, where (Cramer) αᵢ = (−1)^i det M₋ᵢ and M₋ᵢ is the (K+1)×(K+1)
/// matrix of the columns [x_j; 1], j ≠ i. Then
///
///     Σ_{αᵢ>0} αᵢ xᵢ / Σ_{αᵢ>0} αᵢ  =  Σ_{αⱼ<0} αⱼ xⱼ / Σ_{αⱼ<0} αⱼ,
///
/// a point in both convex hulls (Radon's theorem). If the determinants are
/// enclosed — computed in interval arithmetic over the boxes that enclose the
/// true final states — and every αᵢ of a positive path has one sign and every
/// αⱼ of a negative path the other, the hulls of the two classes meet for
/// *every* choice of states in the boxes, the true ones included: no linear
/// classifier exists. By Kirchberger's theorem, whenever the hulls of the true
/// states meet in general position, some K + 2 of them show it, so the
/// certificate's size does not grow with n.
enum RadonCertificate {
    struct Point {
        var box: [Interval]
        var path: Path
    }

    struct Certified {
        /// Radon weights evaluated at the boxes' midpoints, normalized per class (display only).
        var positive: [(weight: Rational, point: Point)]
        var negative: [(weight: Rational, point: Point)]

        var counterexample: Counterexample {
            func weighted(_ w: (weight: Rational, point: Point)) -> WeightedEnclosure {
                WeightedEnclosure(weight: w.weight, path: w.point.path, finalEnclosure: w.point.box)
            }
            return .radon(positive: positive.map(weighted), negative: negative.map(weighted))
        }
    }

    /// Searches for K + 2 points whose Radon partition is certified to split
    /// by class; the candidates come from the midpoints' exact LP (its support
    /// and the points nearest the hulls' common point). Nil if none is found.
    static func find(positive: [Point], negative: [Point], limit: Int = 4000) -> Certified? {
        guard let K = positive.first?.box.count, !negative.isEmpty else { return nil }
        let mids = { (p: [Point]) in p.map { $0.box.map(\.midpoint) } }
        guard case .inseparable(let pos, let neg, let common) = LinearSeparation.decide(positive: mids(positive), negative: mids(negative))
        else { return nil }
        // Candidates: the LP's support, then the nearest others to the common point, alternating classes.
        func nearest(_ points: [Point], excluding: Set<Int>) -> [Int] {
            points.indices.filter { !excluding.contains($0) }.sorted {
                distance(points[$0].box, common) < distance(points[$1].box, common)
            }
        }
        var p = pos.map(\.index), q = neg.map(\.index)
        let moreP = nearest(positive, excluding: Set(p)), moreQ = nearest(negative, excluding: Set(q))
        var i = 0
        while p.count + q.count < K + 6 && (i < moreP.count || i < moreQ.count) {
            if i < moreP.count { p.append(moreP[i]) }
            if i < moreQ.count { q.append(moreQ[i]) }
            i += 1
        }
        let candidates = p.map { (true, $0) } + q.map { (false, $0) }
        var tried = 0
        for subset in combinations(of: candidates.count, choose: K + 2) {
            let chosen = subset.map { candidates[$0] }
            guard chosen.contains(where: { $0.0 }), chosen.contains(where: { !$0.0 }) else { continue }
            tried += 1
            if tried > limit { return nil }
            let points = chosen.map { $0.0 ? positive[$0.1] : negative[$0.1] }
            guard let alpha = certifiedSigns(points.map(\.box)) else { continue }
            let signs = zip(chosen, alpha).map { ($0.0, $1.sign) }
            let positiveSign = signs.first { $0.0 }!.1
            guard signs.allSatisfy({ $0.0 == ($0.1 == positiveSign) }) else { continue }
            // Display weights at the midpoints.
            let weights = coefficients(points.map { $0.box.map { Interval($0.midpoint) } }).map(\.midpoint)
            func normalized(_ wanted: Bool) -> [(Rational, Point)] {
                let members = zip(chosen, zip(weights, points)).filter { $0.0.0 == wanted }.map(\.1)
                let total = members.reduce(Rational()) { $0 + $1.0 }
                return members.map { ($0.0 / total, $0.1) }
            }
            return Certified(positive: normalized(true), negative: normalized(false))
        }
        return nil
    }

    static func distance(_ box: [Interval], _ y: [Rational]) -> Rational {
        zip(box, y).map { ($0.midpoint - $1).magnitude }.max() ?? 0
    }

    /// The Radon coefficients' enclosures, if every one is certified nonzero.
    static func certifiedSigns(_ boxes: [[Interval]]) -> [(sign: Bool, value: Interval)]? {
        let alpha = coefficients(boxes)
        var out: [(Bool, Interval)] = []
        for a in alpha {
            if a.lower.signum > 0 { out.append((true, a)) } else if a.upper.signum < 0 { out.append((false, a)) } else { return nil }
        }
        return out
    }

    /// αᵢ = (−1)^i det M₋ᵢ, enclosed.
    static func coefficients(_ boxes: [[Interval]]) -> [Interval] {
        let columns = boxes.map { $0 + [Interval(1)] }
        return columns.indices.map { i in
            let minor = columns.enumerated().filter { $0.offset != i }.map(\.element)
            let d = determinant(minor)
            return i % 2 == 0 ? d : -d
        }
    }

    /// det of the square matrix whose columns are given, by Laplace expansion
    /// along the first row (small sizes only), in interval arithmetic.
    static func determinant(_ columns: [[Interval]]) -> Interval {
        let m = columns.count
        if m == 1 { return columns[0][0] }
        if m == 2 { return columns[0][0] * columns[1][1] - columns[1][0] * columns[0][1] }
        var total = Interval(0)
        for j in 0..<m {
            let minor = columns.enumerated().filter { $0.offset != j }.map { Array($0.element.dropFirst()) }
            let term = columns[j][0] * determinant(minor)
            total = j % 2 == 0 ? total + term : total - term
        }
        return total
    }

    /// The k-subsets of 0..<n in lexicographic order.
    static func combinations(of n: Int, choose k: Int) -> AnySequence<[Int]> {
        AnySequence { () -> AnyIterator<[Int]> in
            guard k <= n, k > 0 else { return AnyIterator { nil } }
            var current: [Int]? = Array(0..<k)
            return AnyIterator {
                guard let c = current else { return nil }
                var next = c
                var i = k - 1
                while i >= 0 && next[i] == n - k + i { i -= 1 }
                if i < 0 { current = nil } else {
                    next[i] += 1
                    for j in (i + 1)..<k { next[j] = next[j - 1] + 1 }
                    current = next
                }
                return c
            }
        }
    }
}
