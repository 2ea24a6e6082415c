import Cells
import Exact
import F1B
import Foundation
import Yams

/// Reads construction files (YAML, the format in README.md's "Construction files") into `Construction`s.
///
/// Numbers are read from the raw scalar text with `Rational(_:)`: never through
/// Double. Every problem is a `ConstructionError` naming file, line and column:
/// unknown keys, missing keys, wrong shapes, non-numbers, K < 1, bad ranges.
/// Nothing is guessed.
public enum ConstructionReader {
    static let topLevelKeys = ["name", "model", "convention", "activation", "state", "flags", "parameters",
                               "initial", "classify", "classifier", "expect",
                               "flagged_bits", "readouts"]
    /// Guard against a typo like `state: 20000` allocating K² matrices.
    public static let maximumStateSize = 4096
    /// Largest m of the Flagged-m-Bit test (the exact checker keeps 2^m label classes).
    public static let maximumFlaggedBits = 16

    public static func read(contentsOf path: String) throws(ConstructionError) -> Construction {
        let (text, stem) = try Reader.text(path, what: "construction")
        return try parse(text, file: path, defaultName: stem)
    }

    public static func parse(_ text: String, file: String = "<input>", defaultName: String = "construction") throws(ConstructionError) -> Construction {
        try Reader(file: file).located { reader in try reader.construction(text, defaultName: defaultName) }
    }
}

/// One pass over one file; knows the file name for error locations.
struct Reader {
    let file: String
    /// Statement files: a number that is not a literal goes here (an affine
    /// expression in free parameters, evaluated at the point being read).
    var evaluate: ((String) -> Result<Rational, AffineForm.ParseError>)?
    /// Top-level keys a statement file adds (free, constraints, claim).
    var extraKeys: [String] = []

    /// A file's text and the stem of its name, or why it cannot be read.
    static func text(_ path: String, what: String) throws(ConstructionError) -> (text: String, stem: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let why = !exists ? "no such file" : isDirectory.boolValue ? "is a directory" : "cannot be read"
            throw ConstructionError(file: path, line: 0, column: 0, message: "\(why) (expected a \(what) file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConstructionError(file: path, line: 0, column: 0, message: "not UTF-8 text (expected a YAML \(what) file)")
        }
        return (text, (path as NSString).lastPathComponent.split(separator: ".").first.map(String.init) ?? what)
    }

    /// Runs `body`, turning YAML errors into located ones.
    func located<T>(_ body: (inout Reader) throws -> T) throws(ConstructionError) -> T {
        var reader = self
        do {
            return try body(&reader)
        } catch let error as ConstructionError {
            throw error
        } catch let error as YamlError {
            throw reader.located(error)
        } catch {
            throw ConstructionError(file: file, line: 0, column: 0, message: "\(error)")
        }
    }

    func fail(_ node: Node?, _ message: String) -> ConstructionError {
        ConstructionError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }

    func located(_ error: YamlError) -> ConstructionError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ConstructionError(file: file, line: mark.line, column: mark.column, message: "YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ConstructionError(file: file, line: context.mark.line, column: context.mark.column,
                                     message: "duplicate key \(duplicates.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return ConstructionError(file: file, line: 1, column: 1, message: "YAML: \(problem)")
        default:
            return ConstructionError(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }

    // MARK: structure

    /// The file's YAML tree, its scalars left untyped: the reader reads every
    /// value from its text (numbers exactly, by `Rational`), so the default
    /// resolver's regular expressions (compiled at first use, then matched
    /// against every scalar for every tag) would compute nothing it uses.
    func compose(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text, .basic)
    }

