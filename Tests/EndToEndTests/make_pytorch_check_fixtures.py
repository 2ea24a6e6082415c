"""Writes Fixtures/pytorch/: construction files for `f1b check`'s end-to-end tests, and facts.json.

Models trained in PyTorch (nn.GRU / nn.LSTM / nn.RNN(tanh) + nn.Linear(K, 1), exported
by f1b's Python bridge with exact values, `convention: pytorch`), one UR-GRU trained by
f1b itself, and near-tie GRUs (K = 1, the paper's convention). The end-to-end tests read
the committed files, so `swift test` needs no PyTorch. Run once, from the repository root:

    pip install ./Sources/python torch
    nice -n 10 python3 Tests/EndToEndTests/make_pytorch_check_fixtures.py --f1b /path/to/f1b

(--f1b trains the UR-GRU and runs `simulate` on it; with --observe it also runs `check`
on every file under a timeout and records what that binary answered, as "observed";
--observe-only re-records only that, on the committed files, e.g. for a new binary.)

facts.json: {"torch": version, "files": {FILE: {...}}}, per file
  "n": the length the file is about; "source": how it was made;
  "float64" (PyTorch models): every one of the n·2^n paths in float64 through the very
      module exported: "paths", "misclassified", "least_abs_score", "least_margin"
      (min label·score), "near_ties" (|score| ≤ 1e-9; 0 means the float64 count is the
      exact count for any sound checker), "verdict" ("pass" | "fail" when near_ties = 0);
      "scan": float64's smallest failing n over n = 1…12 (null: none), and the lengths
      with a near tie;
  "simulate" (the UR-GRU): `f1b simulate FILE --n 20` (seed 1, 10000 + 10000 paths) in
      float and in double: misclassified of trials (the file's classifier);
  "high_precision" (near-tie files): per n ≤ 6, from an independent implementation of the
      paper's GRU at 80 digits (Tests/VerificationTests/make_independent_reference.py):
      "misclassified", "least_abs_score" and "within_1e-30" (paths whose score is
      that close to the threshold — here every path);
  "observed" (with --observe): what `check` answered, per command, with the binary's
      version: verdict, exit status, seconds (a record, not a test: tests must not time).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import time
from fractions import Fraction

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(HERE, "Fixtures", "pytorch")
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
import pytorch_f1b as pf  # noqa: E402  (training and the float64 enumeration, shared with the benchmark)

import f1b  # noqa: E402  (pip install ./Sources/python)


def _reference():
    """The independent reference's own GRU (walk over every path at 80 digits)."""
    path = os.path.join(ROOT, "Tests", "VerificationTests", "make_independent_reference.py")
    spec = importlib.util.spec_from_file_location("independent_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def float64_facts(path: str, n: int) -> dict:
    module, head = f1b.from_construction(path, dtype=torch.float64)
    facts = pf.enumerate_float64(module.eval(), head.eval(), n)
    facts["verdict"] = ("near tie" if facts["near_ties"] else "fail" if facts["misclassified"] else "pass")
    del facts["seconds"], facts["method"]
    first, tied = None, []
    for m in range(1, 13):
        f = pf.enumerate_float64(module, head, m)
        tied += [m] if f["near_ties"] else []
        if first is None and f["misclassified"]:
            first = m
    facts["scan"] = {"up_to": 12, "first_failing_n": first, "near_tie_lengths": tied}
    return facts


def export(model: pf.Model, name: str, note: str) -> str:
    path = os.path.join(OUT, name + ".yaml")
    f1b.to_construction(model.cell, model.head, path, name=name)
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:   # a line saying how it was made, above the bridge's comment
        f.write(f"# {note}\n" + text)
    return path


def trained(files: dict, name: str, cell: str, K: int, n_train: int, n: int, seed: int, steps: int, accept=None):
    """Trains (seed, seed + 1, … until accept(float64 facts) holds), exports, records facts."""
    for s in range(seed, seed + 50):
        model, meta = pf.train(cell, K, n_train, s, steps)
        note = (f"torch.nn.{pf.CELLS[cell].__name__}({'nonlinearity=tanh, ' if cell == 'rnn' else ''}K = {K}) + nn.Linear({K}, 1), "
                f"trained by Benchmarks/pytorch_f1b.py on F1B({n_train}): {steps} Adam steps, seed {s}")
        path = export(model, name, note)
        facts = float64_facts(path, n)
        if accept is None or accept(facts):
            files[name + ".yaml"] = {"n": n, "source": note, "K": K, "cell": cell, "trained_n": n_train, "seed": s,
                                     "steps": steps, "sampled_accuracy": meta["sampled_accuracy"], "float64": facts}
            print(f"{name}: float64 at n = {n}: {facts['misclassified']} of {facts['paths']} misclassified, "
                  f"{facts['near_ties']} near ties, least |score| {facts['least_abs_score']:.3g}; "
                  f"smallest failing n ≤ 12: {facts['scan']['first_failing_n']}", flush=True)
            return
    raise SystemExit(f"{name}: no seed gave what was asked")


def ur_gru(files: dict, binary: str):
    """f1b train --model ur-gru --state 2 --n 20 --initialization uniform-gate --seed 2 --stop-at-success."""
    name = "ur-gru-k2-n20"
    path = os.path.join(OUT, name + ".yaml")
    command = ["train", "--model", "ur-gru", "--state", "2", "--n", "20", "--initialization", "uniform-gate",
               "--seed", "2", "--stop-at-success", "--out", path]
    subprocess.run(["timeout", "600", binary, *command], check=True, capture_output=True)
    simulate = {}
    for precision in ("float", "double"):
        out = subprocess.run(["timeout", "120", binary, "simulate", path, "--n", "20", "--precision", precision, "--json"],
                             check=True, capture_output=True, text=True).stdout
        error = json.loads(out)["file_classifier"]["error"]
        simulate[precision] = {"misclassified": error["errors"], "trials": error["trials"],
                               "interval": [error["lower"], error["upper"]]}
    files[name + ".yaml"] = {"n": 20, "source": "f1b " + " ".join(command[:-2]) + " (its expect block is the one f1b train writes)",
                             "simulate": simulate}
    print(f"{name}: simulate at n = 20: {simulate}", flush=True)


def near_ties(files: dict, reference):
    """GRU K = 1 (paper) whose information bit enters only through W_s's 1e-40 and with no flag
    weights: every score lies within ~1e-40 of the others, and γ is minus the median score
    rounded to 60 digits, so the threshold sits among them. (With flag weights the scores
    would group by L at O(1) apart and every group but one would fail plainly.)"""
    import mpmath
    rng = random.Random(11)
    F = Fraction
    for index, n in enumerate((6, 5, 4)):
        value = lambda: F(rng.randint(-20, 20), 10)  # noqa: E731
        P = {"W_r": [[F(0), F(0)]], "U_r": [[value()]], "b_r": [[value()]],
             "W_z": [[F(0), F(0)]], "U_z": [[value()]], "b_z": [[value()]],
             "W_s": [[F(1, 10 ** 40), F(0)]], "U_s": [[value()]], "b_s": [[value()]]}
        spec = {"model": "gru", "convention": "paper", "activation": None, "K": 1, "flags": "plus-minus", "P": P,
                "initial": [F(rng.randint(-9, 9), 10)], "exact": False, "kind": "near tie", "beta": [F(1)], "gamma": F(0)}
        scores = []
        reference.walk(spec, n, lambda L, bits, s: scores.append(s))
        middle = sorted(scores)[len(scores) // 2]
        spec["gamma"] = -F(mpmath.nstr(middle, 60, min_fixed=-1, max_fixed=1))
        name = f"near-tie-gru-k1-n{n}"
        lines = ["# A near tie: the information bit enters only through W_s's 1e-40 (no flag weights), so every score",
                 "# agrees with every other to ~1e-40, and gamma is minus the median one rounded to 60 digits.",
                 "# Written by Tests/EndToEndTests/make_pytorch_check_fixtures.py.",
                 f"name: {name}", "model: gru", "state: 1", "flags: plus-minus", "parameters:"]
        def number(q):
            return "1e-40" if q == F(1, 10 ** 40) else reference.text(q)
        for key, rows in P.items():
            entry = "[" + ", ".join(number(q) for q in rows[0]) + "]"
            lines.append(f"  {key}: {entry if key.startswith('b') else '[' + entry + ']'}")
        lines += [f"initial: [{reference.text(spec['initial'][0])}]", "classifier:", "  beta: [1]",
                  f"  gamma: {reference.text(spec['gamma'])}"]
        with open(os.path.join(OUT, name + ".yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
        per_n = []
        for m in range(1, n + 1):
            tally = {"misclassified": 0, "least": None, "close": 0}

            def visit(L, bits, s):
                label = bits[L - 1]
                tally["misclassified"] += (s < 0) if label > 0 else (s >= 0)
                tally["least"] = abs(s) if tally["least"] is None else min(tally["least"], abs(s))
                tally["close"] += abs(s) < mpmath.mpf("1e-30")
            reference.walk(spec, m, visit)
            per_n.append({"n": m, "paths": m * 2 ** m, "misclassified": tally["misclassified"],
                          "least_abs_score": mpmath.nstr(tally["least"], 5), "within_1e-30": tally["close"]})
        files[name + ".yaml"] = {"n": n, "source": "near tie (see the file's comment)", "high_precision": per_n}
        print(f"{name}: {per_n[-1]}", flush=True)


def observe(files: dict, binary: str, timeout: int):
    """What `check` answers on each file now (verdict, exit status, seconds), under a timeout."""
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    for name, facts in files.items():
        path = os.path.join(OUT, name)
        methods = [["--method", "enumerate"]] + ([["--method", "cover", "--max-boxes", "20000"],
                                                  ["--method", "enumerate", "--precision", "256"]] if name.startswith("near-tie")
                                                 else [[]])
        facts["observed"] = {"f1b": version, "timeout": timeout, "runs": []}
        for extra in methods:
            args = ["check", path, "--n", str(facts["n"]), "--json", *extra]
            start = time.perf_counter()
            run = subprocess.run(["timeout", "-k", "5", str(timeout), binary, *args], capture_output=True, text=True)
            seconds = time.perf_counter() - start
            try:
                result = json.loads(run.stdout)["results"][0]
                verdict = result.get("verdict")
                detail = {k: result.get(k) for k in ("method", "misclassified", "misclassified_at_least", "undecided", "reason")}
            except (json.JSONDecodeError, KeyError, IndexError):
                verdict, detail = ("timeout" if run.returncode == 124 else "error"), {}
            facts["observed"]["runs"].append({"command": "check FILE " + " ".join(args[2:]), "verdict": verdict, "exit": run.returncode,
                                              "seconds": round(seconds, 2), **detail})
            print(f"  {name} {' '.join(args[2:])}: {verdict} (exit {run.returncode}) in {seconds:.1f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description="Writes Tests/EndToEndTests/Fixtures/pytorch/")
    parser.add_argument("--f1b", required=True, help="f1b binary (trains the UR-GRU, simulates it)")
    parser.add_argument("--observe", action="store_true", help="also record what this binary's check answers")
    parser.add_argument("--observe-only", action="store_true", help="re-record only 'observed' in the committed facts.json")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per observed check (default 60)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    if args.observe_only:
        with open(os.path.join(OUT, "facts.json")) as f:
            everything = json.load(f)
        observe(everything["files"], os.path.abspath(args.f1b), args.timeout)
        with open(os.path.join(OUT, "facts.json"), "w") as f:
            json.dump(everything, f, indent=1)
        return
    files: dict = {}
    # The K = 2 GRU of the issue: some paths misclassified at n = 5 (briefly trained), no near tie.
    trained(files, "gru-k2-n5", "gru", 2, 5, 5, 1, 60,
            accept=lambda f: f["misclassified"] > 0 and f["near_ties"] == 0 and f["least_abs_score"] > 1e-6)
    # Two paths: an LSTM trained at n = 10, checked at n = 1.
    trained(files, "lstm-k4-n1", "lstm", 4, 10, 1, 1, 1000)
    trained(files, "gru-k8-n10", "gru", 8, 10, 10, 1, 1000)
    trained(files, "lstm-k8-n10", "lstm", 8, 10, 10, 1, 1000)
    # A K = 8 model that fails at n = 10 (briefly trained): falsification's case.
    trained(files, "gru-k8-n10-fails", "gru", 8, 10, 10, 1, 50,
            accept=lambda f: 0 < f["misclassified"] and f["near_ties"] == 0)
    trained(files, "rnn-tanh-k4-n10", "rnn", 4, 10, 10, 1, 1000)
    trained(files, "gru-k32-n10", "gru", 32, 10, 10, 1, 1000)
    ur_gru(files, os.path.abspath(args.f1b))
    near_ties(files, _reference())
    if args.observe:
        observe(files, os.path.abspath(args.f1b), args.timeout)
    with open(os.path.join(OUT, "facts.json"), "w") as f:
        json.dump({"generator": "Tests/EndToEndTests/make_pytorch_check_fixtures.py", "torch": torch.__version__,
                   "files": files}, f, indent=1)
    print(f"wrote {len(files)} files and facts.json to {OUT}")


if __name__ == "__main__":
    main()
