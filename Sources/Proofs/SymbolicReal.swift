import Cells
import Exact

/// A real number as z3 sees it: an exact constant, or a term in free
/// parameters. Cells run on it unchanged (it is a `CellScalar`), so the final
/// states of a piecewise-linear cell become piecewise-polynomial terms in the
/// parameters through the one cell definition. Constants fold, so structural
/// zeros and fixed parameters never reach the solver.
///
/// hardclip and relu name their value by a fresh variable v with its
/// definition (z3 reasons better over flat definitions than nested terms):
///
///     v = g(x):    (x ≤ −1 ∧ v = −1) ∨ (x ≥ 1 ∧ v = 1) ∨ (−1 < x < 1 ∧ v = x)
///     v = relu(x): (x ≤ 0 ∧ v = 0) ∨ (x > 0 ∧ v = x)
///
/// — the cases are disjoint and cover every x, so v is g(x) exactly.
public enum SymbolicReal: CellScalar, Hashable {
    case constant(Rational)
    case term(SMTTerm)

    public init(exactly value: Rational, context: Void) { self = .constant(value) }
    public static var zero: SymbolicReal { .constant(Rational()) }
    public static var one: SymbolicReal { .constant(Rational(1)) }

    /// The term in `context` (constants entered as numerals).
    public func smt(_ context: SMTContext) -> SMTTerm {
        switch self {
        case .constant(let r): return context.constant(r)
        case .term(let t): return t
        }
    }

    var context: SMTContext? {
        if case .term(let t) = self { return t.context }
        return nil
    }

    static func combine(_ a: SymbolicReal, _ b: SymbolicReal, exact: (Rational, Rational) -> Rational,
                        symbolic: (SMTContext, SMTTerm, SMTTerm) -> SMTTerm) -> SymbolicReal {
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(exact(x, y)) }
        let context = (a.context ?? b.context)!
        return .term(symbolic(context, a.smt(context), b.smt(context)))
    }

    public static func + (a: SymbolicReal, b: SymbolicReal) -> SymbolicReal {
        if case .constant(let x) = a, x.isZero { return b }
        if case .constant(let y) = b, y.isZero { return a }
        return combine(a, b, exact: +) { $0.add($1, $2) }
    }

    public static func - (a: SymbolicReal, b: SymbolicReal) -> SymbolicReal {
        if case .constant(let y) = b, y.isZero { return a }
        return combine(a, b, exact: -) { $0.subtract($1, $2) }
    }

    public static func * (a: SymbolicReal, b: SymbolicReal) -> SymbolicReal {
        for (x, other) in [(a, b), (b, a)] {
            if case .constant(let c) = x {
                if c.isZero { return .zero }
                if c == Rational(1) { return other }
            }
        }
        return combine(a, b, exact: *) { $0.multiply($1, $2) }
    }

    public mutating func negate() { self = .constant(Rational()) - self }

    public static func canEvaluate(_ activation: Activation) -> Bool { activation.isPiecewiseLinear }

    public mutating func activate(_ activation: Activation) {
        switch self {
        case .constant(var r):
            r.activate(activation)
            self = .constant(r)
        case .term(let x):
            let c = x.context
            switch activation {
            case .hardclip:
                let one = c.constant(c.clipLevelForTesting), minusOne = c.constant(-c.clipLevelForTesting)
                self = .term(c.defined("g", argument: x) { v in
                    c.or([c.and([c.lessOrEqual(x, minusOne), c.equal(v, minusOne)]),
                          c.and([c.lessOrEqual(one, x), c.equal(v, one)]),
                          c.and([c.lessThan(minusOne, x), c.lessThan(x, one), c.equal(v, x)])])
                })
            case .relu:
                let zero = c.constant(Rational())
                self = .term(c.defined("relu", argument: x) { v in
                    c.or([c.and([c.lessOrEqual(x, zero), c.equal(v, zero)]), c.and([c.lessThan(zero, x), c.equal(v, x)])])
                })
            case .tanh, .sigmoid:
                preconditionFailure("z3 has no \(activation): use the interval branch-and-bound")
            }
        }
    }
}
