import Exact

/// An affine form (Stolfi & de Figueiredo's affine arithmetic; a zonotope's
/// entry): the set of values
///
///     x̂(ε) = c + Σᵢ gᵢ εᵢ + δ,   |δ| ≤ e,
///
/// over shared noise symbols εᵢ ∈ [−1, 1] (`NoiseSymbols`). Its meaning: for
/// every point of the input set there is an assignment of the symbols such
/// that each quantity the cell computes lies within e of c + Σ gᵢ εᵢ. The
/// error term e is an independent deviation of this one form — the rounding
/// errors of its Double coefficients and the uncertainty of parameters that are
/// not Doubles — so it is sound wherever the form is used, and only loses the
/// correlation a shared symbol would keep. Forms of one state share their
/// symbols, so a state of K forms is a zonotope (`Zonotope`).
///
/// Every operation is sound under floating point: each coefficient is a
/// rounded Double, and the rounding errors (`Roundoff`) go into e, outward.
/// `radius` ≥ Σ|gᵢ| + e bounds the form: its values lie in c ± radius. A form
/// with e = ∞ is unbounded (any real).
public struct NoiseForm: Sendable {
    public var centre: Double
    /// gᵢ at index i (missing trailing entries are 0). Empty for constants.
    public var coefficients: [Double]
    public var error: Double
    /// An upper bound on Σ|gᵢ| + e.
    public var radius: Double
    /// Where fresh symbols come from; nil for constants made without a context,
    /// whose nonlinear remainders then go into e.
    public let symbols: NoiseSymbols?

    /// The exact number c.
    public init(constant c: Double) {
        centre = c
        coefficients = []
        error = 0
        radius = 0
        symbols = nil
    }

    /// c + Σ gᵢ εᵢ ± e, with `radius` computed (rounded up).
    public init(centre: Double, coefficients: [Double], error: Double, symbols: NoiseSymbols?) {
        self.centre = centre
        self.coefficients = coefficients
        self.error = error
        self.symbols = symbols
        var s = 0.0
        for g in coefficients { s += g.magnitude }
        radius = Roundoff.sumUp(Roundoff.sumBound(s, count: coefficients.count), error)
        if !centre.isFinite { makeUnbounded() }
    }

    /// The tightest Double interval around q, as a constant with an error term.
    public init(enclosing q: Rational, symbols: NoiseSymbols?) {
        self.init(interval: DoubleInterval(enclosing: q), symbols: symbols)
    }

    /// Any value of the interval x (no symbol: an error term around its midpoint).
    public init(interval x: DoubleInterval, symbols: NoiseSymbols?) {
        let mid = x.midpoint
        let e = Swift.max((DoubleInterval(x.upper) - DoubleInterval(mid)).upper, (DoubleInterval(mid) - DoubleInterval(x.lower)).upper)
        self.init(centre: mid, coefficients: [], error: e, symbols: symbols)
    }

    var isUnbounded: Bool { !radius.isFinite }
    var isConstant: Bool { coefficients.isEmpty }

    /// Any real number.
    static var unbounded: NoiseForm {
        var u = NoiseForm(constant: 0)
        u.makeUnbounded()
        return u
    }

    mutating func makeUnbounded() {
        centre = 0
        coefficients = []
        error = .infinity
        radius = .infinity
    }

    /// An enclosure of every value of the form: c ± radius, rounded outward.
    public var bounds: DoubleInterval {
        guard radius.isFinite else { return DoubleInterval(lower: -.infinity, upper: .infinity) }
        return DoubleInterval(centre) + DoubleInterval(lower: -radius, upper: radius)
    }

    /// The form's value at an assignment of its symbols, the error term aside
    /// (tests and containment: the affine part c + Σ gᵢ εᵢ, enclosed).
    public func affinePart(at epsilon: [Double]) -> DoubleInterval {
        var v = DoubleInterval(centre)
        for (i, g) in coefficients.enumerated() where g != 0 {
            v = v + DoubleInterval(g) * DoubleInterval(i < epsilon.count ? epsilon[i] : 0)
        }
        return v
    }

    var unsoundVariant: NoiseSymbols.UnsoundVariant { symbols?.unsound ?? .none }

    /// The rounding-error bound of an operation, or 0 under the test-only variant that omits it.
    @inline(__always)
    func roundoff(_ accumulator: Roundoff.Accumulator) -> Double {
        unsoundVariant == .noRoundoff ? 0 : accumulator.bound
    }

    /// e ← e + added (rounded up), radius kept a bound.
    @inline(__always)
    mutating func widen(by added: Double) {
        guard added > 0 || added.isNaN else { return }
        guard added.isFinite else { makeUnbounded(); return }
        error = Roundoff.sumUp(error, added)
        radius = Roundoff.sumUp(radius, added)
    }