    /// The pairs of a mapping, rejecting keys not in `allowed` and duplicates.
    func mapping(_ node: Node, allowed: [String], what: String) throws -> [String: (key: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            throw fail(node, "\(what) must be a mapping with keys \(allowed.joined(separator: ", "))")
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw fail(key, "expected a plain key in \(what)") }
            let name = scalar.string
            guard allowed.contains(name) else {
                throw fail(key, "unknown key '\(name)' in \(what) (expected one of: \(allowed.joined(separator: ", ")))")
            }
            guard result[name] == nil else { throw fail(key, "duplicate key '\(name)' in \(what)") }
            result[name] = (key, value)
        }
        return result
    }

    func scalarText(_ node: Node, _ what: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, "expected \(what), found a \(kind(node))") }
        return scalar.string
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "scalar"
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .alias: return "alias"
        }
    }

    func number(_ node: Node, _ what: String) throws -> Rational {
        let text = try scalarText(node, "a number for \(what)")
        if let value = Rational(text) { return value }
        if let evaluate {
            switch evaluate(text) {
            case .success(let value): return value
            case .failure(let problem): throw fail(node, "\(what): \(problem.message)")
            }
        }
        throw fail(node, "expected a number for \(what) (integer, decimal, fraction p/q or scientific), found '\(text)'")
    }

    /// A list of `count` numbers; `entry(i)` names the i-th (1-based) in messages.
    func vector(_ node: Node, count: Int, _ what: String, entry: ((Int) -> String)? = nil) throws -> [Rational] {
        guard case .sequence(let sequence) = node else {
            throw fail(node, "expected \(what) as a list of \(count) number\(count == 1 ? "" : "s"), found a \(kind(node))")
        }
        guard sequence.count == count else {
            throw fail(node, "expected \(what) as a list of \(count) number\(count == 1 ? "" : "s"), found \(sequence.count)")
        }
        return try sequence.enumerated().map { i, element in
            try number(element, entry?(i + 1) ?? "\(what), entry \(i + 1)")
        }
    }

    func matrix(_ node: Node, shape: ParameterShape, stateSize K: Int, readsInput: Bool) throws -> ExactMatrix {
        let (rows, columns, name) = (shape.rows, shape.columns, shape.name)
        if shape.isVector {
            return ExactMatrix(vector: try vector(node, count: rows, "\(name) (K = \(K))"))
        }
        let what = "\(name) (K = \(K))"
        let shape = "\(rows) row\(rows == 1 ? "" : "s") of \(columns) number\(columns == 1 ? "" : "s")"
            + (readsInput ? " (columns: information bit, flag bit)" : "")
        guard case .sequence(let sequence) = node else {
            throw fail(node, "expected \(what) as \(shape), e.g. [[...], ...], found a \(kind(node))")
        }
        guard sequence.count == rows else {
            throw fail(node, "expected \(what) as \(shape), found \(sequence.count) row\(sequence.count == 1 ? "" : "s")")
        }
        var entries: [Rational] = []
        for (i, row) in sequence.enumerated() {
            entries += try vector(row, count: columns, "row \(i + 1) of \(what)") { j in
                "\(name) row \(i + 1), column \(j)" + (readsInput ? (j == 1 ? " (information bit)" : " (flag bit)") : "")
            }
        }
        return ExactMatrix(rows: rows, columns: columns, entries: entries)
    }

    // MARK: the file

    mutating func construction(_ text: String, defaultName: String) throws -> Construction {
        guard let root = try compose(text) else {
            throw ConstructionError(file: file, line: 1, column: 1, message: "empty file (expected a construction: model, state, parameters, initial, ...)")
        }
        try rejectAliases(root)
        let top = try mapping(root, allowed: ConstructionReader.topLevelKeys + extraKeys,
                              what: extraKeys.isEmpty ? "a construction file" : "a statement file")
        func required(_ key: String, _ what: String) throws -> Node {
            guard let entry = top[key] else {
                throw fail(root, "missing key '\(key)' (expected \(what))")
            }
            return entry.value
        }

        let name = try top["name"].map { try scalarText($0.value, "a name") } ?? defaultName

        let models = CellModel.allCases.map(\.rawValue).joined(separator: ", ")
        let modelNode = try required("model", "one of \(models)")
        let modelText = try scalarText(modelNode, "a model name")
        guard let model = CellModel(rawValue: modelText) else {
            throw fail(modelNode, "unknown model '\(modelText)' (expected one of: \(models))")
        }

        var convention = CellConvention.paper
        if let entry = top["convention"] {
            let text = try scalarText(entry.value, "a convention")
            guard let c = CellConvention(rawValue: text) else {
                throw fail(entry.value, "unknown convention '\(text)' (expected paper, or pytorch: the equations of PyTorch, Flax and Keras)")
            }
            guard model.exists(in: c) else {
                throw fail(entry.value, "the \(model.rawValue) exists in the paper's convention only")
            }
            convention = c
        }
        var classifiesHidden = false
        if let entry = top["classify"] {
            guard model == .lstm || model == .urLSTM else { throw fail(entry.key, "'classify' applies to the LSTMs only (it chooses h or c)") }
            let text = try scalarText(entry.value, "h or c")
            guard text == "h" || text == "c" else { throw fail(entry.value, "expected h (the output) or c (the cell state), found '\(text)'") }
            guard convention == .pytorch || model == .urLSTM || text == "c" else {
                throw fail(entry.value, "the paper's LSTM classifies c; classify: h needs convention: pytorch")
            }
            classifiesHidden = text == "h"
        } else if model == .lstm && convention == .pytorch {
            classifiesHidden = true   // PyTorch's output
        }

        var activation: Activation?
        if model.hasActivation {
            let allowed = model.allowedActivations.map(\.rawValue).joined(separator: ", ")
            if let node = model == .vanilla ? try required("activation", "the vanilla activation: \(allowed)") : top["activation"]?.value {
                let text = try scalarText(node, "an activation")
                guard let a = Activation(rawValue: text), model.allowedActivations.contains(a) else {
                    throw fail(node, "unknown activation '\(text)' for the \(model.rawValue) (expected one of: \(allowed))")
                }
                activation = a
            } else {
                activation = .tanh   // the UGRNN's candidate, by default
            }
        } else if let entry = top["activation"] {
            throw fail(entry.key, "'activation' applies to the vanilla and ugrnn cells only (\(model.rawValue) uses σ gates and a tanh candidate)")
        }

        let stateNode = try required("state", "the state dimension K, an integer ≥ 1")
        let stateText = try scalarText(stateNode, "the state dimension K")
        guard let K = Int(stateText), K >= 1 else {
            throw fail(stateNode, "expected the state dimension K as an integer ≥ 1, found '\(stateText)'")
        }
        guard K <= ConstructionReader.maximumStateSize else {
            throw fail(stateNode, "state dimension \(K) exceeds the supported maximum \(ConstructionReader.maximumStateSize)")
        }

        var flags = FlagEncoding.plusMinus
        if let entry = top["flags"] {
            let text = try scalarText(entry.value, "a flag encoding")
            guard let f = FlagEncoding(rawValue: text) else {
                throw fail(entry.value, "unknown flag encoding '\(text)' (expected plus-minus or zero-one)")
            }
            flags = f
        }

        var parameters: [String: ExactMatrix] = [:]
        let shapes = model.parameterShapes(stateSize: K, convention: convention)
        if let entry = top["parameters"] {
            let names = shapes.map(\.name)
            if case .scalar(let s) = entry.value, s.string.isEmpty {
                // `parameters:` with nothing under it: all zero.
            } else {
                let given = try mapping(entry.value, allowed: names,
                                        what: "parameters of a \(model.rawValue) cell\(convention == .paper ? "" : " (convention \(convention.rawValue))")")
                for shape in shapes {
                    guard let (_, value) = given[shape.name] else { continue }
                    parameters[shape.name] = try matrix(value, shape: shape, stateSize: K, readsInput: model.isInputWeight(shape))
                }
            }
        }

        // The LSTMs' full state: [c, d] (paper), [h, c] or [c, h] (frameworks and the refined
        // LSTM, classifying h or c). The +RNN's: [y, h], its initial h given (y_0 is never read).
        let twoPart = model == .lstm || model == .urLSTM
        let hidden = convention == .paper && model == .lstm ? "d" : "h"
        let lstmParts = classifiesHidden ? [hidden, "c"] : ["c", hidden]
        let initialNode = try required("initial", twoPart ? "{c: [...], \(hidden): [...]} with K numbers each"
                                                  : model == .plusRNN ? "h_0, a list of K numbers" : "s_0, a list of K numbers")
        let initial: [Rational]
        if model == .plusRNN {
            initial = Array(repeating: Rational(), count: K) + (try vector(initialNode, count: K, "initial h (K = \(K))"))
        } else if twoPart {
            let parts = try mapping(initialNode, allowed: ["c", hidden], what: "the LSTM initial state")
            guard let first = parts[lstmParts[0]], let second = parts[lstmParts[1]] else {
                throw fail(initialNode, "the LSTM initial state needs both c and \(hidden) (K = \(K) numbers each)")
            }
            initial = try vector(first.value, count: K, "initial \(lstmParts[0])") + vector(second.value, count: K, "initial \(lstmParts[1])")
        } else {
            initial = try vector(initialNode, count: K, "initial (K = \(K))")
        }

        var classifier: Classifier?
        if let entry = top["classifier"] {
            let parts = try mapping(entry.value, allowed: ["beta", "gamma"], what: "the classifier")
            guard let beta = parts["beta"], let gamma = parts["gamma"] else {
                throw fail(entry.value, "the classifier needs beta (K = \(K) numbers) and gamma (a number)")
            }
            classifier = Classifier(beta: try vector(beta.value, count: K, "beta (K = \(K))"),
                                    gamma: try number(gamma.value, "gamma"))
        }

        var flaggedBits = 1
        if let entry = top["flagged_bits"] {
            let text = try scalarText(entry.value, "the number of flagged bits m")
            guard let m = Int(text), (1...ConstructionReader.maximumFlaggedBits).contains(m) else {
                throw fail(entry.value, "expected flagged_bits as an integer from 1 to \(ConstructionReader.maximumFlaggedBits), found '\(text)'")
            }
            flaggedBits = m
        }
        var readouts: [Classifier]?
        if let entry = top["readouts"] {
            guard flaggedBits >= 2 else {
                throw fail(entry.key, "'readouts' goes with flagged_bits: m ≥ 2 (one flagged bit is read by 'classifier')")
            }
            guard case .sequence(let items) = entry.value, items.count == flaggedBits else {
                throw fail(entry.value, "expected readouts as a list of \(flaggedBits) classifiers (one per flagged bit), each {beta: [K numbers], gamma: number}")
            }
            readouts = try items.enumerated().map { j, item in
                let parts = try mapping(item, allowed: ["beta", "gamma"], what: "readout \(j + 1)")
                guard let beta = parts["beta"], let gamma = parts["gamma"] else {
                    throw fail(item, "readout \(j + 1) needs beta (K = \(K) numbers) and gamma (a number)")
                }
                return Classifier(beta: try vector(beta.value, count: K, "beta of readout \(j + 1) (K = \(K))"),
                                  gamma: try number(gamma.value, "gamma of readout \(j + 1)"))
            }
        }
        if flaggedBits >= 2, let entry = top["classifier"] {
            throw fail(entry.key, "with flagged_bits: \(flaggedBits) each flagged bit has its own classifier: write 'readouts' (a list of \(flaggedBits))")
        }

        var expectation: Expectation?
        if let entry = top["expect"] {
            let (n, v) = try lengthsAndVerdict(entry.value, what: "expect", as: Expectation.Verdict.self, verdicts: "pass or fail")
            expectation = Expectation(lengths: n, verdict: v)
        }

        let cell = CellSpecification(model: model, activation: activation, stateSize: K, flags: flags,
                                     parameters: parameters, initialState: initial, convention: convention,
                                     classifiesHidden: classifiesHidden)
        return Construction(name: name, cell: cell, classifier: classifier, expectation: expectation,
                            flaggedBits: flaggedBits, readouts: readouts)
    }

    /// `{n: SPEC, verdict: V}` (expect, claim).
    func lengthsAndVerdict<V: RawRepresentable>(_ node: Node, what: String, as _: V.Type, verdicts: String) throws -> (SequenceLengths, V)
    where V.RawValue == String {
        let parts = try mapping(node, allowed: ["n", "verdict"], what: what)
        guard let n = parts["n"], let verdict = parts["verdict"] else {
            throw fail(node, "\(what) needs n (an integer, a range a...b, a list, or all) and verdict (\(verdicts))")
        }
        let text = try scalarText(verdict.value, "a verdict")
        guard let v = V(rawValue: text) else { throw fail(verdict.value, "unknown verdict '\(text)' (expected \(verdicts))") }
        return (try lengths(n.value), v)
    }

    func lengths(_ node: Node) throws -> SequenceLengths {
        do {
            if case .sequence(let sequence) = node {
                guard !sequence.isEmpty else { throw fail(node, "expected at least one sequence length in the list") }
                var ns: [Int] = []
                for element in sequence {
                    do {
                        ns.append(try SequenceLengths.parseLength(try scalarText(element, "a sequence length")))
                    } catch let error as SequenceLengths.ParseError {
                        throw fail(element, error.description)
                    }
                }
                return .list(ns)
            }
            return try SequenceLengths.parse(try scalarText(node, "n"))
        } catch let error as SequenceLengths.ParseError {
            throw fail(node, error.description)
        }
    }

    func rejectAliases(_ node: Node) throws {
        switch node {
        case .alias: throw fail(node, "YAML aliases are not supported in construction files (write the value out)")
        case .scalar: return
        case .sequence(let s): for child in s { try rejectAliases(child) }
        case .mapping(let m): for (k, v) in m { try rejectAliases(k); try rejectAliases(v) }
        }
    }
}
