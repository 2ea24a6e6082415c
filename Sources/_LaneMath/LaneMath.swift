// Branch-free Float arithmetic on SIMD lanes, for the Monte-Carlo engine.
//
// Everything here is written with the integer and floating-point operators
// that lower to single vector instructions. The standard library's lane-wise
// comparisons, `replacing(with:where:)` and `clamped` are implemented lane by
// lane and defeat vectorisation (measured: 20× slower), so selection is done
// with bit masks instead.

/// Sixteen Float lanes: one AVX-512 register (two AVX2 ones). Wider SIMD
/// types (SIMD32, SIMD64) are not lowered to vector code by this toolchain
/// (measured: 500× slower), so wider blocks are built from several of these.
public typealias FloatVector = SIMD16<Float>
/// Per-lane masks: every bit of a lane set (true) or clear (false).
public typealias LaneMask = SIMD16<Int32>


@inlinable @inline(__always)
public func bitPattern(_ v: FloatVector) -> LaneMask { unsafeBitCast(v, to: LaneMask.self) }

@inlinable @inline(__always)
public func floatVector(bitPattern m: LaneMask) -> FloatVector { unsafeBitCast(m, to: FloatVector.self) }

/// mask ? a : b, lane by lane.
@inlinable @inline(__always)
public func select(_ mask: LaneMask, _ a: FloatVector, _ b: FloatVector) -> FloatVector {
    floatVector(bitPattern: (bitPattern(a) & mask) | (bitPattern(b) & ~mask))
}

/// The lanes where a > b: the sign bit of b − a, spread over the lane.
/// (Exact for finite a, b: b − a is negative exactly when a > b.)
@inlinable @inline(__always)
public func greater(_ a: FloatVector, _ b: FloatVector) -> LaneMask { bitPattern(b - a) &>> 31 }

/// The lanes where a == b (integers).
@inlinable @inline(__always)
public func equal(_ a: LaneMask, _ b: LaneMask) -> LaneMask {
    let d = a &- b
    return ~((d | (0 &- d)) &>> 31)
}

@inlinable @inline(__always)
public func minimum(_ a: FloatVector, _ b: FloatVector) -> FloatVector { select(greater(a, b), b, a) }

@inlinable @inline(__always)
public func maximum(_ a: FloatVector, _ b: FloatVector) -> FloatVector { select(greater(a, b), a, b) }

/// Masks from `bits`: lane i is true when bit i is 1.
@inlinable @inline(__always)
public func laneMask(bits: UInt16) -> LaneMask {
    let word = LaneMask(repeating: Int32(bitPattern: UInt32(bits) << 16))
    return (word &<< LaneMask(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)) &>> 31
}

/// 2^y for y clamped to [−126, 126]:
///
///     2^y = 2^n · e^(f·ln 2),  n = round(y),  |f| ≤ 1/2,
///
/// with e^u by its Taylor polynomial of degree 7 (|u| ≤ 0.347, remainder
/// below 5.3·10⁻⁹ relative, under Float's 6·10⁻⁸) and 2^n built in the
/// exponent field. n is found by adding 1.5·2²³, which rounds to an integer
/// in the low mantissa bits.
@inlinable @inline(__always)
public func exp2(_ y: FloatVector) -> FloatVector {
    let clamped = maximum(minimum(y, FloatVector(repeating: 126)), FloatVector(repeating: -126))
    let shifter = FloatVector(repeating: 12_582_912)
    let shifted = clamped + shifter
    let n = shifted - shifter
    let u = (clamped - n) * 0.693_147_180_559_945_3
    // Horner's rule with fused multiply-adds (`addingProduct` lowers to vfmadd).
    var p = FloatVector(repeating: 1.0 / 5040)
    p = FloatVector(repeating: 1.0 / 720).addingProduct(p, u)
    p = FloatVector(repeating: 1.0 / 120).addingProduct(p, u)
    p = FloatVector(repeating: 1.0 / 24).addingProduct(p, u)
    p = FloatVector(repeating: 1.0 / 6).addingProduct(p, u)
    p = FloatVector(repeating: 0.5).addingProduct(p, u)
    p = FloatVector(repeating: 1).addingProduct(p, u)
    p = FloatVector(repeating: 1).addingProduct(p, u)
    let exponent = bitPattern(shifted) &- bitPattern(shifter)
    return p * floatVector(bitPattern: (exponent &+ 127) &<< 23)
}

/// σ(x) = 1 / (1 + e^(−x)): relative error below 10⁻⁶ for |x| ≤ 8; beyond,
/// rounding x·log₂e to Float adds about |x|·2⁻²³ relative (σ is then below
/// 10⁻³ or within 10⁻³ of 1, and the absolute error stays under 10⁻⁷).
@inlinable @inline(__always)
public func sigmoid(_ x: FloatVector) -> FloatVector {
    1 / (1 + exp2(x * -1.442_695_040_888_963_4))
}

