import Reports
import Simulation
import Testing

/// Printed intervals contain the computed ones; counts take the noun's right number.
@Suite struct NumberFormatTests {
    /// Every printed bound is on the outside of the computed one, by less than one unit of its last digit.
    @Test(arguments: [(0, 20_000), (1, 2), (3, 7), (10_000, 10_000), (9_999, 10_000), (1, 1_000_000), (50, 100), (17, 4096)])
    func intervalsAreRoundedOutward(_ errors: Int, _ trials: Int) throws {
        let e = ErrorEstimate(errors: errors, trials: trials)
        let text = RateFormat.interval(e)
        let bounds = try #require(text.split(separator: "[").last?.dropLast().split(separator: ", ").compactMap { Double($0) })
        #expect(bounds.count == 2, "\(text)")
        #expect(bounds[0] <= e.lower && bounds[1] >= e.upper, "\(text) for [\(e.lower), \(e.upper)]")
        #expect(e.lower - bounds[0] <= max(e.lower, 1e-300) * 0.011 && bounds[1] - e.upper <= e.upper * 0.011, "\(text)")
        let scientific = RateFormat.scientificInterval(e)
        let sBounds = try #require(scientific.split(separator: "[").last?.dropLast().split(separator: ", ").compactMap { Double($0) })
        #expect(sBounds.count == 2 && sBounds[0] <= e.lower && sBounds[1] >= e.upper, "\(scientific)")
    }

    @Test func aPerfectRunIsNotPrintedAsCertain() {
        // 10 000 of 10 000: the 95% lower bound is 0.99963…, which the nearest three digits would print as 1.
        #expect(RateFormat.interval(ErrorEstimate(errors: 10_000, trials: 10_000)) == "1 [0.999, 1]")
    }

    @Test func directedRoundingAtTheDigits() {
        #expect(RateFormat.value(0.0009996, rounding: .down) == "0.000999")
        #expect(RateFormat.value(0.0009996, rounding: .up) == "0.001")
        #expect(RateFormat.value(0.12345, rounding: .down) == "0.123" && RateFormat.value(0.12345, rounding: .up) == "0.124")
        #expect(RateFormat.value(0.125, rounding: .down) == "0.125" && RateFormat.value(0.125, rounding: .up) == "0.125")
        #expect(RateFormat.value(-0.12345, rounding: .down) == "-0.124" && RateFormat.value(-0.12345, rounding: .up) == "-0.123")
        #expect(RateFormat.scientific(1.234e-5, rounding: .up) == "1.24e-05" && RateFormat.scientific(9.996e-5, rounding: .down) == "9.99e-05")
        #expect(RateFormat.value(0.12345) == "0.123")
    }

    @Test func countsTakeTheirNumber() {
        #expect(counted(1, "path") == "1 path" && counted(2, "path") == "2 paths" && counted(0, "path") == "0 paths")
        #expect(counted(1, "box", plural: "boxes") == "1 box" && counted(3, "leaf", plural: "leaves") == "3 leaves")
        #expect(counted(UInt64(1), "seed") == "1 seed")
        #expect(counted(digits: "1", "path") == "1 path" && counted(digits: "100000000000000000000", "path") == "100000000000000000000 paths")
    }
}
