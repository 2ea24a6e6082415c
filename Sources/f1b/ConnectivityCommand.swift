import Analyses
import ArgumentParser
import Constructions
import Exact
import F1B
import Foundation
import Reports
import Simulation

/// `f1b connectivity FILE --n N`: how much the final score depends on each earlier input.
struct ConnectivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectivity",
        abstract: "The gradient of the classifier's score βᵀs_n + γ with respect to every input X^I_t and X^F_t, per path.",
        discussion: """
            After Madsen's connectivity ("Visualizing memorization in RNNs"): forward-mode dual \
            numbers through the cell's one definition, the inputs taken as real numbers at the \
            path's values. Reports, per path, g^I_t = ∂score/∂X^I_t and g^F_t = ∂score/∂X^F_t, and \
            the share of c_t = √(g^I_t² + g^F_t²) at the flagged step t = L; averaged over --paths \
            random paths (L uniform, or --flag-at L) and for the paths given with --path L:BITS \
            (e.g. --path 3:+-+-+, repeatable; shown first). For g and relu cells a derivative \
            taken exactly on a kink is reported as such. A K = 1 file without a classifier is \
            read through s_n itself.
            """)

    @Argument(help: "Construction file (YAML).") var file: String
    @Option(name: .customLong("n"), help: "Sequence length n.") var length: Int
    @Option(help: "Random paths.") var paths = 200
    @Option(help: "Fix the flag position L of the random paths.") var flagAt: Int?
    @Option(name: .customLong("path"), help: "A path of your choosing, L:BITS with BITS n signs + or - (repeatable).") var chosen: [String] = []
    @Option(help: "Seed of the random paths.") var seed: UInt64 = 1
    @OptionGroup var outputs: AnalysisOutputs

    func run() throws {
        guard paths >= 0 else { throw ValidationError("--paths: expected 0 or more") }
        if let problem = Connectivity.problem(length: length, paths: max(paths + chosen.count, 1)) { throw ValidationError(problem) }
        if let flagAt, !(1...length).contains(flagAt) { throw ValidationError("--flag-at: expected 1…\(length), found \(flagAt)") }
        let given = try chosen.map { try parsePath($0) }
        guard paths + given.count >= 1 else { throw ValidationError("--paths 0 needs at least one --path") }
        let threadCount = try outputs.threadCount()
        let (json, csv, plot) = (outputs.json, outputs.csv, outputs.plot)
        let construction = try mapBadInput { try readConstruction(file) }
        let classifier: Classifier
        if let c = construction.classifier { classifier = c }
        else if construction.cell.stateSize == 1 { classifier = Classifier(beta: [1], gamma: 0) }
        else {
            StandardError.write("\(file): error: connectivity differentiates the classifier's score, and this K = \(construction.cell.stateSize) file has no classifier\n")
            throw ExitCode(ExitStatus.badInput)
        }
        try Outputs.check(files: [csv, plot])
        let all = given + Connectivity.randomPaths(length: length, count: paths, flagAt: flagAt, seed: seed)
        let result = Connectivity.measure(construction.cell, classifier: classifier, classifierFromFile: construction.classifier != nil,
                                          name: construction.name, paths: all, threads: threadCount) { done, total in
            StandardError.progress("paths", done, of: total)
        }
        try Outputs.write([csv.map { ($0, ConnectivityWriter.csv(result)) },
                           plot.map { ($0, ConnectivityFigure(title: "\(construction.name): connectivity on F1B(\(length))", connectivity: result).svg()) }]
            .compactMap { $0 })
        try writeOutput(json ? ConnectivityWriter.json(result).serialized + "\n" : ConnectivityWriter.text(result), to: nil)
    }

    /// "L:BITS" → a path of length n.
    func parsePath(_ text: String) throws -> Path {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let L = Int(parts[0]), (1...length).contains(L),
              parts[1].count == length, parts[1].allSatisfy({ "+-−".contains($0) }) else {
            throw ValidationError("--path: expected L:BITS with 1 ≤ L ≤ \(length) and \(length) signs + or -, found '\(text)'")
        }
        return Path(flagPosition: L, informationBits: parts[1].map { $0 == "+" ? 1 : -1 })
    }
}

