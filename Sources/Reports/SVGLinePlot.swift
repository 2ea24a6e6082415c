/// A line plot as a self-contained SVG: x and y given already in the plotted
/// coordinates (here log₁₀ values), axes with decade ticks labelled 10^k.
public struct SVGLinePlot {
    public struct Series {
        public var name: String
        public var color: String
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool

        public init(name: String, color: String, points: [(x: Double, y: Double)], dashed: Bool = false) {
            self.name = name
            self.color = color
            self.points = points
            self.dashed = dashed
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    public func svg(width: Double = 720, height: Double = 460) -> String {
        let left = 80.0, right = 24.0, top = 48.0, bottom = 64.0
        let all = series.flatMap(\.points)
        let xMin = (all.map(\.x).min() ?? 0).rounded(.down), xMax = Swift.max((all.map(\.x).max() ?? 1).rounded(.up), xMin + 1)
        let yMin = (all.map(\.y).min() ?? 0).rounded(.down), yMax = Swift.max((all.map(\.y).max() ?? 1).rounded(.up), yMin + 1)
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotW }
        func py(_ y: Double) -> Double { top + (yMax - y) / (yMax - yMin) * plotH }
        func f(_ v: Double) -> String { String(format2: v) }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="24" text-anchor="middle" font-size="15">\(escape(title))</text>

            """
        // Grid and ticks: every decade on x; on y a step that gives at most ~10 labels.
        let yStep = Swift.max(1, ((yMax - yMin) / 10).rounded(.up))
        var y = yMax
        while y >= yMin - 1e-9 {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py(y)))\" x2=\"\(f(width - right))\" y2=\"\(f(py(y)))\" stroke=\"#e4e4e4\"/>\n"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">10<tspan dy=\"-6\" font-size=\"9\">\(Int(y))</tspan></text>\n"
            y -= yStep
        }
        var x = xMin
        while x <= xMax + 1e-9 {
            out += "<line x1=\"\(f(px(x)))\" y1=\"\(f(top))\" x2=\"\(f(px(x)))\" y2=\"\(f(height - bottom))\" stroke=\"#e4e4e4\"/>\n"
            out += "<text x=\"\(f(px(x)))\" y=\"\(f(height - bottom + 18))\" text-anchor=\"middle\">10<tspan dy=\"-6\" font-size=\"9\">\(Int(x))</tspan></text>\n"
            x += 1
        }
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 16))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += "<text transform=\"translate(18 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        for (i, s) in series.enumerated() {
            let path = s.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            for p in s.points { out += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(s.color)\"/>\n" }
            let ly = top + plotH - 12 - Double(series.count - 1 - i) * 18   // lower left, clear of falling curves
            out += "<line x1=\"\(f(left + 14))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + 40))\" y2=\"\(f(ly - 4))\" stroke=\"\(s.color)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            out += "<text x=\"\(f(left + 46))\" y=\"\(f(ly))\">\(escape(s.name))</text>\n"
        }
        return out + "</svg>\n"
    }

    func escape(_ s: String) -> String { escapeSVG(s) }
}

extension String {
    /// A number with two decimals, for SVG coordinates.
    init(format2 v: Double) {
        let scaled = (v * 100).rounded()
        let sign = scaled < 0 ? "-" : ""
        let magnitude = Int(abs(scaled))
        self = "\(sign)\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
    }

    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
