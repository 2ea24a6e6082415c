import Foundation
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
    /// The density axis reaches this factor past the tallest bin, so no bin runs into the frame.
    public static let headroom = 1.1

    /// The figure's least width: room for the title, the subtitle and the legend
    /// when only one time was recorded.
    public static let minimumWidth = 820.0

    public func svg(panelWidth: Double = 150, panelHeight: Double = 110) -> String {
        // Each panel has its own axes: y ticks on its left, x ticks and the axis name below.
        let axisLeft = 40.0, left = 16.0 + axisLeft, top = 60.0, gapX = 18.0 + axisLeft, gapY = 78.0, bottom = 34.0
        let columns = rows.map(\.panels.count).max() ?? 1
        let width = Swift.max(Self.minimumWidth, left + Double(columns) * (panelWidth + gapX) - gapX + 16)
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
            out += "<text x=\"\(f(left - axisLeft))\" y=\"\(f(y0 - 20))\" font-size=\"12\" font-weight=\"bold\">\(escapeSVG(row.label))</text>\n"
            for (c, panel) in row.panels.enumerated() {
                var frame = PanelFrame(x0: left + Double(c) * (panelWidth + gapX), y0: y0, width: panelWidth, height: panelHeight)
                out += "<rect x=\"\(f(frame.x0))\" y=\"\(f(y0))\" width=\"\(f(panelWidth))\" height=\"\(f(panelHeight))\" fill=\"none\" stroke=\"#444\"/>\n"
                switch panel {
                case .density(let h):
                    out += "<text x=\"\(f(frame.x0 + panelWidth / 2))\" y=\"\(f(y0 - 4))\" text-anchor=\"middle\">t = \(h.time)</text>\n"
                    // Heights are each class's share of its paths per bin, so the two classes compare;
                    // positives rise above the zero line and negatives hang below it, so neither class
                    // can hide the other where they overlap. The axis reaches past the tallest bin.
                    let totals = (Swift.max(h.positive.reduce(0, +), 1), Swift.max(h.negative.reduce(0, +), 1))
                    let shares = (h.positive.map { Double($0) / Double(totals.0) }, h.negative.map { Double($0) / Double(totals.1) })
                    let tallest = Swift.max(shares.0.max() ?? 0, shares.1.max() ?? 0, 1e-9)
                    let yTop = tallest * Self.headroom
                    // Round ticks inside the axis, at least one above 0 (a finer step when the first is too coarse).
                    var upper = NiceTicks.ticks(0, tallest, count: 3).filter { $0 <= yTop }
                    if upper.count < 2 { upper = NiceTicks.ticks(0, tallest, count: 6).filter { $0 <= yTop } }
                    let yRange = -yTop...yTop
                    frame.inset = 0  // the bins span the frame exactly
                    let zero = frame.y(0, in: yRange)
                    for (values, color, sign) in [(shares.0, Self.positiveColor, 1.0), (shares.1, Self.negativeColor, -1.0)] {
                        // A step outline of the histogram, filled translucently.
                        var points = ["\(f(frame.x0)),\(f(zero))"]
                        for i in values.indices {
                            let y = frame.y(sign * values[i], in: yRange)
                            points.append("\(f(frame.x0 + Double(i) / Double(h.bins) * panelWidth)),\(f(y))")
                            points.append("\(f(frame.x0 + Double(i + 1) / Double(h.bins) * panelWidth)),\(f(y))")
                        }
                        points.append("\(f(frame.x0 + panelWidth)),\(f(zero))")
                        out += "<polygon points=\"\(points.joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.35\" stroke=\"\(color)\" stroke-width=\"1\"/>\n"
                    }
                    out += "<line x1=\"\(f(frame.x0))\" y1=\"\(f(zero))\" x2=\"\(f(frame.x0 + panelWidth))\" y2=\"\(f(zero))\" stroke=\"#444\" stroke-width=\"0.5\"/>\n"
                    out += frame.xAxis(h.lower...h.upper, label: "S\(h.dimension)(t)")
                    out += frame.yAxis(yRange, ticks: upper.filter { $0 > 0 }.flatMap { [-$0, $0] } + [0], label: "share per bin",
                                       absolute: true)
                case .scatter(let sample, let ranges):
                    out += "<text x=\"\(f(frame.x0 + panelWidth / 2))\" y=\"\(f(y0 - 4))\" text-anchor=\"middle\">t = \(sample.time)</text>\n"
                    let (rx, ry) = ranges
                    func px(_ v: Float) -> Double { frame.x(Double(v), in: rx) }
                    func py(_ v: Float) -> Double { frame.y(Double(v), in: ry) }
                    // Negatives as rings, positives as dots inside them: where the classes meet, both show.
                    out += "<g fill=\"none\" stroke=\"\(Self.negativeColor)\" stroke-opacity=\"0.6\" stroke-width=\"0.8\">"
                    for p in sample.negative { out += "<circle cx=\"\(f(px(p[0])))\" cy=\"\(f(py(p[1])))\" r=\"2.4\"/>" }
                    out += "</g>\n<g fill=\"\(Self.positiveColor)\" fill-opacity=\"0.6\">"
                    for p in sample.positive { out += "<circle cx=\"\(f(px(p[0])))\" cy=\"\(f(py(p[1])))\" r=\"1\"/>" }
                    out += "</g>\n"
                    out += frame.xAxis(rx, label: "S1(t)")
                    out += frame.yAxis(ry, ticks: NiceTicks.ticks(ry.lowerBound, ry.upperBound, count: 4).filter(ry.contains), label: "S2(t)")
                }
            }
        }
        let ly = height - 14
        let scatters = rows.contains { $0.panels.contains { if case .scatter = $0 { return true } else { return false } } }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + 24))\" y2=\"\(f(ly - 4))\" stroke=\"\(Self.positiveColor)\" stroke-width=\"2\"/>"
        out += "<text x=\"\(f(left + 30))\" y=\"\(f(ly))\">positive paths (flagged bit +1): bins above the line\(scatters ? ", dots" : "")</text>\n"
        out += "<line x1=\"\(f(left + 400))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + 424))\" y2=\"\(f(ly - 4))\" stroke=\"\(Self.negativeColor)\" stroke-width=\"2\"/>"
        out += "<text x=\"\(f(left + 430))\" y=\"\(f(ly))\">negative paths (flagged bit −1): bins below the line\(scatters ? ", rings" : "")</text>\n"
        return out + "</svg>\n"
    }
}

