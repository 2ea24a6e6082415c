/// Midpoint–radius (ball) arithmetic on Double lanes in round-to-nearest, after
/// Rump ("Fast and parallel interval arithmetic", BIT 39, 1999): a ball
/// (m, r) stands for [m − r, m + r]; midpoints are rounded to nearest and the
/// radius absorbs both the operands' radii and the midpoint's rounding error.
///
/// **Radii computed upward without changing the rounding mode.** Let X be a
/// nonnegative expression in nonnegative exact operands built from +, ×, fused
/// a·b + c and min with a constant, and let its rounding count be 1 + the
/// maximum over a sum's terms, 1 + the sum over a product's factors (so
/// relative errors of factors add). Each rounding of a nonnegative v gives
/// fl(v) ≥ v(1 − u) − η/2, so by induction X ≤ X̂·(1 − u)^(−c) plus absolute
/// underflow losses far below 2⁻¹⁰⁰⁰ (at most a few η times factors below 8).
/// For c ≤ 30, `roundedUp(X̂)` = fl(X̂·(1 + 32u) + 2⁻¹⁰⁰⁰) ≥ X:
/// (1 + 32u)(1 − u) ≥ (1 − u)^(−30), and the last rounding loses at most
/// u·(that) or η/2, which the floor 2⁻¹⁰⁰⁰ covers. So every computed radius is
/// at least 2⁻¹⁰⁰⁰ once an operation rounds — negligible, and never below the
/// exact one.
///
/// **Midpoint rounding.** c = fl(v) for one operation (fused where the
/// operation is a·b + c) satisfies |c − v| ≤ u|c| when |v| ≥ 2⁻¹⁰²² and
/// ≤ η/2 below (covered by the floor); an overflow gives c = ±∞ and u|c| = ∞.
///
/// NaN propagates through midpoints and radii; a NaN or infinite radius
/// means the whole line.
///
/// Every function takes the rounding policy as a type (`RigorousRounding`,
/// the only one the library uses); tests pass one that drops the rounding
/// terms to show their containment checks fail without them.
public enum MidpointRadius {
    /// An upper bound on the exact value of a radius expression with at most 30 roundings.
    @inlinable @inline(__always)
    public static func roundedUp<V: DoubleLaneVector, R: BallRounding>(_ x: V, _: R.Type) -> V {
        V(repeating: R.radiusFloor).addingProduct(x, V(repeating: R.inflation))
    }

    /// a + b.
    @inlinable @inline(__always)
    public static func sum<V: DoubleLaneVector, R: BallRounding>(_ a: (mid: V, radius: V), _ b: (mid: V, radius: V),
                                                              _ rounding: R.Type) -> (mid: V, radius: V) {
        let c = a.mid + b.mid
        return (c, roundedUp((a.radius + b.radius).addingProduct(c.laneMagnitudes, V(repeating: R.roundoff)), rounding))
    }

    /// a − b.
    @inlinable @inline(__always)
    public static func difference<V: DoubleLaneVector, R: BallRounding>(_ a: (mid: V, radius: V), _ b: (mid: V, radius: V),
                                                                     _ rounding: R.Type) -> (mid: V, radius: V) {
        let c = a.mid - b.mid
        return (c, roundedUp((a.radius + b.radius).addingProduct(c.laneMagnitudes, V(repeating: R.roundoff)), rounding))
    }

    /// a·b: |xy − a.mid·b.mid| ≤ a.radius·(|b.mid| + b.radius) + |a.mid|·b.radius
    /// for x, y in the balls, plus the midpoint's rounding (four roundings).
    @inlinable @inline(__always)
    public static func product<V: DoubleLaneVector, R: BallRounding>(_ a: (mid: V, radius: V), _ b: (mid: V, radius: V),
                                                                  _ rounding: R.Type) -> (mid: V, radius: V) {
        let c = a.mid * b.mid
        let spread = (a.radius * (b.mid.laneMagnitudes + b.radius)).addingProduct(a.mid.laneMagnitudes, b.radius)
        return (c, roundedUp(spread.addingProduct(c.laneMagnitudes, V(repeating: R.roundoff)), rounding))
    }

    /// s + a·b with one rounding of the midpoint (fused). The radius must bound
    /// s.radius + S, S = |a.mid|·b.radius + a.radius·(|b.mid| + b.radius) + u|c|.
    /// It is accumulated as fl(s.radius·(1 + 32u) + S'), S' = `roundedUp`(Ŝ) (Ŝ
    /// has four roundings): fl(s.radius·F + S') ≥ (s.radius·F + S')(1 − u) ≥
    /// s.radius + S, since F(1 − u) ≥ 1 and S'(1 − u) ≥ S (F(1 − u)⁶ ≥ 1). So
    /// the running radius passes through one fused operation per term — the
    /// loop-carried dependency of a row's accumulation is one fma, not four.
    @inlinable @inline(__always)
    public static func sumOfProduct<V: DoubleLaneVector, R: BallRounding>(_ s: (mid: V, radius: V), _ a: (mid: V, radius: V),
                                                                       _ b: (mid: V, radius: V), _ rounding: R.Type) -> (mid: V, radius: V) {
        let c = s.mid.addingProduct(a.mid, b.mid)
        let spread = (a.mid.laneMagnitudes * b.radius).addingProduct(a.radius, b.mid.laneMagnitudes + b.radius)
        let term = roundedUp(spread.addingProduct(c.laneMagnitudes, V(repeating: R.roundoff)), rounding)
        return (c, term.addingProduct(s.radius, V(repeating: R.inflation)))
    }
}

