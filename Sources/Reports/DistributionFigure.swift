import Simulation

/// State distributions over time as a grid of small panels, in the layout of
/// the paper's Figures 2–4: one row per setting and state dimension (density
/// curves, positive paths red and negative blue, as in the paper) or joint
/// scatter (K = 2), one column per recorded time.
public struct DistributionFigure {
    public enum Panel {
        /// Both classes' densities of one dimension at one time.
        case density(Histogram)
        /// Both classes' (S¹_t, S²_t) at one time.
        case scatter(SimulationSummary.ScatterSample, ranges: (ClosedRange<Double>, ClosedRange<Double>))
    }

    public struct Row {
        public var label: String
        public var panels: [Panel]
        public init(label: String, panels: [Panel]) {
            self.label = label
            self.panels = panels
        }
    }

    public var title: String
    public var subtitle: String
    public var rows: [Row]

    public init(title: String, subtitle: String, rows: [Row]) {
        self.title = title
        self.subtitle = subtitle
        self.rows = rows
    }

    /// The rows a run's summary gives: one density row per dimension and, for
    /// K = 2, a scatter row; every recorded time a column.
    public static func rows(_ summary: SimulationSummary, label: String) -> [Row] {
        var rows: [Row] = (1...summary.stateSize).map { k in
            Row(label: summary.stateSize == 1 ? label : "\(label): S\(k)",
                panels: summary.histograms.filter { $0.dimension == k }.map { .density($0) })
        }
        if summary.stateSize == 2 {
            func range(_ k: Int) -> ClosedRange<Double> {
                let h = summary.histograms.filter { $0.dimension == k }
                return (h.map(\.lower).min() ?? -1)...(h.map(\.upper).max() ?? 1)
            }
            let ranges = (range(1), range(2))
            rows.append(Row(label: "\(label) (S1, S2): S1 across, S2 up", panels: summary.scatter.map { .scatter($0, ranges: ranges) }))
        }
        return rows
    }

    public static let positiveColor = "#d62728"
    public static let negativeColor = "#1f77b4"

