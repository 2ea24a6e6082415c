"""From a notebook: train a tiny GRU in PyTorch, ask f1b for the exact verdict, plot a counterexample.

    python3 Sources/python/examples/notebook_example.py [states.png]

Needs PyTorch and an f1b binary (f1b.find_binary: $F1B_BINARY, PATH, or this repository's
build); matplotlib is optional (without it the states are printed). About 10 s on 2 cores.
"""
import random
import sys

import torch

import f1b

# A K = 2 GRU and F1B(6) training paths: L uniform on 1…6, the label is the flagged bit.
n, K = 6, 2
torch.manual_seed(0)
random.seed(0)
gru, head = torch.nn.GRU(2, K, batch_first=True), torch.nn.Linear(K, 1)
optimizer = torch.optim.Adam(list(gru.parameters()) + list(head.parameters()), lr=0.02)


def train(steps):
    for _ in range(steps):
        paths = [(random.randint(1, n), [random.choice([-1, 1]) for _ in range(n)]) for _ in range(64)]
        labels = torch.tensor([[1.0 if bits[L - 1] == 1 else 0.0] for L, bits in paths])
        loss = torch.nn.functional.binary_cross_entropy_with_logits(head(gru(f1b.encode_paths(paths))[1][0]), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


print(f"40 steps: loss {train(40):.4f}")
# The check: every path of every length 1…6, exactly (the module is exported with its exact values).
result = f1b.check(gru, head, n=range(1, n + 1))
print(result)
if not result.failures:
    sys.exit("the GRU passes F1B(1…6) exactly: no counterexample to plot")
failing = result.failures[0]                     # the smallest failing n
path = failing.counterexample.paths[0]           # L (1-based) and the ±1 information bits, as numpy

# The states along the counterexample path, from the trained module itself (s_0 = 0).
with torch.no_grad():
    states = torch.cat([torch.zeros(1, K), gru(torch.from_numpy(path.inputs()[None]))[0][0]]).numpy()   # s_0 … s_n
    scores = head(torch.from_numpy(states)).numpy()[:, 0]                                               # βᵀs_t + γ
print(f"n = {failing.n}: Pe = {failing.pe} ≈ {failing.pe_float:.4f}; path L = {path.L}, bits {path.bits.tolist()}, "
      f"label {path.label:+d}, final score {scores[-1]:+.4f} (classified {'+1' if scores[-1] >= 0 else '-1'})")
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    for t, (s, score) in enumerate(zip(states, scores)):
        print(f"  t = {t}: s = [{', '.join(f'{v:+.4f}' for v in s)}], score {score:+.4f}" + ("   <- flag" if t == path.L else ""))
else:
    t = list(range(failing.n + 1))
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    for k in range(K):
        ax.plot(t, states[:, k], marker="o", label=f"$s_{k + 1}$")
    ax.plot(t, scores, marker="s", color="black", linestyle=":", label=r"score $\beta^T s + \gamma$")
    ax.axhline(0, color="black", linewidth=0.5)
    ax.axvline(path.L, color="gray", linestyle="--", label=f"flag (L = {path.L})")
    ax.set_xticks(t)
    ax.set(xlabel="t", ylabel="state", title=f"F1B({failing.n}): a misclassified path, label {path.label:+d}")
    ax.legend(fontsize="small")
    out = sys.argv[1] if len(sys.argv) > 1 else "counterexample-states.png"
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")

# Training on: 60 more steps, and the same check passes every length.
print(f"100 steps: loss {train(60):.4f}")
print(f1b.check(gru, head, n=range(1, n + 1)))