/// tanh(x) = 2σ(2x) − 1, absolute error a few units of 2⁻²⁴.
@inlinable @inline(__always)
public func tanh(_ x: FloatVector) -> FloatVector { 2 * sigmoid(2 * x) - 1 }

/// g(x) = min(max(x, −1), 1), the paper's piecewise-linear activation (eq. 17).
@inlinable @inline(__always)
public func hardclip(_ x: FloatVector) -> FloatVector {
    maximum(minimum(x, FloatVector(repeating: 1)), FloatVector(repeating: -1))
}

@inlinable @inline(__always)
public func relu(_ x: FloatVector) -> FloatVector { maximum(x, FloatVector()) }

// MARK: - Eight Double lanes

/// Eight Doubles in one register (AVX-512) or two (AVX2).
public typealias DoubleVector = SIMD8<Double>

/// Lanes where a > b as all-ones masks (the sign of b − a; neither may be NaN).
@inlinable @inline(__always)
func greater(_ a: DoubleVector, _ b: DoubleVector) -> SIMD8<Int64> { unsafeBitCast(b - a, to: SIMD8<Int64>.self) &>> 63 }

/// mask ? a : b, lane by lane, from bit operations (the stdlib's lane selection is scalarised).
@inlinable @inline(__always)
func select(_ mask: SIMD8<Int64>, _ a: DoubleVector, _ b: DoubleVector) -> DoubleVector {
    let x = unsafeBitCast(a, to: SIMD8<Int64>.self), y = unsafeBitCast(b, to: SIMD8<Int64>.self)
    return unsafeBitCast((x & mask) | (y & ~mask), to: DoubleVector.self)
}

/// e^x in every lane, relative error a few units of 2⁻⁵³ for |x| ≤ 708
/// (clamped beyond, so the result stays finite and nonzero):
///
///     e^x = 2^n · e^r,  n = round(x·log₂e),  r = x − n·ln 2 (|r| ≤ 0.347),
///
/// ln 2 split in two (Cody–Waite) so r is exact to rounding, e^r by its
/// Taylor polynomial of degree 13 (remainder below 2⁻⁵⁶), 2^n built in the
/// exponent field; n is found by adding 1.5·2⁵², which rounds to an integer in
/// the low mantissa bits.
@inlinable @inline(__always)
public func exponential(_ x: DoubleVector) -> DoubleVector {
    let high = DoubleVector(repeating: 708), low = DoubleVector(repeating: -708)
    let clamped = select(greater(x, high), high, select(greater(low, x), low, x))
    let shifter = DoubleVector(repeating: 6_755_399_441_055_744)
    let shifted = clamped * 1.442_695_040_888_963_4 + shifter
    let n = shifted - shifter
    var r = clamped.addingProduct(n, DoubleVector(repeating: -0.693_147_180_369_123_8))   // ln 2's leading 32 bits
    r = r.addingProduct(n, DoubleVector(repeating: -1.908_214_929_270_587_7e-10))            // and the rest
    // Horner's rule, 1/13! down to 1, with fused multiply-adds.
    @inline(__always) func step(_ p: DoubleVector, _ c: Double) -> DoubleVector { DoubleVector(repeating: c).addingProduct(p, r) }
    var p = DoubleVector(repeating: 1.0 / 6_227_020_800)
    p = step(p, 1.0 / 479_001_600); p = step(p, 1.0 / 39_916_800); p = step(p, 1.0 / 3_628_800)
    p = step(p, 1.0 / 362_880); p = step(p, 1.0 / 40320); p = step(p, 1.0 / 5040); p = step(p, 1.0 / 720)
    p = step(p, 1.0 / 120); p = step(p, 1.0 / 24); p = step(p, 1.0 / 6); p = step(p, 0.5); p = step(p, 1); p = step(p, 1)
    let exponent = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- unsafeBitCast(shifter, to: SIMD8<Int64>.self)
    return p * unsafeBitCast((exponent &+ 1023) &<< 52, to: DoubleVector.self)
}

/// σ(x) = 1 / (1 + e^(−x)) in every lane (relative error a few units of 2⁻⁵³).
@inlinable @inline(__always)
public func sigmoid(_ x: DoubleVector) -> DoubleVector { 1 / (1 + exponential(-x)) }

/// tanh(x) = 1 − 2 / (e^(2x) + 1) in every lane: absolute error a few units of
/// 2⁻⁵³ (relative error grows as |x| → 0, where tanh x ≈ x is below that).
@inlinable @inline(__always)
public func tanh(_ x: DoubleVector) -> DoubleVector { 1 - 2 / (exponential(2 * x) + 1) }
