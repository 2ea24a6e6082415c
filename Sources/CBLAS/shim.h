// OpenBLAS for the float engines' batched products: single-precision matrix
// products in row-major order, and the switch that keeps OpenBLAS on the
// calling thread (f1b parallelises over fixed chunks of paths itself, so that
// results do not depend on the thread count). Nothing else lives here.
#ifndef F1B_CBLAS_SHIM_H
#define F1B_CBLAS_SHIM_H
#include <cblas.h>

// Declared here as well: Debian's cblas.h may be another BLAS's through the alternatives system.
extern void openblas_set_num_threads(int num_threads);

// C <- alpha op(A) op(B) + beta C, row-major; op(X) = X^T when trans is nonzero.
static inline void f1b_sgemm(int transA, int transB, int m, int n, int k, float alpha,
                             const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// The same in double precision.
static inline void f1b_dgemm(int transA, int transB, int m, int n, int k, double alpha,
                             const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc) {
    cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// Every later BLAS call runs on its caller's thread alone.
static inline void f1b_blas_single_threaded(void) { openblas_set_num_threads(1); }
#endif
