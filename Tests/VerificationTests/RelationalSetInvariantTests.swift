import Cells
import Constructions
import Exact
import F1B
import Testing
import TestSupport
@testable import Verification

/// Every-n certificates in the parallelotope template domain: found where
/// the latch is clear, re-checked from their data, rejected when tampered
/// with, and holding every sampled long path's certified state.
@Suite struct RelationalSetInvariantTests {
    static func certificate(_ c: Construction) -> ZonotopeInvariantResult {
        ZonotopeInvariant.find(cell: c.cell, classifier: c.classifier!,
                               budget: ZonotopeBudget(zonotopesPerPhase: 4, generatorsPerDimension: 3),
                               options: ZonotopeInvariantOptions(attemptSteps: [4, 8, 16], iterations: 8, splitDepths: [0, 2]))
    }

    /// Random paths of length up to 300: their certified states after step
    /// `from` lie in the invariant of their phase.
    static func sampledStatesInside(_ cert: ZonotopeInvariantCertificate, cell: CellSpecification, seed: UInt64) -> (checked: Int, outside: Int) {
        let step = cell.withCell(StepFunction<DoubleInterval>(context: ()))
        var rng = SplitMix64(seed: seed)
        var checked = 0, outside = 0
        for _ in 0..<40 {
            let n = 20 + Int(rng.next() % 280)
            let flag = 1 + Int(rng.next() % UInt64(n))
            var s = cell.initialState.map { DoubleInterval(enclosing: $0) }
            var label = 0
            for t in 1...n {
                let bit = rng.next() & 1 == 1 ? 1 : -1
                if t == flag { label = bit }
                s = step(s, StepInput(informationBit: bit, flagged: t == flag))
                guard t >= cert.from else { continue }
                let set = t < flag ? cert.before : label > 0 ? cert.positive : cert.negative
                checked += 1
                if !set.contains(Zonotope(box: s)).isProved { outside += 1 }
            }
        }
        return (checked, outside)
    }

    @Test(arguments: ["vanilla-tanh-k1-latch.yaml", "gru-k1-a4-b1.yaml"])
    func latchHasACertificateThatHolds(_ name: String) throws {
        let c = try ConstructionReader.read(contentsOf: shippedConstruction(name))
        let found = Self.certificate(c)
        if name == "gru-k1-a4-b1.yaml" {
            // It fails at n = 39 (the paper's bound): no every-n certificate may exist.
            #expect(!found.everyLengthPasses)
            return
        }
        let cert = try #require(found.certificate, "no invariant: \(String(describing: found.failure))")
        #expect(found.everyLengthPasses)
        #expect(cert.recheck(cell: c.cell))
        let r = Self.sampledStatesInside(cert, cell: c.cell, seed: 3)
        #expect(r.checked > 1000 && r.outside == 0)
    }

    @Test func latchedRandomCellsCertificatesHold() {
        var found = 0
        for (i, kind) in [RelationalSetTestCell.Kind.vanillaTanh, .gruPaper, .lstmPyTorch].enumerated() {
            let c = RelationalSetTestCell.make(kind, K: 4, latched: true, seed: 300 + UInt64(i))
            let result = ZonotopeInvariant.find(cell: c.cell, classifier: c.classifier,
                                                budget: ZonotopeBudget(zonotopesPerPhase: 4, generatorsPerDimension: 3),
                                                options: ZonotopeInvariantOptions(attemptSteps: [4, 8, 16], iterations: 8, splitDepths: [0, 2]))
            guard let cert = result.certificate else { continue }
            found += 1
            #expect(cert.recheck(cell: c.cell))
            let r = Self.sampledStatesInside(cert, cell: c.cell, seed: 4)
            #expect(r.outside == 0, "\(c.name): \(r.outside) of \(r.checked) sampled states outside the invariant")
        }
        #expect(found >= 1)
    }

    /// The certificate with H₊'s first facet pulled halfway in, and with the classifier moved.
    static func tampered(_ cert: ZonotopeInvariantCertificate) -> [ZonotopeInvariantCertificate] {
        var shrunk = cert
        shrunk.positive.upper[0] = shrunk.positive.lower[0] / 2 + shrunk.positive.upper[0] / 2
        var moved = cert
        moved.classifier.gamma = Rational(-2)
        return [shrunk, moved]
    }

    /// A certificate with a facet pulled in, or the classifier moved, fails its re-check.
    @Test func tamperedCertificateFailsRecheck() throws {
        let c = try ConstructionReader.read(contentsOf: shippedConstruction("vanilla-tanh-k1-latch.yaml"))
        let cert = try #require(Self.certificate(c).certificate)
        for bad in Self.tampered(cert) { #expect(!bad.recheck(cell: c.cell)) }
    }
}
