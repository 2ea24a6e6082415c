import Testing
@testable import Simulation

@Suite struct FittedClassifierTests {
    @Test func oneDimensionFindsTheBestThresholdEitherWay() {
        // Negatives above positives: the flipped orientation separates them.
        let positive = (0..<40).map { [Double($0) / 100] }, negative = (0..<40).map { [1 + Double($0) / 100] }
        let fit = FittedClassifier.fit(positive: positive, negative: negative)
        #expect(fit.training.errors == 0 && fit.test.errors == 0)
        #expect(fit.beta[0] < 0)
    }

    @Test func twoDimensionsSeparatesAnObliqueSplit() {
        var positive: [[Double]] = [], negative: [[Double]] = []
        for i in 0..<30 {
            for j in 0..<30 {
                let p = [Double(i) / 10, Double(j) / 10]
                let s = p[0] - 2 * p[1] + 0.05
                if s > 0.2 { positive.append(p) } else if s < -0.2 { negative.append(p) }
            }
        }
        // Interleave so both halves cover the plane.
        let fit = FittedClassifier.fit(positive: positive.enumerated().sorted { ($0.offset % 2, $0.offset) < ($1.offset % 2, $1.offset) }.map(\.element),
                                       negative: negative.enumerated().sorted { ($0.offset % 2, $0.offset) < ($1.offset % 2, $1.offset) }.map(\.element))
        #expect(fit.training.errors == 0)
        #expect(fit.test.errors == 0)
    }

    @Test func inseparableClassesGiveAboutHalf() {
        let rows = (0..<200).map { [Double($0 % 7), Double($0 % 11)] }
        let fit = FittedClassifier.fit(positive: rows, negative: rows)
        #expect(fit.test.rate >= 0.4)
    }

    @Test func histogramCountsEveryValueOnce() {
        let p: [Float] = [-1, -0.5, 0, 0.25, 1, 1], n: [Float] = [3, -2]
        let h = Histogram(time: 1, dimension: 1, positive: p[...], negative: n[...], bins: 7)
        #expect(h.positive.reduce(0, +) == p.count && h.negative.reduce(0, +) == n.count)
        #expect(h.lower == -2 && h.upper == 3)
        let clipped = Histogram(time: 1, dimension: 1, positive: p[...], negative: n[...], bins: 4, range: -1...1)
        #expect(clipped.negative == [1, 0, 0, 1])
    }
}
