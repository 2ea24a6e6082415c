import Constructions
import Foundation
import Testing
import TestSupport
@testable import Verification

/// The scheduler's order: the falsifier first, unless a complete procedure
/// is estimated cheaper than its search. No timing: the order follows from
/// the cost estimates alone.
@Suite struct SchedulingTests {
    static func fixture(_ name: String) throws -> Construction {
        try ConstructionReader.read(contentsOf: packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/pytorch/\(name)").path)
    }

    func order(_ name: String, length n: Int) throws -> [String] {
        var ledger = Ledger()
        return Checker().ordered(Problem(try Self.fixture(name), lengths: .list([n])), lengths: [n], &ledger).map(\.id.id)
    }

    /// 10,240 paths of a K = 32 GRU: enumeration is cheaper than the search, and exact.
    @Test func aCheapEnumerationRunsBeforeTheSearch() throws {
        let ids = try order("gru-k32-n10.yaml", length: 10)
        #expect(ids.first == "enumerate", "\(ids)")
        #expect(ids.contains("falsify"))
    }

    /// 20,971,520 paths of a K = 2 UR-GRU: the search runs first.
    @Test func theSearchRunsBeforeALongEnumeration() throws {
        let ids = try order("ur-gru-k2-n20.yaml", length: 20)
        #expect(ids.first == "falsify", "\(ids)")
        #expect(ids.firstIndex(of: "falsify")! < ids.firstIndex(of: "enumerate")!)
    }
}
