"""Peer for the exhaustive-check benchmark: the Theorem 3 construction checked
over all n*2^n paths of F1B(n) in exact rationals with gmpy2 (GMP's mpq, the
same arithmetic f1b uses), with the same algorithm as f1b: a depth-first walk
of the input tree so that shared prefixes are computed once.

Times `f1b check` (release build) and this script one after the other, and
prints both results, both times and the ratio.
"""
import os
import sys
import time

import gmpy2
from gmpy2 import mpq

from f1b_timing import time_check

ONE, MINUS_ONE, ZERO = mpq(1), mpq(-1), mpq(0)

# vanilla-pwl-k2.yaml: flags zero-one, U = [[1, 1/4], [0, 0]], W = [[0, 0], [1/2, 2]], b = [1/4, -2].
U = [[mpq(1), mpq(1, 4)], [ZERO, ZERO]]
W = [[ZERO, ZERO], [mpq(1, 2), mpq(2)]]
B = [mpq(1, 4), mpq(-2)]
S0 = (ZERO, MINUS_ONE)
BETA, GAMMA = (mpq(1), mpq(1, 3)), mpq(1, 12)


def g(x):
    return ONE if x > ONE else MINUS_ONE if x < MINUS_ONE else x


def drive(bit, flagged):
    f = ONE if flagged else ZERO
    return [W[k][0] * bit + W[k][1] * f + B[k] for k in range(2)]


DRIVES = {(bit, flagged): drive(bit, flagged) for bit in (1, -1) for flagged in (False, True)}


def step(s, bit, flagged):
    d = DRIVES[(bit, flagged)]
    return (g(d[0] + U[0][0] * s[0] + U[0][1] * s[1]), g(d[1] + U[1][0] * s[0] + U[1][1] * s[1]))


def check(n):
    misclassified = 0
    least_margin = None
    # Stack of (depth, state, flag position or 0, label or 0).
    stack = [(0, S0, 0, 0)]
    while stack:
        t, s, L, label = stack.pop()
        if t == n:
            score = BETA[0] * s[0] + BETA[1] * s[1] + GAMMA
            margin = score if label > 0 else -score
            if margin < 0:
                misclassified += 1
            least_margin = margin if least_margin is None or margin < least_margin else least_margin
            continue
        for bit in (1, -1):
            if L == 0:
                stack.append((t + 1, step(s, bit, True), t + 1, bit))
                if t + 1 < n:
                    stack.append((t + 1, step(s, bit, False), 0, 0))
            else:
                stack.append((t + 1, step(s, bit, False), L, label))
    return misclassified, least_margin




if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    binary = sys.argv[2] if len(sys.argv) > 2 else ".build/release/f1b"
    f1b_seconds, report = time_check(binary, "vanilla-pwl-k2.yaml", "--n", str(n), "--method", "enumerate")
    r = report["results"][0]
    print(f"f1b:   n = {n}: {r['verdict']}, misclassified {r['misclassified']}, margin {r['margin']}, "
          f"{f1b_seconds:.3f} s (best of 3, wall, whole process)")
    start = time.perf_counter()
    wrong, margin = check(n)
    peer_seconds = time.perf_counter() - start
    print(f"gmpy2: n = {n}: {'pass' if wrong == 0 else 'fail'}, misclassified {wrong}, margin {margin}, "
          f"{peer_seconds:.3f} s (gmpy2 {gmpy2.version()}, one run)")
    print(f"ratio gmpy2 / f1b: {peer_seconds / f1b_seconds:.1f}x on {os.cpu_count()} cores")
