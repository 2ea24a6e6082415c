@testable import Cells
import Exact
import F1B
import Testing
@testable import Verification

/// Every transformer of the affine-form number system against a
/// high-precision reference: random input forms over shared symbols (with
/// saturation, ±0, huge and tiny magnitudes), sampled assignments ε and
/// deviations, the exact result (rationals; tanh and σ in 256-bit certified
/// intervals), and the rule that the output contains it for the *same* ε and
/// some values of its fresh symbols and error term. Deliberately unsound
/// variants must make these tests fail.
@Suite struct ZonotopeTransformerTests {
    enum Operation: String, CaseIterable {
        case sum, difference, product, constantProduct, accumulate, accumulateConstant, negate
        case tanh, sigmoid, hardclip, relu
    }

    /// (checked, violations) over `trials` random inputs, `samples` points each.
    static func violations(_ op: Operation, unsound: NoiseSymbols.UnsoundVariant = .none, trials: Int = 300,
                           samples: Int = 6, seed: UInt64) -> (checked: Int, violations: Int) {
        var draw = FormDraw(seed: seed)
        var checked = 0, violations = 0
        for _ in 0..<trials {
            let symbols = NoiseSymbols(unsound: unsound)
            let m = Int(draw.rng.next() % 7)
            symbols.begin(inputSymbols: m)
            let x = draw.form(symbols: m, context: symbols)
            let y = draw.form(symbols: m, context: symbols)
            let z = draw.form(symbols: m, context: symbols)
            let q = Rational(Int(draw.rng.next() % 2001) - 1000, Int(draw.rng.next() % 999) + 1)
            let constant = NoiseForm(enclosing: q, symbols: symbols)
            var out: NoiseForm
            switch op {
            case .sum: out = x + y
            case .difference: out = x - y
            case .product: out = x * y
            case .constantProduct: out = constant * x
            case .accumulate:
                out = z
                out.addProduct(x, y)
            case .accumulateConstant:
                out = z
                out.addProduct(constant, x)
            case .negate:
                out = x
                out.negate()
            case .tanh, .sigmoid, .hardclip, .relu:
                out = x
                out.activate(Activation(rawValue: op.rawValue)!)
            }
            symbols.end()
            for _ in 0..<samples {
                let epsilon = draw.epsilon(m)
                let vx = ZonotopeReference.value(x, epsilon, tau: draw.tau())
                let vy = ZonotopeReference.value(y, epsilon, tau: draw.tau())
                let vz = ZonotopeReference.value(z, epsilon, tau: draw.tau())
                let exact: Interval
                switch op {
                case .sum: exact = Interval(vx + vy)
                case .difference: exact = Interval(vx - vy)
                case .product: exact = Interval(vx * vy)
                case .constantProduct: exact = Interval(q * vx)
                case .accumulate: exact = Interval(vz + vx * vy)
                case .accumulateConstant: exact = Interval(vz + q * vx)
                case .negate: exact = Interval(-vx)
                case .tanh, .sigmoid: exact = Self.reference(op == .tanh ? .tanh : .sigmoid, vx)
                case .hardclip: exact = Interval(Rational.apply(.hardclip, vx))
                case .relu: exact = Interval(Rational.apply(.relu, vx))
                }
                checked += 1
                if !ZonotopeReference.contains(out, epsilon, symbols: m, value: exact) { violations += 1 }
            }
        }
        return (checked, violations)
    }

    /// tanh or σ at x, certified, to at least 256 bits beyond the value's own
    /// magnitude: the interval routines saturate past |x| ≈ precision, so the
    /// precision grows with |x|; past 2000, e^(−|x|) < 2⁻²⁸⁰⁰ and the value is
    /// within that of its limit.
    static func reference(_ f: Activation, _ x: Rational) -> Interval {
        let magnitude = Swift.min(Double(x.magnitude), 1e6)
        if magnitude > 2000 {
            let tail = Rational(numerator: 1, denominator: BigInteger.powerOfTwo(2800))
            switch (f, x.signum > 0) {
            case (.tanh, true): return Interval(lower: Rational(1) - tail, upper: 1)
            case (.tanh, false): return Interval(lower: -1, upper: Rational(-1) + tail)
            case (_, true): return Interval(lower: Rational(1) - tail, upper: 1)
            default: return Interval(lower: 0, upper: tail)
            }
        }
        let bits = 256 + 2 * Int(magnitude)
        return f == .tanh ? Interval.tanh(Interval(x, precision: bits)) : Interval.sigmoid(Interval(x, precision: bits))
    }

    @Test(arguments: Operation.allCases)
    func transformerContainsExactImage(_ op: Operation) {
        let r = Self.violations(op, seed: 0xA11CE + UInt64(op.rawValue.count))
        #expect(r.checked >= 1500)
        #expect(r.violations == 0, "\(op): \(r.violations) of \(r.checked) sampled images outside the output form")
    }

    /// The switches that drop a remainder or the rounding error must be caught.
    @Test(arguments: [(Operation.tanh, NoiseSymbols.UnsoundVariant.noActivationRemainder),
                      (.sigmoid, .noActivationRemainder),
                      (.product, .noProductRemainder),
                      (.accumulate, .noProductRemainder),
                      (.sum, .noRoundoff)])
    func unsoundVariantIsCaught(_ op: Operation, _ variant: NoiseSymbols.UnsoundVariant) {
        let r = Self.violations(op, unsound: variant, seed: 0xBAD)
        #expect(r.violations > 0, "\(op) without its remainder passed every containment check")
    }

