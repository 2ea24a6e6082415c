import Cells
import Constructions
import Exact
import F1B
import Foundation
import Verification

/// Exact, complete decisions of statements about piecewise-linear cells
/// (hardclip, relu), by z3 over the reals.
///
/// The final states of F1B(n) are piecewise-polynomial terms in the free
/// parameters, built by running the one cell definition on `SymbolicReal`.
/// Then, with the region R:
///
/// - claim `fails` at n: is  ∃p ∈ R: separable(n, p)  satisfiable? UNSAT proves
///   the claim; a model is a parameter point, re-decided by `Checker` (PASS
///   refutes the claim).
/// - claim `passes` at n: is  ∃p ∈ R: ¬separable(n, p)  satisfiable? UNSAT proves
///   it; a model's construction must FAIL under `Checker` to refute it.
///
/// separable, with the tie rule C(s) = +1 iff βᵀs + γ ≥ 0: with the file's
/// classifier, every positive score ≥ 0 and every negative < 0. With the
/// classifier free and K = 1 (β = ±1 up to scale): ∃c: all positive ≥ c > all
/// negative, or all positive ≤ c < all negative; its negation, quantifier-free:
/// some negative ≥ some positive, and some positive ≥ some negative. With K ≥ 2:
/// ∃β, γ as above (bilinear), negated as "the convex hulls meet" (λ, μ ≥ 0,
/// Σλ = Σμ = 1, Σλᵢpᵢ = Σμⱼqⱼ), which for finite sets is exactly non-separability.
///
/// `n: all`: the smallest d whose phase sets (before the flag, after it with
/// each label; full states) equal those of d + 1 for every parameter in R (an
/// UNSAT answer). Layer d + 1 depends only on layer d, so the sets are then
/// the same for every n ≥ d, and deciding n = 1 … d decides every n.
public struct PiecewiseLinearProver: Sendable {
    /// z3's time limit per question.
    public var seconds: Double = 300
    /// The deepest step tried for stationarity (`n: all`).
    public var maximumDepth = 5
    /// Tests only: a deliberately wrong clip level in the encoding.
    var clipLevelForTesting = Rational(1)

    public init() {}

    /// The solver's view of one statement: variables, region, phase layers.
    final class Encoding {
        let context = SMTContext()
        let statement: Statement
        let variables: [String: SMTTerm]
        let region: SMTTerm
        var layers: [PhaseLayer<SymbolicReal>] = []
        var stateSize: Int

        func polynomial(_ p: Polynomial) -> SMTTerm { Self.polynomial(p, context) }

        static func polynomial(_ p: Polynomial, _ context: SMTContext) -> SMTTerm {
            var sum: SMTTerm?
            for (monomial, a) in p.terms {
                var product = context.constant(a)
                for name in monomial { product = context.multiply(product, context.variable(name)) }
                sum = sum.map { context.add($0, product) } ?? product
            }
            return sum ?? context.constant(Rational())
        }

        func entry(_ form: AffineForm) -> SymbolicReal {
            form.degree == 0 ? .constant(form.terms[[]] ?? Rational()) : .term(polynomial(form))
        }

        /// The classified final states of `paths`, as terms.
        func finalStates(_ paths: [Path]) -> [[SMTTerm]] {
            statement.withCell(FinalStatesVisitor<SymbolicReal>(context: (), paths: paths), entry: entry).map { $0.map { $0.smt(context) } }
        }

        init(_ s: Statement, depth: Int, clipLevel: Rational = Rational(1)) {
            context.clipLevelForTesting = clipLevel
            statement = s
            stateSize = s.origin.cell.stateSize
            let context = self.context
            variables = Dictionary(uniqueKeysWithValues: s.names.map { ($0, context.variable($0)) })
            var facts: [SMTTerm] = []
            for p in s.free {
                let v = context.variable(p.name)
                if let l = p.lower { facts.append(context.lessOrEqual(context.constant(l), v)) }
                if let u = p.upper { facts.append(context.lessOrEqual(v, context.constant(u))) }
            }
            let zero = context.constant(Rational())
            for c in s.constraints {
                let t = Self.polynomial(c.polynomial, context)
                switch c.relation {
                case .lessOrEqual: facts.append(context.lessOrEqual(t, zero))
                case .less: facts.append(context.lessThan(t, zero))
                case .equal: facts.append(context.equal(t, zero))
                case .notEqual: facts.append(context.not(context.equal(t, zero)))
                }
            }
            region = context.and(facts)
            guard depth > 0 else { return }
            let built = s.withCell(PhaseLayersVisitor<SymbolicReal>(context: (), depth: depth, unique: distinct), entry: entry)
            layers = built.layers
            stateSize = built.stateSize
        }

