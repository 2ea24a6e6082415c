import Cells
import Exact

/// The activations on affine forms: sound linear relaxations
///
///     f(x) ∈ λ x + μ₁ ± μ₂   for every x ∈ [l, u]  (l, u bounds of the form),
///
/// applied as f(x̂) = λ x̂ + μ₁ + μ₂ ε_new with a fresh symbol ε_new. λ and μ₁
/// are Doubles used as exact numbers (any values give a sound relaxation as
/// long as μ₂ covers the deviation), and μ₂ is computed outward in certified
/// arithmetic (`DoubleInterval`, whose tanh and σ are certified by Arb).
extension NoiseForm {
    /// self ← f(self).
    mutating func apply(_ activation: Activation) {
        let x = bounds
        if x.isPoint {
            self = NoiseForm(interval: DoubleInterval.apply(activation, x), symbols: symbols)
            return
        }
        guard x.lower.isFinite && x.upper.isFinite else {
            // Only the range of f is known.
            let range = DoubleInterval.apply(activation, x)
            guard range.lower.isFinite && range.upper.isFinite else { makeUnbounded(); return }
            let mid = range.midpoint
            self = NoiseForm(centre: mid, coefficients: [], error: 0, symbols: symbols)
            addFreshSymbol(Self.distanceUp(from: mid, toEndsOf: range.lower, range.upper))
            return
        }
        switch activation {
        case .tanh, .sigmoid: relaxSmooth(activation, on: x)
        case .relu, .hardclip: relaxPiecewiseLinear(activation, on: x)
        }
    }

    /// DeepZ (Singh et al. 2018) for tanh and σ, with the parenthesised μ₂:
    ///
    ///     λ = min(f′(l), f′(u)),  μ₁ = ½(f(u) + f(l) − λ(u + l)),  μ₂ = ½(f(u) − f(l) − λ(u − l)).
    ///
    /// Why it is sound: f′ is unimodal (increasing up to 0, decreasing after),
    /// so min over [l, u] of f′ is at an end, and any 0 ≤ λ ≤ that minimum
    /// makes g(x) = f(x) − λx nondecreasing on [l, u]: g(x) ∈ [f(l) − λl, f(u) − λu],
    /// whose midpoint and half-width are μ₁ and μ₂. Here λ is a Double below the
    /// certified lower bounds of f′(l), f′(u) (f′ from the certified f: 1 − t² for
    /// tanh, s(1 − s) for σ), and the interval of g is enclosed from certified
    /// f(l), f(u); μ₁ is any Double in it and μ₂ its distance to the far end,
    /// rounded up. So rounding never makes the relaxation unsound.
    mutating func relaxSmooth(_ activation: Activation, on x: DoubleInterval) {
        let fl = DoubleInterval.apply(activation, DoubleInterval(x.lower))
        let fu = DoubleInterval.apply(activation, DoubleInterval(x.upper))
        // f′ = 1 − t² (tanh) or s(1 − s) (σ), concave in t or s: least at an end of their enclosure.
        func slopeLowerBound(_ f: DoubleInterval) -> Double {
            let one = DoubleInterval(1.0)
            if activation == .tanh { return (one - f.squared).lower }
            let a = DoubleInterval(f.lower), b = DoubleInterval(f.upper)
            return Swift.min((a * (one - a)).lower, (b * (one - b)).lower)
        }
        let lambda = Swift.max(0, Swift.min(slopeLowerBound(fl), slopeLowerBound(fu)))
        let low = (fl - DoubleInterval(lambda) * DoubleInterval(x.lower)).lower
        let high = (fu - DoubleInterval(lambda) * DoubleInterval(x.upper)).upper
        relax(slope: lambda, from: low, to: high, dropRemainder: unsoundVariant == .noActivationRemainder)
    }

    /// hardclip and relu: the chord slope λ = (f(u) − f(l))/(u − l) (relu's is
    /// DeepZ's u/(u − l)), and g(x) = f(x) − λx bounded by its values at l, u
    /// and the kinks between them (g is piecewise linear, so its extremes are
    /// there). Any λ is sound with these bounds; the chord makes g(l) = g(u).
    /// Wholly on one linear piece the form is mapped exactly.
    mutating func relaxPiecewiseLinear(_ activation: Activation, on x: DoubleInterval) {
        let kinks: [Double] = activation == .relu ? [0] : [-1, 1]
        // One linear piece: identity, or a constant.
        if activation == .relu {
            if x.lower >= 0 { return }
            if x.upper <= 0 { self = NoiseForm(constant: 0); return }
        } else {
            if x.lower >= -1 && x.upper <= 1 { return }
            if x.upper <= -1 { self = NoiseForm(constant: -1); return }
            if x.lower >= 1 { self = NoiseForm(constant: 1); return }
        }
        func f(_ v: Double) -> Double { activation == .relu ? Swift.max(v, 0) : Swift.min(Swift.max(v, -1), 1) }
        let chord = (f(x.upper) - f(x.lower)) / (x.upper - x.lower)
        let lambda = chord.isFinite ? Swift.min(Swift.max(chord, 0), 1) : 0
        var low = Double.infinity, high = -Double.infinity
        for p in [x.lower, x.upper] + kinks.filter({ $0 > x.lower && $0 < x.upper }) {
            let g = DoubleInterval(f(p)) - DoubleInterval(lambda) * DoubleInterval(p)
            low = Swift.min(low, g.lower)
            high = Swift.max(high, g.upper)
        }
        relax(slope: lambda, from: low, to: high, dropRemainder: false)
    }

    /// self ← λ·self + μ₁ + μ₂ ε_new, where f(x) − λx ∈ [low, high]: μ₁ the
    /// midpoint, μ₂ ≥ the distance from it to either end (rounded up).
    mutating func relax(slope lambda: Double, from low: Double, to high: Double, dropRemainder: Bool) {
        let mu1 = low / 2 + high / 2
        self = scaled(by: lambda, plus: mu1)
        if !dropRemainder { addFreshSymbol(Self.distanceUp(from: mu1, toEndsOf: low, high)) }
    }

    /// max(high − m, m − low), rounded up.
    static func distanceUp(from m: Double, toEndsOf low: Double, _ high: Double) -> Double {
        Swift.max((DoubleInterval(high) - DoubleInterval(m)).upper, (DoubleInterval(m) - DoubleInterval(low)).upper)
    }
}

extension DoubleInterval {
    /// f over the interval (every activation is nondecreasing), certified.
    static func apply(_ activation: Activation, _ x: DoubleInterval) -> DoubleInterval {
        var y = x
        y.activate(activation)
        return y
    }
}
