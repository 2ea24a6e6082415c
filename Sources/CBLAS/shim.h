// OpenBLAS for the float engines' batched products: single- and
// double-precision matrix products in row-major order. Nothing else lives here.
//
// Loaded on first use, not linked: OpenBLAS's pthread build starts a pool of
// worker threads from its library constructor, which then spin (sched_yield)
// beside every f1b process — `check` included, which never multiplies a float
// matrix. Opening it on the first product, with OPENBLAS_NUM_THREADS=1 set
// before, keeps it off every command that does not use it and keeps it on the
// calling thread in those that do (f1b parallelises over fixed chunks of paths
// itself, so that results do not depend on the thread count).
#ifndef F1B_CBLAS_SHIM_H
#define F1B_CBLAS_SHIM_H
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

// The reference CBLAS interface (its enums are ints: row-major 101, no
// transpose 111, transpose 112; OpenBLAS's LP64 build takes int sizes).
enum { F1B_CBLAS_ROW_MAJOR = 101, F1B_CBLAS_NO_TRANS = 111, F1B_CBLAS_TRANS = 112 };
typedef void (*f1b_sgemm_fn)(int, int, int, int, int, int,
                             float, const float *, int, const float *, int, float, float *, int);
typedef void (*f1b_dgemm_fn)(int, int, int, int, int, int,
                             double, const double *, int, const double *, int, double, double *, int);
typedef void (*f1b_set_threads_fn)(int);

struct f1b_blas_entry_points {
    f1b_sgemm_fn sgemm;
    f1b_dgemm_fn dgemm;
};

// Opens OpenBLAS on one thread and returns its products. Call once per process
// (the Swift side keeps the result in a `static let`, which runs it once).
// The setenv may run beside other threads: glibc's first addition to the
// environment copies it into a new array and leaves the old one in place, so
// a thread reading it meanwhile sees the old or the new one (f1b adds no other
// variable). An OpenMP build of OpenBLAS ignores the variable; the
// openblas_set_num_threads(1) below pins it instead.
static inline struct f1b_blas_entry_points f1b_blas_open(void) {
    // Before the library's constructor reads it: no worker threads.
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    const char *names[] = {"libopenblas.so.0", "libopenblas.so", "libopenblas.dylib",
                           "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib"};
    void *library = NULL;
    for (unsigned i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        fprintf(stderr, "f1b: cannot load OpenBLAS (%s); install it with .ci/setup (libopenblas-dev)\n", dlerror());
        exit(2);
    }
    struct f1b_blas_entry_points blas;
    blas.sgemm = (f1b_sgemm_fn)dlsym(library, "cblas_sgemm");
    blas.dgemm = (f1b_dgemm_fn)dlsym(library, "cblas_dgemm");
    f1b_set_threads_fn setThreads = (f1b_set_threads_fn)dlsym(library, "openblas_set_num_threads");
    if (blas.sgemm == NULL || blas.dgemm == NULL) {
        fprintf(stderr, "f1b: the OpenBLAS found lacks cblas_sgemm or cblas_dgemm\n");
        exit(2);
    }
    if (setThreads != NULL) setThreads(1);
    return blas;
}

// C <- alpha op(A) op(B) + beta C, row-major; op(X) = X^T when trans is nonzero.
static inline void f1b_sgemm(struct f1b_blas_entry_points blas, int transA, int transB, int m, int n, int k, float alpha,
                             const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    blas.sgemm(F1B_CBLAS_ROW_MAJOR, transA ? F1B_CBLAS_TRANS : F1B_CBLAS_NO_TRANS, transB ? F1B_CBLAS_TRANS : F1B_CBLAS_NO_TRANS,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// The same in double precision.
static inline void f1b_dgemm(struct f1b_blas_entry_points blas, int transA, int transB, int m, int n, int k, double alpha,
                             const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc) {
    blas.dgemm(F1B_CBLAS_ROW_MAJOR, transA ? F1B_CBLAS_TRANS : F1B_CBLAS_NO_TRANS, transB ? F1B_CBLAS_TRANS : F1B_CBLAS_NO_TRANS,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
#endif