    /// (checked, violations) for an affine map's recurrent terms as the cells
    /// run them (`NoiseForm.addRecurrentTerms`, one matrix product): random
    /// K × C coefficients — exact Doubles, rationals with an error term, zeros
    /// — over random source forms (h, and c for a peephole) added into random
    /// outputs, against the exact z_i + Σ_j q_ij x_j at sampled ε and deviations.
    static func recurrentViolations(unsound: NoiseSymbols.UnsoundVariant = .none, zeroOutputs: Bool = false, trials: Int = 120,
                                    samples: Int = 5, seed: UInt64) -> (checked: Int, violations: Int) {
        var draw = FormDraw(seed: seed)
        var checked = 0, violations = 0
        for _ in 0..<trials {
            let symbols = NoiseSymbols(unsound: unsound)
            let m = Int(draw.rng.next() % 9)
            let K = 1 + Int(draw.rng.next() % 6)
            let peephole = draw.pick([false, false, true])
            symbols.begin(inputSymbols: m)
            let state = (0..<(2 * K)).map { _ in draw.form(symbols: m, context: symbols) }
            var terms: [AffineTerm<NoiseForm>] = []
            var exactCoefficients: [Int: Rational] = [:]
            for i in 0..<K {
                for (isPeephole, offset) in [(false, 0), (true, K)] where !isPeephole || peephole {
                    for j in 0..<K where draw.rng.next() % 4 != 0 {
                        let q: Rational = draw.pick([true, false])
                            ? Rational(exactly: draw.uniform(-3, 3) * draw.pick([1.0, 1e-8, 1e5]))!
                            : Rational(Int(draw.rng.next() % 2001) - 1000, Int(draw.rng.next() % 999) + 1)
                        exactCoefficients[i * 2 * K + offset + j] = q
                        terms.append(AffineTerm(row: i, column: j, peephole: isPeephole, coefficient: NoiseForm(enclosing: q, symbols: symbols)))
                    }
                }
            }
            var out = (0..<K).map { _ in zeroOutputs ? NoiseForm.zero : draw.form(symbols: m, context: symbols) }
            let before = out
            NoiseForm.addRecurrentTerms(NoiseForm.recurrentTerms(terms), longestRow: 2 * K, state: state, h: 0, c: K, into: &out, at: 0)
            symbols.end()
            for _ in 0..<samples {
                let epsilon = draw.epsilon(m)
                let values = state.map { ZonotopeReference.value($0, epsilon, tau: draw.tau()) }
                for i in 0..<K {
                    var exact = ZonotopeReference.value(before[i], epsilon, tau: draw.tau())
                    for s in 0..<(2 * K) { if let q = exactCoefficients[i * 2 * K + s] { exact += q * values[s] } }
                    checked += 1
                    if !ZonotopeReference.contains(out[i], epsilon, symbols: m, value: Interval(exact)) { violations += 1 }
                }
            }
        }
        return (checked, violations)
    }

    @Test func recurrentTermsContainExactProducts() {
        let r = Self.recurrentViolations(seed: 0x5EED)
        #expect(r.checked >= 1500)
        #expect(r.violations == 0, "\(r.violations) of \(r.checked) sampled rows outside the recurrent terms' forms")
    }

    /// Without the dot products' rounding error the same check fails (into
    /// zero outputs, so that no other rounding is dropped).
    @Test func recurrentTermsWithoutRoundoffAreCaught() {
        #expect(Self.recurrentViolations(unsound: .noRoundoff, zeroOutputs: true, seed: 0xBAD).violations > 0)
    }

    /// A parameter entered from an exact rational contains it.
    @Test func parameterContainsItsRational() {
        var draw = FormDraw(seed: 7)
        for _ in 0..<500 {
            let q = Rational(Int(draw.rng.next() % 200_001) - 100_000, Int(draw.rng.next() % 99_999) + 1)
            let f = NoiseForm(enclosing: q, symbols: nil)
            #expect((q - ZonotopeReference.exact(f.centre)).magnitude <= ZonotopeReference.exact(f.error))
            #expect(f.radius >= f.error)
        }
    }

    /// x = f(x) gives what f(copy of x) gives (value semantics; the fresh
    /// symbols numbered alike).
    @Test func aliasingGivesTheSameForm() {
        var draw = FormDraw(seed: 11)
        for _ in 0..<200 {
            let symbols = NoiseSymbols()
            symbols.begin(inputSymbols: 4)
            let x = draw.form(symbols: 4, context: symbols)
            let copy = x
            let expected = [copy + copy, copy * copy, copy - copy]
            var aliased = [x, x, x]
            aliased[0] = aliased[0] + aliased[0]
            aliased[1] = aliased[1] * aliased[1]
            aliased[2] = aliased[2] - aliased[2]
            symbols.end()
            for (a, e) in zip(aliased, expected) {
                #expect(a.centre == e.centre && a.error == e.error && a.radius == e.radius)
                #expect(a.coefficients.prefix(4) == e.coefficients.prefix(4))
            }
            symbols.begin(inputSymbols: 4)
            var accumulated = x
            accumulated.addProduct(accumulated, accumulated)
            symbols.end()
            symbols.begin(inputSymbols: 4)
            var reference = copy
            reference.addProduct(copy, copy)
            symbols.end()
            #expect(accumulated == reference)
        }
    }

    /// The bounds of a form enclose every sampled value.
    @Test func boundsEncloseTheForm() {
        var draw = FormDraw(seed: 13)
        for _ in 0..<300 {
            let symbols = NoiseSymbols()
            symbols.begin(inputSymbols: 5)
            let x = draw.form(symbols: 5, context: symbols)
            symbols.end()
            let b = x.bounds
            for _ in 0..<5 {
                let v = ZonotopeReference.value(x, draw.epsilon(5), tau: draw.tau())
                #expect(ZonotopeReference.exact(b.lower) <= v && v <= ZonotopeReference.exact(b.upper))
            }
        }
    }
}
