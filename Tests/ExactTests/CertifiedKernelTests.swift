import Exact
import Testing

/// The deliberately unsound policy: every rounding and error term dropped.
/// Containment checks run with it must fail (that is what shows they can).
enum DroppedRounding: BallRounding {
    static var roundoff: Double { 0 }
    static var inflation: Double { 1 }
    static var radiusFloor: Double { 0 }
    static var enclosureErrors: Double { 0 }
}

/// The certified Double kernels for tanh, σ and exp: their (value, error)
/// pairs and the `DoubleInterval` enclosures built from them contain mpmath's
/// 110-digit values and Arb's 256-bit ones, at the extremes and on random
/// inputs; vector lanes agree with the scalar path; dropping the error terms
/// is caught.
@Suite struct CertifiedKernelTests {
    typealias Kernel = (SIMD2<Double>) -> (value: SIMD2<Double>, error: SIMD2<Double>)

    /// |f − value| ≤ error for the whole reference interval [lower, upper], exactly.
    func encloses(_ value: Double, _ error: Double, _ lower: Rational, _ upper: Rational) -> Bool {
        guard value.isFinite, error.isFinite else { return false }
        let v = Rational(exactly: value)!, e = Rational(exactly: error)!
        return v - e <= lower && upper <= v + e
    }

    func kernel(_ f: Kernel, _ x: Double) -> (Double, Double) {
        let (v, e) = f(SIMD2(repeating: x))
        return (v[0], e[0])
    }

    let tanhKernel: Kernel = { CertifiedTanh.enclosure($0) }
    let sigmoidKernel: Kernel = { CertifiedSigmoid.enclosure($0) }

    /// Every reference point: the kernels' error bounds and the intervals contain mpmath's values.
    @Test func kernelsContainMpmathValuesAtExtremesAndRandomDoubles() {
        var checked = 0
        for r in doubleKernelReferences {
            let x = r.x
            let t = referenceBounds(r.tanh, within: -1, 1)
            let (tv, te) = kernel(tanhKernel, x)
            #expect(encloses(tv, te, t.lower, t.upper), "tanh(\(x)): \(tv) ± \(te)")
            #expect(DoubleInterval(x).tanh.contains(t.lower, t.upper), "tanh(\(x))")
            if !r.sigmoid.isEmpty {
                let s = referenceBounds(r.sigmoid, within: 0, 1)
                let (sv, se) = kernel(sigmoidKernel, x)
                #expect(encloses(sv, se, s.lower, s.upper), "σ(\(x)): \(sv) ± \(se)")
                #expect(DoubleInterval(x).sigmoid.contains(s.lower, s.upper), "σ(\(x))")
            }
            if !r.exp.isEmpty {
                let e = referenceBounds(r.exp)
                #expect(DoubleInterval(x).exp.contains(e.lower, e.upper), "exp(\(x)) = \(DoubleInterval(x).exp)")
            }
            checked += 1
        }
        #expect(checked == doubleKernelReferences.count && checked > 500)
        // The rational reference points (not Doubles): the enclosure of the enclosing interval.
        for r in enclosureReferences {
            let x = DoubleInterval(enclosing: Rational(r.x)!)
            let t = referenceBounds(r.tanh, within: -1, 1), s = referenceBounds(r.sigmoid, within: 0, 1), e = referenceBounds(r.exp)
            #expect(x.tanh.contains(t.lower, t.upper) && x.sigmoid.contains(s.lower, s.upper), "\(r.x)")
            #expect(x.exp.contains(e.lower, e.upper), "exp(\(r.x))")
        }
    }

    /// Beyond Double's range: the saturated and overflowing bounds, by monotonicity.
    @Test func hugeArgumentsSaturate() {
        for x in [745.5, 800.0, 1e10, 1e300, .greatestFiniteMagnitude, .infinity] {
            let up = DoubleInterval(x), down = DoubleInterval(-x)
            #expect(up.tanh.upper == 1 && up.tanh.lower >= 1 - 0x1p-50 && up.tanh.lower < 1)
            #expect(down.tanh.lower == -1 && down.tanh.upper <= -1 + 0x1p-50)
            // σ(x) ∈ (1 − 2⁻¹⁰⁷⁴, 1), σ(−x) ∈ (0, 2⁻¹⁰⁷⁴).
            #expect(up.sigmoid.upper == 1 && up.sigmoid.lower < 1 && up.sigmoid.lower >= 1 - 0x1p-50)
            #expect(down.sigmoid.lower == 0 && down.sigmoid.upper > 0 && down.sigmoid.upper <= 0x1p-1000)
            #expect(up.exp.upper == .infinity && up.exp.lower > 8.2e307)          // e^709 ≈ 8.218·10³⁰⁷
            #expect(down.exp.lower == 0 && down.exp.upper > 0 && down.exp.upper <= 0x1p-1000)
        }
        let line = DoubleInterval(lower: -.infinity, upper: .infinity)
        #expect(line.tanh == DoubleInterval(lower: -1, upper: 1) && line.sigmoid == DoubleInterval(lower: 0, upper: 1))
        #expect(line.exp.lower == 0 && line.exp.upper == .infinity)
    }

