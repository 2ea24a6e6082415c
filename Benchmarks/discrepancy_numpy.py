"""(l,k)-discrepancy surface, f1b beside numpy, one run.

The same computation on both sides (Stérin, Farrugia, Gripon 2017, Definition
V.1): for each state size k = 1…30, 2000 random cells with every weight
i.i.d. N(0, 1), no biases, h = 0; u = 0·0^(l−1) and v = 1·0^(l−1) over a one-hot
binary alphabet; D(l, k) = mean ‖h_u(l) − h_v(l)‖₂ read at every l = 1…30 off
one run of 30 steps (so each k costs one run per draw on both sides). numpy
batches the 2000 draws (einsum over (draws, k, k)), float64, as the authors'
notebook does; f1b runs its generic cells in Double on every core.
Cells: the paper's logistic Vanilla h = σ(U x + W h), and its GRU
z = σ(U_z x + W_z h), r = σ(U_r x + W_r h), h' = tanh(U_h x + W_h (r ∘ h)),
h = (1 − z) ∘ h' + z ∘ h.

Usage: python3 Benchmarks/discrepancy_numpy.py .build/release/f1b [DRAWS]
Prints both times, the ratio, and D(30, 10) from each side.
"""
import json
import subprocess
import sys
import time

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def surface(model, ks, steps, draws, rng):
    out = {}
    mv = lambda m, h: np.einsum('nij,nj->ni', m, h)
    e0, e1 = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    for k in ks:
        if model == 'vanilla':
            U = rng.standard_normal((draws, k, 2)); W = rng.standard_normal((draws, k, k))
            def step(h, x):
                return sigmoid(U @ x + mv(W, h))
        else:
            Uz, Ur, Uh = [rng.standard_normal((draws, k, 2)) for _ in range(3)]
            Wz, Wr, Wh = [rng.standard_normal((draws, k, k)) for _ in range(3)]
            def step(h, x):
                z = sigmoid(Uz @ x + mv(Wz, h)); r = sigmoid(Ur @ x + mv(Wr, h))
                candidate = np.tanh(Uh @ x + mv(Wh, h * r))
                return (1 - z) * candidate + z * h
        hu = np.zeros((draws, k)); hv = np.zeros((draws, k))
        for t in range(steps):
            hu = step(hu, e0); hv = step(hv, e1 if t == 0 else e0)
            out[(k, t + 1)] = np.linalg.norm(hu - hv, axis=1).mean()
    return out


def main():
    f1b = sys.argv[1] if len(sys.argv) > 1 else '.build/release/f1b'
    draws = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    for model in ['vanilla', 'gru']:
        start = time.perf_counter()
        ours = surface(model, range(1, 31), 30, draws, np.random.default_rng(0))
        numpy_seconds = time.perf_counter() - start
        start = time.perf_counter()
        run = subprocess.run([f1b, 'discrepancy', '--model', model, '--state', '1...30', '--steps', '1...30',
                              '--draws', str(draws), '--json'], check=True, capture_output=True, text=True)
        f1b_seconds = time.perf_counter() - start
        points = {(p['k'], p['l']): p['mean'] for p in json.loads(run.stdout)['points']}
        print(f"{model:8s} 30 x 30 x {draws}: numpy {numpy_seconds:.2f} s, f1b {f1b_seconds:.2f} s "
              f"(process, {json.loads(run.stdout)['seconds']:.2f} s computing): f1b is {numpy_seconds / f1b_seconds:.1f}x numpy; "
              f"D(30, 10) numpy {ours[(10, 30)]:.4g}, f1b {points[(10, 30)]:.4g}")


if __name__ == '__main__':
    main()
