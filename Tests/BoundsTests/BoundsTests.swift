import Bounds
import Cells
import Exact
import F1B
import Testing
import Verification

/// Brute force over every path of F1B(n): the final states of one class, as exact rationals.
func finalStates(_ r: GatedRecursion<Rational>, length n: Int, sign: Int) -> [(L: Int, state: Rational)] {
    (0..<(n << n)).compactMap { index in
        let path = Path(length: n, index: index)
        guard path.label == sign else { return nil }
        return (path.flagPosition, r.run(path)[0])
    }
}

let recursions: [GatedRecursion<Rational>] = [
    GatedRecursion(A: Rational(9, 10), B: Rational(3, 4), s0: 0),
    GatedRecursion(A: Rational(3, 5), B: Rational(1, 2), s0: Rational(1, 3)),
    GatedRecursion(A: Rational(99, 100), B: Rational(7, 10), s0: Rational(-1, 5)),
]

@Suite struct MomentTests {
    /// The O(n) recursions equal the moments over all paths, exactly.
    @Test(arguments: 0..<3)
    func unconditionalMomentsEqualBruteForce(which: Int) {
        let r = recursions[which]
        let sweep = MomentSweep(r, context: ())
        for sign in [1, -1] {
            let computed = sweep.unconditional(sign: sign, through: 8)
            for n in 1...8 {
                let states = finalStates(r, length: n, sign: sign).map(\.state)
                let count = Rational(states.count)
                let mean = states.reduce(Rational(), +) / count
                let second = states.reduce(Rational()) { $0 + $1 * $1 } / count
                #expect(computed[n - 1].mean == mean, "n = \(n)")
                #expect(computed[n - 1].variance == second - mean * mean, "n = \(n)")
            }
        }
    }

    @Test(arguments: 0..<3)
    func conditionalMomentsEqualBruteForce(which: Int) {
        let r = recursions[which]
        let sweep = MomentSweep(r, context: ())
        for sign in [1, -1] {
            for n in 1...7 {
                let computed = sweep.conditional(sign: sign, length: n)
                let states = finalStates(r, length: n, sign: sign)
                for L in 1...n {
                    let given = states.filter { $0.L == L }.map(\.state)
                    let mean = given.reduce(Rational(), +) / Rational(given.count)
                    let variance = given.reduce(Rational()) { $0 + ($1 - mean) * ($1 - mean) } / Rational(given.count)
                    #expect(computed[L - 1].mean == mean && computed[L - 1].variance == variance, "n = \(n), L = \(L)")
                }
            }
        }
    }

    /// The closed-form worst case is the least positive (greatest negative) final state, and its path attains it.
    @Test(arguments: 0..<3)
    func worstCaseEqualsEnumeration(which: Int) {
        let r = recursions[which]
        for n in 1...9 {
            let worst = WorstCase(r, length: n)
            #expect(worst.leastPositive == finalStates(r, length: n, sign: 1).map(\.state).min()!)
            #expect(worst.greatestNegative == finalStates(r, length: n, sign: -1).map(\.state).max()!)
            #expect(r.run(worst.leastPositivePath)[0] == worst.leastPositive)
            #expect(r.run(worst.greatestNegativePath)[0] == worst.greatestNegative)
        }
    }

