import Analyses
import Foundation

/// Lines with a linear x axis and a logarithmic y axis (decade ticks), inside
/// a `PanelFrame`; values ≤ 0 are left out (they have no logarithm).
struct LogLinePanel {
    struct Line {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
    }

    var frame: PanelFrame
    var title: String
    var xLabel: String
    var yLabel: String
    var lines: [Line]
    /// Decades shown below the largest value (smaller values sit on the bottom edge).
    var decades = 12.0
    /// Small multiples: the line drawn in colour; the others are grey context, and the panel's
    /// title names the line instead of a legend.
    var highlight: Int?

    /// More lines than this in one panel cannot be told apart: `figure` draws one panel per line.
    static let maximumLinesPerPanel = 5

    /// Room the legend needs right of the frame (about 5.5 px a character at 10 px).
    static func legendWidth(_ lines: [Line]) -> Double { 45 + 5.5 * Double(lines.map(\.name.count).max() ?? 0) }

    func svg() -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        let positive = lines.flatMap(\.points).filter { $0.y > 0 }
        guard !positive.isEmpty else { return "" }
        // The x range of every point, zeros included (a line of zeros but one still spans its axis).
        let xs = lines.flatMap(\.points).map(\.x)
        let xr = xs.min()!...max(xs.max()!, xs.min()! + 1)
        let top = ceil(log10(positive.map(\.y).max()!))
        let lo = max(floor(log10(positive.map(\.y).min()!)), top - decades), hi = max(top, lo + 1)
        let yr = lo...hi
        var out = "<text x=\"\(f(frame.x0 + frame.width / 2))\" y=\"\(f(frame.y0 - 8))\" text-anchor=\"middle\" font-size=\"\(highlight == nil ? 13 : 11)\">\(escapeSVG(title))</text>\n"
        let stride = max(1, Int(((hi - lo) / 8).rounded(.up)))
        for e in Swift.stride(from: Int(lo), through: Int(hi), by: stride) {
            let y = frame.y(Double(e), in: yr)
            out += "<line x1=\"\(f(frame.x0))\" y1=\"\(f(y))\" x2=\"\(f(frame.x0 + frame.width))\" y2=\"\(f(y))\" stroke=\"#e6e6e6\"/>"
            out += "<text x=\"\(f(frame.x0 - 6))\" y=\"\(f(y + 3))\" font-size=\"9\" fill=\"#333\" text-anchor=\"end\">\(decadeLabel(Double(e)))</text>"
        }
        out += "\n<rect x=\"\(f(frame.x0))\" y=\"\(f(frame.y0))\" width=\"\(f(frame.width))\" height=\"\(f(frame.height))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += frame.xAxis(xr, label: xLabel)
        out += "<text transform=\"translate(\(f(frame.x0 - 36)) \(f(frame.y0 + frame.height / 2))) rotate(-90)\" font-size=\"10\" fill=\"#333\" text-anchor=\"middle\">\(escapeSVG(yLabel))</text>\n"
        // Context lines first (grey, thin), the highlighted or every line on top in colour.
        let order = lines.indices.sorted { ($0 == highlight ? 1 : 0) < ($1 == highlight ? 1 : 0) }
        for i in order {
            let line = lines[i]
            let context = highlight != nil && highlight != i
            let color = context ? "#c8c8c8" : line.color, width = context ? 1.0 : 1.8
            // A zero breaks the line (no logarithm), so draw runs of positive values.
            var runs: [[(x: Double, y: Double)]] = [[]]
            for p in line.points { if p.y > 0 { runs[runs.count - 1].append(p) } else if !runs[runs.count - 1].isEmpty { runs.append([]) } }
            for run in runs where run.count == 1 {   // a lone value is a dot
                out += "<circle cx=\"\(f(frame.x(run[0].x, in: xr)))\" cy=\"\(f(frame.y(max(log10(run[0].y), lo), in: yr)))\" r=\"3\" fill=\"\(color)\"/>\n"
            }
            for run in runs where !run.isEmpty {
                let points = run.map { "\(f(frame.x(min(max($0.x, xr.lowerBound), xr.upperBound), in: xr))),\(f(frame.y(max(log10($0.y), lo), in: yr)))" }
                out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(width)\"/>\n"
            }
            guard highlight == nil else { continue }
            // The legend to the right of the frame (callers leave `legendWidth` for it).
            let ly = frame.y0 + 10 + Double(i) * 15
            out += "<line x1=\"\(f(frame.x0 + frame.width + 10))\" y1=\"\(f(ly - 4))\" x2=\"\(f(frame.x0 + frame.width + 30))\" y2=\"\(f(ly - 4))\" stroke=\"\(line.color)\" stroke-width=\"2\"/>"
            out += "<text x=\"\(f(frame.x0 + frame.width + 35))\" y=\"\(f(ly))\" font-size=\"10\">\(escapeSVG(line.name))</text>\n"
        }
        return out
    }
}

