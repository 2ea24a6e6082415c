import Foundation

/// A perceptually ordered colour scale (viridis' anchors, linearly
/// interpolated): dark blue for the low end, yellow for the high end.
enum ColorScale {
    static let anchors: [(Double, Double, Double)] = [
        (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ]

    /// The colour of u ∈ [0, 1] (clamped) as #rrggbb.
    static func color(_ u: Double) -> String {
        let x = min(max(u.isFinite ? u : 0, 0), 1) * Double(anchors.count - 1)
        let i = min(Int(x), anchors.count - 2), f = x - Double(i)
        let a = anchors[i], b = anchors[i + 1]
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}

/// A grid of coloured cells with its axes: `values[row][column]` drawn with
/// row 0 at the bottom, each value already in the plotted scale (e.g. log₁₀).
struct HeatMapPanel {
    var frame: PanelFrame
    var title: String
    var columns: [Double]   // x of each column's centre
    var rows: [Double]      // y of each row's centre
    var values: [[Double?]] // nil: not drawn (e.g. D = 0 on a log scale)
    var range: ClosedRange<Double>
    var xLabel: String
    var yLabel: String
    /// Cells outlined (row, column), e.g. each path's flagged step.
    var marks: [(row: Int, column: Int)] = []
    /// Names of the rows instead of numeric ticks (e.g. path descriptions).
    var rowNames: [String]? = nil

    func svg() -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        let cw = frame.width / Double(max(columns.count, 1)), ch = frame.height / Double(max(rows.count, 1))
        var out = "<text x=\"\(f(frame.x0 + frame.width / 2))\" y=\"\(f(frame.y0 - 8))\" text-anchor=\"middle\" font-size=\"13\">\(escapeSVG(title))</text>\n"
        for (r, row) in values.enumerated() {
            for (c, value) in row.enumerated() {
                let u = value.map { ($0 - range.lowerBound) / max(range.upperBound - range.lowerBound, 1e-12) }
                let x = frame.x0 + Double(c) * cw, y = frame.y0 + frame.height - Double(r + 1) * ch
                out += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cw + 0.3))\" height=\"\(f(ch + 0.3))\" fill=\"\(u.map(ColorScale.color) ?? "#ffffff")\"/>"
            }
            out += "\n"
        }
        for m in marks {
            let x = frame.x0 + Double(m.column) * cw, y = frame.y0 + frame.height - Double(m.row + 1) * ch
            out += "<rect x=\"\(f(x + 0.5))\" y=\"\(f(y + 0.5))\" width=\"\(f(max(cw - 1, 1)))\" height=\"\(f(max(ch - 1, 1)))\" fill=\"none\" stroke=\"#e8175d\" stroke-width=\"1.5\"/>"
        }
        out += "<rect x=\"\(f(frame.x0))\" y=\"\(f(frame.y0))\" width=\"\(f(frame.width))\" height=\"\(f(frame.height))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += axis(columns, along: true, label: xLabel)
        if let rowNames {
            for (r, name) in rowNames.enumerated() {
                let y = frame.y0 + frame.height - (Double(r) + 0.5) * ch
                out += "<text x=\"\(f(frame.x0 - 5))\" y=\"\(f(y + 3))\" font-size=\"9\" fill=\"#333\" text-anchor=\"end\">\(escapeSVG(name))</text>"
            }
            out += "\n"
        } else {
            out += axis(rows, along: false, label: yLabel)
        }
        return out
    }

    /// Round ticks at cell centres.
    private func axis(_ centres: [Double], along horizontal: Bool, label: String) -> String {
        guard let lo = centres.first, let hi = centres.last else { return "" }
        func f(_ v: Double) -> String { String(format2: v) }
        let ticks = NiceTicks.ticks(lo, hi, count: 5).filter { $0 >= lo - 1e-9 && $0 <= hi + 1e-9 }
        let step = horizontal ? frame.width / Double(centres.count) : frame.height / Double(centres.count)
        func position(_ t: Double) -> Double {
            // Centres are evenly spaced: interpolate between the first and the last.
            let i = centres.count > 1 ? (t - lo) / (hi - lo) * Double(centres.count - 1) : 0
            return (i + 0.5) * step
        }
        var out = ""
        for t in ticks {
            if horizontal {
                let x = frame.x0 + position(t)
                out += "<line x1=\"\(f(x))\" y1=\"\(f(frame.y0 + frame.height))\" x2=\"\(f(x))\" y2=\"\(f(frame.y0 + frame.height + 4))\" stroke=\"#444\"/>"
                out += "<text x=\"\(f(x))\" y=\"\(f(frame.y0 + frame.height + 14))\" font-size=\"9\" fill=\"#333\" text-anchor=\"middle\">\(NiceTicks.label(t, among: ticks))</text>"
            } else {
                let y = frame.y0 + frame.height - position(t)
                out += "<line x1=\"\(f(frame.x0 - 4))\" y1=\"\(f(y))\" x2=\"\(f(frame.x0))\" y2=\"\(f(y))\" stroke=\"#444\"/>"
                out += "<text x=\"\(f(frame.x0 - 6))\" y=\"\(f(y + 3))\" font-size=\"9\" fill=\"#333\" text-anchor=\"end\">\(NiceTicks.label(t, among: ticks))</text>"
            }
        }
        if horizontal {
            out += "<text x=\"\(f(frame.x0 + frame.width / 2))\" y=\"\(f(frame.y0 + frame.height + 28))\" font-size=\"11\" fill=\"#333\" text-anchor=\"middle\">\(escapeSVG(label))</text>\n"
        } else {
            out += "<text transform=\"translate(\(f(frame.x0 - 30)) \(f(frame.y0 + frame.height / 2))) rotate(-90)\" font-size=\"11\" fill=\"#333\" text-anchor=\"middle\">\(escapeSVG(label))</text>\n"
        }
        return out
    }
}

