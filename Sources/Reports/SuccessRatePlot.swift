import Foundation
import Simulation

/// Success rate against n for several trainers: points with 95% interval bars
/// on a linear [0, 1] axis, n evenly spaced (the lengths are few and far apart).
public struct SuccessRatePlot {
    public struct Series {
        public var name: String
        public var color: String
        /// (n, rate estimate) — the estimate's interval is drawn as a bar.
        public var points: [(length: Int, rate: ErrorEstimate)]
        public init(name: String, color: String, points: [(length: Int, rate: ErrorEstimate)]) {
            self.name = name
            self.color = color
            self.points = points
        }
    }

    public var title: String
    public var series: [Series]
    public var rateLabel: String

    public init(title: String, series: [Series], rateLabel: String = "success rate (95% interval)") {
        self.title = title
        self.series = series
        self.rateLabel = rateLabel
    }

    /// More series than this in one panel cannot be told apart: `svg` draws one small panel per series.
    public static let maximumSeriesPerPanel = 5

    /// One panel with every series (at most `maximumSeriesPerPanel`), or small multiples.
    public func svg(width: Double = 640, height: Double = 400) -> String {
        series.count > Self.maximumSeriesPerPanel ? smallMultiples() : onePanel(width: width, height: height)
    }

    /// One panel per series, four to a row, on the same axes: each point with its 95% bar and its
    /// count (successes/runs) written beside it, so rates of 0, 1/4, … with wide bars stay readable.
    func smallMultiples(columns: Int = 4) -> String {
        let lengths = Array(Set(series.flatMap { $0.points.map(\.length) })).sorted()
        let panelWidth = 200.0, panelHeight = 130.0, left = 64.0, gapX = 44.0, gapY = 70.0, top = 84.0
        let rows = (series.count + columns - 1) / columns
        let width = left + Double(columns) * (panelWidth + gapX) - gapX + 20
        let height = top + Double(rows) * (panelHeight + gapY) - gapY + 50
        func f(_ v: Double) -> String { String(format2: v) }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="24" text-anchor="middle" font-size="15">\(escapeSVG(title))</text>
            <text x="\(f(width / 2))" y="44" text-anchor="middle" font-size="11" fill="#555">\(escapeSVG("y: \(rateLabel); x: sequence length n; each point labelled with its count"))</text>

            """
        for (i, line) in series.enumerated() {
            let x0 = left + Double(i % columns) * (panelWidth + gapX), y0 = top + Double(i / columns) * (panelHeight + gapY)
            // The rate axis keeps 8 px inside the frame at both ends, so a bar at 0 or 1 is not drawn on it.
            func py(_ r: Double) -> Double { y0 + 8 + (1 - r) * (panelHeight - 16) }
            func px(_ n: Int) -> Double { x0 + (Double(lengths.firstIndex(of: n)!) + 0.5) * panelWidth / Double(max(lengths.count, 1)) }
            out += "<text x=\"\(f(x0 + panelWidth / 2))\" y=\"\(f(y0 - 8))\" text-anchor=\"middle\" font-size=\"12\">\(escapeSVG(line.name))</text>\n"
            for tick in [0.0, 0.5, 1.0] {
                out += "<line x1=\"\(f(x0))\" y1=\"\(f(py(tick)))\" x2=\"\(f(x0 + panelWidth))\" y2=\"\(f(py(tick)))\" stroke=\"#e4e4e4\"/>"
                out += "<text x=\"\(f(x0 - 6))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\" font-size=\"10\">\(String(format: "%.1f", tick))</text>\n"
            }
            for n in lengths {
                out += "<text x=\"\(f(px(n)))\" y=\"\(f(y0 + panelHeight + 15))\" text-anchor=\"middle\" font-size=\"10\">\(n)</text>\n"
            }
            out += "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(panelWidth))\" height=\"\(f(panelHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
            let path = line.points.map { "\(f(px($0.length))),\(f(py($0.rate.rate)))" }.joined(separator: " ")
            out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.2\" stroke-opacity=\"0.6\"/>\n"
            for p in line.points {
                let x = px(p.length)
                out += "<line x1=\"\(f(x))\" y1=\"\(f(py(p.rate.lower)))\" x2=\"\(f(x))\" y2=\"\(f(py(p.rate.upper)))\" stroke=\"\(line.color)\" stroke-width=\"2\"/>"
                out += "<circle cx=\"\(f(x))\" cy=\"\(f(py(p.rate.rate)))\" r=\"3.5\" fill=\"\(line.color)\"/>"
                out += "<text x=\"\(f(x + 7))\" y=\"\(f(py(p.rate.rate) + 4))\" font-size=\"10\" fill=\"#222\">\(p.rate.errors)/\(p.rate.trials)</text>\n"
            }
        }
        return out + "</svg>\n"
    }

    func onePanel(width: Double, height: Double) -> String {
        // More than three series get a legend column beside the plot, so it hides no point.
        let legendOutside = series.count > 3
        let left = 70.0, right = legendOutside ? 200.0 : 24.0, top = 48.0, bottom = 60.0
        let legendX = legendOutside ? width - right + 16 : width - right - 190
        let lengths = Array(Set(series.flatMap { $0.points.map(\.length) })).sorted()
        let plotW = width - left - right, plotH = height - top - bottom
        func f(_ v: Double) -> String { String(format2: v) }
        func px(_ n: Int, _ s: Int) -> Double {
            let slot = plotW / Double(max(lengths.count, 1))
            return left + (Double(lengths.firstIndex(of: n)!) + 0.5) * slot + (Double(s) - Double(series.count - 1) / 2) * 10
        }
        func py(_ r: Double) -> Double { top + (1 - r) * plotH }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="24" text-anchor="middle" font-size="15">\(escapeSVG(title))</text>

            """
        for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py(tick)))\" x2=\"\(f(width - right))\" y2=\"\(f(py(tick)))\" stroke=\"#e4e4e4\"/>"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\">\(String(format: "%.1f", tick))</text>\n"
        }
        for n in lengths {
            out += "<text x=\"\(f(px(n, (series.count - 1) / 2) + (series.count % 2 == 0 ? 5 : 0)))\" y=\"\(f(height - bottom + 18))\" text-anchor=\"middle\">\(n)</text>\n"
        }
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 16))\" text-anchor=\"middle\">sequence length n</text>\n"
        out += "<text transform=\"translate(20 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escapeSVG(rateLabel))</text>\n"
        for (s, line) in series.enumerated() {
            let path = line.points.map { "\(f(px($0.length, s))),\(f(py($0.rate.rate)))" }.joined(separator: " ")
            out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.5\"/>\n"
            for p in line.points {
                let x = px(p.length, s)
                out += "<line x1=\"\(f(x))\" y1=\"\(f(py(p.rate.lower)))\" x2=\"\(f(x))\" y2=\"\(f(py(p.rate.upper)))\" stroke=\"\(line.color)\" stroke-width=\"2\"/>"
                out += "<circle cx=\"\(f(x))\" cy=\"\(f(py(p.rate.rate)))\" r=\"4\" fill=\"\(line.color)\"/>\n"
            }
            let ly = top + 16 + Double(s) * 18
            out += "<line x1=\"\(f(legendX))\" y1=\"\(f(ly - 4))\" x2=\"\(f(legendX + 24))\" y2=\"\(f(ly - 4))\" stroke=\"\(line.color)\" stroke-width=\"2\"/>"
            out += "<text x=\"\(f(legendX + 30))\" y=\"\(f(ly))\">\(escapeSVG(line.name))</text>\n"
        }
        return out + "</svg>\n"
    }
}
