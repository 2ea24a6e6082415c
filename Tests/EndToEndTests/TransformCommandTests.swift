import Constructions
import Foundation
import Testing

@Suite struct TransformCommandTests {
    @Test func encodeThenCheckPasses() throws {
        let out = temporaryFile("pm.yaml")
        let run = try f1b("encode", construction("vanilla-pwl-k2.yaml"), "--flags", "plus-minus", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        let c = try ConstructionReader.read(contentsOf: out)
        #expect(c.cell.flags == .plusMinus)
        let check = try f1b("check", out, "--n", "1...8")
        #expect(check.status == 0)
        // And back again gives the original cell.
        let back = temporaryFile("back.yaml")
        #expect(try f1b("encode", out, "--flags", "zero-one", "--out", back).status == 0)
        #expect(try ConstructionReader.read(contentsOf: back).cell
                == ConstructionReader.read(contentsOf: construction("vanilla-pwl-k2.yaml")).cell)
    }

    @Test func liftThenCheckPasses() throws {
        let out = temporaryFile("k4.yaml")
        let run = try f1b("lift", construction("vanilla-pwl-k2.yaml"), "--to", "4", "-o", out)
        #expect(run.status == 0)
        #expect(try ConstructionReader.read(contentsOf: out).cell.stateSize == 4)
        #expect(try f1b("check", out, "--n", "1...7").status == 0)
    }

    @Test func shippedDerivedFilesAreWhatTheToolWrites() throws {
        let pm = try f1b("encode", construction("vanilla-pwl-k2.yaml"), "--flags", "plus-minus")
        #expect(pm.stdout == (try String(contentsOfFile: construction("vanilla-pwl-k2-plus-minus.yaml"), encoding: .utf8)))
        let k3 = try f1b("lift", construction("vanilla-pwl-k2.yaml"), "--to", "3", "--out", "-")
        #expect(k3.stdout == (try String(contentsOfFile: construction("vanilla-pwl-k3.yaml"), encoding: .utf8)))
    }
}