        func classified(_ states: [[SymbolicReal]]) -> [[SMTTerm]] {
            states.map { $0.prefix(stateSize).map { $0.smt(context) } }
        }

        /// The points of the file's classifier, or nil when it is free.
        var classifier: (beta: [SMTTerm], gamma: SMTTerm)? {
            guard let beta = statement.classifierBeta, let gamma = statement.classifierGamma else { return nil }
            func term(_ f: AffineForm) -> SMTTerm {
                var sum = context.constant(f.terms[[]] ?? Rational())
                for (m, a) in f.terms where !m.isEmpty { sum = context.add(sum, context.multiply(context.constant(a), context.variable(m[0]))) }
                return sum
            }
            return (beta.map(term), term(gamma))
        }

        func score(_ s: [SMTTerm], _ beta: [SMTTerm], _ gamma: SMTTerm) -> SMTTerm {
            zip(beta, s).reduce(gamma) { context.add($0, context.multiply($1.0, $1.1)) }
        }

        /// Some element of `terms` equals a fresh variable, which is returned.
        func member(_ terms: [SMTTerm], _ name: String, into facts: inout [SMTTerm]) -> SMTTerm {
            let v = context.variable(name)
            facts.append(context.or(terms.map { context.equal(v, $0) }))
            return v
        }

        /// separable(n) (or its negation), as described above.
        func separable(_ n: Int, negated: Bool) -> SMTTerm {
            separable(positive: classified(layers[n].positive), negative: classified(layers[n].negative), negated: negated)
        }

        func separable(positive: [[SMTTerm]], negative: [[SMTTerm]], negated: Bool) -> SMTTerm {
            let c = context
            let zero = c.constant(Rational())
            if let (beta, gamma) = classifier {
                let correct = positive.map { c.lessOrEqual(zero, score($0, beta, gamma)) } + negative.map { c.lessThan(score($0, beta, gamma), zero) }
                return negated ? c.not(c.and(correct)) : c.and(correct)
            }
            if stateSize == 1 {
                let p = positive.map { $0[0] }, q = negative.map { $0[0] }
                if !negated {
                    let t = c.variable("threshold")
                    let up = c.and(p.map { c.lessOrEqual(t, $0) } + q.map { c.lessThan($0, t) })
                    let down = c.and(p.map { c.lessOrEqual($0, t) } + q.map { c.lessThan(t, $0) })
                    return c.or([up, down])
                }
                var facts: [SMTTerm] = []
                let p1 = member(p, "p1", into: &facts), q1 = member(q, "q1", into: &facts)
                let p2 = member(p, "p2", into: &facts), q2 = member(q, "q2", into: &facts)
                facts += [c.lessOrEqual(p1, q1), c.lessOrEqual(q2, p2)]
                return c.and(facts)
            }
            if !negated {
                let beta = (0..<stateSize).map { c.variable("beta\($0 + 1)") }, gamma = c.variable("gamma")
                return c.and(positive.map { c.lessOrEqual(zero, score($0, beta, gamma)) } + negative.map { c.lessThan(score($0, beta, gamma), zero) })
            }
            // The hulls meet: Σλᵢpᵢ = Σμⱼqⱼ with convex weights.
            var facts: [SMTTerm] = []
            func weights(_ count: Int, _ name: String) -> [SMTTerm] {
                let w = (0..<count).map { c.variable("\(name)\($0)") }
                facts += w.map { c.lessOrEqual(zero, $0) }
                facts.append(c.equal(w.dropFirst().reduce(w[0]) { c.add($0, $1) }, c.constant(Rational(1))))
                return w
            }
            let lambda = weights(positive.count, "lambda"), mu = weights(negative.count, "mu")
            for k in 0..<stateSize {
                let left = zip(lambda, positive).map { c.multiply($0, $1[k]) }, right = zip(mu, negative).map { c.multiply($0, $1[k]) }
                facts.append(c.equal(left.dropFirst().reduce(left[0]) { c.add($0, $1) }, right.dropFirst().reduce(right[0]) { c.add($0, $1) }))
            }
            return c.and(facts)
        }

        /// The phase sets of layers d and d + 1 differ (as sets of full states).
        func layersDiffer(_ d: Int) -> SMTTerm {
            let c = context
            func differ(_ x: [SymbolicReal], _ y: [SymbolicReal]) -> SMTTerm {
                if x == y { return c.falsity }
                return c.or(zip(x, y).compactMap { $0 == $1 ? nil : c.not(c.equal($0.smt(c), $1.smt(c))) })
            }
            func notIn(_ x: [SymbolicReal], _ set: [[SymbolicReal]]) -> SMTTerm { c.and(set.map { differ(x, $0) }) }
            var cases: [SMTTerm] = []
            for (a, b) in [(layers[d].before, layers[d + 1].before), (layers[d].positive, layers[d + 1].positive),
                           (layers[d].negative, layers[d + 1].negative)] {
                cases += a.map { notIn($0, b) } + b.map { notIn($0, a) }
            }
            return c.or(cases)
        }

