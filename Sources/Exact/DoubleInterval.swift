import CArb

/// A certified enclosure [lower, upper] with Double endpoints: the fast
/// interval arithmetic of the cover engine (`Interval`, with rational
/// endpoints, is the precise one).
///
/// Soundness: IEEE 754 rounds +, − and × correctly to nearest, and the
/// rounding error of each is itself a Double computed exactly (TwoSum; fma),
/// so every bound is the rounded result or, when that is inexact, its
/// neighbour on the side of the exact result — the tightest Double bounds,
/// and exact results (sums and products of dyadic numbers) stay exact. tanh, σ and exp are
/// increasing: they are evaluated at the exact endpoints by the certified
/// Double kernels (`CertifiedTanh`, `CertifiedSigmoid`, `CertifiedExponential`:
/// proven error bounds of a few units of 2⁻⁵³, rounded outward); Arb's
/// certified ball arithmetic (FLINT/Arb) gives the reference (`arbTanh`, …).
/// A NaN bound (∞ − ∞, 0·∞) widens to the whole line.
public struct DoubleInterval: Sendable, Hashable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double

    /// [lower, upper]; a NaN bound gives (−∞, ∞).
    @inlinable public init(lower: Double, upper: Double) {
        if lower.isNaN || upper.isNaN {
            self.lower = -.infinity
            self.upper = .infinity
        } else {
            self.lower = lower
            self.upper = upper
        }
    }

    /// The point x (an exact Double).
    @inlinable public init(_ x: Double) { self.init(lower: x, upper: x) }

    /// The tightest Double interval containing the rational q.
    public init(enclosing q: Rational) {
        let d = Double(q)
        if d.isInfinite {
            self.init(lower: d > 0 ? .greatestFiniteMagnitude : -.infinity, upper: d > 0 ? .infinity : -.greatestFiniteMagnitude)
            return
        }
        let exact = Rational(exactly: d)!
        self.init(lower: exact <= q ? d : d.nextDown, upper: exact >= q ? d : d.nextUp)
    }

    /// The exact endpoints as rationals (a certificate reports these).
    public var exact: Interval { Interval(lower: Rational(exactly: lower)!, upper: Rational(exactly: upper)!) }

    @inlinable public var width: Double { upper - lower }
    @inlinable public var midpoint: Double { lower / 2 + upper / 2 }
    @inlinable public var isPoint: Bool { lower == upper }

    @inlinable public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }
    @inlinable public func contains(_ other: DoubleInterval) -> Bool { lower <= other.lower && other.upper <= upper }
    @inlinable public func meets(_ other: DoubleInterval) -> Bool { lower <= other.upper && other.lower <= upper }

    @inlinable public func hull(_ other: DoubleInterval) -> DoubleInterval {
        DoubleInterval(lower: Swift.min(lower, other.lower), upper: Swift.max(upper, other.upper))
    }

    /// The intersection, which contains whatever both contain; nil when empty.
    @inlinable public func intersection(_ other: DoubleInterval) -> DoubleInterval? {
        let l = Swift.max(lower, other.lower), u = Swift.min(upper, other.upper)
        return l <= u ? DoubleInterval(lower: l, upper: u) : nil
    }

    @inlinable public static func + (a: DoubleInterval, b: DoubleInterval) -> DoubleInterval {
        DoubleInterval(lower: Self.sum(a.lower, b.lower).lower, upper: Self.sum(a.upper, b.upper).upper)
    }

    @inlinable public static func - (a: DoubleInterval, b: DoubleInterval) -> DoubleInterval {
        DoubleInterval(lower: Self.sum(a.lower, -b.upper).lower, upper: Self.sum(a.upper, -b.lower).upper)
    }

    @inlinable public static prefix func - (a: DoubleInterval) -> DoubleInterval {
        DoubleInterval(lower: -a.upper, upper: -a.lower)
    }

    @inlinable public static func * (a: DoubleInterval, b: DoubleInterval) -> DoubleInterval {
        if a.isPoint && b.isPoint { return Self.product(a.lower, b.lower) }
        if a.isPoint || b.isPoint {
            // A weight times an interval: the bounds are the two end products, in order.
            let (w, x) = a.isPoint ? (a.lower, b) : (b.lower, a)
            if w == 0 { return DoubleInterval(0.0) }
            let p = Self.product(w, x.lower), q = Self.product(w, x.upper)
            return w > 0 ? DoubleInterval(lower: p.lower, upper: q.upper) : DoubleInterval(lower: q.lower, upper: p.upper)
        }
        let p1 = Self.product(a.lower, b.lower), p2 = Self.product(a.lower, b.upper)
        let p3 = Self.product(a.upper, b.lower), p4 = Self.product(a.upper, b.upper)
        return DoubleInterval(lower: Swift.min(p1.lower, p2.lower, p3.lower, p4.lower),
                              upper: Swift.max(p1.upper, p2.upper, p3.upper, p4.upper))
    }

    /// The tightest interval of Doubles holding the exact x + y: the rounded sum
    /// and, if inexact, its neighbour on the side of the exact error (TwoSum,
    /// exact in round-to-nearest). Exact sums stay points.
    @inlinable static func sum(_ x: Double, _ y: Double) -> DoubleInterval {
        let s = x + y
        guard s.isFinite else { return s.isNaN ? DoubleInterval(lower: -.infinity, upper: .infinity) : DoubleInterval(lower: s > 0 ? .greatestFiniteMagnitude : -.infinity, upper: s > 0 ? .infinity : -.greatestFiniteMagnitude) }
        let yy = s - x, xx = s - yy
        let error = (x - xx) + (y - yy)
        return DoubleInterval(lower: error < 0 ? s.nextDown : s, upper: error > 0 ? s.nextUp : s)
    }

    /// The tightest interval of Doubles holding the exact x·y: the rounded
    /// product and, if inexact, its neighbour on the side of the exact error
    /// (fma(x, y, −p) is exact unless the product is near underflow, where both
    /// neighbours are taken). 0·∞ gives the whole line.
    @inlinable static func product(_ x: Double, _ y: Double) -> DoubleInterval {
        let p = x * y
        guard p.isFinite else {
            if p.isNaN { return DoubleInterval(lower: -.infinity, upper: .infinity) }
            return DoubleInterval(lower: p > 0 ? .greatestFiniteMagnitude : -.infinity, upper: p > 0 ? .infinity : -.greatestFiniteMagnitude)
        }
        if p.magnitude < 0x1p-960 {
            if x == 0 || y == 0 { return DoubleInterval(0.0) }
            return DoubleInterval(lower: p.nextDown, upper: p.nextUp)
        }
        let error = (-p).addingProduct(x, y)
        return DoubleInterval(lower: error < 0 ? p.nextDown : p, upper: error > 0 ? p.nextUp : p)
    }

    /// x² ⊇ {x·x}, tighter than x·x when x contains 0.
    @inlinable public var squared: DoubleInterval {
        if lower >= 0 { return DoubleInterval(lower: Self.product(lower, lower).lower, upper: Self.product(upper, upper).upper) }
        if upper <= 0 { return DoubleInterval(lower: Self.product(upper, upper).lower, upper: Self.product(lower, lower).upper) }
        let m = Swift.max(-lower, upper)
        return DoubleInterval(lower: 0, upper: Self.product(m, m).upper)
    }

    public var description: String { isPoint ? "[\(lower)]" : "[\(lower), \(upper)]" }
}

