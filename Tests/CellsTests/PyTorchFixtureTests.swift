import Cells
import Constructions
import Exact
import F1B
import Foundation
import Testing

/// Cells exported from PyTorch (`torch.nn.RNN`, `GRU`, `LSTM`) by f1b's Python
/// bridge, and PyTorch's own final states on fixed F1B paths
/// (`make_pytorch_fixture.py`): f1b's Float engine agrees within Float
/// rounding, and f1b's certified enclosures contain PyTorch's float32 results
/// up to their rounding. The same model, in both.
@Suite struct PyTorchFixtureTests {
    struct Case: Decodable {
        var kind: String
        var construction: String
        var paths: [[Intish]]
        var final: [[String]]
    }
    /// A path entry: L (a number) or the bits (a list).
    enum Intish: Decodable {
        case number(Int), bits([Int])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { self = .number(n) } else { self = .bits(try c.decode([Int].self)) }
        }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pytorch-cells.json")
        struct File: Decodable { var cases: [Case] }
        return (try? JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases) ?? []
    }()

    static func path(_ entry: [Intish]) -> Path {
        guard case .number(let L) = entry[0], case .bits(let bits) = entry[1] else { preconditionFailure("bad fixture path") }
        return Path(flagPosition: L, informationBits: bits.map(Int8.init))
    }

    @Test func theFixtureIsThere() {
        #expect(Self.cases.count == 6)
        #expect(Set(Self.cases.map(\.kind)) == ["RNN-tanh", "RNN-relu", "GRU", "LSTM-h", "LSTM-c"])
    }

    @Test(arguments: 0..<6)
    func certifiedEnclosuresContainPyTorchsStates(_ index: Int) throws {
        let fixture = Self.cases[index]
        let c = try ConstructionReader.parse(fixture.construction)
        let paths = fixture.paths.map(Self.path)
        let enclosures = c.cell.withCell(Enclosed(paths: paths))
        var worst = 0.0
        for (box, torch) in zip(enclosures, fixture.final) {
            for (x, t) in zip(box, torch) {
                let value = Rational(t)!
                // Distance from PyTorch's float32 result to the certified enclosure of the exact value.
                let outside = value < x.lower ? x.lower - value : value > x.upper ? value - x.upper : Rational(0)
                worst = max(worst, Double(outside) / max(1, abs(Double(value))))
            }
        }
        // float32 rounds each operation of the n = 12 steps by 2^−24 relative, and the
        // recurrence amplifies it by up to ‖U‖ per step (relu cells grow without bound).
        #expect(worst < 1e-5, "\(fixture.kind): PyTorch is \(worst) (relative) from the exact value's enclosure")
        print("pytorch fixture \(fixture.kind): PyTorch's float32 state lies \(worst) (relative) from f1b's certified enclosure")
    }

    @Test(arguments: 0..<6)
    func theFloatEngineAgreesWithPyTorch(_ index: Int) throws {
        let fixture = Self.cases[index]
        let c = try ConstructionReader.parse(fixture.construction)
        let paths = fixture.paths.map(Self.path)
        let states = c.cell.withCell(LaneRun(paths: paths))
        var worst = 0.0
        for (state, torch) in zip(states, fixture.final) {
            for (x, t) in zip(state, torch) { worst = max(worst, abs(Double(x) - Double(t)!) / max(1, abs(Double(t)!))) }
        }
        #expect(worst < 1e-5, "\(fixture.kind): max |f1b Float − PyTorch| / max(1, |PyTorch|) = \(worst)")
        print("pytorch fixture \(fixture.kind): max relative |f1b Float − PyTorch| = \(worst)")
    }

    struct Enclosed: CellVisitor {
        typealias Scalar = Interval
        let paths: [Path]
        var context: Int { 128 }
        func visit<C: RecurrentCell>(_ cell: C) -> [[Interval]] where C.Scalar == Interval {
            paths.map { cell.classifiedState(cell.run($0)) }
        }
    }

    /// The paths in one block of 64 Float lanes, as the Monte-Carlo engine runs them.
    struct LaneRun: CellVisitor {
        typealias Scalar = FloatLanes
        let paths: [Path]
        func visit<C: RecurrentCell>(_ cell: C) -> [[Float]] where C.Scalar == FloatLanes {
            precondition(paths.count <= FloatLanes.width)
            let n = paths[0].length
            var state = cell.initialState, next = state
            var scratch = cell.makeScratch()
            for t in 1...n {
                var positive: UInt64 = 0, flagged: UInt64 = 0
                for (lane, p) in paths.enumerated() {
                    if p.informationBits[t - 1] == 1 { positive |= 1 << UInt64(lane) }
                    if p.flagPosition == t { flagged |= 1 << UInt64(lane) }
                }
                cell.step(state, LaneInputs(positive: LaneMasks(bits: positive), flagged: LaneMasks(bits: flagged)), into: &next, scratch: &scratch)
                swap(&state, &next)
            }
            return paths.indices.map { lane in (0..<cell.stateSize).map { state[$0][lane: lane] } }
        }
    }
}
