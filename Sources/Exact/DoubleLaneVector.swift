/// SIMD vectors of Doubles the certified kernels run on: `SIMD2<Double>` for a
/// `DoubleInterval`'s two endpoints at once, `SIMD8<Double>` for the lanes of
/// `BallLanes` (two AVX2 registers). The kernels are generic and inlinable, so
/// each is specialised (and, in modules built for the host's vector units,
/// fused) where it is used.
///
/// Everything here lowers to single vector instructions: arithmetic, fused
/// multiply–add (`addingProduct`), and integer operations on the bit patterns.
/// Lane masks are bit patterns (all ones or all zeros per lane) built from
/// signs and integer differences, and selection is a blend on them: the
/// standard library's lane comparisons (`.<`), `replacing(with:where:)` on
/// their masks, `any`, `pointwiseMin`/`Max` are compiled lane by lane inside
/// these kernels (measured: 6–10× slower), as `_LaneMath` notes for Floats.
public protocol DoubleLaneVector: SIMD where Scalar == Double, MaskStorage.Scalar == Int64 {
    /// Whether any lane of `mask` has its sign bit set (a reduction by halves).
    static func anyLane(_ mask: MaskStorage) -> Bool
}

extension SIMD2: DoubleLaneVector where Scalar == Double {
    @inlinable @inline(__always)
    public static func anyLane(_ mask: SIMD2<Int64>) -> Bool { (mask[0] | mask[1]) < 0 }
}

extension SIMD4: DoubleLaneVector where Scalar == Double {
    @inlinable @inline(__always)
    public static func anyLane(_ mask: SIMD4<Int64>) -> Bool { SIMD2<Double>.anyLane(mask.lowHalf | mask.highHalf) }
}

extension SIMD8: DoubleLaneVector where Scalar == Double {
    @inlinable @inline(__always)
    public static func anyLane(_ mask: SIMD8<Int64>) -> Bool { SIMD4<Double>.anyLane(mask.lowHalf | mask.highHalf) }
}

extension DoubleLaneVector {
    /// The bit patterns of the lanes.
    @inlinable @inline(__always)
    public var bitPatterns: MaskStorage { unsafeBitCast(self, to: MaskStorage.self) }

    /// Lanes from bit patterns.
    @inlinable @inline(__always)
    public init(bitPatterns: MaskStorage) { self = unsafeBitCast(bitPatterns, to: Self.self) }

    /// |x| in every lane (the sign bit cleared; NaN stays NaN).
    @inlinable @inline(__always)
    public var laneMagnitudes: Self { Self(bitPatterns: bitPatterns & MaskStorage(repeating: .max)) }

    /// The lanes of `self` with the sign bits of `sign` (|self| must have its sign bit clear).
    @inlinable @inline(__always)
    public func withSigns(of sign: Self) -> Self {
        Self(bitPatterns: bitPatterns | (sign.bitPatterns & MaskStorage(repeating: .min)))
    }

    /// mask ? other : self, lane by lane (mask lanes all ones or all zeros).
    @inlinable @inline(__always)
    public func replacing(with other: Self, whereLanes mask: MaskStorage) -> Self {
        Self(bitPatterns: (bitPatterns & ~mask) | (other.bitPatterns & mask))
    }

    /// mask ? value : self, lane by lane.
    @inlinable @inline(__always)
    public func replacing(with value: Double, whereLanes mask: MaskStorage) -> Self {
        replacing(with: Self(repeating: value), whereLanes: mask)
    }

    /// The lanes that are not NaN: |x|'s bit pattern at most +∞'s.
    @inlinable @inline(__always)
    public var numberLanes: MaskStorage {
        (laneMagnitudes.bitPatterns &- MaskStorage(repeating: 0x7ff0_0000_0000_0001)) &>> 63
    }

    /// The lanes with x < c (false for NaN; −0 counts as below 0): the sign of
    /// d = x − c, which rounding never flips and which is +0 when x = c, kept
    /// where d is a number (d is NaN for NaN lanes and for x = c = ±∞).
    @inlinable @inline(__always)
    public func lanes(below c: Double) -> MaskStorage { Self.negativeNumberLanes(self - Self(repeating: c)) }

    /// The lanes with x > c (false for NaN and for x = c = ±∞): the sign of c − x.
    @inlinable @inline(__always)
    public func lanes(above c: Double) -> MaskStorage { Self.negativeNumberLanes(Self(repeating: c) - self) }

    /// The lanes with a < b lane by lane (false where either is NaN or both are the same infinity).
    @inlinable @inline(__always)
    public func lanes(below b: Self) -> MaskStorage { Self.negativeNumberLanes(self - b) }

    /// The lanes of d with the sign bit set that are not NaN.
    @inlinable @inline(__always)
    static func negativeNumberLanes(_ d: Self) -> MaskStorage { (d.bitPatterns &>> 63) & d.numberLanes }

    /// The lanes holding ±0.
    @inlinable @inline(__always)
    public var zeroLanes: MaskStorage { (laneMagnitudes.bitPatterns &- MaskStorage(repeating: 1)) &>> 63 }

    /// The lanes whose sign bit is set (negative numbers and −0).
    @inlinable @inline(__always)
    public var signLanes: MaskStorage { bitPatterns &>> 63 }
}

/// Outward rounding in round-to-nearest (Rump, Zimmermann, Boldo and
/// Melquiond, "Computing predecessor and successor in rounding to nearest",
/// BIT 49, 2009, with the increment rounded by one fused operation):
///
///     e = fl(φ·|c| + η),  φ = u(1 + 2u),  u = 2⁻⁵³,  η = 2⁻¹⁰⁷⁴,
///     fl(c − e) ≤ pred(c),  fl(c + e) ≥ succ(c)   for every finite c.
///
/// Proof: half the gap from c to either neighbour is at most u|c| when
/// |c| ≥ 2⁻¹⁰²², and η/2 below. If e is normal, e ≥ (φ|c| + η)(1 − u) >
/// max(u|c|, η/2); if subnormal, its rounding error is at most η/2, so e ≥
/// φ|c| + η/2, again above half the gap (for c ≠ 0). So c ± e lies past the
/// midpoint to the neighbour and rounds to it or beyond; for c = 0, e = η =
/// succ(0).
///
/// So for a real v and c = fl(v): v > pred(c) ≥ fl(c − e) and v < succ(c) ≤
/// fl(c + e) — the neighbours of a rounded value bound the exact one.
public enum OutwardRounding {
    public static let phi = 0x1p-53 + 0x1p-105
    public static let eta = 0x1p-1074

    /// A lower bound on y − e and an upper bound on y + e, lane by lane
    /// (direction −1 or +1 per lane; exact where e = 0). NaN stays NaN;
    /// ±∞ stay.
    @inlinable @inline(__always)
    public static func bound<V: DoubleLaneVector>(_ y: V, plusOrMinus e: V, direction s: V) -> V {
        let c = y.addingProduct(s, e)                    // fl(y ± e)
        let step = V(repeating: eta).addingProduct(c.laneMagnitudes, V(repeating: phi))
        return c.addingProduct(s, step).replacing(with: y, whereLanes: e.zeroLanes)
    }
}
