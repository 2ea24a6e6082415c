import Cells
import Constructions
import Exact
import F1B
import Foundation
import Verification

/// Sound decisions over a bounded parameter region for any cell (tanh and σ
/// included), by interval branch-and-bound through the one cell definition:
/// for a box of parameters, every entry is an interval, the cell runs on
/// `Interval` (certified tanh/σ), and the final states of F1B(n) are
/// enclosures valid for every parameter in the box. A box is
///
/// - **failing** for all its parameters when, with the classifier free and
///   K = 1, some negative state is certainly ≥ some positive one and some
///   positive certainly ≥ some negative (then neither threshold direction
///   separates; the same two pairs witness it throughout the box); with the
///   file's classifier (any K), when some path is certainly misclassified;
/// - **passing** when every positive state certainly lies above every negative
///   one (or below), or with the file's classifier every score is certainly
///   on its side; at K ≥ 2 with the classifier free, when the classifier
///   `Checker` finds at the box's centre certainly separates the whole box;
/// - otherwise split at the middle of its relatively widest side.
///
/// Boxes certainly outside the constraints are dropped. Reported: the share of
/// the region's volume decided each way; a box decided against the claim
/// yields a counterexample at its centre, confirmed by `Checker`.
public struct IntervalBranchAndBound: Sendable {
    public var options: Prover.Options

    public init(options: Prover.Options = .init()) { self.options = options }

    typealias Box = [String: (lower: Rational, upper: Rational)]

    enum BoxVerdict { case passes, fails, open, outside }

    public func prove(_ s: Statement, length n: Int, progress: (Int, Int) -> Void = { _, _ in }) -> ProofReport.LengthProof {
        let start = Date()
        let method = "interval branch-and-bound (\(options.precision)-bit certified intervals)"
        var proof = ProofReport.LengthProof(length: n, outcome: .undecided, method: method, seconds: 0)
        guard s.free.allSatisfy({ $0.lower != nil && $0.upper != nil }) else {
            proof.reason = "branch-and-bound needs every free parameter bounded"
            return proof
        }
        let root: Box = Dictionary(uniqueKeysWithValues: s.free.map { ($0.name, ($0.lower!, $0.upper!)) })
        func volume(_ b: Box) -> Double {
            s.free.reduce(1.0) { v, p in
                let whole = root[p.name]!, side = b[p.name]!
                return whole.upper == whole.lower ? v : v * Double(side.upper - side.lower) / Double(whole.upper - whole.lower)
            }
        }
        var queue: [(box: Box, splits: Int)] = [(root, 0)]
        var head = 0
        var decided = (proved: 0.0, refuted: 0.0, outside: 0.0)
        var examined = 0
        while head < queue.count, examined < options.maximumBoxes {
            let (box, splits) = queue[head]
            head += 1
            examined += 1
            if examined % 64 == 0 { progress(examined, options.maximumBoxes) }
            let verdict = classify(s, box, n)
            switch verdict {
            case .outside: decided.outside += volume(box)
            case .passes, .fails:
                let forClaim = (verdict == .fails) == (s.claim == .fails)
                if forClaim {
                    decided.proved += volume(box)
                } else {
                    decided.refuted += volume(box)
                    let point = box.mapValues { ($0.lower + $0.upper) / 2 }
                    let found = ProofReport.Counterexample(s, at: point, length: n)
                    if found.contradicts(s) {
                        proof.outcome = .refuted
                        proof.counterexample = found
                        proof.reason = "a box of parameters \(verdict == .passes ? "passes" : "fails") F1B(\(n)) throughout; its centre, confirmed by f1b check"
                        break
                    }
                }
            case .open:
                guard splits < options.maximumSplits, let (name, _) = widest(box, root) else { continue }
                let side = box[name]!, middle = (side.lower + side.upper) / 2
                var low = box, high = box
                low[name] = (side.lower, middle)
                high[name] = (middle, side.upper)
                queue.append((low, splits + 1))
                queue.append((high, splits + 1))
            }
            if proof.outcome == .refuted { break }
        }
        progress(options.maximumBoxes, options.maximumBoxes)
        let inside = max(1 - decided.outside, 1e-300)
        let fractions = (proved: decided.proved / inside, refuted: decided.refuted / inside,
                         undecided: max(0, 1 - (decided.proved + decided.refuted) / inside))
        proof.fractions = fractions
        proof.boxes = examined
        if proof.outcome != .refuted {
            if head >= queue.count && fractions.undecided < 1e-12 && decided.refuted == 0 {
                proof.outcome = .proved
                proof.reason = "every box of the region \(s.claim == .fails ? "fails" : "passes") F1B(\(n)) throughout (\(examined) boxes)"
            } else {
                proof.reason = String(format: "%.4g%% of the region decided for the claim, %.4g%% undecided after %d boxes (--max-boxes, --max-splits)",
                                      100 * fractions.proved, 100 * fractions.undecided, examined)
            }
        }
        proof.seconds = Date().timeIntervalSince(start)
        return proof
    }