extension LogLinePanel {
    /// A whole SVG: a title and one panel of lines with the legend on the right, or, for more
    /// than `maximumLinesPerPanel` lines, small multiples — one panel per line on a shared scale,
    /// titled with the line's name, the other lines in grey behind it.
    static func figure(title: String, panelTitle: String, xLabel: String, yLabel: String, lines: [Line],
                       height: Double, decades: Double = 12) -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        func header(_ width: Double, _ height: Double) -> String {
            """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="24" text-anchor="middle" font-size="15">\(escapeSVG(title))</text>

            """
        }
        guard lines.count > maximumLinesPerPanel else {
            let width = 620 + legendWidth(lines)
            return header(width, height) + LogLinePanel(frame: PanelFrame(x0: 70, y0: 60, width: 530, height: height - 120, inset: 0), title: panelTitle,
                                                        xLabel: xLabel, yLabel: yLabel, lines: lines, decades: decades).svg() + "</svg>\n"
        }
        let columns = 4, panelWidth = 270.0, panelHeight = 170.0, left = 66.0, gapX = 70.0, gapY = 82.0, top = 86.0
        let rows = (lines.count + columns - 1) / columns
        let width = left + Double(columns) * (panelWidth + gapX) - gapX + 24
        let totalHeight = top + Double(rows) * (panelHeight + gapY) - gapY + 56
        var out = header(width, totalHeight)
        out += "<text x=\"\(f(width / 2))\" y=\"44\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">\(escapeSVG(panelTitle + "; one panel per line, the others in grey"))</text>\n"
        for i in lines.indices {
            let frame = PanelFrame(x0: left + Double(i % columns) * (panelWidth + gapX), y0: top + Double(i / columns) * (panelHeight + gapY),
                                   width: panelWidth, height: panelHeight, inset: 0)
            out += LogLinePanel(frame: frame, title: lines[i].name, xLabel: xLabel, yLabel: yLabel, lines: lines, decades: decades, highlight: i).svg()
        }
        return out + "</svg>\n"
    }
}

/// Stérin et al.'s Figures 10–11 as heat maps: D(l, k) for each experiment,
/// log₁₀ colour on a shared scale, and D against l at one k for all of them.
public struct DiscrepancyFigure {
    public var title: String
    public var surfaces: [DiscrepancySurface]
    /// The state size of the line panel (the nearest k each surface has).
    public var lineStateSize: Int

    public init(title: String, surfaces: [DiscrepancySurface], lineStateSize: Int = 10) {
        self.title = title
        self.surfaces = surfaces
        self.lineStateSize = lineStateSize
    }

    static let colors = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    public func svg() -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        let side = 260.0, gap = 70.0, left = 60.0, top = 70.0
        let panels = Double(surfaces.count)
        let width = max(620, left + panels * side + (panels - 1) * gap + 110)
        let lineTop = top + side + 70, lineHeight = 230.0
        let height = lineTop + lineHeight + 50
        let logs = surfaces.flatMap { $0.points.map(\.mean) }.filter { $0 > 0 }.map(log10)
        let range = (floor(logs.min() ?? -3))...(max(ceil(logs.max() ?? 0), floor(logs.min() ?? -3) + 1))
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="24" text-anchor="middle" font-size="15">\(escapeSVG(title))</text>