    /// Adds ρ·ε for a fresh symbol ε (ρ ≥ 0): a new, independent uncertainty
    /// that later operations may correlate. Without a context it goes into e.
    mutating func addFreshSymbol(_ rho: Double) {
        guard rho > 0 else { return }
        guard rho.isFinite else { makeUnbounded(); return }
        guard let symbols else { widen(by: rho); return }
        let j = symbols.fresh()
        if coefficients.count <= j { coefficients.append(contentsOf: repeatElement(0, count: j + 1 - coefficients.count)) }
        coefficients[j] = rho
        radius = Roundoff.sumUp(radius, rho)
    }
}

// MARK: - Affine operations

extension NoiseForm {
    /// a + s·b for s = ±1: coefficientwise, each sum rounded once.
    static func combine(_ a: NoiseForm, _ b: NoiseForm, sign: Double) -> NoiseForm {
        let symbols = a.symbols ?? b.symbols
        if a.isUnbounded || b.isUnbounded { return .unbounded }
        var rounding = Roundoff.Accumulator()
        let n = Swift.max(a.coefficients.count, b.coefficients.count)
        let common = Swift.min(a.coefficients.count, b.coefficients.count)
        var out = [Double](repeating: 0, count: n)
        var absolute = 0.0
        a.coefficients.withUnsafeBufferPointer { ga in
            b.coefficients.withUnsafeBufferPointer { gb in
                out.withUnsafeMutableBufferPointer { z in
                    for i in 0..<common {
                        let v = ga[i] + sign * gb[i]
                        z[i] = v
                        rounding.record(v)
                        absolute += v.magnitude
                    }
                    // Past the shorter form one operand is 0: exact.
                    for i in common..<ga.count { z[i] = ga[i]; absolute += ga[i].magnitude }
                    for i in common..<gb.count { z[i] = sign * gb[i]; absolute += gb[i].magnitude }
                }
            }
        }
        let c = a.centre + sign * b.centre
        rounding.record(c)
        var result = NoiseForm(centre: c, coefficients: out, error: 0, symbols: symbols)
        result.error = Roundoff.sumUp(Roundoff.sumUp(a.error, b.error), result.roundoff(rounding))
        result.radius = Roundoff.sumUp(Roundoff.sumBound(absolute, count: n), result.error)
        if !result.radius.isFinite || !c.isFinite { result.makeUnbounded() }
        return result
    }

    /// λ·x + μ (λ, μ Doubles, exact): each coefficient rounded once, the centre once (fma).
    func scaled(by lambda: Double, plus mu: Double = 0) -> NoiseForm {
        if isUnbounded { return self }
        var rounding = Roundoff.Accumulator()
        var out = [Double](repeating: 0, count: coefficients.count)
        var absolute = 0.0
        coefficients.withUnsafeBufferPointer { g in
            out.withUnsafeMutableBufferPointer { z in
                for i in 0..<g.count {
                    let v = lambda * g[i]
                    z[i] = v
                    rounding.record(v)
                    absolute += v.magnitude
                }
            }
        }
        let c = mu.addingProduct(lambda, centre)
        rounding.record(c)
        var result = NoiseForm(centre: c, coefficients: out, error: 0, symbols: symbols)
        result.error = Roundoff.sumUp(Roundoff.productUp(lambda.magnitude, error), result.roundoff(rounding))
        result.radius = Roundoff.sumUp(Roundoff.sumBound(absolute, count: out.count), result.error)
        if !result.radius.isFinite || !c.isFinite { result.makeUnbounded() }
        return result
    }

    /// a·b for a constant a = c_a ± e_a: c_a·b coefficientwise, plus e_a·|b| ≤ e_a(|c_b| + radius_b) in the error.
    static func product(constant a: NoiseForm, _ b: NoiseForm) -> NoiseForm {
        var out = b.scaled(by: a.centre)
        out.widen(by: Roundoff.productUp(a.error, Roundoff.sumUp(b.centre.magnitude, b.radius)))
        return out
    }

