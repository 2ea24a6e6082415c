import Cells
import Constructions
import Exact
import F1B
import Testing
@testable import Verification

/// The lane walk (`LaneEnumerator`) hands every one of the n·2^n leaves of
/// F1B(n) to its tally exactly once, with its class, and with the final state
/// of its own path: each leaf's lane equals that path stepped alone in the same
/// lanes (the same operations lane by lane, so equal to the bit). Lengths 1…7
/// cover the packing of part-filled chunks near a subtree's top, the flag
/// falling before, inside and at the end of a subtree, and both phases.
@Suite struct LaneWalkLeafTests {
    struct Leaves: LaneTally {
        typealias Lanes = LaneScalar
        var seen: [Int: (positive: Bool, state: [DoubleInterval])] = [:]
        var repeats = 0

        mutating func leaves(_ state: [Lanes], count: Int, indices: [Int], positive: [Bool]) {
            for i in 0..<count {
                if seen[indices[i]] != nil { repeats += 1 }
                seen[indices[i]] = (positive[i], state.map { $0.lane(i) })
            }
        }

        mutating func merge(_ other: Self) {
            repeats += other.repeats
            for (index, leaf) in other.seen {
                if seen[index] != nil { repeats += 1 }
                seen[index] = leaf
            }
        }
    }

    struct Walk: CellVisitor {
        typealias Scalar = LaneScalar
        let n: Int
        func visit<C: RecurrentCell>(_ cell: C) -> (leaves: Leaves?, alone: [Int: [DoubleInterval]]) where C.Scalar == LaneScalar {
            let walked = LaneEnumerator(cell: cell, threads: 2).walk(length: n, shard: nil, makeTally: { Leaves() },
                                                                      progress: { _, _ in }, shouldStop: { false })
            var alone: [Int: [DoubleInterval]] = [:]
            for index in 0..<(n << n) {
                var state = cell.initialState, next = state, scratch = cell.makeScratch()
                for x in Path(length: n, index: index).inputs {
                    cell.step(state, LaneScalar.Input(Array(repeating: x, count: LaneScalar.width)), into: &next, scratch: &scratch)
                    swap(&state, &next)
                }
                alone[index] = state.map { $0.lane(0) }
            }
            return (walked.tally, alone)
        }
    }

    @Test(arguments: ["gru-k8-n10.yaml", "lstm-k8-n10.yaml", "rnn-tanh-k4-n10.yaml"])
    func everyLeafOnceWithItsClassAndItsOwnState(_ name: String) throws {
        let construction = try SchedulingTests.fixture(name)
        for n in 1...7 {
            let problem = Problem(construction, lengths: .list([n]))
            let (leaves, alone) = problem.cell.withCell(Walk(n: n))
            let tally = try #require(leaves)
            #expect(tally.repeats == 0, "\(name) n = \(n)")
            #expect(Set(tally.seen.keys) == Set(0..<(n << n)), "\(name) n = \(n): \(tally.seen.count) leaves")
            for (index, leaf) in tally.seen {
                let path = Path(length: n, index: index)
                #expect(leaf.positive == (path.label == 1), "\(name) n = \(n) \(path)")
                #expect(leaf.state == alone[index], "\(name) n = \(n) \(path)")
            }
        }
    }
}
