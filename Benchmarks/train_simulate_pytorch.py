"""f1b train and f1b simulate beside PyTorch on CPU at K = 8 ... 256, one run.

Cells: GRU, LSTM and the tanh RNN, in the frameworks' equations on both sides
(f1b --convention pytorch is nn.GRU's / nn.LSTM's / nn.RNN's cell), on F1B(n)
paths: inputs [information bit, flag], both +-1.

train:    batch 128 fresh paths per step (half of each class), the final state
          (LSTM: h) into a logistic head, BCE-with-logits, Adam lr 0.01, 100
          steps, then one evaluation on 2048 + 2048 fresh paths (as f1b train
          --steps 100 --eval-every 100 does). PyTorch: nn.GRU/nn.LSTM/nn.RNN +
          nn.Linear, the loop of train_pytorch.py.
simulate: P + P paths of length n through a cell with random weights, final
          states kept (f1b simulate FILE; PyTorch: the nn module under no_grad
          on chunks of 8192 paths, the paths drawn on the fly as f1b draws them).

Every measurement runs in a fresh process (its own thread setting; peak
resident memory from wait4); times exclude start-up: f1b's own timer, the
PyTorch loop's wall time after imports and model construction. Each side runs
on the same thread count (torch.set_num_threads, f1b --threads). Ratios are
PyTorch's time over f1b's (> 1: f1b faster), from this one run.

Also printed: the machine's real parallel capacity (two busy processes
against one, since a shared "2-core" machine may give one), and the peak of a
plain sgemm of the recurrent shape (torch.mm, batch x K times K x gates*K) on
one and two threads, with the share of it f1b's products reach.

Usage:
  python3 Benchmarks/train_simulate_pytorch.py F1B [--what train,simulate] [--models gru,lstm,rnn]
          [--k 8,32,64,128,256] [--n 20,100] [--threads 1,2] [--lead]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

MODELS = {"gru": ("gru", 3), "lstm": ("lstm", 4), "rnn": ("vanilla", 1)}
TARGETS = {8: 2.0, 32: 2.0, 64: 1.3, 128: 0.9, 256: 0.9}


def simulation_paths(k):
    """Paths per class: 100,000 as in the issue up to K = 32, fewer above so each run stays near a minute."""
    return {8: 100_000, 32: 100_000, 64: 30_000, 128: 8_000, 256: 2_000}.get(k, max(2000, 100_000 * 32 * 32 // (k * k)))


def measured(command):
    """stdout and peak RSS (MiB) of one command, via a fork whose wait4 sees only it."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        os.dup2(write, 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    os.close(write)
    chunks = []
    with os.fdopen(read) as stream:
        chunks.append(stream.read())
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed with status {status}")
    return "".join(chunks), usage.ru_maxrss / 1024


# ---------------------------------------------------------------- PyTorch side (run as a child process)

def torch_module(torch, model, k):
    if model == "gru":
        return torch.nn.GRU(2, k, batch_first=True)
    if model == "lstm":
        return torch.nn.LSTM(2, k, batch_first=True)
    return torch.nn.RNN(2, k, nonlinearity="tanh", batch_first=True)


def torch_final(model, rnn, x):
    _, state = rnn(x)
    return (state[0] if model == "lstm" else state)[0]


def torch_train(model, k, n, steps):
    import torch
    from train_pytorch import batch
    torch.manual_seed(1)
    generator = torch.Generator().manual_seed(1)
    rnn, head = torch_module(torch, model, k), torch.nn.Linear(k, 1)
    parameters = list(rnn.parameters()) + list(head.parameters())
    optimizer = torch.optim.Adam(parameters, lr=0.01)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    start = time.perf_counter()
    for _ in range(steps):
        x, y = batch(n, 128, generator)
        optimizer.zero_grad()
        loss_fn(head(torch_final(model, rnn, x)).squeeze(1), y).backward()
        optimizer.step()
    with torch.no_grad():
        x, y = batch(n, 4096, generator)
        error = ((head(torch_final(model, rnn, x)).squeeze(1) >= 0).float() != y).float().mean().item()
    return time.perf_counter() - start, error


