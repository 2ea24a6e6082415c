#ifndef F1B_CZ3_SHIM_H
#define F1B_CZ3_SHIM_H
#include <z3.h>

/* Z3's default error handler exits the process; f1b checks error codes itself. */
static void f1b_z3_ignore_errors(Z3_context c, Z3_error_code e) { (void)c; (void)e; }

static inline Z3_context f1b_z3_context(void) {
    Z3_config config = Z3_mk_config();
    Z3_set_param_value(config, "model", "true");
    Z3_context c = Z3_mk_context(config);
    Z3_del_config(config);
    Z3_set_error_handler(c, f1b_z3_ignore_errors);
    return c;
}
#endif