/// Text, JSON and CSV of connectivity (format only).
enum ConnectivityWriter {
    /// Raised whenever a key changes meaning or goes away (readers check it).
    static let schema = 1

    static func text(_ c: Connectivity) -> String {
        let n = c.length
        var out = "\(c.name): connectivity on F1B(\(n)), \(counted(c.paths.count, "path")); score "
        out += c.classifierFromFile ? "βᵀs_n + γ (the file's classifier)" : "s_n (the file has no classifier)"
        out += String(format: "; %.2f s\n", c.seconds)
        out += "share of connectivity at the flagged step t = L: " + (c.shareAtFlag.map { String(format: "%.2f%%", 100 * $0) } ?? "— (the score depends on no input)") + "\n"
        let kinks = c.paths.filter(\.kink).count
        if kinks > 0 { out += "\(kinks) of \(counted(c.paths.count, "path")) \(kinks == 1 ? "meets" : "meet") a kink of the activation (a one-sided derivative there)\n" }
        let offsets = c.meanByOffset
        out += "mean c_t by t − L:\n"
        out += "  t − L" + "mean c_t".leftPadded(14) + "\n"
        for (i, v) in offsets.enumerated() {
            guard let v else { continue }
            let offset = i - (n - 1)
            if n > 30 && abs(offset) > 5 && offset % 10 != 0 { continue }   // a readable excerpt; --csv has everything
            out += String(offset).leftPadded(7) + String(format: "%.4g", v).leftPadded(14) + "\n"
        }
        for p in c.paths.prefix(3) {
            out += "path \(p.path): score \(String(format: "%.4g", p.score)), share at L \(p.shareAtFlag.map { String(format: "%.2f%%", 100 * $0) } ?? "—")\n"
            if n <= 20 {
                out += "   t" + "g^I_t".leftPadded(12) + "g^F_t".leftPadded(12) + "\n"
                for t in 1...n {
                    out += String(t).leftPadded(4) + String(format: "%.4g", p.informationBit[t - 1]).leftPadded(12)
                        + String(format: "%.4g", p.flag[t - 1]).leftPadded(12) + (t == p.path.flagPosition ? "   ← L" : "") + "\n"
                }
            }
        }
        return out
    }

    static func json(_ c: Connectivity) -> JSON {
        .object([
            ("schema", .int(schema)), ("kind", .string("connectivity")), ("name", .string(c.name)), ("n", .int(c.length)),
            ("classifier", .object([("beta", .array(c.classifier.beta.map { .string($0.description) })), ("gamma", .string(c.classifier.gamma.description))])),
            ("classifier_source", .string(c.classifierFromFile ? "file" : "state")), ("seconds", .number(c.seconds)),
            ("share_at_flag", c.shareAtFlag.map { .number($0) } ?? .null),
            ("mean_information", .array(c.meanInformation.map { .number($0) })), ("mean_flag", .array(c.meanFlag.map { .number($0) })),
            ("paths", .array(c.paths.map { p in
                .object([("flag_at", .int(p.path.flagPosition)), ("bits", .string(p.path.bitString)), ("score", .number(p.score)),
                         ("information", .array(p.informationBit.map { .number($0) })), ("flag", .array(p.flag.map { .number($0) })),
                         ("share_at_flag", p.shareAtFlag.map { .number($0) } ?? .null), ("kink", .bool(p.kink))])
            })),
        ])
    }

    static func csv(_ c: Connectivity) -> String {
        var out = "path,flag_at,bits,t,information,flag,magnitude\n"
        for (i, p) in c.paths.enumerated() {
            let m = p.magnitudes
            for t in 1...c.length {
                out += "\(i),\(p.path.flagPosition),\(p.path.bitString),\(t),\(p.informationBit[t - 1]),\(p.flag[t - 1]),\(m[t - 1])\n"
            }
        }
        return out
    }
}