    /// The side to split: the widest relative to the region's, the first by name among equals (so the
    /// order of splitting, and what a box budget reaches, is the same in every run).
    func widest(_ box: Box, _ root: Box) -> (String, Double)? {
        box.compactMap { name, side -> (String, Double)? in
            let whole = root[name]!
            guard whole.upper > whole.lower else { return nil }
            return (name, Double(side.upper - side.lower) / Double(whole.upper - whole.lower))
        }.max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 > $1.0) }   // ties: the first name, not the dictionary's per-process order
    }

    func interval(_ p: Polynomial, _ box: Box) -> Interval {
        var total = Interval(Rational())
        for (monomial, a) in p.terms {
            var product = Interval(a)
            for name in monomial { product = product * Interval(lower: box[name]!.lower, upper: box[name]!.upper) }
            total = total + product
        }
        return total
    }

    func classify(_ s: Statement, _ box: Box, _ n: Int) -> BoxVerdict {
        // Constraints: certainly violated → outside; certainly held → fine; else the box is open.
        var uncertain = false
        for c in s.constraints {
            let v = interval(c.polynomial, box)
            let (certainlyHolds, certainlyFails): (Bool, Bool)
            switch c.relation {
            case .lessOrEqual: (certainlyHolds, certainlyFails) = (v.upper.signum <= 0, v.lower.signum > 0)
            case .less: (certainlyHolds, certainlyFails) = (v.upper.signum < 0, v.lower.signum >= 0)
            case .equal: (certainlyHolds, certainlyFails) = (v.isPoint && v.lower.isZero, v.lower.signum > 0 || v.upper.signum < 0)
            case .notEqual: (certainlyHolds, certainlyFails) = (v.lower.signum > 0 || v.upper.signum < 0, v.isPoint && v.lower.isZero)
            }
            if certainlyFails { return .outside }
            if !certainlyHolds { uncertain = true }
        }
        let precision = options.precision
        let built = s.withCell(PhaseLayersVisitor<Interval>(context: precision, depth: n, unique: distinct)) { form in
            interval(form, box).withPrecision(precision)
        }
        let K = built.stateSize
        let positive = built.layers[n].positive.map { Array($0.prefix(K)) }, negative = built.layers[n].negative.map { Array($0.prefix(K)) }
        let verdict: BoxVerdict
        if let beta = s.classifierBeta, let gamma = s.classifierGamma {
            let b = beta.map { interval($0, box) }, g = interval(gamma, box)
            func score(_ x: [Interval]) -> Interval { zip(b, x).reduce(g) { $0 + $1.0 * $1.1 } }
            let ps = positive.map(score), qs = negative.map(score)
            if ps.allSatisfy({ $0.lower.signum >= 0 }) && qs.allSatisfy({ $0.upper.signum < 0 }) {
                verdict = .passes
            } else if ps.contains(where: { $0.upper.signum < 0 }) || qs.contains(where: { $0.lower.signum >= 0 }) {
                verdict = .fails
            } else {
                verdict = .open
            }
        } else if K == 1 {
            let p = positive.map { $0[0] }, q = negative.map { $0[0] }
            let pLow = p.map(\.lower).min()!, pHigh = p.map(\.upper).max()!, qLow = q.map(\.lower).min()!, qHigh = q.map(\.upper).max()!
            if pLow > qHigh || qLow > pHigh {
                verdict = .passes
            } else if q.map(\.lower).max()! >= p.map(\.upper).min()!, p.map(\.lower).max()! >= q.map(\.upper).min()! {
                verdict = .fails
            } else {
                verdict = .open
            }
        } else {
            // K ≥ 2, classifier free: the centre's classifier, if it separates the whole box.
            let centre = s.instance(at: box.mapValues { ($0.lower + $0.upper) / 2 })
            let r = Checker().check(centre, length: n)
            if r.verdict == .pass, let c = r.classifier {
                func score(_ x: [Interval]) -> Interval { zip(c.beta, x).reduce(Interval(c.gamma)) { $0 + Interval($1.0) * $1.1 } }
                verdict = positive.allSatisfy({ score($0).lower.signum >= 0 }) && negative.allSatisfy({ score($0).upper.signum < 0 }) ? .passes : .open
            } else {
                verdict = .open
            }
        }
        // A box only partly inside the constraints counts only when decided and
        // then only as open (its volume is not all in the region).
        return uncertain && verdict != .open ? .open : verdict
    }
}
