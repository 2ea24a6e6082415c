import Cells
import Constructions
import Exact
import F1B
import Testing
@testable import Verification

/// The `zonotope` procedure through the scheduler: its passes agree with
/// certified enumeration, it never fails a length, and its every-n
/// certificates re-check from their data and are rejected when tampered with.
@Suite struct ZonotopeProcedureTests {
    static func construction(_ c: RelationalSetTestCell) -> Construction {
        Construction(name: c.name, cell: c.cell, classifier: c.classifier)
    }

    /// The ladder capped at 8 and 16 zonotopes per phase, so debug runs take seconds.
    static var options: Checker.Options {
        var o = Checker.Options.only("zonotope")
        o.budget.sets = 16
        return o
    }

    /// On latched GRUs with K = 4 (both conventions), n = 1…10: every n the
    /// procedure passes, certified enumeration passes; it fails none.
    @Test(arguments: [(RelationalSetTestCell.Kind.gruPyTorch, UInt64(400)), (.gruPyTorch, 401), (.gruPaper, 402), (.gruPaper, 403)])
    func passesOnlyWhereEnumerationPasses(_ kind: RelationalSetTestCell.Kind, _ seed: UInt64) {
        let c = Self.construction(RelationalSetTestCell.make(kind, K: 4, latched: true, seed: seed))
        Self.expectPassesAgreeWithEnumeration(c, options: Self.options, lengths: Array(1...10))
    }

    /// A sound procedure run alone (`options`) on `lengths`: it answers each
    /// itself, fails none, passes at least three, and certified enumeration
    /// passes every length it passes.
    static func expectPassesAgreeWithEnumeration(_ c: Construction, options: Checker.Options, lengths ns: [Int]) {
        let sound = Checker(options: options).check(c, lengths: .list(ns)).results
        let enumeration = Checker(options: .only("enumerate")).check(c, lengths: .list(ns)).results
        var passes = 0
        for (z, e) in zip(sound, enumeration) {
            #expect(z.procedure.id == options.method)
            #expect(z.verdict != .fail, "\(c.name) n = \(z.length): \(z.procedure.id) failed a length")
            guard z.verdict == .pass else { continue }
            passes += 1
            #expect(e.verdict == .pass, "\(c.name) n = \(z.length): \(z.procedure.id) passes, enumeration says \(e.verdict)")
        }
        #expect(passes >= 3, "\(c.name): too few passes to compare (\(passes))")
    }

    /// A contracting cell (the tanh latch in unit 0, K = 4): `--n all` passes
    /// by a parallelotope invariant that re-checks; with a facet pulled in or
    /// the classifier moved, the re-check rejects it; enumeration agrees at n ≤ 8.
    @Test func everyLengthCertificateRechecksAndTamperingIsRejected() throws {
        let c = Self.construction(RelationalSetTestCell.make(.vanillaTanh, K: 4, latched: true, seed: 300))
        let every = try #require(Checker(options: Self.options).check(c, lengths: .all).everyLength)
        #expect(every.verdict == .pass)
        #expect(every.procedure?.id == "zonotope")
        guard case .zonotopeInvariant(let certificate)? = every.certificate?.kind else {
            Issue.record("no parallelotope invariant: \(every.summary)")
            return
        }
        #expect(certificate.recheck(cell: c.cell))
        for bad in RelationalSetInvariantTests.tampered(certificate) { #expect(!bad.recheck(cell: c.cell)) }
        for r in Checker(options: .only("enumerate")).check(c, lengths: .list(Array(1...8))).results {
            #expect(r.verdict == .pass, "every n passes by zonotopes, but enumeration at n = \(r.length): \(r.verdict)")
        }
    }

    /// Without a classifier the procedure does not apply, and says so.
    @Test func needsAClassifier() {
        var c = Self.construction(RelationalSetTestCell.make(.gruPyTorch, K: 4, latched: true, seed: 400))
        c.classifier = nil
        let r = Checker(options: Self.options).check(c, length: 3)
        #expect(r.openReason == .notApplicable(.needsClassifier))
        #expect(ProcedureRegistry.methods.contains { $0.id == "zonotope" })
    }
}
