"""Train a torch.nn.GRU on F1B(20) and export it for `f1b check`.

    python3 Sources/python/examples/train_gru.py gru-f1b20.yaml
    f1b check gru-f1b20.yaml            # the file's expect: pass for n = 20
"""
import random
import sys

import torch

import f1b

n, K = 20, 2
torch.manual_seed(1)
random.seed(1)
gru, head = torch.nn.GRU(2, K, batch_first=True), torch.nn.Linear(K, 1)
optimizer = torch.optim.Adam(list(gru.parameters()) + list(head.parameters()), lr=0.01)


def batch(size):
    """F1B(n) paths, half with flagged bit +1: (L, bits) and the label."""
    paths = []
    for i in range(size):
        L = random.randint(1, n)
        bits = [random.choice([-1, 1]) for _ in range(n)]
        bits[L - 1] = 1 if i % 2 == 0 else -1
        paths.append((L, bits))
    labels = torch.tensor([[1.0 if i % 2 == 0 else 0.0] for i in range(size)])
    return f1b.encode_paths(paths), labels


for step in range(1, 3001):
    x, y = batch(128)
    _, h = gru(x)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(head(h[0]), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        with torch.no_grad():
            x, y = batch(4096)
            error = ((head(gru(x)[1][0]) >= 0).float() != y).float().mean().item()
        print(f"step {step}: loss {loss.item():.4f}, error on 4096 fresh paths {error:.4f}")
        if error < 0.01:
            break

path = sys.argv[1] if len(sys.argv) > 1 else "gru-f1b20.yaml"
f1b.to_construction(gru, head, path, n=n)   # add expect="pass" only to claim it
print(f"written {path}; now: f1b check {path} --n {n}")