/// A vertical colour bar for a heat map's scale, labelled at `ticks` (in the
/// plotted scale) with `label(t)`.
struct ColorBar {
    var x0, y0, height: Double
    var range: ClosedRange<Double>
    var ticks: [Double]
    var title: String
    var label: (Double) -> String

    func svg() -> String {
        func f(_ v: Double) -> String { String(format2: v) }
        var out = ""
        let steps = 48
        for i in 0..<steps {
            let u = (Double(i) + 0.5) / Double(steps)
            let y = y0 + height - Double(i + 1) * height / Double(steps)
            out += "<rect x=\"\(f(x0))\" y=\"\(f(y))\" width=\"14\" height=\"\(f(height / Double(steps) + 0.3))\" fill=\"\(ColorScale.color(u))\"/>"
        }
        out += "\n<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"14\" height=\"\(f(height))\" fill=\"none\" stroke=\"#333\"/>\n"
        for t in ticks where range.contains(t) {
            let y = y0 + height - (t - range.lowerBound) / max(range.upperBound - range.lowerBound, 1e-12) * height
            out += "<line x1=\"\(f(x0 + 14))\" y1=\"\(f(y))\" x2=\"\(f(x0 + 18))\" y2=\"\(f(y))\" stroke=\"#444\"/>"
            out += "<text x=\"\(f(x0 + 21))\" y=\"\(f(y + 3))\" font-size=\"9\" fill=\"#333\">\(label(t))</text>"
        }
        out += "<text transform=\"translate(\(f(x0 + 62)) \(f(y0 + height / 2))) rotate(-90)\" font-size=\"11\" fill=\"#333\" text-anchor=\"middle\">\(escapeSVG(title))</text>\n"
        return out
    }
}

/// "10⁻³" for a decade exponent, as SVG text.
func decadeLabel(_ e: Double) -> String {
    let k = Int(e.rounded())
    return "10<tspan dy=\"-4\" font-size=\"7\">\(k < 0 ? "−" : "")\(abs(k))</tspan>"
}
