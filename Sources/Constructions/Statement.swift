import Cells
import Exact
import F1B
import Foundation
import Yams

/// A parametric claim about one cell family (`f1b prove`): a construction
/// file whose numbers may be affine expressions in free parameters, the
/// region those parameters range over, and what is claimed of F1B(n) there.
///
///     free: {u: [-20, 20], w1: [-20, 20], w2: [-20, 20]}   # bounds; null: unbounded
///     constraints: ["w1 + w2 <= 3", "b1 != 0"]               # polynomial, optional
///     claim: {n: 2...6, verdict: fails}                      # fails | passes
///
/// `fails`: no parameter in the region passes F1B(n), with any classifier
/// (or the file's, when it gives one). `passes`: every parameter in the region
/// passes F1B(n).
public struct Statement: Sendable {
    public enum Claim: String, Sendable, Codable { case passes, fails }

    public struct FreeParameter: Sendable, Equatable {
        public var name: String
        public var lower: Rational?
        public var upper: Rational?
    }

    public enum Relation: String, Sendable { case lessOrEqual = "<=", less = "<", equal = "=", notEqual = "!=" }

    /// `polynomial` REL 0, as written in `text`.
    public struct Constraint: Sendable, Equatable {
        public var text: String
        public var polynomial: Polynomial
        public var relation: Relation

        public func holds(at point: [String: Rational]) -> Bool {
            let v = polynomial.value(at: point)
            switch relation {
            case .lessOrEqual: return v.signum <= 0
            case .less: return v.signum < 0
            case .equal: return v.isZero
            case .notEqual: return !v.isZero
            }
        }
    }

    public var name: String
    public var free: [FreeParameter]
    public var constraints: [Constraint]
    public var lengths: SequenceLengths
    public var claim: Claim
    /// The construction with every free parameter 0 (model, K, flags, convention).
    public var origin: Construction
    /// Each parameter matrix's entries (row-major) as affine forms.
    public var entries: [String: [AffineForm]]
    public var initial: [AffineForm]
    public var classifierBeta: [AffineForm]?
    public var classifierGamma: AffineForm?

    public var names: [String] { free.map(\.name) }

    /// Whether `point` lies in the region (bounds and constraints), exactly.
    public func contains(_ point: [String: Rational]) -> Bool {
        for p in free {
            guard let v = point[p.name] else { return false }
            if let l = p.lower, v < l { return false }
            if let u = p.upper, v > u { return false }
        }
        return constraints.allSatisfy { $0.holds(at: point) }
    }

    /// The construction at `point`: every entry evaluated exactly.
    public func instance(at point: [String: Rational], name: String? = nil) -> Construction {
        var c = origin
        if let name { c.name = name }
        for (parameter, forms) in entries {
            let m = origin.cell.parameter(parameter)
            c.cell.parameters[parameter] = ExactMatrix(rows: m.rows, columns: m.columns, entries: forms.map { $0.value(at: point) })
        }
        c.cell.initialState = initial.map { $0.value(at: point) }
        if let beta = classifierBeta, let gamma = classifierGamma {
            c.classifier = Classifier(beta: beta.map { $0.value(at: point) }, gamma: gamma.value(at: point))
        }
        return c
    }
}

/// Reads statement files: located errors (file:line:column) like construction files.
public enum StatementReader {
    public static let extraKeys = ["free", "constraints", "claim"]

    public static func read(contentsOf path: String) throws(ConstructionError) -> Statement {
        let (text, stem) = try Reader.text(path, what: "statement")
        return try parse(text, file: path, defaultName: stem)
    }

    public static func parse(_ text: String, file: String = "<input>", defaultName: String = "statement") throws(ConstructionError) -> Statement {
        var reader = Reader(file: file)
        reader.extraKeys = extraKeys
        return try reader.located { reader in try reader.statement(text, defaultName: defaultName) }
    }
}