        func point(_ solver: SMTSolver) -> (point: [String: Rational], exact: Bool)? {
            let names = statement.names
            let values = solver.values(names.map { variables[$0]! })
            guard values.allSatisfy({ $0 != nil }) else { return nil }
            return (Dictionary(uniqueKeysWithValues: zip(names, values.map { $0!.value })), values.allSatisfy { $0!.exact })
        }
    }

    /// Decides the claim at each n.
    public func prove(_ s: Statement, lengths ns: [Int]) -> [ProofReport.LengthProof] {
        ns.map { n in
            let start = Date()
            var result = s.claim == .fails ? decideByPaths(s, n) : decide(Encoding(s, depth: n, clipLevel: clipLevelForTesting), n)
            result.seconds = Date().timeIntervalSince(start)
            return result
        }
    }

    /// A `fails` claim by counterexample-guided refinement over paths: a set
    /// of paths no parameter separates already proves the claim, so z3 is asked
    /// about a few paths first. Each model is a parameter point; its exact final
    /// states (every path, in rationals) either separate — a refutation, which
    /// `Checker` confirms — or name the paths that stop it (the least positive
    /// and greatest negative states, or the paths the model's classifier gets
    /// wrong), which join the set. The set only grows, so this ends: at worst
    /// with every path, the full question.
    func decideByPaths(_ s: Statement, _ n: Int) -> ProofReport.LengthProof {
        let e = Encoding(s, depth: 0, clipLevel: clipLevelForTesting)
        let all = (0..<(n << n)).map { Path(length: n, index: $0) }
        let method = "z3 (nonlinear real arithmetic) with path refinement, of \(all.count) paths"
        var proof = ProofReport.LengthProof(length: n, outcome: .undecided, method: method, seconds: 0)
        let K = s.origin.cell.stateSize
        // Start from the paths with the flag first and last, bits all equal or all opposed.
        var chosen: [Path] = []
        for L in Set([1, n]).sorted() {
            for label: Int8 in [1, -1] {
                for rest: Int8 in [1, -1] {
                    var bits = [Int8](repeating: rest, count: n)
                    bits[L - 1] = label
                    chosen.append(Path(flagPosition: L, informationBits: bits))
                }
            }
        }
        chosen = Array(Set(chosen)).sorted { $0.index < $1.index }
        let start = Date()
        while true {
            let states = e.finalStates(chosen)
            let positive = zip(chosen, states).filter { $0.0.label == 1 }.map(\.1), negative = zip(chosen, states).filter { $0.0.label == -1 }.map(\.1)
            let solver = SMTSolver(e.context, seconds: max(1, seconds - Date().timeIntervalSince(start)))
            solver.assert(e.region)
            solver.assert(e.separable(positive: positive, negative: negative, negated: false))
            switch solver.check() {
            case .unsatisfiable:
                proof.outcome = .proved
                proof.reason = "no parameter in the region separates F1B(\(n)): already \(chosen.count) of its \(all.count) paths cannot be separated (UNSAT)"
                return proof
            case .unknown(let why):
                proof.reason = "z3 gave up with \(chosen.count) paths: \(why)"
                return proof
            case .satisfiable:
                guard let (point, exact) = e.point(solver) else {
                    proof.reason = "z3 found parameters but gave no values"
                    return proof
                }
                let instance = s.instance(at: point)
                let finals = instance.cell.withCell(FinalStatesVisitor<Rational>(context: (), paths: all))
                var stops: [Path] = []
                if let beta = s.classifierBeta.map({ $0.map { $0.value(at: point) } }), let gamma = s.classifierGamma?.value(at: point) {
                    let c = Classifier(beta: beta, gamma: gamma)
                    stops = zip(all, finals).filter { !Classification.isCorrect(c.score($0.1), label: $0.0.classLabel) }.map(\.0)
                } else if K == 1 {
                    let p = zip(all, finals).filter { $0.0.label == 1 }, q = zip(all, finals).filter { $0.0.label == -1 }
                    let pMin = p.min { $0.1[0] < $1.1[0] }!, pMax = p.max { $0.1[0] < $1.1[0] }!
                    let qMin = q.min { $0.1[0] < $1.1[0] }!, qMax = q.max { $0.1[0] < $1.1[0] }!
                    if qMax.1[0] >= pMin.1[0] && pMax.1[0] >= qMin.1[0] { stops = [pMin.0, qMax.0, pMax.0, qMin.0] }
                } else {
                    let values = solver.values((1...K).map { e.context.variable("beta\($0)") } + [e.context.variable("gamma")])
                    if values.allSatisfy({ $0 != nil }) {
                        let c = Classifier(beta: values.prefix(K).map { $0!.value }, gamma: values[K]!.value)
                        stops = zip(all, finals).filter { !Classification.isCorrect(c.score($0.1), label: $0.0.classLabel) }.map(\.0)
                    }
                }
                if stops.isEmpty {
                    let found = ProofReport.Counterexample(s, at: point, length: n)
                    guard found.contradicts(s) else {
                        proof.reason = unconfirmed(found, s, exact: exact)
                        return proof
                    }
                    proof.outcome = .refuted
                    proof.counterexample = found
                    proof.reason = "a parameter point passes F1B(\(n)) (confirmed by f1b check)"
                    return proof
                }
                let new = Array(Set(stops).subtracting(chosen)).sorted { $0.index < $1.index }.prefix(8)
                guard !new.isEmpty else {
                    proof.reason = "z3's model\(exact ? "" : " (irrational)") separates the chosen paths, yet they do not separate exactly there"
                    return proof
                }
                chosen += new
            }
        }
    }

