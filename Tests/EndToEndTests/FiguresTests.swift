import Foundation
import Testing
import Constructions
import Experiments
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
            return PaperFiguresExperiment.Setting(setting: setting, summary: SimulationSummary(states: c.cell.simulate(small.setup(seed: 1)), classifier: nil))
        }
        let md = FiguresMarkdown.markdown(PaperFiguresExperiment(seed: 1, figures: [(small, rows)], readings: []), command: "f1b report figures")
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
        // Negatives are drawn as rings (no fill), positives as dots on top of them: both classes show where they meet.
        #expect(svg.contains("<g fill=\"none\" stroke=\"\(DistributionFigure.negativeColor)\""))
        #expect(svg.range(of: "<g fill=\"\(DistributionFigure.positiveColor)\"")!.lowerBound > svg.range(of: "<g fill=\"none\"")!.lowerBound)
    }

    @Test func roundTicks() {
        #expect(NiceTicks.ticks(-0.76, 0.76, count: 4) == [-1, -0.5, 0, 0.5, 1])
        #expect(NiceTicks.ticks(0, 0.137, count: 3) == [0, 0.05, 0.1, 0.15])
        #expect(NiceTicks.ticks(2, 2, count: 4).contains(2))
        #expect(NiceTicks.label(-0.5, among: [-1, -0.5, 0]) == "−0.5")
        #expect(NiceTicks.label(0.05, among: [0, 0.05, 0.1]) == "0.05")
        #expect(NiceTicks.label(20, among: [0, 20, 40]) == "20")
    }

    @Test func ratesKeepTheirSignificantDigits() {
        let none = ErrorEstimate(errors: 0, trials: 20_000)
        // Outward: the upper bound 0.000184 43… prints as 0.000185, 0.012 58… as 0.0125, 0.987 42… as 0.988.
        #expect(RateFormat.interval(none) == "0 [0, 0.000185]")
        #expect(RateFormat.interval(ErrorEstimate(errors: 1, trials: 2)) == "0.5 [0.0125, 0.988]")
    }

    /// Every figure kind, rendered to PNG by rsvg-convert: it parses, it is at
    /// least the minimum width, and its panels carry axes.
    @Test func everyFigureKindRendersWithAxes() throws {
        let c1 = try ConstructionReader.read(contentsOf: construction("gru-k1-a4-b1.yaml"))
        let c2 = try ConstructionReader.read(contentsOf: construction("figure4-vanilla-k2-printed.yaml"))
        let one = SimulationSetup(length: 10, pathsPerClass: 200, seed: 1, flagPosition: 5, times: [10])
        let density = DistributionFigure(title: "one recorded time, a long title that needs the room", subtitle: "S",
                                         rows: DistributionFigure.rows(SimulationSummary(states: c1.cell.simulate(one), classifier: nil), label: "gru"))
        let scatter = DistributionFigure(title: "K = 2", subtitle: "S",
                                         rows: DistributionFigure.rows(SimulationSummary(states: c2.cell.simulate(one), classifier: nil), label: "v"))
        let line = SVGLinePlot(title: "line", xLabel: "n", yLabel: "1 − A", series: [.init(name: "a", color: "#000", points: [(1, -1), (3, -5)])])
        let rates = SuccessRatePlot(title: "rates", series: [.init(name: "f1b", color: "#d62728",
                                                                   points: [(10, ErrorEstimate(errors: 3, trials: 10)), (20, ErrorEstimate(errors: 1, trials: 10))])])
        for (name, svg) in [("density", density.svg()), ("scatter", scatter.svg()), ("line", line.svg()), ("rates", rates.svg())] {
            let (width, height) = try renderedSize(svg, name: name)
            #expect(width >= 600 && height >= 200, "\(name): \(width)×\(height)")
        }
        // Density panels: x ticks, y ticks and both axis names on every panel.
        let densitySVG = density.svg()
        #expect(densitySVG.contains(">share per bin<") && densitySVG.contains(">S1(t)<"))
        #expect(densitySVG.components(separatedBy: "text-anchor=\"end\">").count - 1 >= 3, "y tick labels")
        let scatterSVG = scatter.svg()
        #expect(scatterSVG.contains(">S2(t)<") && scatterSVG.components(separatedBy: ">S1(t)<").count - 1 == 2)
    }

    /// rsvg-convert's PNG, read back for its width and height (the IHDR chunk).
    func renderedSize(_ svg: String, name: String) throws -> (Int, Int) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("f1b-figures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let svgURL = dir.appendingPathComponent("\(name).svg"), png = dir.appendingPathComponent("\(name).png")
        try svg.write(to: svgURL, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["rsvg-convert", "-o", png.path, svgURL.path]
        let errors = Pipe()
        p.standardError = errors
        try p.run()
        p.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(p.terminationStatus == 0, "rsvg-convert (librsvg2-bin, installed by .ci/setup) failed on \(name): \(message)")
        let bytes = [UInt8](try Data(contentsOf: png))
        try #require(bytes.count > 24 && bytes[1...3] == [0x50, 0x4E, 0x47][...])
        func be32(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}