    /// Exact Pe by enumeration agrees with the exact condition (Pe = 0 iff the worst case is on the right side).
    @Test func enumeratedPeAgreesWithTheWorstCase() {
        for r in recursions {
            for row in BoundTable.rows(r, context: (), lengths: Array(1...10)) {
                let pe = row.exactPe!
                #expect((pe == 0) == (row.errorFree == .yes), "n = \(row.length)")
                // Every bound that certifies must be right.
                if row.chebyshevCertifies == .yes || row.cantelliCertifies == .yes { #expect(pe == 0) }
                #expect(row.chebyshev.upper >= pe || row.chebyshevCertifies != .yes)
            }
        }
    }

    /// Interval rows (A = σ(a), B = tanh(b)) enclose the exact rows of nearby rationals? No: they enclose the true values;
    /// check that Chebyshev ≥ Cantelli ≥ exact Pe lower bounds hold and the decisions are decided for moderate n.
    @Test func intervalRowsAreDecided() {
        let p = 128
        let r = GatedRecursion(A: Interval.sigmoid(4, precision: p), B: Interval.tanh(1, precision: p), s0: Interval(0, precision: p))
        let rows = BoundTable.rows(r, context: p, lengths: [1, 2, 5, 10, 38, 39], enumerateUpTo: 10)
        #expect(rows.allSatisfy { $0.errorFree != .undecided && $0.chebyshevCertifies != .undecided })
        #expect(rows.first { $0.length == 38 }!.errorFree == .yes)
        #expect(rows.first { $0.length == 39 }!.errorFree == .no)
        for row in rows where row.length <= 10 {
            #expect(row.enumerated!.undecided == 0)
            #expect((row.enumerated!.misclassified == 0) == (row.errorFree == .yes))
            #expect(row.cantelli.upper <= row.chebyshev.upper || row.chebyshev.upper >= 1)
        }
    }
}

@Suite struct ThresholdTests {
    /// The bisection's bracket: certified at its upper end, not at its lower end, and tight.
    @Test(arguments: [Route.chebyshev, .worstCase])
    func bracketsTheBoundary(route: Route) {
        let B = { (p: Int) in Interval.tanh(1, precision: p) }
        for n in [1, 2, 3, 5, 8, 13, 40] {
            let t = Thresholds.gateThreshold(route, length: n, B: B)
            guard let upper = t.upper else { Issue.record("no threshold at n = \(n)"); continue }
            #expect(Thresholds.certifies(route, A: upper, B: B, s0: 0, length: n) == .yes)
            if let lower = t.lower {
                #expect(Thresholds.certifies(route, A: lower, B: B, s0: 0, length: n) == .no)
                let u = Rational(1) - upper
                #expect((upper - lower) <= u * Rational(1, 4096))
            }
        }
    }

    /// The worst-case threshold solves A^{n−1}(1 + A) = 1; the Chebyshev route needs a stronger gate.
    @Test func worstCaseThresholdSolvesTheClosedForm() {
        let B = { (p: Int) in Interval.tanh(1, precision: p) }
        for n in [2, 5, 20] {
            let worst = Thresholds.gateThreshold(.worstCase, length: n, B: B)
            let chebyshev = Thresholds.gateThreshold(.chebyshev, length: n, B: B)
            func f(_ A: Rational) -> Rational {
                var power = Rational(1)
                for _ in 0..<(n - 1) { power *= A }
                return power * (1 + A) - 1
            }
            #expect(f(worst.upper!) > 0 && f(worst.lower!) <= 0)
            #expect(chebyshev.lower! >= worst.lower!, "n = \(n)")
        }
    }

    @Test func certifiedLengthsMatchTheChecker() {
        let p = 128
        let lengths = Thresholds.certifiedLengths(A: Interval.sigmoid(4, precision: p), B: Interval.tanh(1, precision: p), through: 60)
        #expect(lengths[.worstCase] == Array(1...38))
        #expect(lengths[.chebyshev]!.allSatisfy { $0 <= 38 })
    }

    @Test func logitIsEnclosed() {
        let a = Thresholds.logit(Rational(3, 4))   // ln 3
        #expect(a.lower < Rational("1.09861228866810970")! && Rational("1.09861228866810969")! < a.upper)
        #expect(a.width < Rational(numerator: 1, denominator: BigInteger.powerOfTwo(50)))
    }
}

/// sign(S_n) reads C = +1 iff S_n ≥ 0: a worst case exactly 0 is correct for
/// the positive class and wrong for the negative one.
@Suite struct WorstCaseTieTests {
    @Test func tiesAtTheThreshold() {
        // n = 1, A = 1/2, B = 1: S_1 = (1 − A)s0 ± A·B. With s0 = −1 the least
        // positive S_1 is 0 (correct); with s0 = 1 the greatest negative is 0 (wrong).
        let positiveTie = WorstCase(GatedRecursion(A: Rational(1, 2), B: Rational(1), s0: Rational(-1)), length: 1)
        #expect(positiveTie.leastPositive == 0 && positiveTie.errorFree == .yes)
        let negativeTie = WorstCase(GatedRecursion(A: Rational(1, 2), B: Rational(1), s0: Rational(1)), length: 1)
        #expect(negativeTie.greatestNegative == 0 && negativeTie.errorFree == .no)
        let sweep = Thresholds.certifiedLengths(A: Interval(Rational(1, 2)), B: Interval(1), s0: 1, through: 1)
        #expect(sweep[.worstCase] == [])
        let swept = Thresholds.certifiedLengths(A: Interval(Rational(1, 2)), B: Interval(1), s0: -1, through: 1)
        #expect(swept[.worstCase] == [1])
    }
}
