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
        var tails = [Rational](repeating: 0, count: 13)         // M_k
        for k in stride(from: 12, through: 0, by: -1) { tails[k] = c[k] + (k < 12 ? rho * tails[k + 1] : 0) }
        var horner = Rational(0)                                // E_k, from E₁₂ = 0
        for k in stride(from: 11, through: 0, by: -1) {
            horner = rho * horner + u * (rho * (tails[k + 1] + horner) + c[k])
        }
        let deltaQ = horner + coefficientError + truncation
        let qMax = tails[0] + horner
        let b = u * (expUpper(rho) - 1) + (1 + u) * rho * rho * (deltaQ + u * qMax) + expUpper(rho + deltaR) * deltaR + 2 * eta
        // q(−ρ) = (1 − e^(−ρ))/ρ, from below.
        let qAtMinusRho = (1 - expUpper(-rho)) / rho
        let alpha0 = u + (1 + u) * (rho / qAtMinusRho) * (deltaQ + u * qMax)
        return KernelBounds(rho: rho, deltaR: deltaR, deltaQ: deltaQ, qMax: qMax, b: b, alpha0: alpha0)
    }

    /// The documented sizes: δQ ≈ 0.67u, B ≈ 1.053u, α₀ ≈ 1.506u.
    @Test func kernelBoundsHaveTheDocumentedSizes() {
        let k = kernelBounds()
        #expect(k.deltaQ < Rational(68, 100) * u && k.b < Rational(106, 100) * u && k.alpha0 < Rational(151, 100) * u)
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
        #expect(kappa < Rational(614, 100) * u && kappa > Rational(6, 1) * u)
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
        #expect(gammaE < Rational(249, 100) * u)
        let kappaSigma = (1 + gammaE) * (1 + u) / ((1 - gammaE / 2) * (1 - u)) - 1
        #expect(kappaSigma < Rational(574, 100) * u)
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