def torch_simulate(model, k, n, paths):
    import torch
    from train_pytorch import batch
    torch.manual_seed(1)
    generator = torch.Generator().manual_seed(1)
    rnn = torch_module(torch, model, k)
    start = time.perf_counter()
    total = 0.0
    with torch.no_grad():
        for first in range(0, 2 * paths, 8192):
            x, _ = batch(n, min(8192, 2 * paths - first), generator)
            total += torch_final(model, rnn, x).sum().item()
    return time.perf_counter() - start, total


def torch_sgemm(k, gates, batch):
    import torch
    a, b = torch.randn(batch, k), torch.randn(k, gates * k)
    for _ in range(3):
        torch.mm(a, b)
    repeats = max(3, int(2e9 / (2 * batch * k * gates * k)))
    start = time.perf_counter()
    for _ in range(repeats):
        torch.mm(a, b)
    return 2 * batch * k * gates * k * repeats / (time.perf_counter() - start) / 1e9


def child(arguments):
    import torch
    import train_pytorch  # noqa: F401 (the paths as train_pytorch.py draws them; it sets two threads on import, the line below wins)
    threads = int(arguments[1])
    torch.set_num_threads(threads)
    if arguments[0] == "train":
        seconds, error = torch_train(arguments[2], int(arguments[3]), int(arguments[4]), int(arguments[5]))
        print(f"{seconds} {error}")
    elif arguments[0] == "simulate":
        seconds, total = torch_simulate(arguments[2], int(arguments[3]), int(arguments[4]), int(arguments[5]))
        print(f"{seconds} {total}")
    elif arguments[0] == "sgemm":
        print(torch_sgemm(int(arguments[2]), int(arguments[3]), int(arguments[4])))
    elif arguments[0] == "version":
        print(torch.__version__)


def torch_run(*arguments):
    out, memory = measured([sys.executable, os.path.abspath(__file__), "--child", *map(str, arguments)])
    return float(out.split()[0]), memory


# ---------------------------------------------------------------- f1b side

def f1b_train(binary, model, k, n, threads, steps=100, extra=()):
    command = [binary, "train", "--model", MODELS[model][0], "--convention", "pytorch", "--state", str(k), "--n", str(n),
               "--steps", str(steps), "--batch", "128", "--eval-every", str(steps), "--seed", "1", "--threads", str(threads), *extra]
    if model == "rnn":
        command += ["--activation", "tanh"]
    out, memory = measured(command)
    return float(re.search(r"seed 1, ([0-9.]+) s", out).group(1)), memory


def f1b_cell_file(binary, model, k, directory):
    """A construction file with PyTorch's initialisation (one training step from it)."""
    path = os.path.join(directory, f"{model}-k{k}.yaml")
    if not os.path.exists(path):
        command = [binary, "train", "--model", MODELS[model][0], "--convention", "pytorch", "--state", str(k), "--n", "5",
                   "--steps", "1", "--eval-every", "1", "--seed", "1", "--out", path]
        if model == "rnn":
            command += ["--activation", "tanh"]
        subprocess.run(command, check=True, capture_output=True)
    return path


def f1b_simulate(binary, path, n, paths, threads):
    out, memory = measured([binary, "simulate", path, "--n", str(n), "--paths", str(paths), "--seed", "1", "--threads", str(threads)])
    return float(re.search(r"simulated in ([0-9.]+) s", out).group(1)), memory


# ---------------------------------------------------------------- the machine

def busy(count):
    x = 0
    for i in range(count):
        x += i * i
    return x


