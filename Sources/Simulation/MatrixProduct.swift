import _LaneMath

/// A row-major Float matrix in someone else's storage: entry (i, j) at
/// `base[i · stride + j]`. Views of one buffer (a block of columns, a band of
/// rows) are how the batched engines hand sub-matrices to the products
/// without copying.
public struct MatrixView: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Float>
    /// Floats from one row to the next.
    public let stride: Int

    @inlinable @inline(__always)
    public init(_ base: UnsafeMutablePointer<Float>, stride: Int) {
        self.base = base
        self.stride = stride
    }

    /// The view starting at row `row`, column `column`.
    @inlinable @inline(__always)
    public func offset(row: Int, column: Int = 0) -> MatrixView {
        MatrixView(base + row * stride + column, stride: stride)
    }

    /// Row `i` from column 0.
    @inlinable @inline(__always)
    public func row(_ i: Int) -> UnsafeMutablePointer<Float> { base + i * stride }
}

/// Single-precision matrix products for the batched engines:
///
///     C ← α · op(A) · op(B) + β · C,   op(X) = X or Xᵀ,
///
/// with A m×k, B k×n, C m×n after op, all row-major views. OpenBLAS does the
/// arithmetic, pinned to the calling thread (opened with one thread,
/// before the first product): the engines split their paths into chunks of
/// fixed size and run chunks in parallel themselves, so a product never
/// depends on how many threads a run has.
public enum MatrixProduct {
    public static func multiply(_ m: Int, _ n: Int, _ k: Int,
                                _ a: MatrixView, _ b: MatrixView, into c: MatrixView,
                                transposingA transA: Bool = false, transposingB transB: Bool = false,
                                alpha: Float = 1, beta: Float = 0) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // An empty sum: C ← β C.
            for i in 0..<m { for j in 0..<n { c.base[i * c.stride + j] = beta == 0 ? 0 : beta * c.base[i * c.stride + j] } }
            return
        }
        BLAS.sgemm(transposingA: transA, transposingB: transB, m, n, k, alpha: alpha, a.base, a.stride, b.base, b.stride,
                   beta: beta, c.base, c.stride)
    }

    /// G ← Σ_r v_r v_rᵀ (width × width, row-major) over `rows` vectors of `width`
    /// Doubles that `fill(r, v)` writes, taken in blocks of 512 as Vᵀ V products
    /// (Double, OpenBLAS): the Gram matrices of the fitted classifiers.
    public static func gram(rows: Int, width: Int, fill: (Int, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        let block = 512
        var g = [Double](repeating: 0, count: width * width)
        let v = UnsafeMutablePointer<Double>.allocate(capacity: block * width)
        defer { v.deallocate() }
        g.withUnsafeMutableBufferPointer { gram in
            for first in stride(from: 0, to: rows, by: block) {
                let count = min(block, rows - first)
                for r in 0..<count { fill(first + r, v + r * width) }
                BLAS.dgemm(transposingA: true, width, width, count, v, width, v, width, beta: 1, gram.baseAddress!, width)
            }
        }
        return g
    }
}

/// Floats at a fixed address, owned: weights and working space the products
/// read and write through `MatrixView`s. Zero-filled when made.
public final class FloatBuffer: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Float>
    public let count: Int

    public init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        base.update(from: values, count: values.count)
    }

    deinit { base.deallocate() }

    /// The whole buffer as a matrix whose rows are `stride` Floats apart.
    @inlinable @inline(__always)
    public func view(stride: Int) -> MatrixView { MatrixView(base, stride: stride) }

    public var values: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