/// One panel's rectangle and its axes: round ticks inside the data range,
/// tick labels, and the axis names.
struct PanelFrame {
    var x0, y0, width, height: Double
    /// Space between the data range and the frame (scatter dots stay inside it).
    var inset = 3.0

    func x(_ v: Double, in r: ClosedRange<Double>) -> Double {
        x0 + inset + (v - r.lowerBound) / Swift.max(r.upperBound - r.lowerBound, 1e-12) * (width - 2 * inset)
    }

    func y(_ v: Double, in r: ClosedRange<Double>) -> Double {
        y0 + height - inset - (v - r.lowerBound) / Swift.max(r.upperBound - r.lowerBound, 1e-12) * (height - 2 * inset)
    }

    func xAxis(_ r: ClosedRange<Double>, label: String) -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        var out = ""
        let ticks = NiceTicks.ticks(r.lowerBound, r.upperBound, count: 4).filter(r.contains)
        for t in ticks {
            let px = x(t, in: r)
            out += "<line x1=\"\(f(px))\" y1=\"\(f(y0 + height))\" x2=\"\(f(px))\" y2=\"\(f(y0 + height + 4))\" stroke=\"#444\"/>"
            out += "<text x=\"\(f(px))\" y=\"\(f(y0 + height + 14))\" font-size=\"9\" fill=\"#333\" text-anchor=\"middle\">\(NiceTicks.label(t, among: ticks))</text>"
        }
        return out + "<text x=\"\(f(x0 + width / 2))\" y=\"\(f(y0 + height + 27))\" font-size=\"10\" fill=\"#333\" text-anchor=\"middle\">\(escapeSVG(label))</text>\n"
    }

    /// `absolute`: tick labels without sign (a mirrored axis, both halves counting up from 0).
    func yAxis(_ r: ClosedRange<Double>, ticks: [Double], label: String, absolute: Bool = false) -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        var out = ""
        for t in ticks {
            let py = y(t, in: r)
            out += "<line x1=\"\(f(x0 - 4))\" y1=\"\(f(py))\" x2=\"\(f(x0))\" y2=\"\(f(py))\" stroke=\"#444\"/>"
            let text = NiceTicks.label(absolute ? abs(t) : t, among: ticks.sorted())
            out += "<text x=\"\(f(x0 - 6))\" y=\"\(f(py + 3))\" font-size=\"9\" fill=\"#333\" text-anchor=\"end\">\(text)</text>"
        }
        return out + "<text transform=\"translate(\(f(x0 - 32)) \(f(y0 + height / 2))) rotate(-90)\" font-size=\"10\" fill=\"#333\" text-anchor=\"middle\">\(escapeSVG(label))</text>\n"
    }
}

/// Round axis ticks: multiples of 1, 2 or 5 × 10^k.
public enum NiceTicks {
    /// About `count` round values covering [low, high]: the first ≤ low, the last ≥ high.
    public static func ticks(_ low: Double, _ high: Double, count: Int) -> [Double] {
        let span = high > low ? high - low : Swift.max(abs(low), 1)
        let raw = span / Double(Swift.max(count, 1))
        let magnitude = pow10(floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * 0.999 } ?? 10 * magnitude
        let first = Int(floor(low / step + 1e-9)), last = Int(ceil(high / step - 1e-9))
        // k·step, rounded to the step's decimals, so 3 × 0.05 is 0.15.
        let decimals = Swift.max(0, Int(-floor(log10(step) + 1e-9)))
        return (first...Swift.max(first, last)).map { k in Double(String(format: "%.\(decimals)f", Double(k) * step))! + 0 }
    }

    /// A tick's label with as many decimals as the ticks' step needs.
    public static func label(_ t: Double, among ticks: [Double]) -> String {
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : Swift.max(abs(t), 1)
        let decimals = Swift.max(0, Int(-floor(log10(step) + 1e-9)))
        let text = String(format: "%.\(decimals)f", t)
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    static func pow10(_ e: Double) -> Double { Foundation.pow(10, e) }
}

func escapeSVG(_ s: String) -> String {
    s.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
}