    public func svg(panelWidth: Double = 150, panelHeight: Double = 110) -> String {
        let left = 24.0, top = 60.0, gapX = 14.0, gapY = 58.0, bottom = 30.0
        let columns = rows.map(\.panels.count).max() ?? 1
        let width = left + Double(columns) * (panelWidth + gapX) + 10
        let height = top + Double(rows.count) * (panelHeight + gapY) + bottom
        func f(_ v: Double) -> String { String(format2: v) }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="15">\(escapeSVG(title))</text>
            <text x="\(f(width / 2))" y="42" text-anchor="middle" font-size="11" fill="#555">\(escapeSVG(subtitle))</text>

            """
        for (r, row) in rows.enumerated() {
            let y0 = top + Double(r) * (panelHeight + gapY) + 34
            out += "<text x=\"\(f(left))\" y=\"\(f(y0 - 20))\" font-size=\"12\" font-weight=\"bold\">\(escapeSVG(row.label))</text>\n"
            for (c, panel) in row.panels.enumerated() {
                let x0 = left + Double(c) * (panelWidth + gapX)
                out += "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(panelWidth))\" height=\"\(f(panelHeight))\" fill=\"none\" stroke=\"#444\"/>\n"
                switch panel {
                case .density(let h):
                    out += "<text x=\"\(f(x0 + panelWidth / 2))\" y=\"\(f(y0 - 4))\" text-anchor=\"middle\">t = \(h.time)</text>\n"
                    let peak = Double(max(h.positive.max() ?? 1, h.negative.max() ?? 1, 1))
                    for (counts, color) in [(h.negative, Self.negativeColor), (h.positive, Self.positiveColor)] {
                        // A step outline of the histogram, filled translucently so overlap shows.
                        let base = y0 + panelHeight - 1
                        var points = ["\(f(x0)),\(f(base))"]
                        for i in counts.indices {
                            let y = base - Double(counts[i]) / peak * (panelHeight - 8)
                            points.append("\(f(x0 + Double(i) / Double(h.bins) * panelWidth)),\(f(y))")
                            points.append("\(f(x0 + Double(i + 1) / Double(h.bins) * panelWidth)),\(f(y))")
                        }
                        points.append("\(f(x0 + panelWidth)),\(f(base))")
                        out += "<polygon points=\"\(points.joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.3\" stroke=\"\(color)\" stroke-width=\"1\"/>\n"
                    }
                    out += axisLabels(x0: x0, y0: y0, width: panelWidth, height: panelHeight, low: h.lower, high: h.upper)
                case .scatter(let sample, let ranges):
                    out += "<text x=\"\(f(x0 + panelWidth / 2))\" y=\"\(f(y0 - 4))\" text-anchor=\"middle\">t = \(sample.time)</text>\n"
                    let (rx, ry) = ranges
                    func px(_ v: Float) -> Double { x0 + 3 + (Double(v) - rx.lowerBound) / max(rx.upperBound - rx.lowerBound, 1e-12) * (panelWidth - 6) }
                    func py(_ v: Float) -> Double { y0 + panelHeight - 3 - (Double(v) - ry.lowerBound) / max(ry.upperBound - ry.lowerBound, 1e-12) * (panelHeight - 6) }
                    for (points, color) in [(sample.negative, Self.negativeColor), (sample.positive, Self.positiveColor)] {
                        out += "<g fill=\"\(color)\" fill-opacity=\"0.35\">"
                        for p in points { out += "<circle cx=\"\(f(px(p[0])))\" cy=\"\(f(py(p[1])))\" r=\"1\"/>" }
                        out += "</g>\n"
                    }
                    out += axisLabels(x0: x0, y0: y0, width: panelWidth, height: panelHeight, low: rx.lowerBound, high: rx.upperBound)
                }
            }
        }
        let ly = height - 14
        out += "<line x1=\"\(f(left))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + 24))\" y2=\"\(f(ly - 4))\" stroke=\"\(Self.positiveColor)\" stroke-width=\"2\"/>"
        out += "<text x=\"\(f(left + 30))\" y=\"\(f(ly))\">positive paths (flagged bit +1)</text>\n"
        out += "<line x1=\"\(f(left + 230))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + 254))\" y2=\"\(f(ly - 4))\" stroke=\"\(Self.negativeColor)\" stroke-width=\"2\"/>"
        out += "<text x=\"\(f(left + 260))\" y=\"\(f(ly))\">negative paths (flagged bit −1)</text>\n"
        return out + "</svg>\n"
    }

    private func axisLabels(x0: Double, y0: Double, width: Double, height: Double, low: Double, high: Double) -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        return "<text x=\"\(f(x0))\" y=\"\(f(y0 + height + 13))\" font-size=\"9\" fill=\"#555\">\(shortNumber(low))</text>"
            + "<text x=\"\(f(x0 + width))\" y=\"\(f(y0 + height + 13))\" font-size=\"9\" fill=\"#555\" text-anchor=\"end\">\(shortNumber(high))</text>\n"
    }
}

/// Three significant digits, for axis labels.
func shortNumber(_ v: Double) -> String {
    if v == 0 { return "0" }
    let magnitude = abs(v)
    if magnitude >= 0.01 && magnitude < 1000 {
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        let scaled = (magnitude * pow10(decimals)).rounded()
        var text = String(Int(scaled))
        if decimals > 0 {
            while text.count <= decimals { text = "0" + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
        }
        return (v < 0 ? "−" : "") + text
    }
    var exponent = 0, m = magnitude
    while m >= 10 { m /= 10; exponent += 1 }
    while m < 1 { m *= 10; exponent -= 1 }
    return (v < 0 ? "−" : "") + shortNumber(m) + "e\(exponent)"
}

private func pow10(_ k: Int) -> Double { (0..<k).reduce(1.0) { acc, _ in acc * 10 } }

func escapeSVG(_ s: String) -> String {
    s.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
}
