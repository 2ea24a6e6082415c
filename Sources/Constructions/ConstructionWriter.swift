import Cells
import Exact
import F1B

/// Formats a `Construction` as a construction file that `ConstructionReader`
/// reads back to an equal value. Numbers are written exactly: "p/q", or with
/// `decimals` as a terminating decimal wherever that is exact (trained Float
/// values always are).
public enum ConstructionWriter {
    /// - Parameter comment: lines written as `# ` comments at the top.
    public static func yaml(_ c: Construction, comment: [String] = [], decimals: Bool = false) -> String {
        let number = { (r: Rational) in exactText(r, decimals: decimals) }
        func list(_ values: [Rational]) -> String { "[" + values.map(number).joined(separator: ", ") + "]" }
        func format(_ m: ExactMatrix, asVector: Bool) -> String {
            asVector ? list(m.entries) : "[" + m.rowArrays.map(list).joined(separator: ", ") + "]"
        }
        var out = comment.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined()
        out += "name: \(quoted(c.name))\n"
        out += "model: \(c.cell.model.rawValue)\n"
        if c.cell.convention != .paper { out += "convention: \(c.cell.convention.rawValue)\n" }
        if let a = c.cell.activation, c.cell.model.hasActivation { out += "activation: \(a.rawValue)\n" }
        out += "state: \(c.cell.stateSize)\n"
        out += "flags: \(c.cell.flags.rawValue)\n"
        let shapes = c.cell.parameterShapes
        let given = shapes.filter { c.cell.parameters[$0.name] != nil }
        if given.isEmpty {
            out += "parameters: {}\n"
        } else {
            out += "parameters:\n"
            for shape in given {
                out += "  \(shape.name): \(format(c.cell.parameters[shape.name]!, asVector: shape.isVector))\n"
            }
        }
        let K = c.cell.stateSize
        if c.cell.model == .plusRNN {
            out += "initial: \(list(Array(c.cell.initialState[K...])))\n"
        } else if c.cell.model == .lstm || c.cell.model == .urLSTM {
            let hidden = c.cell.convention == .paper && c.cell.model == .lstm ? "d" : "h"
            let names = c.cell.classifiesHidden ? [hidden, "c"] : ["c", hidden]
            if c.cell.convention != .paper || c.cell.model == .urLSTM { out += "classify: \(names[0])\n" }
            out += "initial:\n  \(names[0]): \(list(Array(c.cell.initialState[0..<K])))\n  \(names[1]): \(list(Array(c.cell.initialState[K...])))\n"
        } else {
            out += "initial: \(list(c.cell.initialState))\n"
        }
        if let classifier = c.classifier {
            out += "classifier:\n  beta: \(list(classifier.beta))\n  gamma: \(number(classifier.gamma))\n"
        }
        if c.flaggedBits > 1 { out += "flagged_bits: \(c.flaggedBits)\n" }
        if let readouts = c.readouts {
            out += "readouts:\n" + readouts.map { "  - beta: \(list($0.beta))\n    gamma: \(number($0.gamma))\n" }.joined()
        }
        if let e = c.expectation {
            out += "expect:\n  n: \(e.lengths)\n  verdict: \(e.verdict.rawValue)\n"
        }
        return out
    }

    /// "p/q", or the terminating decimal equal to r (when asked and one of at most 40 digits exists).
    static func exactText(_ r: Rational, decimals: Bool) -> String {
        guard decimals else { return r.description }
        let text = r.decimalString(significantDigits: 40, .down)
        return Rational(text) == r ? text : r.description
    }

    static func quoted(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        } && !["true", "false", "null", "yes", "no", "on", "off"].contains(s.lowercased()) && Rational(s) == nil
        if plain { return s }
        var escaped = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default:
                if ch.value < 0x20 { escaped += "\\x" + String(ch.value, radix: 16).leftPadded(2) } else { escaped.unicodeScalars.append(ch) }
            }
        }
        return "\"\(escaped)\""
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
