import Foundation
import Testing

/// `f1b report cells`: a shard run writes its runs, `--from` renders the report and both figures.
@Suite struct ReportCellsTests {
    @Test func aShardRendersIntoTheReport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("f1b-cells-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let shard = try f1b("report", "cells", "--seeds", "1", "--n", "4", "--steps", "200", "--shard", "0/12", "--result", "\(dir)/s.json")
        #expect(shard.status == 0, "\(shard.stderr)")
        let json = try String(contentsOfFile: "\(dir)/s.json", encoding: .utf8)
        #expect(json.contains("\"kind\":\"f1b-cells\"") && json.contains("Vanilla tanh K=2"))
        let render = try f1b("report", "cells", "--out", dir, "--from", "\(dir)/s.json")
        #expect(render.status == 0, "\(render.stderr)")
        let markdown = try String(contentsOfFile: "\(dir)/cells.md", encoding: .utf8)
        #expect(markdown.contains("| Vanilla tanh K=2 | 4 | "))
        for figure in ["cells-success.svg", "cells-exact.svg"] {
            let svg = try String(contentsOfFile: "\(dir)/\(figure)", encoding: .utf8)
            #expect(svg.contains("sequence length n") && svg.contains("UR-LSTM K=1"))
        }
        let bad = try f1b("report", "cells", "--out", dir, "--from", "\(dir)/cells.md")
        #expect(bad.status == 2 && bad.stderr.contains("cells.md: error: not the JSON"))
        let noResult = try f1b("report", "cells", "--shard", "1/2")
        #expect(noResult.status == 2 && noResult.stderr.contains("--result"))
    }
}
