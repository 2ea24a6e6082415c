"""The PyTorch float64 peer of Benchmarks/certified_kernels.swift, one thread:
ns per element of torch.tanh / sigmoid / exp on a 2^20 vector, and cell-steps
per second of the paper's GRU (eq. 10-13: z weighs the candidate, r before U_s)
and LSTM with peepholes (eq. 4-9) stepped on a batch of states with matmuls, K = 8 and 32, batch 8 (one BallLanes
vector) and 4096 (a prefix-shared enumeration's level). Uncertified float64:
the price certified arithmetic is measured against. Prints `key value unit`.
"""
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def best(f, repeats=5):
    """This thread's CPU seconds, best of `repeats` (as the Swift side measures)."""
    out = float("inf")
    for _ in range(repeats):
        start = time.thread_time()
        f()
        out = min(out, time.thread_time() - start)
    return out


x = torch.rand(1 << 20, dtype=torch.float64) * 16 - 8
for name, f in [("tanh", torch.tanh), ("sigmoid", torch.sigmoid), ("exp", torch.exp)]:
    print(f"torch_{name}", f"{best(lambda: f(x)) / x.numel() * 1e9:.4g}", "ns")


def gru(K, batch, steps, inputs):
    """The paper's GRU (eq. 10-13) on a batch of states."""
    W = [torch.rand(2, K, dtype=torch.float64) * 4 - 2 for _ in range(3)]
    U = [(torch.rand(K, K, dtype=torch.float64) * 4 - 2) / (2 * K) for _ in range(3)]
    b = [torch.rand(K, dtype=torch.float64) * 4 - 2 for _ in range(3)]

    def run():
        s = torch.zeros(batch, K, dtype=torch.float64)
        for t in range(steps):
            xt = inputs[t]
            r = torch.sigmoid(xt @ W[0] + s @ U[0].T + b[0])
            z = torch.sigmoid(xt @ W[1] + s @ U[1].T + b[1])
            c = torch.tanh(xt @ W[2] + (r * s) @ U[2].T + b[2])
            s = z * c + (1 - z) * s
        return s

    return run


def lstm(K, batch, steps, inputs):
    """The paper's LSTM with peepholes (eq. 4-9): gates i, f, o, c read d and c."""
    W = torch.rand(2, 4 * K, dtype=torch.float64) * 4 - 2
    U = (torch.rand(4 * K, K, dtype=torch.float64) * 4 - 2) / (2 * K)
    V = (torch.rand(4 * K, K, dtype=torch.float64) * 4 - 2) / (2 * K)
    b = torch.rand(4 * K, dtype=torch.float64) * 4 - 2

    def run():
        c = torch.zeros(batch, K, dtype=torch.float64)
        d = torch.zeros(batch, K, dtype=torch.float64)
        for t in range(steps):
            g = inputs[t] @ W + d @ U.T + c @ V.T + b
            i, f, o = torch.sigmoid(g[:, : 3 * K]).split(K, dim=1)
            c = i * torch.tanh(g[:, 3 * K :]) + f * c
            d = o * torch.tanh(c)
        return c

    return run


for name, make in [("gru", gru), ("lstm", lstm)]:
    for K in (8, 32):
        for batch in (8, 4096):
            steps = 2000 if batch == 8 else 200
            inputs = torch.randint(0, 2, (steps, batch, 2), dtype=torch.float64) * 2 - 1
            print(f"torch_{name}{K}_batch{batch}", f"{steps * batch / best(make(K, batch, steps, inputs), 3):.4g}", "steps/s")
