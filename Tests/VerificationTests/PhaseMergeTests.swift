import Cells
import Exact
import F1B
import Testing
@testable import Verification

/// How a phase's union is cut back to its budget (`PhaseZonotopes.merged`).
@Suite struct PhaseMergeTests {
    static func member(_ centre: [Double], radius: Double) -> PhaseMember {
        let rows = centre.indices.map { k in centre.indices.map { $0 == k ? radius : 0 } }
        return PhaseMember(zonotope: Zonotope(centre: centre, rows: rows), bits: [], flag: 0, state: centre)
    }

    /// A wide member A and two small ones, B beside A's centre and C a little
    /// farther: nearest centres would join A and B (a member as wide as A
    /// that swallows B); the smallest joint hull joins B and C and leaves A
    /// alone, and the join contains both.
    @Test func joinsThePairWithTheSmallestHull() throws {
        let c = RelationalSetTestCell.make(.gruPyTorch, K: 2, latched: false, seed: 1)
        let sets = PhaseZonotopes(cell: c.cell, budget: ZonotopeBudget(zonotopesPerPhase: 2), readout: nil, threads: 1)
        let a = Self.member([0, 0], radius: 1), b = Self.member([0.1, 0], radius: 0.01), cc = Self.member([0.5, 0], radius: 0.01)
        let out = try #require(sets.merged([a, b, cc], label: nil))
        #expect(out.count == 2)
        #expect(out.contains { $0.zonotope == a.zonotope }, "the wide member was joined")
        let joined = try #require(out.first { $0.zonotope != a.zonotope }).zonotope
        let x = joined.bounds(0), y = joined.bounds(1)
        #expect(x.lower <= 0.09 && x.upper >= 0.51 && y.lower <= -0.01 && y.upper >= 0.01)
        #expect(x.upper - x.lower < 0.5, "the join of B and C is not small: \(x)")
    }

    /// Within the budget nothing is joined.
    @Test func withinTheBudgetMembersStayApart() throws {
        let c = RelationalSetTestCell.make(.gruPyTorch, K: 2, latched: false, seed: 1)
        let sets = PhaseZonotopes(cell: c.cell, budget: ZonotopeBudget(zonotopesPerPhase: 3), readout: nil, threads: 1)
        let list = [Self.member([0, 0], radius: 1), Self.member([0.1, 0], radius: 0.01), Self.member([0.5, 0], radius: 0.01)]
        let out = try #require(sets.merged(list, label: nil))
        #expect(out.map(\.zonotope) == list.map(\.zonotope))
    }
}