            """
        if let s = surfaces.first {
            out += "<text x=\"\(f(width / 2))\" y=\"42\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">\(escapeSVG("D(l, k) = mean ‖h_u − h_v‖ over \(s.setup.draws) draws, weights \(s.setup.weights == .normal ? "N(0, 1)" : "U(±1/√k)"), inputs: \(s.setup.inputs == .paper ? "u = 0·0^(l−1), v = 1·0^(l−1)" : "F1B paths differing in the flagged bit")"))</text>\n"
        }
        for (i, s) in surfaces.enumerated() {
            let ks = Array(Set(s.points.map(\.stateSize))).sorted(), ls = Array(Set(s.points.map(\.steps))).sorted()
            let values = ks.map { k in ls.map { l -> Double? in s.point(stateSize: k, steps: l).flatMap { $0.mean > 0 ? log10($0.mean) : nil } } }
            let frame = PanelFrame(x0: left + Double(i) * (side + gap), y0: top, width: side, height: side, inset: 0)
            out += HeatMapPanel(frame: frame, title: s.cellName, columns: ls.map(Double.init), rows: ks.map(Double.init), values: values,
                                range: range, xLabel: "steps l", yLabel: "state size k").svg()
        }
        let decades = Array(Swift.stride(from: range.lowerBound, through: range.upperBound, by: 1))
        out += ColorBar(x0: left + panels * side + (panels - 1) * gap + 24, y0: top, height: side, range: range, ticks: decades,
                        title: "D(l, k)", label: decadeLabel).svg()
        let lines = surfaces.enumerated().map { i, s -> LogLinePanel.Line in
            let k = Set(s.points.map(\.stateSize)).min { abs($0 - lineStateSize) < abs($1 - lineStateSize) } ?? lineStateSize
            return .init(name: "\(s.cellName), k = \(k)", color: Self.colors[i % Self.colors.count],
                         points: s.points.filter { $0.stateSize == k }.sorted { $0.steps < $1.steps }.map { (Double($0.steps), $0.mean) })
        }
        out += LogLinePanel(frame: PanelFrame(x0: left, y0: lineTop, width: width - left - 20 - LogLinePanel.legendWidth(lines), height: lineHeight, inset: 0),
                            title: "D(l) at one state size", xLabel: "steps l", yLabel: "D(l, k)", lines: lines).svg()
        return out + "</svg>\n"
    }
}

extension DiscrepancyFigure {
    /// D(l) at one state size for each surface, one line each (log scale).
    public static func lines(title: String, surfaces: [DiscrepancySurface], stateSize: Int) -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        let lines = surfaces.enumerated().map { i, s in
            LogLinePanel.Line(name: s.cellName, color: colors[i % colors.count],
                              points: s.points.filter { $0.stateSize == stateSize }.sorted { $0.steps < $1.steps }.map { (Double($0.steps), $0.mean) })
        }
        return LogLinePanel.figure(title: title, panelTitle: "D(l) at k = \(stateSize): mean ‖h_u − h_v‖ over \(surfaces.first?.setup.draws ?? 0) random cells",
                                   xLabel: "steps l after the differing input", yLabel: "D(l, k)", lines: lines, height: 440)
    }
}

/// One or more fixed models' D(n − L) on F1B(n), log scale, with each fitted decay λ in its legend.
public struct ModelDiscrepancyFigure {
    public var title: String
    public var models: [ModelDiscrepancy]

    public init(title: String, models: [ModelDiscrepancy]) {
        self.title = title
        self.models = models
    }

    public func svg() -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        let lines = models.enumerated().map { i, m -> LogLinePanel.Line in
            let fit = m.decayPerStep.map { String(format: ", λ ≈ %.4g", $0) } ?? ""
            return .init(name: "\(m.name) (n = \(m.length)\(fit))", color: DiscrepancyFigure.colors[i % DiscrepancyFigure.colors.count],
                         points: m.gaps.map { (Double($0.gap), $0.mean) })
        }
        return LogLinePanel.figure(title: title, panelTitle: "mean ‖s_n(+1) − s_n(−1)‖ over paths differing only in the flagged bit",
                                   xLabel: "n − L (steps after the flag)", yLabel: "D(n − L) (values below the axis on its edge)",
                                   lines: lines, height: 420, decades: 8)
    }
}