extension MidpointRadius {
    /// The constants of a k-term dot product's radius (`IntervalMatrix` states
    /// the bound and its proof): γ = (k + 1)u weighs Σ|a|·|b|, the midpoint's
    /// rounding error; `weightFloor` = η (the least positive Double) is added
    /// to each weight γ|b| + r_b, because fl(γ|b|) may underflow by η/2 and the
    /// weight is then multiplied by an |a| that can be large; the radius sum,
    /// accumulated in round-to-nearest, is multiplied by `inflation` =
    /// 1 + (4k + 16)u ≥ (1 − u)^(−(k+7)) and gets 2⁻¹⁰⁰⁰ + u·|midpoint| added.
    @inlinable @inline(__always)
    public static func dotProductRounding<R: BallRounding>(terms k: Int, _: R.Type)
        -> (gamma: Double, inflation: Double, weightFloor: Double) {
        (Double(k + 1) * R.roundoff, 1 + Double(4 * k + 16) * R.roundoff, R.roundoff > 0 ? .leastNonzeroMagnitude : 0)
    }
}

/// How the certified kernels account for rounding: `RigorousRounding` is the
/// only policy the library uses. A test-only policy that drops the terms
/// (zero roundoff, no inflation, no floor, zero enclosure errors) makes the
/// same code unsound, so the tests can show their containment checks catch it.
public protocol BallRounding: Sendable {
    /// u, bounding a midpoint's relative rounding error.
    static var roundoff: Double { get }
    /// The factor that turns a radius computed in round-to-nearest into an upper bound.
    static var inflation: Double { get }
    /// The absolute term that covers underflow.
    static var radiusFloor: Double { get }
    /// Multiplies the proven error bounds of tanh, σ and exp (1).
    static var enclosureErrors: Double { get }
}

/// The rounding terms proven in `MidpointRadius`, `ExponentialKernel` and the enclosures.
public enum RigorousRounding: BallRounding {
    @inlinable public static var roundoff: Double { 0x1p-53 }
    /// 1 + 32u: covers 30 roundings.
    @inlinable public static var inflation: Double { 1 + 0x1p-48 }
    /// 2⁻¹⁰⁰⁰: covers every underflow loss.
    @inlinable public static var radiusFloor: Double { 0x1p-1000 }
    @inlinable public static var enclosureErrors: Double { 1 }
}

extension MidpointRadius {
    /// The ball (m, r) ⊇ [lower, upper]: m = fl(lower/2 + upper/2), r the larger
    /// distance to an end, rounded up (one rounding). Infinite or NaN bounds give
    /// an infinite or NaN radius.
    @inlinable @inline(__always)
    public static func ball<V: DoubleLaneVector, R: BallRounding>(lower: V, upper: V, _ rounding: R.Type) -> (mid: V, radius: V) {
        let m = (upper * 0.5).addingProduct(lower, V(repeating: 0.5))
        let above = (upper - m).laneMagnitudes, below = (m - lower).laneMagnitudes
        return (m, roundedUp(above.replacing(with: below, whereLanes: above.lanes(below: below)), rounding))
    }
}

extension MidpointRadius {
    /// Lane by lane, the ball with the smaller radius (for two enclosures of the same set).
    @inlinable @inline(__always)
    public static func narrower<V: DoubleLaneVector>(_ a: (mid: V, radius: V), _ b: (mid: V, radius: V)) -> (mid: V, radius: V) {
        let useB = b.radius.lanes(below: a.radius)
        return (a.mid.replacing(with: b.mid, whereLanes: useB), a.radius.replacing(with: b.radius, whereLanes: useB))
    }

    /// An increasing function with values in [low, high] on balls: its
    /// mean-value ball, and where some lane is wider than `wideRadius` also the
    /// ball from bounds at the ends — the lower bound of f at fl(m − r) rounded
    /// down, the upper bound at fl(m + r) rounded up (f increases), clamped to
    /// [low, high] — taking the narrower per lane. `enclosure` gives f's point
    /// enclosures (value, error), `meanValue` its mean-value ball.
    @inlinable @inline(__always)
    public static func increasingBall<V: DoubleLaneVector, R: BallRounding>(
        mid: V, radius: V, range low: Double, _ high: Double, _ rounding: R.Type,
        enclosure: (V) -> (value: V, error: V), meanValue: (V, V) -> (mid: V, radius: V)
    ) -> (mid: V, radius: V) {
        let central = meanValue(mid, radius)
        guard V.anyLane(radius.lanes(above: wideRadius)) else { return central }
        let down = V(repeating: -1), up = V(repeating: 1)
        let (vl, el) = enclosure(OutwardRounding.bound(mid, plusOrMinus: radius, direction: down))
        let (vh, eh) = enclosure(OutwardRounding.bound(mid, plusOrMinus: radius, direction: up))
        let lower = OutwardRounding.bound(vl, plusOrMinus: el, direction: down), upper = OutwardRounding.bound(vh, plusOrMinus: eh, direction: up)
        let ends = ball(lower: lower.replacing(with: low, whereLanes: lower.lanes(below: low)),
                        upper: upper.replacing(with: high, whereLanes: upper.lanes(above: high)), rounding)
        return narrower(central, ends)
    }

    /// The radius above which the activations' mean-value balls are compared
    /// with balls from bounds at both ends (wide balls: e^(2r) and the slope at
    /// the midpoint lose to the ends' values).
    public static let wideRadius = 0x1p-12
}