    /// a·b for two forms over shared symbols. With A = Σ aᵢεᵢ, B = Σ bᵢεᵢ and
    /// the deviations δ_a, δ_b:
    ///
    ///     a·b = c_a c_b + c_a B + c_b A  +  (c_a δ_b + c_b δ_a)  +  (A + δ_a)(B + δ_b),
    ///
    /// the linear part exact in the symbols, the second group in the error term
    /// (|c_a| e_b + |c_b| e_a), and the bilinear remainder a new symbol: since
    /// εᵢ² ∈ [0, 1] and |εᵢεⱼ| ≤ 1,
    ///
    ///     (A + δ_a)(B + δ_b) ∈ ½Σ aᵢbᵢ ± ((Σ|aᵢ| + e_a)(Σ|bᵢ| + e_b) − ½Σ|aᵢbᵢ|),
    ///
    /// which the radii bound from above. The centre shift m = ½Σ aᵢbᵢ is computed
    /// in floating point; its error, and that of the lower bound on ½Σ|aᵢbᵢ|,
    /// widen the remainder.
    static func product(_ a: NoiseForm, _ b: NoiseForm) -> NoiseForm {
        if a.isConstant { return product(constant: a, b) }
        if b.isConstant { return product(constant: b, a) }
        let symbols = a.symbols ?? b.symbols
        if a.isUnbounded || b.isUnbounded { return .unbounded }
        let ca = a.centre, cb = b.centre
        var rounding = Roundoff.Accumulator()
        let n = Swift.max(a.coefficients.count, b.coefficients.count)
        let common = Swift.min(a.coefficients.count, b.coefficients.count)
        var out = [Double](repeating: 0, count: n)
        var absolute = 0.0
        var shift = 0.0, diagonal = 0.0
        a.coefficients.withUnsafeBufferPointer { ga in
            b.coefficients.withUnsafeBufferPointer { gb in
                out.withUnsafeMutableBufferPointer { z in
                    for i in 0..<common {
                        let t = cb * ga[i]
                        let v = t.addingProduct(ca, gb[i])
                        z[i] = v
                        rounding.record(t)
                        rounding.record(v)
                        absolute += v.magnitude
                        let p = ga[i] * gb[i]
                        shift += p
                        diagonal += p.magnitude
                    }
                    for i in common..<ga.count {
                        let v = cb * ga[i]
                        z[i] = v
                        rounding.record(v)
                        absolute += v.magnitude
                    }
                    for i in common..<gb.count {
                        let v = ca * gb[i]
                        z[i] = v
                        rounding.record(v)
                        absolute += v.magnitude
                    }
                }
            }
        }
        // Σ|aᵢbᵢ| ≥ d̂(1 − (common + 2)·2⁻⁵²) − common·2⁻¹⁰⁷⁴ (each product and each
        // addition errs by at most u relative, 2⁻¹⁰⁷⁵ absolute); m̂ = Σ̂ aᵢbᵢ errs from
        // the true sum by at most (common + 2)·2⁻⁵²·d̂ + common·2⁻¹⁰⁷⁴ (d̂ ≥ Σ|p̂ᵢ|/(1 + γ)).
        let slack = Double(common + 2) * 0x1p-51
        let halfDiagonalLower = Swift.max(0, (0.5 * diagonal * (1 - slack)).nextDown - Double(common) * 0x1p-1074)
        let halfShift = 0.5 * shift
        let shiftError = Roundoff.sumUp(Roundoff.productUp(diagonal, slack), Double(common + 1) * 0x1p-1074)
        let quadratic = Roundoff.productUp(a.radius, b.radius)
        let remainder = Roundoff.sumUp(Roundoff.differenceUp(quadratic, halfDiagonalLower), shiftError)
        let c = halfShift.addingProduct(ca, cb)
        rounding.record(c)
        var result = NoiseForm(centre: c, coefficients: out, error: 0, symbols: symbols)
        let linearError = Roundoff.sumUp(Roundoff.productUp(ca.magnitude, b.error), Roundoff.productUp(cb.magnitude, a.error))
        result.error = Roundoff.sumUp(linearError, result.roundoff(rounding))
        result.radius = Roundoff.sumUp(Roundoff.sumBound(absolute, count: n), result.error)
        if !result.radius.isFinite || !c.isFinite { result.makeUnbounded(); return result }
        if result.unsoundVariant != .noProductRemainder { result.addFreshSymbol(remainder) }
        return result
    }

    /// self ← self + a·b, in place when a (or b) is a constant — the recurrent
    /// terms U s of every affine map, K² of them a step.
    mutating func accumulateProduct(_ a: NoiseForm, _ b: NoiseForm) {
        let (k, x): (NoiseForm, NoiseForm)
        if a.isConstant { (k, x) = (a, b) } else if b.isConstant { (k, x) = (b, a) } else {
            self = Self.combine(self, Self.product(a, b), sign: 1)
            return
        }
        if isUnbounded { return }
        if x.isUnbounded && k.centre == 0 && k.error == 0 { return }
        if x.isUnbounded { makeUnbounded(); return }
        let lambda = k.centre
        var rounding = Roundoff.Accumulator()
        if coefficients.count < x.coefficients.count {
            coefficients.append(contentsOf: repeatElement(0, count: x.coefficients.count - coefficients.count))
        }
        var absolute = 0.0
        let n = coefficients.count
        x.coefficients.withUnsafeBufferPointer { g in
            coefficients.withUnsafeMutableBufferPointer { z in
                for i in 0..<g.count {
                    let v = z[i].addingProduct(lambda, g[i])
                    z[i] = v
                    rounding.record(v)
                    absolute += v.magnitude
                }
                for i in g.count..<z.count { absolute += z[i].magnitude }
            }
        }
        let c = centre.addingProduct(lambda, x.centre)
        rounding.record(c)
        centre = c
        let added = Roundoff.sumUp(Roundoff.productUp(lambda.magnitude, x.error),
                                   Roundoff.productUp(k.error, Roundoff.sumUp(x.centre.magnitude, x.radius)))
        error = Roundoff.sumUp(Roundoff.sumUp(error, added), roundoff(rounding))
        radius = Roundoff.sumUp(Roundoff.sumBound(absolute, count: n), error)
        if !radius.isFinite || !centre.isFinite { makeUnbounded() }
    }
}
