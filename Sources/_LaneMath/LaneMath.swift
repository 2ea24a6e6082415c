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
