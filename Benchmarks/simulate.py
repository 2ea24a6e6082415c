"""Monte-Carlo throughput: f1b simulate against numpy and JAX on the same cells.

Vanilla K = 1 (tanh, U = 0.8, W = [0.9, 0.1]) and the Theorem 4 GRU (a = 4,
b = 1, the paper's convention), n = 1000, P positive + P negative paths, L
uniform, random bits drawn during the run by every contender. Reports cell
steps per second (2·P·n over the simulation's wall time, best of `runs`;
f1b's own timer excludes process start-up and reading the file, the peers'
exclude imports and JAX's compilation) and the ratios.

Usage: python3 simulate.py F1B_BINARY [paths_per_class] [runs]
"""
import os
import re
import subprocess
import sys
import time

import numpy as np

os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

CONSTRUCTIONS = os.path.join(os.path.dirname(__file__), "..", "constructions")
N = 1000


def f1b_rate(binary, construction, paths, runs):
    best = None
    for _ in range(runs):
        out = subprocess.run([binary, "simulate", os.path.join(CONSTRUCTIONS, construction), "--n", str(N),
                              "--paths", str(paths), "--seed", "1"], check=True, capture_output=True, text=True).stdout
        seconds = float(re.search(r"simulated in ([0-9.]+) s", out).group(1))
        best = seconds if best is None else min(best, seconds)
    return 2 * paths * N / best


# The two cells, once for numpy and once for jax.numpy (same equations).
def vanilla_step(xp, s, x, f):
    return xp.tanh(0.8 * s + 0.9 * x + 0.1 * f)


def sigmoid(xp, v):
    return 1 / (1 + xp.exp(-v))


def gru_step(xp, s, x, f):
    # Paper eq. 10-13 with W_r = [0,0], W_z = [0,4], W_s = [1,0], U = 0, b = 0,
    # evaluated in full as a generic K = 1 GRU would be.
    r = sigmoid(xp, 0.0 * x + 0.0 * f + 0.0 * s + 0.0)
    z = sigmoid(xp, 0.0 * x + 4.0 * f + 0.0 * s + 0.0)
    candidate = xp.tanh(1.0 * x + 0.0 * f + 0.0 * (r * s) + 0.0)
    return z * candidate + (1 - z) * s


def numpy_rate(step, paths, runs):
    rng = np.random.default_rng(1)
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        label = np.concatenate([np.ones(paths, np.float32), -np.ones(paths, np.float32)])
        L = rng.integers(1, N + 1, size=2 * paths)
        s = np.zeros(2 * paths, np.float32)
        for t in range(1, N + 1):
            x = rng.integers(0, 2, size=2 * paths, dtype=np.int8).astype(np.float32) * 2 - 1
            flagged = L == t
            x = np.where(flagged, label, x)
            f = np.where(flagged, np.float32(1), np.float32(-1))
            s = step(np, s, x, f).astype(np.float32)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return 2 * paths * N / best


def jax_rate(step, paths, runs):
    label = jnp.concatenate([jnp.ones(paths, jnp.float32), -jnp.ones(paths, jnp.float32)])

    @jax.jit
    def simulate(key):
        key, sub = jax.random.split(key)
        L = jax.random.randint(sub, (2 * paths,), 1, N + 1)

        def body(s, t):
            bits = jax.random.bernoulli(jax.random.fold_in(key, t), 0.5, (2 * paths,))
            x = jnp.where(bits, 1.0, -1.0).astype(jnp.float32)
            flagged = L == t
            x = jnp.where(flagged, label, x)
            f = jnp.where(flagged, 1.0, -1.0).astype(jnp.float32)
            return step(jnp, s, x, f), None

        s, _ = jax.lax.scan(body, jnp.zeros(2 * paths, jnp.float32), jnp.arange(1, N + 1))
        return s

    simulate(jax.random.PRNGKey(0)).block_until_ready()  # compile
    best = None
    for r in range(runs):
        start = time.perf_counter()
        simulate(jax.random.PRNGKey(r + 1)).block_until_ready()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return 2 * paths * N / best


def main():
    binary = sys.argv[1]
    paths = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    print(f"n = {N}, {paths} + {paths} paths, best of {runs}; numpy {np.__version__}, jax {jax.__version__}, "
          f"{os.cpu_count()} cores")
    for name, construction, step, target in [("Vanilla K=1 tanh", "figure2-vanilla-u0.8.yaml", vanilla_step, 2e9),
                                             ("GRU K=1 a=4 b=1", "gru-k1-a4-b1.yaml", gru_step, 0.9e9)]:
        ours = f1b_rate(binary, construction, paths, runs)
        numpy = numpy_rate(step, paths, min(runs, 2))
        jx = jax_rate(step, paths, runs)
        print(f"{name:18s} f1b {ours:.3g} cell-steps/s (target {target:.2g}: {'met' if ours >= target else 'NOT met'}) | "
              f"numpy {numpy:.3g} ({ours / numpy:.0f}x) | JAX {jx:.3g} ({ours / jx:.1f}x)")


main()
