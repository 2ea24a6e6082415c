import Cells
import Constructions
import Exact
import F1B
import Testing
@testable import Verification

/// History-keyed boxes (`HistoryBoxes`, the `history` procedure): every
/// path's state lies in the box of its key (phase, flag age, last bits)
/// after every stride — and without the activations' remainders some do
/// not; every n the procedure passes, certified enumeration passes.
@Suite struct HistoryBoxTests {
    /// Every state of every input sequence of length t with its key,
    /// enclosed in 256-bit rational intervals.
    static func keyedStates(_ cell: CellSpecification, length t: Int, window: Int) -> [(HistoryKey, [Interval])] {
        let step = cell.withCell(StepFunction<Interval>(context: 256))
        let s0 = cell.initialState.map { Interval($0) }
        let bits = min(t, window)
        var out: [(HistoryKey, [Interval])] = []
        for flag in 0...t {
            for mask in 0..<(1 << t) {
                var s = s0
                var label = 0
                var key = 0
                for i in 1...t {
                    let bit = (mask >> (i - 1)) & 1 == 1 ? 1 : -1
                    if i == flag { label = bit }
                    s = step(s, StepInput(informationBit: bit, flagged: i == flag))
                    key = ((key << 1) | (bit == 1 ? 1 : 0)) & ((1 << bits) - 1)
                }
                let phase = flag == 0 ? 0 : label > 0 ? 1 : 2
                out.append((HistoryKey(phase: phase, age: flag == 0 ? 0 : t - flag, bits: key), s))
            }
        }
        return out
    }

    /// (states checked, states outside their key's box) after each stride up to `steps`.
    static func escapes(_ c: RelationalSetTestCell, window: Int, stride: Int, steps: Int, splits: Int = 0, splitFraction: Double = 0,
                        unsound: NoiseSymbols.UnsoundVariant = .none) -> (checked: Int, outside: Int) {
        var sets = HistoryBoxes(cell: c.cell, window: window, stride: stride, readout: ZonotopeReadout(c.classifier),
                                generatorsPerDimension: 2, splits: splits, splitFraction: splitFraction, unsound: unsound, threads: 2)
        var checked = 0, outside = 0
        while sets.step < steps {
            guard sets.advance(steps: min(stride, steps - sets.step)) == .advanced else { break }
            for (key, s) in Self.keyedStates(c.cell, length: sets.step, window: window) {
                checked += 1
                guard let box = sets.boxes[key] else { outside += 1; continue }
                if !zip(s, box).allSatisfy({ state, side in side.exact.lower <= state.lower && state.upper <= side.exact.upper }) {
                    outside += 1
                }
            }
        }
        return (checked, outside)
    }

    static let cases: [(RelationalSetTestCell.Kind, Int, Bool)] = [
        (.gruPaper, 4, true), (.gruPyTorch, 4, false), (.gruPyTorch, 6, true), (.lstmPaper, 4, true),
        (.lstmPyTorch, 5, true), (.vanillaTanh, 6, false),
    ]

    @Test(arguments: cases.indices)
    func everyPathStateLiesInItsKeysBox(_ i: Int) {
        let (kind, K, latched) = Self.cases[i]
        let c = RelationalSetTestCell.make(kind, K: K, latched: latched, seed: 500 + UInt64(i))
        let r = Self.escapes(c, window: 2, stride: 2, steps: 6)
        #expect(r.checked > 500)
        #expect(r.outside == 0, "\(c.name): \(r.outside) of \(r.checked) path states outside their key's box")
    }

    /// A stride that does not divide the steps, and keys longer than the steps so far.
    @Test func unevenStridesAndLongKeys() {
        let c = RelationalSetTestCell.make(.gruPyTorch, K: 4, latched: true, seed: 520)
        let r = Self.escapes(c, window: 5, stride: 3, steps: 7)
        #expect(r.checked > 1000)
        #expect(r.outside == 0, "\(r.outside) of \(r.checked) path states outside their key's box")
    }

    /// Sources cut into pieces before their images (every box, or only the
    /// wide ones): still every state in its key's box.
    @Test(arguments: [(RelationalSetTestCell.Kind.gruPyTorch, 4, 2, 0.0), (.lstmPaper, 3, 3, 0.7)])
    func splitSourcesKeepEveryState(_ kind: RelationalSetTestCell.Kind, _ K: Int, _ splits: Int, _ fraction: Double) {
        let c = RelationalSetTestCell.make(kind, K: K, latched: true, seed: 530 + UInt64(splits))
        let r = Self.escapes(c, window: 2, stride: 2, steps: 6, splits: splits, splitFraction: fraction)
        #expect(r.checked > 500)
        #expect(r.outside == 0, "\(c.name): \(r.outside) of \(r.checked) path states outside their key's box")
    }

