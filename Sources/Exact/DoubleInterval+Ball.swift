/// Conversions between inf–sup intervals and midpoint–radius balls of Doubles
/// (`MidpointRadius`, `IntervalMatrix`, the lanes of `BallLanes`), each
/// outward: the result contains everything the argument contains.
extension DoubleInterval {
    /// [mid − radius, mid + radius] rounded outward (tightest, by TwoSum); the
    /// whole line when mid or radius is NaN or mid ± radius is ∞ − ∞.
    @inlinable public init(mid: Double, radius: Double) {
        let m = DoubleInterval(mid), r = DoubleInterval(radius)
        self.init(lower: (m - r).lower, upper: (m + r).upper)
    }

    /// A ball containing [lower, upper]: the midpoint rounded to nearest and the
    /// larger distance to an end rounded up (exact distances stay exact). An
    /// infinite end gives an infinite radius around the other end (or 0).
    public var ball: (mid: Double, radius: Double) {
        guard lower.isFinite, upper.isFinite else { return (lower.isFinite ? lower : upper.isFinite ? upper : 0, .infinity) }
        let m = midpoint, mm = DoubleInterval(m)
        return (m, Swift.max((DoubleInterval(upper) - mm).upper, (mm - DoubleInterval(lower)).upper))
    }

    /// A ball containing the rational q: the nearest Double and |q − it| rounded
    /// up in exact arithmetic (radius 0 for a Double; ∞ beyond Double's range).
    public static func ball(enclosing q: Rational) -> (mid: Double, radius: Double) {
        // Small p/q: |q − m| = |p − m·d| / d with the remainder exact, divided
        // rounding to nearest and then stepped up.
        if let (m, remainder, d) = q.nearestDoubleFromSmallParts() {
            guard remainder != 0 else { return (m, 0) }
            return (m, (remainder.magnitude / d).nextUp)
        }
        let m = Double(q)
        guard m.isFinite else { return (m, .infinity) }
        let gap = (q - Rational(exactly: m)!).magnitude
        let r = Double(gap)
        return (m, Rational(exactly: r)! < gap ? r.nextUp : r)
    }
}
