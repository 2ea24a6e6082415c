"""Section 5.3's protocol in PyTorch, beside f1b train, in one run.

Vanilla RNN (tanh, K = 2) on F1B(n): inputs [information bit, flag] with
both in ±1, nn.RNN with PyTorch's default initialisation, the final state
into nn.Linear(2, 1), BCE-with-logits, Adam lr 0.01, batch 128 (64 paths with
flagged bit +1, 64 with -1), at most 3000 steps; success = error below 1% on
4096 fresh paths, evaluated every 100 steps.

Usage:
  python3 train_pytorch.py rates F1B SEEDS LENGTHS OUT.json   # success rates, PyTorch beside f1b
  python3 train_pytorch.py timing F1B                          # time per 1000 steps, n = 10, 20, 50
"""
import json
import re
import subprocess
import sys
import time

import torch

torch.set_num_threads(2)


def batch(n, size, generator):
    half = size // 2
    labels = torch.cat([torch.ones(half), -torch.ones(size - half)])
    bits = torch.randint(0, 2, (size, n), generator=generator).float() * 2 - 1
    flag_at = torch.randint(0, n, (size,), generator=generator)
    bits[torch.arange(size), flag_at] = labels
    flags = -torch.ones(size, n)
    flags[torch.arange(size), flag_at] = 1
    x = torch.stack([bits, flags], dim=2)
    return x, (labels > 0).float()


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.RNN(2, 2, nonlinearity="tanh", batch_first=True)
        self.head = torch.nn.Linear(2, 1)

    def forward(self, x):
        _, h = self.rnn(x)
        return self.head(h[0]).squeeze(1)


def train(n, seed, steps=3000, evaluate=True):
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = Model()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for step in range(1, steps + 1):
        x, y = batch(n, 128, generator)
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        if evaluate and step % 100 == 0:
            with torch.no_grad():
                x, y = batch(n, 4096, generator)
                error = ((model(x) >= 0).float() != y).float().mean().item()
            if error < 0.01:
                return step
    return None


def parse_seeds(text):
    if "..." in text:
        a, b = text.split("...")
        return list(range(int(a), int(b) + 1))
    return [int(s) for s in text.split(",")]


def main():
    mode, binary = sys.argv[1], sys.argv[2]
    if mode == "timing":
        print(f"1000 training steps, Vanilla tanh K = 2, batch 128, Adam; torch {torch.__version__}, 2 threads")
        train(10, 1, steps=50, evaluate=False)  # warm-up
        for n in [10, 20, 50]:
            start = time.perf_counter()
            train(n, 1, steps=1000, evaluate=False)
            peer = time.perf_counter() - start
            best = None
            for _ in range(3):
                out = subprocess.run([binary, "train", "--model", "vanilla", "--state", "2", "--n", str(n), "--steps", "1000",
                                      "--eval-every", "100000", "--seed", "1"], check=True, capture_output=True, text=True).stdout
                seconds = float(re.search(r"seed 1, ([0-9.]+) s", out).group(1))
                best = seconds if best is None else min(best, seconds)
            print(f"n = {n:3d}: f1b {best:.3f} s, PyTorch {peer:.3f} s -> {peer / best:.0f}x")
        return
    seeds, lengths, out = parse_seeds(sys.argv[3]), [int(n) for n in sys.argv[4].split(",")], sys.argv[5]
    runs = []
    for n in lengths:
        for seed in seeds:
            runs.append({"n": n, "seed": seed, "steps_to_success": train(n, seed)})
            print(f"n = {n}, seed {seed}: {runs[-1]['steps_to_success']}", file=sys.stderr)
    with open(out, "w") as f:
        json.dump({"kind": "pytorch-training", "torch": torch.__version__, "runs": runs}, f)


if __name__ == "__main__":
    main()
