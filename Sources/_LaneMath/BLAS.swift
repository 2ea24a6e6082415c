import CBLAS

/// OpenBLAS's matrix products in row-major order,
///
///     C ← α · op(A) · op(B) + β · C,   op(X) = X or Xᵀ,
///
/// A m×k, B k×n, C m×n after op, leading dimensions in elements. The library
/// is opened on the first product, with one thread (`f1b_blas_open` in
/// CBLAS/shim.h says why), so every product runs on its caller's thread:
/// callers that want parallelism split their work into fixed chunks, and
/// results do not depend on the thread count.
public enum BLAS {
    static let entryPoints: f1b_blas_entry_points = f1b_blas_open()

    /// Single precision. k ≥ 1, m, n ≥ 1.
    public static func sgemm(transposingA: Bool = false, transposingB: Bool = false, _ m: Int, _ n: Int, _ k: Int,
                             alpha: Float = 1, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                             beta: Float = 0, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        f1b_sgemm(entryPoints, transposingA ? 1 : 0, transposingB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                  a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Double precision. k ≥ 1, m, n ≥ 1.
    public static func dgemm(transposingA: Bool = false, transposingB: Bool = false, _ m: Int, _ n: Int, _ k: Int,
                             alpha: Double = 1, _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
                             beta: Double = 0, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        f1b_dgemm(entryPoints, transposingA ? 1 : 0, transposingB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                  a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
