import Testing
@testable import Simulation

/// Clopper–Pearson intervals against scipy 1.17 (`beta.ppf`).
@Suite struct ErrorEstimateTests {
    static let references: [(Int, Int, Double, Double)] = [
        (0, 10, 0.0, 0.3084971078187607),
        (1, 10, 0.0025285785444617848, 0.4450161170281954),
        (5, 10, 0.18708602844739855, 0.8129139715526015),
        (10, 10, 0.6915028921812392, 1.0),
        (3, 1000, 0.0006190999316495713, 0.008742023238478303),
        (500, 1000, 0.46854917297179194, 0.531450827028208),
        (17, 20000, 0.0004952318205424416, 0.0013605846587597895),
        (0, 20000, 0.0, 0.0001844269639618992),
        (1, 7, 0.0036102968619005833, 0.5787231970431952),
    ]

    @Test(arguments: references.indices)
    func matchesScipy(_ i: Int) {
        let (k, n, lower, upper) = Self.references[i]
        let e = ErrorEstimate(errors: k, trials: n)
        #expect(abs(e.lower - lower) <= 1e-12 + 1e-9 * lower, "lower \(e.lower) vs \(lower)")
        #expect(abs(e.upper - upper) <= 1e-12 + 1e-9 * upper, "upper \(e.upper) vs \(upper)")
        #expect(e.covers(e.rate))
    }

    @Test func zeroErrorsHasTheClosedFormUpperBound() {
        // k = 0: upper = 1 − (α/2)^(1/n).
        for n in [1, 3, 50, 4096] {
            let e = ErrorEstimate(errors: 0, trials: n)
            #expect(abs(e.upper - (1 - pow(0.025, 1 / Double(n)))) < 1e-12)
        }
    }

    @Test func incompleteBetaSymmetry() {
        for (x, a, b) in [(0.3, 2.0, 5.0), (0.9, 7.5, 1.5), (0.01, 1.0, 300.0)] {
            let sum = regularizedIncompleteBeta(x, a: a, b: b) + regularizedIncompleteBeta(1 - x, a: b, b: a)
            #expect(abs(sum - 1) < 1e-13)
        }
        // I_x(1, 1) = x.
        #expect(abs(regularizedIncompleteBeta(0.37, a: 1, b: 1) - 0.37) < 1e-15)
    }
}

import Foundation
