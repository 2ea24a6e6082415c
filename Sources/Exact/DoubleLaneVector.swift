/// SIMD vectors of Doubles the certified kernels run on: `SIMD2<Double>` for a
/// `DoubleInterval`'s two endpoints at once, `SIMD8<Double>` for the lanes of
/// `BallLanes` (two AVX2 registers). The kernels are generic and inlinable, so
/// each is specialised (and, in modules built for the host's vector units,
/// fused) where it is used.
///
/// Everything here lowers to single vector instructions: arithmetic, fused
/// multiply–add (`addingProduct`), lane comparisons of Doubles with
/// `replacing(with:where:)` (vcmppd + vblendvpd; measured in this toolchain),
/// and integer operations on the bit patterns. `pointwiseMin`/`pointwiseMax`
/// and `.magnitude` are not used: the former are scalarised (NaN rules), the
/// latter does not exist for SIMD types.
public protocol DoubleLaneVector: SIMD where Scalar == Double, MaskStorage.Scalar == Int64 {}

extension SIMD2: DoubleLaneVector where Scalar == Double {}
extension SIMD4: DoubleLaneVector where Scalar == Double {}
extension SIMD8: DoubleLaneVector where Scalar == Double {}

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
        return c.addingProduct(s, step).replacing(with: y, where: e .== V(repeating: 0))
    }
}
