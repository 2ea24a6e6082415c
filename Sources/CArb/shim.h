// Arb (FLINT's ball arithmetic) for the few transcendental values f1b's
// double-endpoint intervals need: each function evaluates at an exact double,
// in Arb's certified ball arithmetic, and returns the ball's bounds rounded
// outward to doubles, so [*lower, *upper] contains the true value. Arb's
// arb_t values never cross into Swift. Nothing else lives here.
#ifndef F1B_CARB_SHIM_H
#define F1B_CARB_SHIM_H
#include <arb.h>

// Bounds of a ball, outward to doubles.
static inline void f1b_arb_bounds(const arb_t y, double *lower, double *upper) {
    arf_t b;
    arf_init(b);
    arb_get_lbound_arf(b, y, 64);
    *lower = arf_get_d(b, ARF_RND_FLOOR);
    arb_get_ubound_arf(b, y, 64);
    *upper = arf_get_d(b, ARF_RND_CEIL);
    arf_clear(b);
}

// f(x) for an Arb function f(y, x, prec), x an exact double; bounds outward.
static inline void f1b_arb_apply(void (*f)(arb_t, const arb_t, slong), double x, long prec, double *lower, double *upper) {
    arb_t y;
    arb_init(y);
    arb_set_d(y, x);
    f(y, y, prec);
    f1b_arb_bounds(y, lower, upper);
    arb_clear(y);
}

// tanh(x); the bounds are clamped to [-1, 1], where tanh lies.
static inline void f1b_arb_tanh(double x, long prec, double *lower, double *upper) {
    f1b_arb_apply(arb_tanh, x, prec, lower, upper);
    if (*lower < -1.0) *lower = -1.0;
    if (*upper > 1.0) *upper = 1.0;
}

// e^x; the lower bound is clamped at 0.
static inline void f1b_arb_exp(double x, long prec, double *lower, double *upper) {
    f1b_arb_apply(arb_exp, x, prec, lower, upper);
    if (*lower < 0.0) *lower = 0.0;
}

// sigma(x) = 1 / (1 + e^(-x)); the bounds are clamped to [0, 1].
static inline void f1b_arb_sigmoid(double x, long prec, double *lower, double *upper) {
    arb_t y;
    arb_init(y);
    arb_set_d(y, -x);
    arb_exp(y, y, prec);
    arb_add_ui(y, y, 1, prec);
    arb_inv(y, y, prec);
    f1b_arb_bounds(y, lower, upper);
    arb_clear(y);
    if (*lower < 0.0) *lower = 0.0;
    if (*upper > 1.0) *upper = 1.0;
}
#endif
