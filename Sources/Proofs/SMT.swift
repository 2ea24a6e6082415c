import CZ3
import Exact

/// A z3 context (nonlinear real arithmetic), the terms built in it, and one
/// solver at a time. Not thread-safe: one context per proof task.
///
/// z3 is the trusted oracle here only for UNSAT answers, and those are
/// cross-checked in the tests on random parameter samples; every SAT model is
/// turned into exact rational parameters and re-checked by `Checker`.
public final class SMTContext: @unchecked Sendable {
    let raw: Z3_context
    let real: Z3_sort

    /// Definitions of the auxiliary variables that name activations (each
    /// determines its variable uniquely); asserted with every question.
    public private(set) var definitions: [SMTTerm] = []
    var freshCount = 0

    public init() {
        raw = f1b_z3_context()
        real = Z3_mk_real_sort(raw)
    }

    var named: [String: SMTTerm] = [:]
    /// Tests only: the level g clips at (1 is g); a wrong level must make the tests fail.
    var clipLevelForTesting = Rational(1)

    /// The variable naming `prefix`(argument), defined by `definition(v)` the
    /// first time (the same argument gets the same variable).
    func defined(_ prefix: String, argument: SMTTerm, _ definition: (SMTTerm) -> SMTTerm) -> SMTTerm {
        let key = "\(prefix)(\(Z3_get_ast_id(raw, argument.ast)))"
        if let v = named[key] { return v }
        freshCount += 1
        let v = variable("\(prefix)!\(freshCount)")
        definitions.append(definition(v))
        named[key] = v
        return v
    }

    deinit { Z3_del_context(raw) }

    func wrap(_ ast: Z3_ast?) -> SMTTerm {
        guard let ast else { preconditionFailure("z3: \(String(cString: Z3_get_error_msg(raw, Z3_get_error_code(raw))))") }
        return SMTTerm(context: self, ast: ast)
    }

    /// A real variable named `name`.
    public func variable(_ name: String) -> SMTTerm {
        wrap(Z3_mk_const(raw, Z3_mk_string_symbol(raw, name), real))
    }

    /// The exact rational `value`.
    public func constant(_ value: Rational) -> SMTTerm {
        wrap(Z3_mk_numeral(raw, "\(value.numerator)/\(value.denominator)", real))
    }

    public func and(_ terms: [SMTTerm]) -> SMTTerm {
        if terms.isEmpty { return wrap(Z3_mk_true(raw)) }
        var asts: [Z3_ast?] = terms.map(\.ast)
        return wrap(Z3_mk_and(raw, UInt32(asts.count), &asts))
    }

    public func or(_ terms: [SMTTerm]) -> SMTTerm {
        if terms.isEmpty { return wrap(Z3_mk_false(raw)) }
        var asts: [Z3_ast?] = terms.map(\.ast)
        return wrap(Z3_mk_or(raw, UInt32(asts.count), &asts))
    }

    public func not(_ t: SMTTerm) -> SMTTerm { wrap(Z3_mk_not(raw, t.ast)) }
    public var truth: SMTTerm { wrap(Z3_mk_true(raw)) }
    public var falsity: SMTTerm { wrap(Z3_mk_false(raw)) }

    func add(_ a: SMTTerm, _ b: SMTTerm) -> SMTTerm {
        var args: [Z3_ast?] = [a.ast, b.ast]
        return wrap(Z3_mk_add(raw, 2, &args))
    }

    func subtract(_ a: SMTTerm, _ b: SMTTerm) -> SMTTerm {
        var args: [Z3_ast?] = [a.ast, b.ast]
        return wrap(Z3_mk_sub(raw, 2, &args))
    }

    func multiply(_ a: SMTTerm, _ b: SMTTerm) -> SMTTerm {
        var args: [Z3_ast?] = [a.ast, b.ast]
        return wrap(Z3_mk_mul(raw, 2, &args))
    }