    /// tanh(±0) = ±0, σ(±0) = 1/2 and e^0 = 1 stay exact points; NaN lanes give NaN.
    @Test func zerosAreExactAndNaNPropagates() {
        for z in [0.0, -0.0] {
            #expect(DoubleInterval(z).tanh.isPoint && DoubleInterval(z).tanh.lower == 0)
            #expect(DoubleInterval(z).sigmoid == DoubleInterval(0.5) && DoubleInterval(z).exp == DoubleInterval(1.0))
        }
        #expect(DoubleInterval(-0.0).tanh.lower.sign == .minus)
        let nan = SIMD8<Double>(.nan, 1, -.nan, 0, 2, .nan, 3, 4)
        for (v, e) in [CertifiedTanh.enclosure(nan), CertifiedSigmoid.enclosure(nan)] {
            for i in [0, 2, 5] { #expect(v[i].isNaN && e[i].isNaN) }
            for i in [1, 3, 4, 6, 7] { #expect(v[i].isFinite && e[i].isFinite) }
        }
        let b = CertifiedExponential.bounds(nan)
        #expect(b.lower[0].isNaN && b.upper[5].isNaN && b.lower[1].isFinite)
    }

    /// Random Doubles over every binade up to 2⁹·⁵, against Arb at 256 bits; the
    /// enclosures are a few units of 2⁻⁵³ wide: the proven relative bound κ' on
    /// each side, and at most 3u more from rounding outward. (Arb's 256 bits are
    /// absolute near 0, so σ and exp are compared where their values exceed 10⁻¹⁸;
    /// the mpmath references cover the rest.)
    @Test func randomPointsContainArbValuesAndStayNarrow() {
        var rng = SplitMix(seed: 41)
        let u = 0x1p-53
        for _ in 0..<600 {
            let x = Double(sign: rng.next() & 1 == 0 ? .plus : .minus, exponent: rng.int(-40...9),
                           significand: 1 + Double(rng.next() >> 11) / 0x1p53)
            let q = Rational(exactly: x)!
            let t = DoubleInterval(x).tanh, s = DoubleInterval(x).sigmoid, e = DoubleInterval(x).exp
            let rt = Interval.tanh(q, precision: 256)
            #expect(t.contains(rt.lower, rt.upper), "tanh(\(x)) = \(t)")
            #expect(t.width <= 2 * (CertifiedTanh.relativeError + 3 * u) * Swift.abs(t.midpoint), "tanh(\(x)) is \(t.width / Swift.abs(t.midpoint) / u)u wide")
            #expect(s.width <= 2 * (CertifiedSigmoid.relativeError + 3 * u) * s.midpoint + 4 * CertifiedSigmoid.absoluteError,
                    "σ(\(x)) is \(s.width / s.midpoint / u)u wide")
            if x >= -707 {     // below, [0, e^(−707)'s bound] by monotonicity
                #expect(e.width <= 2 * (CertifiedExponential.relativeError + 3 * u) * e.midpoint, "exp(\(x)) is \(e.width / e.midpoint / u)u wide")
            }
            if x > -40 {
                let rs = Interval.sigmoid(q, precision: 256)
                #expect(s.contains(rs.lower, rs.upper), "σ(\(x)) = \(s)")
            }
            if x > -40 && x < 300 {
                let re = Interval.exp(q, precision: 256)
                #expect(e.contains(re.lower, re.upper), "exp(\(x)) = \(e)")
            }
        }
    }

    /// Interval arguments contain f at every point inside; x = f(x) gives the same answer.
    @Test func intervalArgumentsAndAliasing() {
        var rng = SplitMix(seed: 42)
        for _ in 0..<200 {
            let a = Double(rng.int(-40_000...40_000)) / 1000, b = a + Double(rng.int(0...5000)) / 1000
            var x = DoubleInterval(lower: a, upper: b)
            let t = x.tanh, s = x.sigmoid, e = x.exp
            for k in 0...4 {
                let p = Rational(exactly: a)! + (Rational(exactly: b)! - Rational(exactly: a)!) * Rational(k, 4)
                let rt = Interval.tanh(p, precision: 256), rs = Interval.sigmoid(p, precision: 256), re = Interval.exp(p, precision: 256)
                #expect(t.contains(rt.lower, rt.upper) && s.contains(rs.lower, rs.upper) && e.contains(re.lower, re.upper))
            }
            let copy = x
            x = x.tanh
            #expect(x == copy.tanh)
            x = copy
            x = x.sigmoid
            #expect(x == copy.sigmoid)
            x = copy
            x = x.exp
            #expect(x == copy.exp)
        }
    }

    /// The vector lanes compute exactly what the scalar path computes (one generic kernel).
    @Test func vectorLanesAgreeWithTheScalarPath() {
        var rng = SplitMix(seed: 43)
        for _ in 0..<100 {
            var x = SIMD8<Double>()
            for i in 0..<8 { x[i] = Double(rng.int(-800_000...800_000)) / Double(rng.int(1...1000)) }
            let (tv, te) = CertifiedTanh.enclosure(x), (sv, se) = CertifiedSigmoid.enclosure(x)
            let eb = CertifiedExponential.bounds(x)
            for i in 0..<8 {
                let (a, b) = kernel(tanhKernel, x[i]), (c, d) = kernel(sigmoidKernel, x[i])
                let scalar = CertifiedExponential.bounds(SIMD2(repeating: x[i]))
                #expect(tv[i] == a && te[i] == b && sv[i] == c && se[i] == d)
                #expect(eb.lower[i] == scalar.lower[0] && eb.upper[i] == scalar.upper[0])
            }
        }
    }

    /// The kernel's polynomial is the analysed one: for |t| < 1/(2L) (n = 0, r̂ = t) it
    /// returns fl(t + fl(t·t)·Q̂) with Q̂ = ĉ₀ + t(ĉ₁ + t·T̂), T̂ by Estrin's scheme on `ExponentialKernel.coefficients`.
    @Test func theKernelEvaluatesTheAnalysedPolynomial() {
        var rng = SplitMix(seed: 44)
        let c = ExponentialKernel.coefficients
        #expect(c.count == 13)
        var factorial = Rational(2)
        for k in 0..<13 {
            #expect(c[k] == Double(Rational(1) / factorial))       // fl(1/(k+2)!), correctly rounded
            factorial = factorial * Rational(k + 3)
        }
        for _ in 0..<500 {
            let t = Double(rng.int(-346_000...346_000)) / 1_000_000 * (rng.next() & 1 == 0 ? 1 : 0x1p-20)
            let r2 = t * t, r4 = r2 * r2, r8 = r4 * r4
            func pair(_ k: Int) -> Double { c[k].addingProduct(t, c[k + 1]) }
            let q0 = pair(2).addingProduct(r2, pair(4)), q1 = pair(6).addingProduct(r2, pair(8))
            let q2 = pair(10).addingProduct(r2, c[12])
            let tail = q0.addingProduct(r4, q1).addingProduct(r8, q2)
            let q = c[0].addingProduct(t, c[1].addingProduct(t, tail))
            let m = t.addingProduct(r2, q)
            let (scale, km) = ExponentialKernel.reduced(SIMD2(repeating: t))
            #expect(scale[0] == 1 && km[0] == m, "t = \(t)")
        }
    }

    /// With the error terms dropped (`DroppedRounding`), the same containment
    /// checks fail: the tests can tell a sound kernel from an unsound one.
    @Test func droppingTheErrorTermsIsCaught() {
        var missedTanh = 0, missedSigmoid = 0
        for r in doubleKernelReferences where !r.sigmoid.isEmpty {
            let t = referenceBounds(r.tanh, within: -1, 1), s = referenceBounds(r.sigmoid, within: 0, 1)
            let (tv, te) = CertifiedTanh.enclosure(SIMD2(repeating: r.x), DroppedRounding.self)
            let (sv, se) = CertifiedSigmoid.enclosure(SIMD2(repeating: r.x), DroppedRounding.self)
            if !encloses(tv[0], te[0], t.lower, t.upper) { missedTanh += 1 }
            if !encloses(sv[0], se[0], s.lower, s.upper) { missedSigmoid += 1 }
        }
        #expect(missedTanh > 100 && missedSigmoid > 100, "unsound kernels missed only \(missedTanh), \(missedSigmoid)")
    }
}
