import Analyses
import Foundation

/// Connectivity as pictures: for a few paths, |∂score/∂X^I_t| and
/// |∂score/∂X^F_t| per step t as two heat maps (log₁₀ colour, the flagged step
/// outlined, exact zeros white), and the mean connectivity c against t − L
/// over every path (log scale).
public struct ConnectivityFigure {
    public var title: String
    public var connectivity: Connectivity
    /// Rows drawn in the heat maps (the first paths).
    public var shownPaths: Int

    public init(title: String, connectivity: Connectivity, shownPaths: Int = 12) {
        self.title = title
        self.connectivity = connectivity
        self.shownPaths = shownPaths
    }

    public func svg() -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        let c = connectivity, n = c.length
        let shown = Array(c.paths.prefix(shownPaths))
        let left = 150.0, top = 76.0, panelWidth = 250.0, gap = 40.0
        let rowHeight = max(10, min(22, 260 / Double(max(shown.count, 1))))
        let panelHeight = rowHeight * Double(shown.count)
        let width = max(620, left + 2 * panelWidth + gap + 110)
        let lineTop = top + panelHeight + 80, lineHeight = 220.0
        let height = lineTop + lineHeight + 50
        let all = shown.flatMap { $0.informationBit + $0.flag }.map(abs).filter { $0 > 0 }
        let hi = ceil(log10(all.max() ?? 1)), lo = max(floor(log10(all.min() ?? 1e-6)), hi - 8)
        let range = lo...max(hi, lo + 1)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="24" text-anchor="middle" font-size="15">\(escapeSVG(title))</text>

            """
        let share = c.shareAtFlag.map { String(format: "%.1f%%", 100 * $0) } ?? "—"
        let classifier = c.classifierFromFile ? "the file's classifier" : "s_n itself (the file has no classifier)"
        out += "<text x=\"\(f(width / 2))\" y=\"42\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">\(escapeSVG("gradient of the score (\(classifier)) with respect to each input; \(counted(c.paths.count, "path")) of F1B(\(n)); share of connectivity at t = L: \(share)"))</text>\n"
        let names = shown.map { "L=\($0.path.flagPosition) \($0.path.bitString.count > 14 ? String($0.path.bitString.prefix(12)) + "…" : $0.path.bitString)" }
        func values(_ g: (Connectivity.PathGradient) -> [Double]) -> [[Double?]] {
            shown.reversed().map { p in g(p).map { $0 != 0 ? log10(abs($0)) : nil } }   // first path on top
        }
        let marks = shown.reversed().enumerated().map { (row: $0.offset, column: $0.element.path.flagPosition - 1) }
        for (i, (panelTitle, g)) in [("information bit: |∂score/∂X^I_t|", { (p: Connectivity.PathGradient) in p.informationBit }),
                                     ("flag: |∂score/∂X^F_t|", { (p: Connectivity.PathGradient) in p.flag })].enumerated() {
            let frame = PanelFrame(x0: left + Double(i) * (panelWidth + gap), y0: top, width: panelWidth, height: panelHeight, inset: 0)
            out += HeatMapPanel(frame: frame, title: panelTitle, columns: (1...n).map(Double.init), rows: shown.indices.map(Double.init),
                                values: values(g), range: range, xLabel: "step t (flagged step outlined)", yLabel: "",
                                marks: marks, rowNames: i == 0 ? Array(names.reversed()) : Array(repeating: "", count: shown.count)).svg()
        }
        let decades = Array(Swift.stride(from: range.lowerBound, through: range.upperBound, by: max(1, ((range.upperBound - range.lowerBound) / 6).rounded(.up))))
        out += ColorBar(x0: left + 2 * panelWidth + gap + 20, y0: top, height: max(panelHeight, 60), range: range, ticks: decades,
                        title: "|gradient| (white: 0)", label: decadeLabel).svg()
        let byOffset = c.meanByOffset
        let points = byOffset.enumerated().compactMap { i, v in v.map { (x: Double(i - (n - 1)), y: $0) } }
        let line = LogLinePanel.Line(name: "mean c_t", color: "#1f77b4", points: points)
        out += LogLinePanel(frame: PanelFrame(x0: 70, y0: lineTop, width: width - 90 - LogLinePanel.legendWidth([line]), height: lineHeight, inset: 0),
                            title: "mean connectivity c_t = ‖∂score/∂x_t‖ over all paths, by distance from the flag",
                            xLabel: "t − L", yLabel: "mean c_t",
                            lines: [line]).svg()
        return out + "</svg>\n"
    }
}