// MARK: - Increasing functions: fast certified kernels at the endpoints

// Always inlined: compiled where they are used, so modules built for the host's
// vector units (Cells, where the cells' activations call them) get fused
// multiply–adds; Exact itself is built for baseline x86-64, where each fused
// operation is a libm call (the bounds hold either way).

extension DoubleInterval {
    /// tanh, within [−1, 1]: the lower bound of tanh at `lower` and the upper
    /// bound at `upper` (tanh increases), both lanes of one `CertifiedTanh`
    /// evaluation (error at most 6.25u relative each, rounded outward).
    @inlinable @inline(__always) public var tanh: DoubleInterval {
        let (y, e) = CertifiedTanh.enclosure(SIMD2(lower, upper))
        let b = OutwardRounding.bound(y, plusOrMinus: e, direction: SIMD2(-1, 1))
        return DoubleInterval(lower: Swift.max(b[0], -1), upper: Swift.min(b[1], 1))
    }

    /// σ(x) = 1/(1 + e^(−x)), within [0, 1] (`CertifiedSigmoid` at both ends).
    @inlinable @inline(__always) public var sigmoid: DoubleInterval {
        let (y, e) = CertifiedSigmoid.enclosure(SIMD2(lower, upper))
        let b = OutwardRounding.bound(y, plusOrMinus: e, direction: SIMD2(-1, 1))
        return DoubleInterval(lower: Swift.max(b[0], 0), upper: Swift.min(b[1], 1))
    }

    /// e^x (`CertifiedExponential` at both ends).
    @inlinable @inline(__always) public var exp: DoubleInterval {
        let b = CertifiedExponential.bounds(SIMD2(lower, upper))
        return DoubleInterval(lower: b.lower[0], upper: b.upper[1])
    }
}

// MARK: - The same functions certified by Arb at the endpoints (the reference)

extension DoubleInterval {
    /// Bits Arb works at for tanh, σ and exp (the results are then rounded to 53).
    static let transcendentalPrecision = 64

    /// f on [lower, upper] for increasing f, from certified values at both ends.
    @inline(__always) func increasing(_ f: (Double, Int, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void) -> DoubleInterval {
        var lo = 0.0, hi = 0.0, unused = 0.0
        guard lower.isFinite, upper.isFinite else { return DoubleInterval(lower: -.infinity, upper: .infinity) }
        if isPoint {
            f(lower, Self.transcendentalPrecision, &lo, &hi)
        } else {
            f(lower, Self.transcendentalPrecision, &lo, &unused)
            f(upper, Self.transcendentalPrecision, &unused, &hi)
        }
        return DoubleInterval(lower: lo, upper: hi)
    }

    /// tanh by Arb's ball arithmetic at the endpoints (about 1 µs; the reference for `tanh`).
    public var arbTanh: DoubleInterval {
        if lower == 0 && upper == 0 { return self }
        return increasing { x, p, lo, hi in f1b_arb_tanh(x, p, lo, hi) }
    }

    /// σ by Arb at the endpoints (the reference for `sigmoid`).
    public var arbSigmoid: DoubleInterval { increasing { x, p, lo, hi in f1b_arb_sigmoid(x, p, lo, hi) } }

    /// e^x by Arb at the endpoints (the reference for `exp`).
    public var arbExp: DoubleInterval { increasing { x, p, lo, hi in f1b_arb_exp(x, p, lo, hi) } }
}
