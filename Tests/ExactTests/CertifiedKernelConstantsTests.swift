import Exact
import Testing

/// Certifies the constants of the Double kernels' error analysis
/// (`ExponentialKernel`, `CertifiedTanh`, `CertifiedSigmoid`,
/// `CertifiedExponential`): every bound in their doc comments recomputed in
/// exact rational arithmetic, with the transcendental numbers it needs (ln 2,
/// e^ρ, tanh at the case boundaries) taken from Arb at 256 bits and rounded the
/// safe way. The constants the code uses must be at least the derived ones.
@Suite struct CertifiedKernelConstantsTests {
    let u = powerOfTwo(-53)
    let eta = powerOfTwo(-1074)
    func exact(_ x: Double) -> Rational { Rational(exactly: x)! }
    func expUpper(_ x: Rational) -> Rational { Interval.exp(x, precision: 256).upper }
    func expLower(_ x: Rational) -> Rational { Interval.exp(x, precision: 256).lower }
    func max(_ a: Rational, _ b: Rational) -> Rational { a < b ? b : a }

    /// The kernel's bounds: ρ, δr, δQ, Q̂max, B and α₀.
    struct KernelBounds {
        var rho, deltaR, deltaQ, qMax, b, alpha0: Rational
    }

    func kernelBounds() -> KernelBounds {
        let ln2 = Interval.log(2, precision: 256)
        let c1 = exact(ExponentialKernel.ln2High), c2 = exact(ExponentialKernel.ln2Low), l = exact(ExponentialKernel.log2e)
        let delta3 = max((ln2.upper - c1 - c2).magnitude, (ln2.lower - c1 - c2).magnitude)
        let deltaL = max((Rational(1) / ln2.lower - l).magnitude, (Rational(1) / ln2.upper - l).magnitude)
        // |r*| ≤ ln 2·(1/2 + 709·ΔL); |r̂| ≤ (|r*| + 1023·Δ₃)(1 + u) ≤ ρ.
        let rhoStar = ln2.upper * (Rational(1, 2) + 709 * deltaL)
        let rho = exact(ExponentialKernel.reducedBound)
        #expect((rhoStar + 1023 * delta3) * (1 + u) <= rho)
        #expect(rho - (rhoStar + 1023 * delta3) * (1 + u) > Rational(2, 100_000))
        #expect(delta3 < powerOfTwo(-86))
        let deltaR = u * rho + 1023 * delta3
        // Q̂: coefficients, truncation, Horner.
        let c = ExponentialKernel.coefficients.map(exact)
        var factorial = Rational(2), coefficientError = Rational(0), power = Rational(1)
        for k in 0..<13 {
            coefficientError += (c[k] - Rational(1) / factorial).magnitude * power
            factorial *= Rational(k + 3)
            power *= rho
        }
        // power = ρ¹³, factorial = 15!.
        let truncation = power / factorial / (1 - rho / 16)
        // Estrin's scheme, node by node: (M, E) = magnitude and error bounds (see `ExponentialKernel`).
        typealias Node = (m: Rational, e: Rational)
        func fused(_ a: Node, _ b: Node, _ c: Node) -> Node {       // fl(a·b + c)
            let d = a.m * b.e + a.e * b.m + a.e * b.e
            let m = a.m * b.m + c.m
            return (m, d + c.e + u * (m + d + c.e))
        }
        let zero: Node = (0, 0), r: Node = (rho, 0)
        func coefficient(_ k: Int) -> Node { (c[k], 0) }
        func pair(_ k: Int) -> Node { fused(r, coefficient(k + 1), coefficient(k)) }
        let r2 = fused(r, r, zero), r4 = fused(r2, r2, zero), r8 = fused(r4, r4, zero)
        let q0 = fused(r2, pair(4), pair(2)), q1 = fused(r2, pair(8), pair(6)), q2 = fused(r2, coefficient(12), pair(10))
        let t = fused(r8, q2, fused(r4, q1, q0))
        let q = fused(r, fused(r, t, coefficient(1)), coefficient(0))
        let deltaQ = q.e + coefficientError + truncation
        let qMax = q.m + q.e
        let b = u * (expUpper(rho) - 1) + (1 + u) * rho * rho * (deltaQ + u * qMax) + expUpper(rho + deltaR) * deltaR + 2 * eta
        // q(−ρ) = (1 − e^(−ρ))/ρ, from below.
        let qAtMinusRho = (1 - expUpper(-rho)) / rho
        let alpha0 = u + (1 + u) * (rho / qAtMinusRho) * (deltaQ + u * qMax)
        return KernelBounds(rho: rho, deltaR: deltaR, deltaQ: deltaQ, qMax: qMax, b: b, alpha0: alpha0)
    }

