import Testing
import Verification

/// Limits and estimates in reasons read in a unit a person can picture.
@Suite struct TimeWordsTests {
    @Test func eachRangeHasItsUnit() {
        #expect(TimeWords.seconds(0.25) == "0.25 s")
        #expect(TimeWords.seconds(60) == "60 s")
        #expect(TimeWords.seconds(600) == "10 min")
        #expect(TimeWords.seconds(3 * 3600) == "3.0 h")
        #expect(TimeWords.seconds(10 * 86_400) == "10 days")
        #expect(TimeWords.seconds(50 * 365.25 * 86_400) == "50 years")
    }

    /// An enumeration estimate was printed as "755267548.0 h".
    @Test func astronomicalEstimatesUseYearsInScientificNotation() {
        #expect(TimeWords.seconds(755_267_548 * 3600) == "8.6e+04 years")
        #expect(TimeWords.seconds(3.15576e13) == "1.0e+06 years")
        #expect(TimeWords.seconds(.infinity) == "longer than any run")
    }
}