extension Reader {
    mutating func statement(_ text: String, defaultName: String) throws -> Statement {
        guard let root = try compose(text) else {
            throw ConstructionError(file: file, line: 1, column: 1, message: "empty file (expected a statement: a construction with free, claim)")
        }
        try rejectAliases(root)
        let top = try mapping(root, allowed: ConstructionReader.topLevelKeys + extraKeys, what: "a statement file")
        if let entry = top["expect"] { throw fail(entry.key, "a statement says what it claims under 'claim' (n, verdict: passes or fails), not 'expect'") }

        // The region: names first, so entries and constraints can be parsed against them.
        guard let freeEntry = top["free"] else { throw fail(root, "missing key 'free' (expected the free parameters, e.g. free: {u: [-20, 20]})") }
        guard case .mapping(let freeMapping) = freeEntry.value, !freeMapping.isEmpty else {
            throw fail(freeEntry.value, "expected 'free' as a mapping NAME: [LOWER, UPPER] (null for unbounded)")
        }
        var free: [Statement.FreeParameter] = []
        for (key, value) in freeMapping {
            let name = try scalarText(key, "a parameter name")
            guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw fail(key, "'\(name)': a free parameter's name is a letter followed by letters, digits or _")
            }
            guard !free.contains(where: { $0.name == name }) else { throw fail(key, "free parameter '\(name)' declared twice") }
            guard case .sequence(let bounds) = value, bounds.count == 2 else {
                throw fail(value, "expected the bounds of '\(name)' as [LOWER, UPPER] (null for unbounded)")
            }
            func bound(_ node: Node) throws -> Rational? {
                let text = try scalarText(node, "a bound")
                if ["null", "~", ""].contains(text) { return nil }
                return try number(node, "a bound of '\(name)'")
            }
            let lower = try bound(bounds[0]), upper = try bound(bounds[1])
            if let lower, let upper, lower > upper { throw fail(value, "the bounds of '\(name)' are empty: \(lower) > \(upper)") }
            free.append(.init(name: name, lower: lower, upper: upper))
        }
        let names = Set(free.map(\.name))

        var constraints: [Statement.Constraint] = []
        if let entry = top["constraints"] {
            guard case .sequence(let list) = entry.value else { throw fail(entry.value, "expected 'constraints' as a list of strings like \"b1 + w21 < 1\"") }
            for node in list {
                let text = try scalarText(node, "a constraint")
                constraints.append(try constraint(text, names: names, node: node))
            }
        }

        guard let claimEntry = top["claim"] else { throw fail(root, "missing key 'claim' (expected n and verdict: passes or fails)") }
        let (lengths, claim) = try lengthsAndVerdict(claimEntry.value, what: "claim", as: Statement.Claim.self,
                                                     verdicts: "passes — every parameter in the region passes — or fails")

        // The cell at the origin and at each unit point: entries are affine, so
        // entry(eᵢ) − entry(0) is the coefficient of parameter i.
        func at(_ point: [String: Rational]) throws -> Construction {
            var r = self
            r.evaluate = { text in
                switch Polynomial.parse(text, names: names) {
                case .failure(let e): return .failure(e)
                case .success(let p):
                    guard p.degree <= 1 else {
                        return .failure(.init(message: "'\(text)' is not affine in the free parameters (products belong in constraints)"))
                    }
                    return .success(p.value(at: point))
                }
            }
            return try r.construction(text, defaultName: defaultName)
        }
        let zero = Dictionary(uniqueKeysWithValues: free.map { ($0.name, Rational()) })
        let origin = try at(zero)
        var units: [String: Construction] = [:]
        for p in free {
            var point = zero
            point[p.name] = Rational(1)
            units[p.name] = try at(point)
        }
        func forms(_ value: (Construction) -> [Rational]) -> [AffineForm] {
            let base = value(origin)
            return base.indices.map { i in
                var terms: [[String]: Rational] = [[]: base[i]]
                for p in free { terms[[p.name]] = value(units[p.name]!)[i] - base[i] }
                return AffineForm(terms: terms)
            }
        }
        var entries: [String: [AffineForm]] = [:]
        for shape in origin.cell.parameterShapes {
            entries[shape.name] = forms { $0.cell.parameter(shape.name).entries }
        }
        let classifierBeta = origin.classifier.map { _ in forms { $0.classifier!.beta } }
        let classifierGamma = origin.classifier.map { _ in forms { [$0.classifier!.gamma] }[0] }
        var base = origin
        base.expectation = nil
        return Statement(name: origin.name, free: free, constraints: constraints, lengths: lengths, claim: claim, origin: base,
                         entries: entries, initial: forms { $0.cell.initialState },
                         classifierBeta: classifierBeta, classifierGamma: classifierGamma)
    }

    func constraint(_ text: String, names: Set<String>, node: Node) throws -> Statement.Constraint {
        for (op, relation, flipped) in [("<=", Statement.Relation.lessOrEqual, false), (">=", .lessOrEqual, true), ("!=", .notEqual, false),
                                        ("<", .less, false), (">", .less, true), ("=", .equal, false)] {
            let sides = text.components(separatedBy: op)
            guard sides.count == 2 else { continue }
            func side(_ s: String) throws -> Polynomial {
                switch Polynomial.parse(s, names: names) {
                case .success(let p): return p
                case .failure(let e): throw fail(node, "constraint '\(text)': \(e.message)")
                }
            }
            let (l, r) = (try side(sides[0]), try side(sides[1]))
            return .init(text: text, polynomial: flipped ? r - l : l - r, relation: relation)
        }
        throw fail(node, "constraint '\(text)': expected LEFT OP RIGHT with OP one of <=, <, >=, >, =, !=")
    }
}
