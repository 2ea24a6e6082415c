import Foundation
import Testing
import Constructions
import Simulation
@testable import Reports

@Suite struct FiguresTests {
    @Test func everyFigureFileIsShippedAndSimulable() throws {
        for figure in PaperFigure.all {
            #expect(figure.setup(seed: 1).problem == nil)
            for setting in figure.settings {
                let c = try ConstructionReader.read(contentsOf: construction(setting.file))
                #expect(c.cell.stateSize == (figure.id == "figure4" ? 2 : 1))
            }
        }
    }

    @Test func markdownAndSVGDescribeTheRun() throws {
        let figure = PaperFigure.all[1]
        var small = figure
        small.pathsPerClass = 1000
        let rows = try small.settings.map { setting in
            let c = try ConstructionReader.read(contentsOf: construction(setting.file))
            return FiguresMarkdown.Row(setting: setting, summary: SimulationSummary(states: c.cell.simulate(small.setup(seed: 1)), classifier: nil))
        }
        let md = FiguresMarkdown.markdown([(small, rows)], seed: 1, command: "f1b report figures", notes: ["a note"])
        #expect(md.contains("![figure3](figure3.svg)"))
        #expect(md.contains("| a = 4, b = 1 (A = 0.98) | `gru-k1-a4-b1.yaml` |"))
        // a = 4 keeps the classes apart at t = n; a = 1/2 does not.
        #expect(md.contains("at t = n they separate"))
        #expect(md.contains("at t = n they overlap"))
        let svg = DistributionFigure(title: "T", subtitle: "S", rows: rows.flatMap { DistributionFigure.rows($0.summary, label: $0.setting.label) }).svg()
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 2 * 2 * figure.times.count)
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test func scatterRowForTwoDimensions() throws {
        let c = try ConstructionReader.read(contentsOf: construction("figure4-vanilla-k2-printed.yaml"))
        let setup = SimulationSetup(length: 10, pathsPerClass: 100, seed: 1, flagPosition: 5, times: [5])
        let rows = DistributionFigure.rows(SimulationSummary(states: c.cell.simulate(setup), classifier: nil), label: "x")
        #expect(rows.count == 3)
        let svg = DistributionFigure(title: "T", subtitle: "S", rows: rows).svg()
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 * 2 * 100)
    }

    @Test func shortNumbers() {
        #expect(shortNumber(0.7613) == "0.761")
        #expect(shortNumber(-12.34) == "−12.3")
        #expect(shortNumber(0) == "0")
        #expect(shortNumber(1.5e-5) == "1.50e-5")
    }
}
