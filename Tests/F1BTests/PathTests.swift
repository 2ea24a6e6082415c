import Exact
import F1B
import Testing

@Suite struct PathTests {
    @Test func countsAndThreshold() {
        #expect(Path.count(length: 16) == BigInteger(1_048_576))
        #expect(Path.count(length: 100).description == "126765060022822940149670320537600")
        #expect(Path.probability(length: 3) == Rational(1, 24))
    }

    @Test(arguments: [1, 2, 3, 5, 8])
    func canonicalOrderEnumeratesEveryPathOnce(n: Int) {
        var seen = Set<Path>()
        var previous: Path?
        for index in 0..<(n << n) {
            let path = Path(length: n, index: index)
            #expect(path.index == index)
            #expect(path.length == n)
            if let previous {
                // L ascending, then bits lexicographic with −1 < +1.
                #expect(previous.flagPosition < path.flagPosition ||
                        (previous.flagPosition == path.flagPosition &&
                         previous.informationBits.lexicographicallyPrecedes(path.informationBits)))
            }
            seen.insert(path)
            previous = path
        }
        #expect(seen.count == n << n)
        // Half the paths are positive.
        #expect(seen.filter { $0.label == 1 }.count == (n << n) / 2)
    }

    @Test func inputsFollowDefinitionOne() {
        let path = Path(flagPosition: 3, informationBits: [1, 1, 1, -1, -1, 1, -1, 1, -1])  // Table 1, top
        #expect(path.label == 1)
        #expect(path.inputs.map(\.flagged) == [false, false, true, false, false, false, false, false, false])
        #expect(path.bitString == "+++--+-+-")
        #expect(FlagEncoding.plusMinus.value(flagged: false) == -1)
        #expect(FlagEncoding.zeroOne.value(flagged: false) == 0)
        #expect(StepInput.all.map(\.index) == [0, 1, 2, 3])
    }

    @Test func samplingIsSeededAndForcesTheLabel() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
        let pa = (0..<50).map { _ in Path.random(length: 70, using: &a) }
        let pb = (0..<50).map { _ in Path.random(length: 70, using: &b) }
        #expect(pa == pb)
        var c = SplitMix64(seed: 1)
        for label in [1, -1] {
            for _ in 0..<50 {
                let p = Path.random(length: 9, label: label, flagAt: 4, using: &c)
                #expect(p.label == label && p.flagPosition == 4)
            }
        }
        // Uniform L: every position shows up.
        var d = SplitMix64(seed: 2)
        #expect(Set((0..<500).map { _ in Path.random(length: 5, using: &d).flagPosition }) == [1, 2, 3, 4, 5])
    }
}

@Suite struct SequenceLengthsTests {
    @Test func parsesTheForms() throws {
        #expect(try SequenceLengths.parse("12") == .list([12]))
        #expect(try SequenceLengths.parse("1...4") == .list([1, 2, 3, 4]))
        #expect(try SequenceLengths.parse("3,5, 9") == .list([3, 5, 9]))
        #expect(try SequenceLengths.parse("all") == .all)
        #expect(try SequenceLengths.parse("1...3, 7,9...10") == .list([1, 2, 3, 7, 9, 10]))
        #expect(SequenceLengths.list([1, 2, 3]).description == "1...3")
        #expect(SequenceLengths.list([1, 2, 3, 4, 6, 8, 9, 10, 12, 13]).description == "1...4,6,8...10,12,13")
        #expect(try SequenceLengths.parse(SequenceLengths.list([1, 2, 3, 7, 9, 10, 11]).description) == .list([1, 2, 3, 7, 9, 10, 11]))
    }

    @Test func rejectsBadSpecs() {
        #expect(throws: SequenceLengths.ParseError.emptyRange(5, 2)) { try SequenceLengths.parse("5...2") }
        #expect(throws: SequenceLengths.ParseError.notPositive("0")) { try SequenceLengths.parse("0") }
        for bad in ["", "x", "1..4", "1...", "-3", "1,,2", "1.5", "99999999999", "1...2...3", "3,5...1"] {
            #expect(throws: SequenceLengths.ParseError.self) { try SequenceLengths.parse(bad) }
        }
    }
}