    /// The documented sizes (to the digits the doc comments give): δQ ≈ 0.69u, B ≈ 1.055u, α₀ ≈ 1.513u.
    @Test func kernelBoundsHaveTheDocumentedSizes() {
        let k = kernelBounds()
        #expect(k.deltaQ < Rational(695, 1000) * u && k.deltaQ > Rational(685, 1000) * u && k.b < Rational(10555, 10000) * u && k.b > Rational(10545, 10000) * u
                && k.alpha0 < Rational(15135, 10000) * u && k.alpha0 > Rational(15125, 10000) * u, "δQ \(Double(k.deltaQ / u))u, B \(Double(k.b / u))u, α₀ \(Double(k.alpha0 / u))u")
        #expect(k.qMax < Rational(5632, 10000))
    }

    /// κ' of tanh covers every case of `CertifiedTanh`.
    @Test func tanhConstantCoversEveryCase() {
        let k = kernelBounds(), l = exact(ExponentialKernel.log2e)
        /// The relative error bound (1 + α)(1 + u)/((1 − ατ)(1 − u)) − 1, and the lower side.
        func relative(_ alpha: Rational, _ tau: Rational) -> Rational {
            let high = (1 + alpha) * (1 + u) / ((1 - alpha * tau) * (1 - u)) - 1
            let low = 1 - (1 - alpha) * (1 - u) / ((1 + alpha * tau) * (1 + u))
            return max(high, low)
        }
        /// α_n for n ≤ −1: u + (1 + u)·2^n·B/(1 − e^((n + 1/2)/L)).
        func alpha(_ n: Int) -> Rational {
            u + (1 + u) * powerOfTwo(n) * k.b / (1 - expUpper(Rational(2 * n + 1, 2) / l))
        }
        let tau0 = Interval.tanh(Rational(1) / (4 * l), precision: 256).upper
        let tau1 = Interval.tanh(Rational(3) / (4 * l), precision: 256).upper
        var kappa = max(relative(k.alpha0, tau0), relative(alpha(-1), tau1))
        for n in -53 ... -2 { kappa = max(kappa, relative(alpha(n), 1)) }
        #expect(kappa < Rational(61385, 10000) * u && kappa > Rational(61375, 10000) * u, "κ_tanh = \(Double(kappa / u))u, α₋₁ = \(Double(alpha(-1) / u))u, α₋₂ = \(Double(alpha(-2) / u))u")
        #expect(alpha(-1) < Rational(28005, 10000) * u && alpha(-1) > Rational(27995, 10000) * u && alpha(-2) < Rational(14085, 10000) * u)
        // Tiny arguments (|tanh a − a| ≤ a³/3 ≤ 2⁻⁵⁴/3·a) and saturation (1 − tanh 18.5 < 2e⁻³⁷).
        kappa = max(kappa, powerOfTwo(-54) / 3)
        let saturation = 2 * expUpper(-37)
        #expect(saturation < exact(CertifiedTanh.relativeError))
        #expect(exact(CertifiedTanh.relativeError) * (1 - kappa) * (1 - u) >= kappa)
        // Case limits: t = −2a ≥ −37 keeps n ≥ −53, where 2^n − 1 is exact.
        #expect(-37 * l > Rational(-107, 2))
        #expect(exact(CertifiedTanh.saturation) == Rational(37, 2) && exact(CertifiedTanh.linear) == powerOfTwo(-27))
    }

    /// κ' of σ and of exp cover their bounds; the saturation terms hold.
    @Test func sigmoidAndExponentialConstantsCoverTheirBounds() {
        let k = kernelBounds()
        let gammaE = (1 + k.b * expUpper(k.rho)) * (1 + u) - 1
        #expect(gammaE < Rational(24915, 10000) * u && gammaE > Rational(24905, 10000) * u, "γ_e = \(Double(gammaE / u))u")
        let kappaSigma = (1 + gammaE) * (1 + u) / ((1 - gammaE / 2) * (1 - u)) - 1
        #expect(kappaSigma < Rational(57375, 10000) * u && kappaSigma > Rational(57365, 10000) * u, "κ_σ = \(Double(kappaSigma / u))u")
        #expect(exact(CertifiedSigmoid.relativeError) * (1 - kappaSigma) * (1 - u) >= kappaSigma)
        #expect(exact(CertifiedExponential.relativeError) * (1 - gammaE) * (1 - u) >= gammaE)
        // σ(−a) < e^(−708) ≤ 2⁻¹⁰²⁰ beyond the clamp; 2^n stays normal down to t = −708 (n ≥ −1021).
        #expect(expUpper(-708) <= exact(CertifiedSigmoid.absoluteError))
        let l = exact(ExponentialKernel.log2e)
        #expect(-708 * l > Rational(-2043, 2) && 709 * l < Rational(2047, 2) && -707 * l > Rational(-2041, 2))
        // The smallest value σ's kernel forms, 2⁻¹⁰²¹·e^(−ρ)(1 − γ), is normal.
        #expect(powerOfTwo(-1021) * expLower(-k.rho) * (1 - gammaE) > powerOfTwo(-1022))
    }
}