    /// The pieces: 2^splits of them, cut at the middles of the widest sides
    /// (never a side of width 0), inside the box and together covering it.
    @Test func piecesCoverTheBox() {
        let box = [DoubleInterval(lower: 0, upper: 1), DoubleInterval(lower: -3, upper: 1), DoubleInterval(2),
                   DoubleInterval(lower: 0.5, upper: 0.75)]
        let pieces = HistoryBoxes.pieces(of: box, splits: 2)
        #expect(pieces.count == 4)
        #expect(Set(pieces.map { $0[1].lower }) == [-3, -1] && Set(pieces.map { $0[0].upper }) == [0.5, 1])
        #expect(pieces.allSatisfy { $0[2] == box[2] && $0[3] == box[3] })
        let hull = pieces.dropFirst().reduce(pieces[0]) { zip($0, $1).map { $0.hull($1) } }
        #expect(hull == box)
        // Every corner-and-middle point of the box lies in some piece.
        for x in [0.0, 0.25, 0.5, 1] {
            for y in [-3.0, -1, 0, 1] {
                #expect(pieces.contains { $0[0].lower <= x && x <= $0[0].upper && $0[1].lower <= y && y <= $0[1].upper })
            }
        }
        // Only three sides have width: a fourth cut is not made; nor is one of an infinite side.
        #expect(HistoryBoxes.pieces(of: box, splits: 4).count == 8)
        let open = [DoubleInterval(lower: -.infinity, upper: .infinity), DoubleInterval(lower: 0, upper: 1)]
        #expect(HistoryBoxes.pieces(of: open, splits: 2).map { $0[0] } == [open[0], open[0]])
    }

    /// Without the activations' remainders the boxes lose states: the test above can fail.
    @Test func unsoundImagesLoseStates() {
        let c = RelationalSetTestCell.make(.gruPyTorch, K: 4, latched: false, seed: 501)
        let r = Self.escapes(c, window: 2, stride: 2, steps: 6, unsound: .noActivationRemainder)
        #expect(r.outside > 0)
    }

    /// Through the scheduler on latched cells, n = 1…8: every n `history`
    /// passes, certified enumeration passes; it fails none.
    @Test(arguments: [(RelationalSetTestCell.Kind.gruPyTorch, UInt64(530)), (.gruPaper, 531), (.lstmPyTorch, 532), (.vanillaTanh, 533)])
    func passesOnlyWhereEnumerationPasses(_ kind: RelationalSetTestCell.Kind, _ seed: UInt64) {
        let c = ZonotopeProcedureTests.construction(RelationalSetTestCell.make(kind, K: 4, latched: true, seed: seed))
        var options = Checker.Options.only("history")
        options.budget.threads = 2
        ZonotopeProcedureTests.expectPassesAgreeWithEnumeration(c, options: options, lengths: Array(1...8))
    }

    /// Past `--max-boxes` no further stride runs: the lengths beyond it are
    /// open with the box budget as their reason.
    @Test func theBoxBudgetStopsThePropagation() {
        let c = ZonotopeProcedureTests.construction(RelationalSetTestCell.make(.gruPyTorch, K: 4, latched: true, seed: 530))
        var options = Checker.Options.only("history")
        options.budget.boxes = 10
        let r = Checker(options: options).check(c, lengths: .list([12]))
        #expect(r.results[0].openReason == .budget(.boxes(10)), "\(r.results[0].outcome)")
    }

    /// Every n is not its job, and it says so; without a classifier it does not apply.
    @Test func everyLengthAndClassifierAreDeclined() {
        var c = ZonotopeProcedureTests.construction(RelationalSetTestCell.make(.gruPyTorch, K: 4, latched: true, seed: 530))
        let problem = Problem(c, lengths: .all)
        let every = HistoryBoxProcedure(Checker.Options()).decideEveryLength(problem, context: DecisionContext(budget: Budget()))
        guard case .open(.notApplicable(.lengthsOnly)) = every.outcome else {
            Issue.record("history attempted every n: \(every.outcome)")
            return
        }
        c.classifier = nil
        #expect(Checker(options: .only("history")).check(c, length: 3).openReason == .notApplicable(.needsClassifier))
        #expect(ProcedureRegistry.methods.contains { $0.id == "history" })
    }
}
