"""Benchmark (issue 25, "Measure"): f1b on PyTorch-trained GRU / LSTM / tanh-RNN models at
K ∈ {4, 8, 16, 32, 64}, n ∈ {20, 50, 100}, beside a bounded-horizon peer and float64 samples.

Per (seed, n, K, cell), in that order (one seed over the whole grid first), the model is
trained and exported by trained_models.trained_model (PyTorch, cached in Benchmarks/.models;
a model another process is training — a `.lock` beside it — is waited for), and then:

* f1b at the trained n: `f1b check FILE --n N --json --time-limit 60` (120 at K = 64):
  verdict, deciding procedure, seconds, peak memory (GNU time's maximum resident set);
* f1b every n: `f1b check FILE --n all --json --time-limit 60`: verdict, procedure, the
  first failing n;
* float64 samples: --samples random paths of F1B(N) through the float64 module (the
  exported file's exact values): the misclassified count and its Clopper–Pearson interval;
* the peer: auto_LiRPA does not install against this PyTorch (auto-lirpa 0.3 needs
  torch < 1.13), so interval bound propagation (IBP) through the unrolled module, written
  here (`ibp_pass`): for every flag position L and label y, a box of the states over all
  information bits is stepped through the cells (before L the join of the bit −1 and bit +1
  images, at L the input (y, +1), after L again the join) and through the head; PASS iff
  every label +1 box scores > 0 and every label −1 box < 0 — the like-for-like
  bounded-horizon PASS check at the trained n. float64, not outward-rounded (a comparison,
  not a certificate);
* contradictions: a PASS (f1b at N, f1b for every n, or the peer) while a sampled path is
  misclassified in float64; a FAIL whose printed counterexample path float64 classifies
  right (trained_models.compare); a PASS for every n beside a FAIL at N.

Each row is printed as it finishes and appended to --jsonl (with the load average); the
summary against the issue's targets follows (also alone: --summary FILE.jsonl …).

    nice -n 5 python3 Benchmarks/relational_sets_grid.py --f1b /work/shared-bin/f1b \\
        --seeds 1 --jsonl Benchmarks/.models/grid.jsonl
    python3 Benchmarks/relational_sets_grid.py --summary Benchmarks/.models/grid.jsonl

(`Benchmarks/relational-sets --grid …` runs this file.)
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from typing import Any, Dict, List, Optional, Tuple

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "Sources", "python"))   # the bridge, uninstalled
import pytorch_f1b as pf  # noqa: E402
import trained_models as tm  # noqa: E402

DEFAULT_F1B = "/work/shared-bin/f1b"


# ----------------------------------------------------------------------------- the peer: IBP

def _affine(lo: torch.Tensor, hi: torch.Tensor, weight: torch.Tensor, bias: Optional[torch.Tensor]) -> Tuple[torch.Tensor, torch.Tensor]:
    """The box of x @ weightᵀ + bias over x ∈ [lo, hi] (rows are independent boxes)."""
    center, radius = (lo + hi) / 2, (hi - lo) / 2
    c = center @ weight.T + (0 if bias is None else bias)
    r = radius @ weight.abs().T
    return c - r, c + r


def _mul(al, ah, bl, bh):
    """The box of a·b over a ∈ [al, ah], b ∈ [bl, bh] (elementwise)."""
    p = torch.stack([al * bl, al * bh, ah * bl, ah * bh])
    return p.min(0).values, p.max(0).values


class UnrolledIBP:
    """One step of a PyTorch nn.RNN(tanh) / nn.GRU (reset after the product) / nn.LSTM on boxes of
    states, for a fixed input (information bit, flag): x enters exactly, the state as a box."""

    def __init__(self, module: torch.nn.Module):
        self.kind = "lstm" if isinstance(module, torch.nn.LSTM) else "gru" if isinstance(module, torch.nn.GRU) else "rnn"
        if self.kind == "rnn" and getattr(module, "nonlinearity", "tanh") != "tanh":
            raise ValueError("IBP peer: tanh RNN only")
        p = {k: v.detach().double() for k, v in module.named_parameters()}
        self.W, self.U = p["weight_ih_l0"], p["weight_hh_l0"]
        self.bi, self.bh = p.get("bias_ih_l0"), p.get("bias_hh_l0")
        self.K = module.hidden_size

    def _input(self, bit: float, flag: float) -> torch.Tensor:
        x = torch.tensor([bit, flag], dtype=torch.float64)
        return self.W @ x + (0 if self.bi is None else self.bi)

    def step(self, box, bit: float, flag: float):
        """box: (lo, hi) of h (K columns), or for the LSTM ((hl, hh), (cl, ch))."""
        gi = self._input(bit, flag)
        K = self.K
        if self.kind == "rnn":
            lo, hi = _affine(*box, self.U, self.bh)
            return torch.tanh(lo + gi), torch.tanh(hi + gi)
        if self.kind == "gru":
            hl, hh = box
            al, ah = _affine(hl, hh, self.U, self.bh)          # W_h h + b_h, gates r, z, n
            rl, rh = torch.sigmoid(al[:, :K] + gi[:K]), torch.sigmoid(ah[:, :K] + gi[:K])
            zl, zh = torch.sigmoid(al[:, K:2 * K] + gi[K:2 * K]), torch.sigmoid(ah[:, K:2 * K] + gi[K:2 * K])
            ml, mh = _mul(rl, rh, al[:, 2 * K:], ah[:, 2 * K:])  # r ⊙ (W_hn h + b_hn)
            nl, nh = torch.tanh(ml + gi[2 * K:]), torch.tanh(mh + gi[2 * K:])
            # h' = (1 − z) n + z h: increasing in n and h, linear in z — extremes at z's ends.
            lo = torch.minimum((1 - zl) * nl + zl * hl, (1 - zh) * nl + zh * hl)
            hi = torch.maximum((1 - zl) * nh + zl * hh, (1 - zh) * nh + zh * hh)
            return lo, hi
        (hl, hh), (cl, ch) = box
        al, ah = _affine(hl, hh, self.U, self.bh)               # gates i, f, g, o
        al, ah = al + gi, ah + gi
        il, ih = torch.sigmoid(al[:, :K]), torch.sigmoid(ah[:, :K])
        fl, fh = torch.sigmoid(al[:, K:2 * K]), torch.sigmoid(ah[:, K:2 * K])
        gl, gh = torch.tanh(al[:, 2 * K:3 * K]), torch.tanh(ah[:, 2 * K:3 * K])
        ol, oh = torch.sigmoid(al[:, 3 * K:]), torch.sigmoid(ah[:, 3 * K:])
        fcl, fch = _mul(fl, fh, cl, ch)
        igl, igh = _mul(il, ih, gl, gh)
        ncl, nch = fcl + igl, fch + igh
        hl2, hh2 = _mul(ol, oh, torch.tanh(ncl), torch.tanh(nch))
        return (hl2, hh2), (ncl, nch)


def _join(a, b):
    if isinstance(a[0], tuple):
        return tuple(_join(x, y) for x, y in zip(a, b))
    return torch.minimum(a[0], b[0]), torch.maximum(a[1], b[1])


def _cat(a, b):
    if isinstance(a[0], tuple):
        return tuple(_cat(x, y) for x, y in zip(a, b))
    return torch.cat([a[0], b[0]]), torch.cat([a[1], b[1]])


def _h(box):
    return box[0] if isinstance(box[0], tuple) else box


def ibp_pass(module: torch.nn.Module, head: torch.nn.Linear, n: int) -> Dict[str, Any]:
    """The bounded-horizon IBP check of F1B(n) (flags plus-minus, zero initial state): PASS iff
    for every flag position L, every label +1 score box lies above 0 and every label −1 box below.

    The after-flag boxes of all L run as one batch: at step t the boxes of L < t are stepped
    with bit ±1 (joined) and flag −1, and two rows (labels −1, +1) join for L = t from the
    before-flag box of step t − 1."""
    start = time.perf_counter()
    cells = UnrolledIBP(module)
    K = cells.K
    zero = torch.zeros(1, K, dtype=torch.float64)
    before = ((zero, zero), (zero, zero)) if cells.kind == "lstm" else (zero, zero)
    after = None
    labels: List[float] = []
    with torch.no_grad():
        for t in range(1, n + 1):
            if after is not None:
                after = _join(cells.step(after, -1.0, -1.0), cells.step(after, 1.0, -1.0))
            flagged = _cat(cells.step(before, -1.0, 1.0), cells.step(before, 1.0, 1.0))
            after = flagged if after is None else _cat(after, flagged)
            labels += [-1.0, 1.0]
            if t < n:
                before = _join(cells.step(before, -1.0, -1.0), cells.step(before, 1.0, -1.0))
        lo, hi = _affine(*_h(after), head.weight.detach().double(), head.bias.detach().double())
    lo, hi = lo[:, 0], hi[:, 0]
    y = torch.tensor(labels, dtype=torch.float64)
    ok = torch.where(y > 0, lo > 0, hi < 0)
    width = (hi - lo)
    return {"verdict": "pass" if bool(ok.all()) else "unknown", "boxes_proved": int(ok.sum()), "boxes": int(ok.numel()), "max_score_width": float(width.max()),
            "seconds": time.perf_counter() - start, "peer": "ibp (written here; auto_LiRPA does not install)"}


# ----------------------------------------------------------------------------- one model

def wait_for(path: str, poll: float = 5.0):
    """Wait while another process trains this model (its .lock exists)."""
    while os.path.exists(path + ".lock"):
        time.sleep(poll)


def lengths_contradictions(row: Dict[str, Any]) -> List[str]:
    problems = []
    seen = row["float64"]["misclassified"]
    a, c, peer = row.get("check_all") or {}, row["check"], row.get("peer") or {}
    if a.get("verdict") == "pass" and seen > 0:
        problems.append(f"--n all PASS, but float64 sees {seen} sampled paths misclassified at n = {row['n']}")
    if a.get("verdict") == "pass" and c.get("verdict") == "fail":
        problems.append(f"--n all PASS beside FAIL at n = {row['n']}")
    if peer.get("verdict") == "pass" and seen > 0:
        problems.append(f"peer PASS, but float64 sees {seen} sampled paths misclassified")
    if peer.get("verdict") == "pass" and c.get("verdict") == "fail":
        problems.append("peer PASS beside f1b FAIL")
    return problems


def measure(args, binary: str, cell: str, K: int, n: int, seed: int) -> Dict[str, Any]:
    load_start = os.getloadavg()
    path = tm.model_path(args.cache, cell, K, n, seed, args.steps)
    wait_for(path)
    module, head, meta, path = tm.trained_model(args.cache, cell, K, n, seed, args.steps, args.stop_error)
    limit = args.time_limit_64 if K >= 64 else args.time_limit
    check = tm.run_check(binary, path, n, limit, True)
    check_all = tm.run_check(binary, path, "all", args.all_time_limit, True) if K <= args.all_up_to_K else None
    facts = pf.sample_float64(module, head, n, args.samples, 30_000 + seed)
    peer = ibp_pass(module, head, n)
    row = {"cell": cell, "K": K, "n": n, "seed": seed, "file": path, "train": meta, "time_limit": limit,
           "check": check, "check_all": check_all, "float64": facts, "peer": peer,
           "load": {"start": load_start, "end": os.getloadavg()}}
    row["contradictions"] = tm.compare(check, facts, module, head) + lengths_contradictions(row)
    return row


# ----------------------------------------------------------------------------- printing

def _s(x: Optional[float]) -> str:
    return "—" if x is None else f"{x:.1f}" if x < 100 else f"{x:.0f}"


HEADER = (f"{'cell':<5}{'K':>3}{'n':>5}{'sd':>3} {'acc':>6} | {'f1b @n':<13}{'procedure':<16}{'s':>6}{'MB':>6} | "
          f"{'f1b every n':<16}{'procedure':<16}{'s':>6} | {'f64 miscl':>10} | {'IBP':<8}{'s':>6} | {'load':>5}")


def row_line(r: Dict[str, Any]) -> str:
    c, a, f, p = r["check"], r.get("check_all") or {}, r["float64"], r["peer"]
    every = str(a.get("verdict") or "—")
    first = a.get("smallest_failing_n") or a.get("from")
    if a.get("verdict") == "fail" and first is not None:
        every += f" n={first}"
    line = (f"{r['cell']:<5}{r['K']:>3}{r['n']:>5}{r['seed']:>3} {r['train']['sampled_accuracy']:>6.4f} | "
            f"{str(c.get('verdict')):<13}{str(c.get('procedure') or '—')[:15]:<16}{_s(c.get('seconds')):>6}{(c.get('peak_mb') or 0):>6.0f} | "
            f"{every[:15]:<16}{str(a.get('procedure') or '—')[:15]:<16}{_s(a.get('seconds')):>6} | "
            f"{f['misclassified']:>5}/{f['paths']:<5}| {p['verdict']:<8}{p['seconds']:>6.2f} | {r['load']['end'][0]:>5.2f}")
    return line + ("  CONTRADICTION" if r["contradictions"] else "")


def _met(ok: bool, m: int) -> str:
    return "not measured" if not m else "met" if ok else "not met"


def _pct(k: int, m: int) -> str:
    return f"{k}/{m} ({100 * k / m:.0f}%)" if m else "0/0 (—)"


def decided(r: Dict[str, Any], within: float) -> bool:
    c = r["check"]
    return c.get("verdict") in ("pass", "fail") and c["seconds"] <= within + 1   # + process start and JSON


TRAINED = 0.99   # sampled accuracy (8192 fresh float32 paths after training) of a model that learned the task


def summary(rows: List[Dict[str, Any]]) -> List[str]:
    out = [f"models: {len(rows)} ({', '.join(sorted({r['cell'] for r in rows}))}; K {sorted({r['K'] for r in rows})}; "
           f"n {sorted({r['n'] for r in rows})}; seeds {sorted({r['seed'] for r in rows})})"]
    trained = [r for r in rows if r["train"]["sampled_accuracy"] >= TRAINED]
    out.append(f"\n== every model ({len(rows)}) ==")
    out += targets(rows)
    out.append(f"\n== models trained to sampled accuracy ≥ {TRAINED} ({len(trained)}; the others did not learn the task) ==")
    out += targets(trained)
    return out


def targets(rows: List[Dict[str, Any]]) -> List[str]:
    out: List[str] = []
    a = [r for r in rows if r["K"] <= 32 and r["n"] <= 50]
    k = sum(decided(r, 60) for r in a)
    out.append(f"1. decided at the trained n within 60 s, K ≤ 32 and n ≤ 50: {_pct(k, len(a))} — target ≥ 90%: "
               f"{_met(k >= 0.9 * len(a), len(a))}")
    clean = [r for r in rows if r["float64"]["misclassified"] == 0]
    fp = sum(r["check"].get("verdict") == "pass" for r in clean)
    pp = sum(r["peer"]["verdict"] == "pass" for r in clean)
    out.append(f"2. of the {len(clean)} models no sampled path refutes, proved PASS at the trained n: f1b {_pct(fp, len(clean))}, "
               f"IBP peer {_pct(pp, len(clean))} — target ≥ 70% (f1b): {_met(fp >= 0.7 * len(clean), len(clean))}")
    for n in sorted({r["n"] for r in clean}):
        g = [r for r in clean if r["n"] == n]
        out.append(f"   n = {n}: f1b {_pct(sum(r['check'].get('verdict') == 'pass' for r in g), len(g))}, "
                   f"IBP {_pct(sum(r['peer']['verdict'] == 'pass' for r in g), len(g))}")
    both = sum(r["check"].get("verdict") == "pass" and r["peer"]["verdict"] == "pass" for r in clean)
    out.append(f"   PASS by both {both}, f1b only {fp - both}, IBP only {pp - both}")
    b = [r for r in rows if r["K"] == 64 and r["n"] == 100]
    k = sum(decided(r, 120) for r in b)
    out.append(f"3. decided at K = 64, n = 100 within 120 s: {_pct(k, len(b))} — target ≥ 50%: "
               f"{_met(k >= 0.5 * len(b), len(b))}")
    e = [r for r in rows if r["K"] <= 16 and r.get("check_all") is not None]
    v = [r for r in e if r["check_all"].get("verdict") in ("pass", "fail")]
    out.append(f"4. every-n verdict, K ≤ 16: {_pct(len(v), len(e))} (pass ∀n {sum(r['check_all']['verdict'] == 'pass' for r in v)}, "
               f"fail {sum(r['check_all']['verdict'] == 'fail' for r in v)}) — target ≥ 50%: {_met(len(v) >= 0.5 * len(e), len(e))}")
    ea = [r for r in rows if r.get("check_all") is not None]
    out.append(f"   every-n verdict, all K run: {_pct(sum(r['check_all'].get('verdict') in ('pass', 'fail') for r in ea), len(ea))}")
    peaks = [(x.get("peak_mb") or 0, r) for r in rows for x in (r["check"], r.get("check_all") or {}) if x]
    m, mr = max(peaks, key=lambda p: p[0]) if peaks else (0, None)
    out.append(f"5. max peak memory: {m:.0f} MB" + (f" ({mr['cell']} K={mr['K']} n={mr['n']} seed {mr['seed']})" if mr else "")
               + f" — target ≤ 2 GiB: {'met' if m <= 2048 else 'not met'}")
    bad = [r for r in rows if r["contradictions"]]
    out.append(f"6. contradictions with float64 samples: {len(bad)} — target 0: {'met' if not bad else 'not met'}")
    for r in bad:
        for d in r["contradictions"]:
            out.append(f"   {r['cell']} K={r['K']} n={r['n']} seed {r['seed']}: {d}")
    verdicts: Dict[str, int] = {}
    for r in rows:
        key = f"{r['check'].get('verdict')} by {r['check'].get('procedure')}"
        verdicts[key] = verdicts.get(key, 0) + 1
    out.append("f1b at the trained n: " + ", ".join(f"{k} ×{v}" for k, v in sorted(verdicts.items(), key=lambda kv: -kv[1])))
    ex = [r for r in rows if r["check"].get("verdict") == "fail"]
    out.append(f"FAILs whose counterexample float64 confirms misclassified: {sum(not r['contradictions'] for r in ex)}/{len(ex)}; "
               f"FAILs where the samples also see misclassified paths: {sum(r['float64']['misclassified'] > 0 for r in ex)}/{len(ex)}")
    return out


def machine() -> Dict[str, Any]:
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(), "load": os.getloadavg(),
            "torch": torch.__version__, "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}


def binary_commit(binary: str) -> str:
    try:
        with open(os.path.join(os.path.dirname(binary), "COMMIT")) as f:
            return f.read().strip()
    except OSError:
        pass
    try:   # a build inside a checkout: its HEAD
        return subprocess.run(["git", "-C", os.path.dirname(binary), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


# ----------------------------------------------------------------------------- main

def _list(text: str, kind=int) -> List[Any]:
    return [kind(x) for x in text.split(",") if x]


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--f1b", default=DEFAULT_F1B)
    ap.add_argument("--cells", default="gru,lstm,rnn")
    ap.add_argument("--K", default="4,8,16,32,64")
    ap.add_argument("--n", default="20,50,100")
    ap.add_argument("--seeds", default="3", help="a count (3: seeds 1,2,3) or a list 1,2 (default 3)")
    ap.add_argument("--steps", type=int, default=1000, help="most Adam steps per model (default 1000)")
    ap.add_argument("--stop-error", type=float, default=0.0,
                    help="stop training at the first evaluation (every 100 steps, 4096 fresh paths) with error ≤ this (default 0)")
    ap.add_argument("--time-limit", type=float, default=60, help="f1b --time-limit at the trained n, K < 64 (default 60)")
    ap.add_argument("--time-limit-64", type=float, default=120, help="the same at K = 64 (default 120)")
    ap.add_argument("--all-time-limit", type=float, default=60, help="f1b --n all --time-limit (default 60)")
    ap.add_argument("--all-up-to-K", type=int, default=64, help="run --n all only for K ≤ this (default 64: all)")
    ap.add_argument("--samples", type=int, default=20_000, help="float64 random paths per model (default 20000)")
    ap.add_argument("--cache", default=os.path.join(HERE, ".models"))
    ap.add_argument("--threads", type=int, default=1, help="PyTorch threads (default 1)")
    ap.add_argument("--jsonl", help="append each row here as it finishes")
    ap.add_argument("--skip-done", action="store_true", help="skip models already in --jsonl")
    ap.add_argument("--summary", nargs="+", metavar="JSONL", help="print only the summary of recorded rows")
    args = ap.parse_args(argv)

    if args.summary:
        rows = []
        for p in args.summary:
            with open(p) as f:
                rows += [json.loads(line) for line in f if line.strip() and '"cell"' in line]
        print(HEADER)
        for r in rows:
            print(row_line(r))
        print("\n" + "\n".join(summary(rows)))
        return 0

    torch.set_num_threads(args.threads)
    os.makedirs(args.cache, exist_ok=True)
    binary = os.path.abspath(args.f1b)
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary}: no f1b binary")
    seeds = list(range(1, int(args.seeds) + 1)) if "," not in args.seeds else _list(args.seeds)
    grid = [(cell, K, n, seed) for seed in seeds for n in _list(args.n) for K in _list(args.K) for cell in _list(args.cells, str)]
    done = set()
    if args.skip_done and args.jsonl and os.path.exists(args.jsonl):
        with open(args.jsonl) as f:
            for line in f:
                if '"cell"' in line:
                    r = json.loads(line)
                    done.add((r["cell"], r["K"], r["n"], r["seed"]))
    grid = [g for g in grid if g not in done]
    facts = machine()
    commit = binary_commit(binary)
    print(f"f1b {binary} (commit {commit}); torch {torch.__version__}, {args.threads} thread(s); "
          f"peer: IBP through the unrolled module (auto_LiRPA does not install against torch {torch.__version__})")
    print(f"machine: nproc {facts['nproc']}, {facts['cpu']}, load average at start {facts['load']}")
    print(f"{len(grid)} models; --time-limit {args.time_limit:.0f} s (K = 64: {args.time_limit_64:.0f} s), "
          f"--n all {args.all_time_limit:.0f} s for K ≤ {args.all_up_to_K}; {args.samples} float64 samples; "
          f"training ≤ {args.steps} steps, stop at sampled error ≤ {args.stop_error}", flush=True)
    out = open(args.jsonl, "a") if args.jsonl else None
    if out:
        out.write(json.dumps({"run": {"argv": sys.argv, "f1b": binary, "commit": commit, "machine": facts}}) + "\n")
        out.flush()
    print(HEADER)
    print("-" * len(HEADER), flush=True)
    rows = []
    for cell, K, n, seed in grid:
        row = measure(args, binary, cell, K, n, seed)
        rows.append(row)
        print(row_line(row), flush=True)
        if out:
            out.write(json.dumps(row, default=str) + "\n")
            out.flush()
    end = machine()
    print(f"\nmachine: nproc {end['nproc']}, {end['cpu']}; load average at start {facts['load']}, at end {end['load']}")
    if out:
        out.write(json.dumps({"end": end}) + "\n")
        out.close()
    print("\n".join(summary(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
