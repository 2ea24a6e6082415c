import Exact
import Testing

@Suite struct LinearSeparationTests {
    func points(_ rows: [[Int]]) -> [[Rational]] { rows.map { $0.map { Rational($0) } } }

    /// Checks whatever the decision says, exactly: a classifier must put every
    /// point on its side with the stated margin; a certificate must have convex
    /// weights whose weighted sums coincide.
    func verify(_ d: LinearSeparation, _ P: [[Rational]], _ N: [[Rational]]) {
        switch d {
        case .separable(let c, let margin):
            #expect(margin.signum > 0)
            for p in P { #expect(c.score(p) >= margin) }
            for q in N { #expect(-c.score(q) >= margin) }
        case .inseparable(let pos, let neg, let point):
            #expect(pos.reduce(Rational()) { $0 + $1.weight } == 1)
            #expect(neg.reduce(Rational()) { $0 + $1.weight } == 1)
            #expect(pos.allSatisfy { $0.weight.signum > 0 } && neg.allSatisfy { $0.weight.signum > 0 })
            let K = point.count
            #expect(pos.count + neg.count <= 2 * K + 2)
            for k in 0..<K {
                #expect(pos.reduce(Rational()) { $0 + $1.weight * P[$1.index][k] } == point[k])
                #expect(neg.reduce(Rational()) { $0 + $1.weight * N[$1.index][k] } == point[k])
            }
        }
    }

    @Test func xorIsInseparable() {
        let P = points([[0, 0], [1, 1]]), N = points([[0, 1], [1, 0]])
        let d = LinearSeparation.decide(positive: P, negative: N)
        #expect(!d.isSeparable)
        verify(d, P, N)
        if case .inseparable(_, _, let point) = d { #expect(point == [Rational(1, 2), Rational(1, 2)]) }
    }

    @Test func theorem3FinalStatesAreSeparable() {
        let P = [[Rational(3, 8), -1], [0, Rational(1, 2)]], N = [[Rational(1, 8), -1], [0, Rational(-1, 2)]]
        let d = LinearSeparation.decide(positive: P, negative: N)
        #expect(d.isSeparable)
        verify(d, P, N)
    }

    @Test func touchingHullsAreInseparable() {
        // The segment P crosses N's point exactly.
        let P = points([[0, 0], [2, 2]]), N = points([[1, 1], [5, -3]])
        let d = LinearSeparation.decide(positive: P, negative: N)
        #expect(!d.isSeparable)
        verify(d, P, N)
    }

    /// K = 1 against the obvious threshold rule.
    @Test func oneDimensionMatchesThresholdRule() {
        var rng = SplitMix(seed: 5)
        for _ in 0..<300 {
            let P = (0..<rng.int(1...6)).map { _ in [Rational(rng.int(-20...20), rng.int(1...4))] }
            let N = (0..<rng.int(1...6)).map { _ in [Rational(rng.int(-20...20), rng.int(1...4))] }
            let pMin = P.map { $0[0] }.min()!, pMax = P.map { $0[0] }.max()!
            let nMin = N.map { $0[0] }.min()!, nMax = N.map { $0[0] }.max()!
            let separable = nMax < pMin || pMax < nMin
            let d = LinearSeparation.decide(positive: P, negative: N)
            #expect(d.isSeparable == separable)
            verify(d, P, N)
        }
    }

    /// Random sets in K = 2, 3: the decision always verifies, and both outcomes occur.
    @Test(arguments: [2, 3])
    func randomSetsVerify(K: Int) {
        var rng = SplitMix(seed: UInt64(10 + K))
        var seen = Set<Bool>()
        for _ in 0..<150 {
            let P = (0..<rng.int(1...8)).map { _ in (0..<K).map { _ in Rational(rng.int(-6...6), rng.int(1...3)) } }
            let shift = rng.int(0...8)
            let N = (0..<rng.int(1...8)).map { _ in (0..<K).map { k in Rational(rng.int(-6...6) + (k == 0 ? shift : 0), rng.int(1...3)) } }
            let d = LinearSeparation.decide(positive: P, negative: N)
            seen.insert(d.isSeparable)
            verify(d, P, N)
        }
        #expect(seen == [true, false])
    }

    @Test func oneClassOnlyIsTriviallySeparable() {
        let d = LinearSeparation.decide(positive: points([[1, 2]]), negative: [])
        verify(d, points([[1, 2]]), [])
    }
}