    func ite(_ condition: SMTTerm, _ then: SMTTerm, _ otherwise: SMTTerm) -> SMTTerm {
        wrap(Z3_mk_ite(raw, condition.ast, then.ast, otherwise.ast))
    }

    public func lessThan(_ a: SMTTerm, _ b: SMTTerm) -> SMTTerm { wrap(Z3_mk_lt(raw, a.ast, b.ast)) }
    public func lessOrEqual(_ a: SMTTerm, _ b: SMTTerm) -> SMTTerm { wrap(Z3_mk_le(raw, a.ast, b.ast)) }
    public func equal(_ a: SMTTerm, _ b: SMTTerm) -> SMTTerm { wrap(Z3_mk_eq(raw, a.ast, b.ast)) }

    /// The rational value of a numeral (an algebraic number: its lower
    /// rational approximation at 2^−precision, flagged inexact).
    func rational(_ numeral: SMTTerm, precision: UInt32 = 64) -> (value: Rational, exact: Bool)? {
        if Z3_is_algebraic_number(raw, numeral.ast) {
            guard let lower = Z3_get_algebraic_number_lower(raw, numeral.ast, precision) else { return nil }
            return rational(wrap(lower)).map { ($0.value, false) }
        }
        guard Z3_is_numeral_ast(raw, numeral.ast), let text = Z3_get_numeral_string(raw, numeral.ast),
              let value = Rational(String(cString: text)) else { return nil }
        return (value, true)
    }
}

/// A z3 term; equal terms are the same AST (z3 hash-conses them).
public struct SMTTerm: @unchecked Sendable, Hashable {
    let context: SMTContext
    let ast: Z3_ast

    public static func == (a: SMTTerm, b: SMTTerm) -> Bool { a.context === b.context && a.ast == b.ast }
    public func hash(into h: inout Hasher) { h.combine(Z3_get_ast_id(context.raw, ast)) }
}

/// One satisfiability question: assertions, a time limit, and the model.
public final class SMTSolver {
    public enum Answer: Equatable, Sendable {
        case satisfiable
        case unsatisfiable
        /// z3 gave up (its reason: a timeout, incompleteness).
        case unknown(String)
    }

    let context: SMTContext
    let raw: Z3_solver

    /// - Parameter seconds: z3's time limit for each `check`.
    public init(_ context: SMTContext, seconds: Double) {
        self.context = context
        raw = Z3_mk_solver(context.raw)
        Z3_solver_inc_ref(context.raw, raw)
        let params = Z3_mk_params(context.raw)
        Z3_params_inc_ref(context.raw, params)
        Z3_params_set_uint(context.raw, params, Z3_mk_string_symbol(context.raw, "timeout"), UInt32(min(seconds * 1000, 4e9)))
        Z3_solver_set_params(context.raw, raw, params)
        Z3_params_dec_ref(context.raw, params)
    }

    deinit { Z3_solver_dec_ref(context.raw, raw) }

    public func assert(_ t: SMTTerm) { Z3_solver_assert(context.raw, raw, t.ast) }

    public func check() -> Answer {
        for d in context.definitions { assert(d) }
        switch Z3_solver_check(context.raw, raw) {
        case Z3_L_TRUE: return .satisfiable
        case Z3_L_FALSE: return .unsatisfiable
        default: return .unknown(String(cString: Z3_solver_get_reason_unknown(context.raw, raw)))
        }
    }

    /// After `.satisfiable`: each term's value in the model (model completion on).
    public func values(_ terms: [SMTTerm]) -> [(value: Rational, exact: Bool)?] {
        guard let model = Z3_solver_get_model(context.raw, raw) else { return terms.map { _ in nil } }
        Z3_model_inc_ref(context.raw, model)
        defer { Z3_model_dec_ref(context.raw, model) }
        return terms.map { t in
            var out: Z3_ast?
            guard Z3_model_eval(context.raw, model, t.ast, true, &out), let out else { return nil }
            return context.rational(context.wrap(out))
        }
    }
}
