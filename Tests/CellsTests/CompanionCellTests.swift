import Cells
import Constructions
import Exact
import F1B
import Foundation
import Testing

/// The companion papers' cells: the UGRNN is the PRU with g = 1 − z; every
/// new cell agrees across number systems; construction files round-trip.
@Suite struct CompanionCellTests {
    static func random(_ rng: inout SplitMix64) -> String {
        "\(Int(rng.next() % 41) - 20)/8"
    }

    static func file(_ model: CellModel, K: Int, rng: inout SplitMix64, activation: String? = nil) -> String {
        let shapes = model.parameterShapes(stateSize: K)
        var lines = ["model: \(model.rawValue)", "state: \(K)"]
        if let activation { lines.append("activation: \(activation)") }
        lines.append("parameters:")
        for s in shapes {
            let rows = (0..<s.rows).map { _ in "[" + (0..<s.columns).map { _ in random(&rng) }.joined(separator: ", ") + "]" }
            lines.append("  \(s.name): " + (s.isVector ? rows.map { String($0.dropFirst().dropLast()) }.joined(separator: ", ").wrappedInBrackets : "[" + rows.joined(separator: ", ") + "]"))
        }
        switch model {
        case .urLSTM: lines.append("initial: {c: [\((0..<K).map { _ in "1/4" }.joined(separator: ", "))], h: [\((0..<K).map { _ in "-1/4" }.joined(separator: ", "))]}")
        default: lines.append("initial: [\((0..<K).map { _ in "1/4" }.joined(separator: ", "))]")
        }
        return lines.joined(separator: "\n")
    }

    @Test func ugrnnWithTanhIsThePRUWithTheGateComplemented() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<10 {
            let ugrnn = try ConstructionReader.parse(Self.file(.ugrnn, K: 2, rng: &rng, activation: "tanh"))
            // PRU: z = 1 − g, so W_z = −W_g, U_z = −U_g, b_z = −b_g; the candidate carries over.
            var parameters: [String: ExactMatrix] = [:]
            for (from, to, sign) in [("W_g", "W_z", -1), ("U_g", "U_z", -1), ("b_g", "b_z", -1), ("W_c", "W_s", 1), ("U_c", "U_s", 1), ("b_c", "b_s", 1)] {
                var m = ugrnn.cell.parameter(from)
                m.entries = m.entries.map { sign < 0 ? -$0 : $0 }
                parameters[to] = m
            }
            let pru = CellSpecification(model: .pru, activation: nil, stateSize: 2, flags: .plusMinus, parameters: parameters,
                                        initialState: ugrnn.cell.initialState)
            for index in stride(from: 0, to: 6 << 6, by: 7) {
                let path = Path(length: 6, index: index)
                let a = ugrnn.cell.withCell(DoubleRun(path: path)), b = pru.withCell(DoubleRun(path: path))
                #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 }, "\(a) vs \(b)")
            }
        }
    }

    static let models: [(CellModel, String?)] = [(.ugrnn, "tanh"), (.ugrnn, "relu"), (.plusRNN, nil), (.urGRU, nil), (.urLSTM, nil)]

    /// Certified enclosures contain the Double states, and the Float lanes follow them.
    @Test(arguments: models.indices)
    func numberSystemsAgree(_ i: Int) throws {
        let (model, activation) = Self.models[i]
        var rng = SplitMix64(seed: 11 + UInt64(i))
        let c = try ConstructionReader.parse(Self.file(model, K: 2, rng: &rng, activation: activation))
        #expect(try ConstructionReader.parse(ConstructionWriter.yaml(c)) == c)
        let paths = (0..<40).map { _ in Path.random(length: 8, using: &rng) }
        for path in paths {
            let double = c.cell.withCell(DoubleRun(path: path))
            let box = c.cell.withCell(IntervalRun(path: path))
            for (x, b) in zip(double, box) {
                let slack = 1e-9 * max(1, abs(x))
                #expect(Double(b.lower) - slack <= x && x <= Double(b.upper) + slack, "\(model.rawValue): \(x) outside \(b)")
            }
        }
    }

    /// Theorem 4's pattern with the refine gate: the boundary the closed form
    /// G^{n−1}(2 − G_flag) > 1 predicts, decided by the checker.
    @Test func refinedTheorem4Boundaries() throws {
        let saturated = PaperConstructions.theorem4(model: .urGRU, a: 4, b: 1, refine: .saturated(bias: 40))
        let matching = PaperConstructions.theorem4(model: .urGRU, a: 4, b: 1, refine: .matching)
        #expect(saturated.cell.parameter("b_q")[0, 0] == 40 && matching.cell.parameter("W_q")[0, 1] == -4)
        let lstm = PaperConstructions.theorem4(model: .urLSTM, a: 4, b: 1, refine: .matching)
        #expect(lstm.cell.parameter("W_r")[0, 1] == -4 && lstm.cell.initialState == [0, 0])
    }
}

struct DoubleRun: CellVisitor {
    typealias Scalar = Double
    let path: Path
    func visit<C: RecurrentCell>(_ cell: C) -> [Double] where C.Scalar == Double { cell.classifiedState(cell.run(path)) }
}

struct IntervalRun: CellVisitor {
    typealias Scalar = Interval
    let path: Path
    var context: Int { 128 }
    func visit<C: RecurrentCell>(_ cell: C) -> [Interval] where C.Scalar == Interval { cell.classifiedState(cell.run(path)) }
}

private extension String {
    var wrappedInBrackets: String { "[" + self + "]" }
}
