// GMP names most of its API through macros (mpq_add is #define'd to __gmpq_add,
// mpq_numref is a function-like macro), which Swift cannot import. These inline
// wrappers give Swift real functions with stable names. Nothing else lives here.
#ifndef F1B_CGMP_SHIM_H
#define F1B_CGMP_SHIM_H
#include <gmp.h>
#include <stddef.h>
#include <string.h>

// ---- mpq ----
static inline void f1b_mpq_init(mpq_ptr q) { mpq_init(q); }
static inline void f1b_mpq_clear(mpq_ptr q) { mpq_clear(q); }
static inline void f1b_mpq_set(mpq_ptr r, mpq_srcptr a) { mpq_set(r, a); }
static inline void f1b_mpq_set_si(mpq_ptr r, long n, unsigned long d) { mpq_set_si(r, n, d); }
static inline void f1b_mpq_set_z(mpq_ptr r, mpz_srcptr a) { mpq_set_z(r, a); }
static inline void f1b_mpq_canonicalize(mpq_ptr q) { mpq_canonicalize(q); }
static inline void f1b_mpq_add(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_add(r, a, b); }
static inline void f1b_mpq_sub(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_sub(r, a, b); }
static inline void f1b_mpq_mul(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_mul(r, a, b); }
static inline void f1b_mpq_div(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_div(r, a, b); }
static inline void f1b_mpq_neg(mpq_ptr r, mpq_srcptr a) { mpq_neg(r, a); }
static inline void f1b_mpq_abs(mpq_ptr r, mpq_srcptr a) { mpq_abs(r, a); }
static inline void f1b_mpq_inv(mpq_ptr r, mpq_srcptr a) { mpq_inv(r, a); }
static inline int f1b_mpq_cmp(mpq_srcptr a, mpq_srcptr b) { return mpq_cmp(a, b); }
static inline int f1b_mpq_cmp_si(mpq_srcptr a, long n, unsigned long d) { return mpq_cmp_si(a, n, d); }
static inline int f1b_mpq_sgn(mpq_srcptr a) { return mpq_sgn(a); }
static inline int f1b_mpq_equal(mpq_srcptr a, mpq_srcptr b) { return mpq_equal(a, b); }
static inline mpz_ptr f1b_mpq_numref(mpq_ptr q) { return mpq_numref(q); }
static inline mpz_ptr f1b_mpq_denref(mpq_ptr q) { return mpq_denref(q); }
static inline mpz_srcptr f1b_mpq_numref_const(mpq_srcptr q) { return mpq_numref(q); }
static inline mpz_srcptr f1b_mpq_denref_const(mpq_srcptr q) { return mpq_denref(q); }

// ---- mpz ----
static inline void f1b_mpz_init(mpz_ptr z) { mpz_init(z); }
static inline void f1b_mpz_clear(mpz_ptr z) { mpz_clear(z); }
static inline void f1b_mpz_set(mpz_ptr r, mpz_srcptr a) { mpz_set(r, a); }
static inline void f1b_mpz_set_si(mpz_ptr r, long v) { mpz_set_si(r, v); }
static inline void f1b_mpz_set_ui(mpz_ptr r, unsigned long v) { mpz_set_ui(r, v); }
static inline int f1b_mpz_set_str(mpz_ptr r, const char *s, int base) { return mpz_set_str(r, s, base); }
static inline size_t f1b_mpz_sizeinbase(mpz_srcptr a, int base) { return mpz_sizeinbase(a, base); }
static inline char *f1b_mpz_get_str(char *s, int base, mpz_srcptr a) { return mpz_get_str(s, base, a); }
static inline void f1b_mpz_add(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_add(r, a, b); }
static inline void f1b_mpz_sub(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_sub(r, a, b); }
static inline void f1b_mpz_mul(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_mul(r, a, b); }
static inline void f1b_mpz_add_ui(mpz_ptr r, mpz_srcptr a, unsigned long b) { mpz_add_ui(r, a, b); }
static inline void f1b_mpz_mul_ui(mpz_ptr r, mpz_srcptr a, unsigned long b) { mpz_mul_ui(r, a, b); }
static inline void f1b_mpz_mul_2exp(mpz_ptr r, mpz_srcptr a, mp_bitcnt_t e) { mpz_mul_2exp(r, a, e); }
static inline void f1b_mpz_ui_pow_ui(mpz_ptr r, unsigned long b, unsigned long e) { mpz_ui_pow_ui(r, b, e); }
static inline void f1b_mpz_tdiv_qr(mpz_ptr q, mpz_ptr r, mpz_srcptr n, mpz_srcptr d) { mpz_tdiv_qr(q, r, n, d); }
static inline void f1b_mpz_abs(mpz_ptr r, mpz_srcptr a) { mpz_abs(r, a); }
static inline void f1b_mpz_neg(mpz_ptr r, mpz_srcptr a) { mpz_neg(r, a); }
static inline int f1b_mpz_cmp(mpz_srcptr a, mpz_srcptr b) { return mpz_cmp(a, b); }
static inline int f1b_mpz_cmp_ui(mpz_srcptr a, unsigned long b) { return mpz_cmp_ui(a, b); }
static inline int f1b_mpz_sgn(mpz_srcptr a) { return mpz_sgn(a); }
static inline int f1b_mpz_odd_p(mpz_srcptr a) { return mpz_odd_p(a); }
static inline int f1b_mpz_fits_slong_p(mpz_srcptr a) { return mpz_fits_slong_p(a); }
static inline long f1b_mpz_get_si(mpz_srcptr a) { return mpz_get_si(a); }
static inline unsigned long f1b_mpz_get_ui(mpz_srcptr a) { return mpz_get_ui(a); }
static inline size_t f1b_mpz_size(mpz_srcptr a) { return mpz_size(a); }
static inline mp_limb_t f1b_mpz_getlimbn(mpz_srcptr a, mp_size_t n) { return mpz_getlimbn(a, n); }
static inline void f1b_mpz_fdiv_q(mpz_ptr q, mpz_srcptr n, mpz_srcptr d) { mpz_fdiv_q(q, n, d); }
static inline void f1b_mpz_cdiv_q(mpz_ptr q, mpz_srcptr n, mpz_srcptr d) { mpz_cdiv_q(q, n, d); }
static inline mp_bitcnt_t f1b_mpz_scan1(mpz_srcptr a, mp_bitcnt_t start) { return mpz_scan1(a, start); }
static inline void f1b_mpz_gcd(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_gcd(r, a, b); }
static inline void f1b_mpz_divexact(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_divexact(r, a, b); }

// GMP hands strings back through its own allocator; free them with the same one.
static inline void f1b_gmp_free_str(char *s) {
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
}
#endif