    func decide(_ e: Encoding, _ n: Int) -> ProofReport.LengthProof {
        let s = e.statement
        let solver = SMTSolver(e.context, seconds: seconds)
        solver.assert(e.region)
        // Look for a counterexample to the claim.
        solver.assert(e.separable(n, negated: s.claim == .passes))
        let method = "z3 (nonlinear real arithmetic) over the clip patterns, \(Path.count(length: n)) paths"
        var proof = ProofReport.LengthProof(length: n, outcome: .undecided, method: method, seconds: 0)
        switch solver.check() {
        case .unsatisfiable:
            proof.outcome = .proved
            proof.reason = s.claim == .fails ? "no parameter in the region separates F1B(\(n)) (UNSAT)"
                                             : "every parameter in the region separates F1B(\(n)) (UNSAT)"
        case .unknown(let why):
            proof.reason = "z3 gave up: \(why)"
        case .satisfiable:
            guard let (point, exact) = e.point(solver) else {
                proof.reason = "z3 found a counterexample but gave no parameter values"
                return proof
            }
            let found = ProofReport.Counterexample(s, at: point, length: n)
            guard found.contradicts(s) else {
                proof.reason = unconfirmed(found, s, exact: exact)
                return proof
            }
            proof.outcome = .refuted
            proof.counterexample = found
            proof.reason = s.claim == .fails ? "a parameter point passes F1B(\(n)) (confirmed by f1b check)"
                                             : "a parameter point fails F1B(\(n)) (confirmed by f1b check)"
        }
        return proof
    }


    /// Why a z3 model is not a refutation: `Checker` disagrees, or it left the region.
    func unconfirmed(_ found: ProofReport.Counterexample, _ s: Statement, exact: Bool) -> String {
        "z3's model\(exact ? "" : " (irrational; its rational approximation)") at \(describe(found.point)) is "
            + (s.contains(found.point) ? "decided \(found.check.verdict.rawValue) by f1b check" : "outside the region")
    }

    /// `n: all`: stationarity from some d ≤ `maximumDepth`, then n = 1 … d.
    public func proveEveryLength(_ s: Statement) -> (ProofReport.EveryLength, [ProofReport.LengthProof]) {
        let e = Encoding(s, depth: maximumDepth + 1, clipLevel: clipLevelForTesting)
        for d in 1...maximumDepth {
            let solver = SMTSolver(e.context, seconds: seconds)
            solver.assert(e.region)
            solver.assert(e.layersDiffer(d))
            switch solver.check() {
            case .unsatisfiable:
                let results = prove(s, lengths: Array(1...d))
                let outcome: ProofReport.Outcome = results.contains { $0.outcome == .refuted } ? .refuted
                    : results.allSatisfy { $0.outcome == .proved } ? .proved : .undecided
                return (.init(outcome: outcome, stationaryFrom: d,
                              reason: "for every parameter in the region the phase sets are the same from step \(d) on (UNSAT), so n = 1…\(d) decide every n"),
                        results)
            case .unknown(let why):
                return (.init(outcome: .undecided, stationaryFrom: nil, reason: "z3 gave up on stationarity at step \(d): \(why)"), [])
            case .satisfiable:
                continue
            }
        }
        return (.init(outcome: .undecided, stationaryFrom: nil,
                      reason: "the phase sets are not the same for every parameter at any step up to \(maximumDepth)"), [])
    }
}

func describe(_ point: [String: Rational]) -> String {
    point.keys.sorted().map { "\($0) = \(point[$0]!)" }.joined(separator: ", ")
}
