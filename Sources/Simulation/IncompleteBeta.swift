import Foundation

/// The regularised incomplete beta function
///
///     I_x(a, b) = B(x; a, b) / B(a, b) = (1/B(a, b)) ∫₀ˣ t^(a−1) (1 − t)^(b−1) dt,
///
/// by its continued fraction (evaluated with the modified Lentz method) on
/// the side where it converges fast, and the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
/// on the other. Double precision, relative error about 10⁻¹⁴ for the
/// arguments binomial intervals need.
func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    precondition(a > 0 && b > 0)
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a) }
    let logFront = a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b)) - log(a)
    return exp(logFront) * betaContinuedFraction(x, a: a, b: b)
}

/// 1 / (1 + d₁/(1 + d₂/(1 + …))) with d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)),
/// d_{2m} = m(b−m)x / ((a+2m−1)(a+2m)).
private func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0, d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
        let m = Double(m)
        for coefficient in [m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))] {
            d = 1 + coefficient * d
            if abs(d) < tiny { d = tiny }
            c = 1 + coefficient / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
        }
        if abs(d * c - 1) < 1e-16 { break }
    }
    return h
}

/// The p-quantile of Beta(a, b): the x with I_x(a, b) = p, by bisection to
/// the resolution of Double (I_x is increasing in x).
func betaQuantile(_ p: Double, a: Double, b: Double) -> Double {
    var low = 0.0, high = 1.0
    for _ in 0..<200 {
        let mid = (low + high) / 2
        if mid == low || mid == high { break }
        if regularizedIncompleteBeta(mid, a: a, b: b) < p { low = mid } else { high = mid }
    }
    return (low + high) / 2
}