def parallel_capacity():
    """How many busy processes run at full speed side by side: 2 × (one alone) / (two together)."""
    import multiprocessing
    count = 20_000_000
    start = time.perf_counter()
    busy(count)
    one = time.perf_counter() - start
    with multiprocessing.Pool(2) as pool:
        start = time.perf_counter()
        pool.map(busy, [count, count])
        two = time.perf_counter() - start
    return 2 * one / two


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--what", default="train,simulate")
    parser.add_argument("--models", default="gru,lstm,rnn")
    parser.add_argument("--k", default="8,32,64,128,256")
    parser.add_argument("--n", default="20,100")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--lead", action="store_true", help="also the K = 2 training lead (tanh RNN, 1000 steps)")
    a = parser.parse_args()
    binary = os.path.abspath(a.binary)
    ks, ns = [int(v) for v in a.k.split(",")], [int(v) for v in a.n.split(",")]
    thread_counts, models = [int(v) for v in a.threads.split(",")], a.models.split(",")
    version, _ = measured([sys.executable, os.path.abspath(__file__), "--child", "version", "1"])
    print(f"torch {version.strip()} (CPU), {os.cpu_count()} cores seen; "
          f"parallel capacity measured: {parallel_capacity():.2f} of 2 (two busy processes against one)")
    # f1b's products go through OpenBLAS, PyTorch's through MKL/oneDNN: a kernel set pinned in the
    # environment (OPENBLAS_CORETYPE) changes one side only, so it is printed with the figures.
    pinned = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")}
    print("OpenBLAS settings from the environment: " + (", ".join(f"{k}={v}" for k, v in sorted(pinned.items())) or "none"))
    print("sgemm peak (torch.mm, batch 128 x K times K x gates*K, GFLOP/s):")
    peaks = {}
    for threads in thread_counts:
        row = []
        for k in ks:
            peaks[(threads, k)] = max(torch_run("sgemm", threads, k, 4, 128)[0], torch_run("sgemm", threads, k, 3, 128)[0])
            row.append(f"K={k}: {peaks[(threads, k)]:.0f}")
        print(f"  {threads} thread{'s' if threads > 1 else ''}: " + ", ".join(row))
    if a.lead:
        print("\nK = 2 training lead: tanh RNN, n = 20, batch 128, 1000 Adam steps (+ one evaluation)")
        for threads in thread_counts:
            ours, our_memory = f1b_train(binary, "rnn", 2, 20, threads, steps=1000)
            theirs, their_memory = torch_run("train", threads, "rnn", 2, 20, 1000)
            print(f"  {threads} thread(s): f1b {ours:.3f} s ({our_memory:.0f} MiB), PyTorch {theirs:.3f} s ({their_memory:.0f} MiB)"
                  f" -> {theirs / ours:.1f}x (target >= 20x: {'met' if theirs / ours >= 20 else 'NOT met'})")
    header = (f"{'what':8s} {'model':5s} {'K':>4s} {'n':>4s} {'thr':>3s} {'f1b s':>9s} {'MiB':>6s} {'PyTorch s':>10s} {'MiB':>6s}"
              f" {'ratio':>7s} {'target':>7s} {'f1b GFLOP/s':>12s} {'% peak':>7s}")
    for what in a.what.split(","):
        print(f"\n{what}: " + ("batch 128, 100 Adam steps + one evaluation on 4096 paths" if what == "train"
                               else "P + P paths (P = " + ", ".join(f"{simulation_paths(k)} at K={k}" for k in ks) + ")"))
        print(header)
        with tempfile.TemporaryDirectory() as directory:
            for model in models:
                gates = MODELS[model][1]
                for k in ks:
                    for n in ns:
                        for threads in thread_counts:
                            if what == "train":
                                ours, our_memory = f1b_train(binary, model, k, n, threads)
                                theirs, their_memory = torch_run("train", threads, model, k, n, 100)
                                # Recurrent products: forward, input gradient, weight gradient.
                                flops = 3 * 2 * gates * k * k * 128 * n * 100
                            else:
                                paths = simulation_paths(k)
                                ours, our_memory = f1b_simulate(binary, f1b_cell_file(binary, model, k, directory), n, paths, threads)
                                theirs, their_memory = torch_run("simulate", threads, model, k, n, paths)
                                flops = 2 * gates * k * k * 2 * paths * n
                            ratio, target = theirs / ours, TARGETS.get(k)
                            rate = flops / ours / 1e9
                            share = rate / (threads * peaks[(1, k)]) if (1, k) in peaks else float("nan")
                            met = "" if target is None else ("met" if ratio >= target or (k >= 128 and share >= 0.7) else "MISSED")
                            print(f"{what:8s} {model:5s} {k:4d} {n:4d} {threads:3d} {ours:9.3f} {our_memory:6.0f} {theirs:10.3f} {their_memory:6.0f}"
                                  f" {ratio:6.2f}x {'>=' + str(target) if target else '':>7s} {rate:12.1f} {100 * share:6.0f}% {met}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()
