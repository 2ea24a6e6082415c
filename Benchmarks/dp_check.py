"""Benchmark: the Theorem 3 construction by reachable-set dynamic programming.

Peer: a gmpy2 script doing the textbook DP, one step at a time: for each phase
(before the flag, after it with label +1, with label -1) a dict from exact state
(gmpy2 mpq) to its exact path count, stepped for every state and input, to
n = 100000, then every final state classified.

f1b is timed three ways in the same run: as shipped (`check --n 100000`, which
stops sweeping once the reachable sets repeat), with the repetition shortcut
off (`--sweep-every-step`, every one of the 100000 steps computed), and
`check --n all` (the all-n certificate).
"""
import os
import sys
import time

import gmpy2
from gmpy2 import mpq

from f1b_timing import time_check

ONE, MINUS_ONE, ZERO = mpq(1), mpq(-1), mpq(0)
U = [[mpq(1), mpq(1, 4)], [ZERO, ZERO]]
W = [[ZERO, ZERO], [mpq(1, 2), mpq(2)]]
B = [mpq(1, 4), mpq(-2)]
BETA, GAMMA = (mpq(1), mpq(1, 3)), mpq(1, 12)


def g(x):
    return ONE if x > ONE else MINUS_ONE if x < MINUS_ONE else x


def step(s, bit, flagged):
    f = ONE if flagged else ZERO
    return tuple(g(W[k][0] * bit + W[k][1] * f + B[k] + U[k][0] * s[0] + U[k][1] * s[1]) for k in range(2))


def dp(n):
    before, positive, negative = {(ZERO, MINUS_ONE): 1}, {}, {}
    for _ in range(n):
        nb, np_, nn = {}, {}, {}
        for s, c in before.items():
            for bit in (-1, 1):
                target = np_ if bit == 1 else nn
                t = step(s, bit, True)
                target[t] = target.get(t, 0) + c
                t = step(s, bit, False)
                nb[t] = nb.get(t, 0) + c
        for src, dst in ((positive, np_), (negative, nn)):
            for s, c in src.items():
                for bit in (-1, 1):
                    t = step(s, bit, False)
                    dst[t] = dst.get(t, 0) + c
        before, positive, negative = nb, np_, nn
    wrong = sum(c for s, c in positive.items() if BETA[0] * s[0] + BETA[1] * s[1] + GAMMA < 0)
    wrong += sum(c for s, c in negative.items() if BETA[0] * s[0] + BETA[1] * s[1] + GAMMA >= 0)
    return wrong, len(positive) + len(negative)




if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    binary = sys.argv[2] if len(sys.argv) > 2 else ".build/release/f1b"
    shipped, report = time_check(binary, "vanilla-pwl-k2.yaml", "--n", str(n))
    swept, _ = time_check(binary, "vanilla-pwl-k2.yaml", "--n", str(n), "--sweep-every-step")
    all_n, all_report = time_check(binary, "vanilla-pwl-k2.yaml", "--n", "all")
    print(f"f1b check --n {n}:                    {report['verdict']}, {shipped:.3f} s (best of 3, whole process)")
    print(f"f1b check --n {n} --sweep-every-step: {report['verdict']}, {swept:.3f} s")
    print(f"f1b check --n all:                       {all_report['all_n']['verdict']} from step "
          f"{all_report['all_n']['from']}, {all_n * 1000:.1f} ms")
    start = time.perf_counter()
    wrong, states = dp(n)
    peer = time.perf_counter() - start
    print(f"gmpy2 DP to n = {n}: {'pass' if wrong == 0 else 'fail'} ({states} final states), {peer:.3f} s "
          f"(gmpy2 {gmpy2.version()}, one run)")
    print(f"ratio gmpy2 / f1b: {peer / shipped:.0f}x as shipped, {peer / swept:.1f}x step by step, "
          f"on {os.cpu_count()} cores")
