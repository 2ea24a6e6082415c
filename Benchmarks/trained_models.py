"""Benchmark: `f1b check` on models trained in PyTorch, beside a float64 answer from PyTorch in the same run.

For every (cell, K, n, seed) of the grid: trains a single-layer nn.GRU / nn.LSTM /
nn.RNN(tanh) with nn.Linear(K, 1) on the final h on F1B(n) (Adam, logistic loss, a
fixed step budget; pytorch_f1b.train), exports it with f1b's Python bridge into the
cache directory (reused when present), and then

* float64 in PyTorch: where n ≤ --enumerate-up-to, every one of the n·2^n paths with
  prefix sharing (the misclassified count, the least |score|, how many scores lie
  within 1e-9 of the threshold; timed); beyond, --samples random paths (the count and
  a 95% Clopper–Pearson interval for Pe);
* `f1b check FILE --n N --json` (and, with --all-n, `--n all`) under a wall-clock
  timeout: verdict, the procedure that decided, time, peak memory (wait4's rusage);
* the comparison: a PASS must agree with float64 seeing no misclassified path, a FAIL
  with float64 seeing some (and every counterexample path f1b prints is run through the
  float64 module), and an exact count must equal the float64 count wherever no float64
  score lies within 1e-9 of a tie. Anything else is a disagreement, listed at the end.

Prints one row per model, then the summary: the fraction decided, the pass/fail split,
the time distribution per (cell, K, n), every disagreement. f1b's times are its whole
process (start, reading the file, the check); beside them, `in-proc` is the deciding
procedure's own time as f1b reports it (`work.seconds`: enumeration reports it), which
compares like for like with float64's enumeration timed inside its process. --out writes everything as JSON.

    pip install ./Sources/python torch
    nice -n 10 python3 Benchmarks/trained_models.py --f1b .build/release/f1b \\
        --cells gru,lstm,rnn --K 2,4,8 --n 10 --seeds 1 --timeout 60 --out results.json

--f1b is any f1b binary: `--time-limit` is passed only when its `check --help` names it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from typing import Any, Dict, List, Optional

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_f1b as pf  # noqa: E402

import f1b  # noqa: E402  (pip install ./Sources/python)

HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------------- reading f1b's JSON

def _integer(value: Any) -> Optional[int]:
    """A count as f1b prints it (a string, a number, or "p/q" with q = 1); None when absent."""
    if value is None or isinstance(value, bool):
        return None
    try:
        f = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None
    return int(f) if f.denominator == 1 else None


def read_check(report: Dict[str, Any], n: Any) -> Dict[str, Any]:
    """The fields this benchmark needs from `f1b check --json`, for the length n (or "all").

    The one place that knows the JSON's shape; unknown keys are ignored and missing ones
    read as None, so the present schema and the portfolio's (a `schema` field,
    results[i].verdict, a procedure name, counts as strings) both read.
    """
    out: Dict[str, Any] = {"schema": report.get("schema"), "file_verdict": report.get("verdict")}
    if n == "all":
        all_n = report.get("all_n") or {}
        out.update({"verdict": all_n.get("verdict"), "from": all_n.get("from"),
                    "smallest_failing_n": all_n.get("smallest_failing_n", all_n.get("fails_at", all_n.get("first_failure"))),
                    "decided_up_to": all_n.get("decided_up_to", all_n.get("largest_decided_n", all_n.get("decided_through"))),
                    "procedure": all_n.get("procedure") or all_n.get("method"),
                    "reason": all_n.get("reason")})
        return out
    results = report.get("results") or []
    r = next((x for x in results if str(x.get("n")) == str(n)), results[0] if len(results) == 1 else {})
    procedure = r.get("procedure") or r.get("decided_by") or r.get("method")
    if isinstance(procedure, dict):
        procedure = procedure.get("id") or procedure.get("name")
    count = _integer(r.get("misclassified"))
    at_least = _integer(r.get("misclassified_at_least"))
    undecided = _integer(r.get("undecided"))
    exact = count is not None
    if not exact and at_least is not None and undecided == 0 and "enumerat" in str(procedure or ""):
        count, exact = at_least, True   # every path placed: the lower bound is the count
    counterexample = r.get("counterexample") or {}
    paths = counterexample.get("paths") if isinstance(counterexample, dict) else None
    out.update({"verdict": r.get("verdict") or report.get("verdict"), "procedure": procedure,
                "misclassified": count if exact else None, "misclassified_at_least": at_least if not exact else count,
                "undecided": undecided, "pe": r.get("pe"), "reason": r.get("reason"),
                # The procedure's own wall time for this length (work.seconds; enumeration reports it):
                # no process start, no file reading — like for like with the in-process float64 time.
                "decide_seconds": (r.get("work") or {}).get("seconds") if isinstance(r.get("work"), dict) else None,
                "counterexample_paths": [(int(p["L"]), [int(b) for b in p["bits"]]) for p in (paths or [])
                                         if isinstance(p, dict) and "L" in p and "bits" in p]})
    return out


# ----------------------------------------------------------------------------- running f1b

def accepts_time_limit(binary: str) -> bool:
    """Whether `f1b check --help` names --time-limit."""
    try:
        text = subprocess.run([binary, "check", "--help"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "--time-limit" in text


GNU_TIME = "/usr/bin/time"


def run_check(binary: str, path: str, n: Any, timeout: float, time_limit: bool) -> Dict[str, Any]:
    """`f1b check path --n n --json` under `timeout` seconds of wall clock (GNU timeout, then
    SIGKILL 10 s later): wall time, peak memory, exit status and the parsed report.

    Peak memory is the maximum resident set of f1b as GNU time reports it for the
    `timeout` process it starts (which waits for f1b). Where GNU time is missing it is
    wait4's maximum over `timeout` and f1b — `timeout` forked from this Python process
    inherits its high-water mark (hundreds of MB with torch loaded), so it is marked so.
    """
    args = [binary, "check", path, "--n", str(n), "--json"]
    if time_limit:
        args += ["--time-limit", str(int(timeout))]
    # With --time-limit the tool is to stop itself; the wall clock then allows it a little longer.
    wall = timeout + (15 if time_limit else 0)
    command = ["timeout", "-k", "10", str(wall), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        gnu_time = os.access(GNU_TIME, os.X_OK)
        if gnu_time:
            command = [GNU_TIME, "-f", "%M", "-o", rss.name, *command]
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        peak_kb = usage.ru_maxrss
        if gnu_time:
            lines = rss.read().split()
            peak_kb = int(lines[-1]) if lines and lines[-1].isdigit() else None
    exit_status = process.returncode
    record: Dict[str, Any] = {"command": " ".join(args[1:]), "seconds": seconds, "exit": exit_status,
                              "peak_mb": None if peak_kb is None else peak_kb / 1024,
                              "peak_includes_parent": not gnu_time,
                              "timed_out": exit_status in (124, 137),
                              "stderr_tail": stderr.strip().splitlines()[-3:]}
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        report = None
    record.update(read_check(report, n) if report is not None else {"verdict": None})
    if record["timed_out"]:
        record["verdict"] = "timeout"
    elif report is None:
        record["verdict"] = "error"
    return record


# ----------------------------------------------------------------------------- models

def model_path(cache: str, cell: str, K: int, n: int, seed: int, steps: int) -> str:
    return os.path.join(cache, f"torch-{cell}-k{K}-n{n}-seed{seed}-steps{steps}.yaml")


def trained_model(cache: str, cell: str, K: int, n: int, seed: int, steps: int, stop_error: Optional[float]):
    """(float64 module, float64 head, training facts, file): trained and exported, or read from the cache."""
    path = model_path(cache, cell, K, n, seed, steps)
    meta_path = path[:-5] + ".json"
    if os.path.exists(path) and os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        meta["cached"] = True
    else:
        model, meta = pf.train(cell, K, n, seed, steps, stop_error=stop_error)
        f1b.to_construction(model.cell, model.head, path, name=os.path.basename(path)[:-5])
        with open(meta_path, "w") as f:
            json.dump(meta, f, indent=1)
        meta["cached"] = False
    module, head = f1b.from_construction(path, dtype=torch.float64)   # the file's exact values
    return module.eval(), head.eval(), meta, path


# A fresh Python process that does what `f1b check FILE --n N` does with the float64 peer: start,
# import PyTorch, read the exported file, enumerate every path. Like for like with f1b's process time.
_PEER_PROCESS = """
import sys
sys.path.insert(0, sys.argv[4])
import torch
torch.set_num_threads(int(sys.argv[3]))
import f1b, pytorch_f1b as pf
module, head = f1b.from_construction(sys.argv[1], dtype=torch.float64)
pf.enumerate_float64(module.eval(), head.eval(), int(sys.argv[2]))
"""


def float64_process_seconds(path: str, n: int, threads: int) -> float:
    """Wall-clock seconds of the float64 enumeration as its own process, start-up and file included."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _PEER_PROCESS, path, str(n), str(threads), HERE], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def float64_facts(module, head, n: int, enumerate_up_to: int, samples: int, seed: int) -> Dict[str, Any]:
    if n <= enumerate_up_to:
        return pf.enumerate_float64(module, head, n)
    return pf.sample_float64(module, head, n, samples, seed)


# ----------------------------------------------------------------------------- comparison

def compare(check: Dict[str, Any], facts: Dict[str, Any], module, head) -> List[str]:
    """Every way the f1b verdict and the float64 answer disagree (empty: they agree).
    Near ties (a float64 score within 1e-9 of the threshold) make float64's side of a
    path uncertain, so they excuse a differing count or verdict, never a wrong path."""
    problems: List[str] = []
    verdict = check.get("verdict")
    enumerated = facts["method"] == "enumeration"
    seen, ties = facts["misclassified"], facts["near_ties"]
    if verdict == "pass" and seen > 0 and ties == 0:
        problems.append(f"PASS, but float64 sees {seen} misclassified of {facts['paths']} "
                        f"({'every path' if enumerated else 'sampled'})")
    if verdict == "fail" and enumerated and seen == 0 and ties == 0:
        problems.append("FAIL, but float64 sees no misclassified path of all of them and no near tie")
    if enumerated and ties == 0 and check.get("misclassified") is not None and check["misclassified"] != seen:
        problems.append(f"exact count {check['misclassified']} ≠ float64 count {seen}")
    if enumerated and ties == 0 and check.get("misclassified_at_least") is not None and check["misclassified_at_least"] > seen:
        problems.append(f"lower bound {check['misclassified_at_least']} > float64 count {seen}")
    for p in pf.path_scores(module, head, check.get("counterexample_paths") or []):
        if not p["misclassified"] and not p["near_tie"]:
            problems.append(f"counterexample path L = {p['L']} (label {p['label']:+d}) has float64 score {p['score']:.6g}: classified right")
    return problems


def float64_scan(module, head, up_to: int) -> Dict[str, Any]:
    """Float64 enumeration at n = 1 … up_to: the smallest n with a misclassified path (None if
    none), and the lengths where a near tie makes float64's side uncertain."""
    first, tied = None, []
    start = time.perf_counter()
    for n in range(1, up_to + 1):
        facts = pf.enumerate_float64(module, head, n)
        if facts["near_ties"]:
            tied.append(n)
        if facts["misclassified"] and first is None:
            first = n
    return {"up_to": up_to, "first_failing_n": first, "near_tie_lengths": tied, "seconds": time.perf_counter() - start}


def compare_all(check: Dict[str, Any], scan: Dict[str, Any], module, head) -> Dict[str, List[str]]:
    """`--n all` against the float64 scan: a claim float64 contradicts (a disagreement), or a
    smallest failing n that is not the smallest float64 finds (a boundary mismatch)."""
    problems, boundary = [], []
    verdict, first = check.get("verdict"), scan["first_failing_n"]
    claimed = check.get("smallest_failing_n") or check.get("from")
    if verdict == "pass" and first is not None and first not in scan["near_tie_lengths"]:
        problems.append(f"--n all: PASS for every n, but float64 sees misclassified paths at n = {first}")
    if verdict == "fail" and isinstance(claimed, int):
        if claimed <= scan["up_to"]:
            facts = pf.enumerate_float64(module, head, claimed)
            if facts["misclassified"] == 0 and facts["near_ties"] == 0:
                problems.append(f"--n all: fails at n = {claimed}, but float64 sees every path of it classified right")
        if first is not None and claimed != first:
            boundary.append(f"--n all: smallest failing n given as {claimed}; float64 finds n = {first}")
        if first is None and claimed <= scan["up_to"]:
            boundary.append(f"--n all: smallest failing n given as {claimed}; float64 finds none up to {scan['up_to']}")
    return {"disagreements": problems, "boundary": boundary}


# ----------------------------------------------------------------------------- printing

def _fmt_seconds(s: Optional[float]) -> str:
    return "—" if s is None else f"{s:.2f}" if s < 100 else f"{s:.0f}"


def print_row(row: Dict[str, Any], all_n: bool):
    c, f = row["check"], row["float64"]
    count = (str(c["misclassified"]) if c.get("misclassified") is not None
             else f"≥{c['misclassified_at_least']}" if c.get("misclassified_at_least") is not None else "—")
    line = (f"{row['cell']:<5}{row['K']:>4}{row['n']:>5}{row['seed']:>5}  {row['train']['sampled_accuracy']:>7.4f}"
            f"{row['train']['train_seconds']:>8.1f}  {f['method'][:5]:<6}{f['misclassified']:>9}{f['near_ties']:>6}"
            f"{f['least_abs_score']:>11.2e}{f['seconds']:>8.2f}  {str(c['verdict']):<13}{str(c.get('procedure') or '—')[:26]:<27}"
            f"{count:>9}{_fmt_seconds(c['seconds']):>8}{(c['peak_mb'] or 0):>8.0f}{row.get('load', float('nan')):>6.1f}")
    if all_n:
        a = row.get("check_all") or {}
        at = a.get("smallest_failing_n") or a.get("from")
        first = (row.get("scan") or {}).get("first_failing_n")
        line += (f"  {str(a.get('verdict')) + (f' (n = {at})' if at is not None else ''):<16}{_fmt_seconds(a.get('seconds')):>7}"
                 f"{'—' if first is None else first:>8}")
    print(line + ("  DISAGREE" if row["disagreements"] else ""), flush=True)


def header(all_n: bool):
    line = (f"{'cell':<5}{'K':>4}{'n':>5}{'seed':>5}  {'acc':>7}{'train s':>8}  {'f64':<6}{'miscl':>9}{'ties':>6}"
            f"{'min|s|':>11}{'f64 s':>8}  {'f1b verdict':<13}{'procedure':<27}{'count':>9}{'f1b s':>8}{'MB':>8}{'load':>6}")
    if all_n:
        line += f"  {'--n all':<16}{'s':>7}{'f64 1st':>8}"
    print(line)
    print("-" * len(line))


def summary(rows: List[Dict[str, Any]], timeout: float, all_n: bool):
    total = len(rows)
    decided = [r for r in rows if r["check"]["verdict"] in ("pass", "fail")]
    passes = sum(r["check"]["verdict"] == "pass" for r in rows)
    fails = sum(r["check"]["verdict"] == "fail" for r in rows)
    f64_fail = sum(r["float64"]["misclassified"] > 0 for r in rows)
    print(f"\ndecided at the trained n: {len(decided)}/{total} ({100 * len(decided) / max(total, 1):.0f}%) "
          f"within {timeout:.0f} s — pass {passes}, fail {fails}, "
          f"other {total - passes - fails} ({', '.join(sorted(set(str(r['check']['verdict']) for r in rows) - {'pass', 'fail'})) or 'none'})")
    print(f"float64 sees misclassified paths on {f64_fail}/{total} models")
    if all_n:
        a = [r.get("check_all") or {} for r in rows]
        print(f"--n all: pass {sum(x.get('verdict') == 'pass' for x in a)}, fail {sum(x.get('verdict') == 'fail' for x in a)}, "
              f"other {sum(x.get('verdict') not in ('pass', 'fail') for x in a)}")
    print(f"\n{'cell':<5}{'K':>4}{'n':>5}  {'models':>6}{'decided':>8}{'≤1 s':>6}{'≤10 s':>6}{'pass':>5}{'fail':>5}  "
          f"{'f1b s: min':>10}{'median':>8}{'max':>8}  {'f64 s med':>9}{'f1b/f64':>8}{'f64 proc':>9}{'f1b/proc':>9}"
          f"{'in-proc':>9}{'in/f64':>8}")
    groups: Dict[tuple, List[Dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["cell"], r["K"], r["n"]), []).append(r)
    for (cell, K, n), g in sorted(groups.items()):
        times = [r["check"]["seconds"] for r in g]
        within = lambda limit: sum(r["check"]["verdict"] in ("pass", "fail") and r["check"]["seconds"] <= limit for r in g)  # noqa: E731
        print(f"{cell:<5}{K:>4}{n:>5}  {len(g):>6}{sum(r['check']['verdict'] in ('pass', 'fail') for r in g):>8}"
              f"{within(1):>6}{within(10):>6}"
              f"{sum(r['check']['verdict'] == 'pass' for r in g):>5}{sum(r['check']['verdict'] == 'fail' for r in g):>5}  "
              f"{min(times):>10.2f}{statistics.median(times):>8.2f}{max(times):>8.2f}  "
              + _ratios(statistics.median(times), g) + _in_process(g))
    if all_n:
        mismatched = [(r, m) for r in rows for m in r.get("boundary", [])]
        print(f"\n--n all boundary against float64's smallest failing n (scan n = 1…{rows[0]['scan']['up_to'] if rows else '?'}): "
              f"{len(mismatched)} mismatch(es)")
        for r, m in mismatched:
            print(f"  {os.path.basename(r['file'])}: {m}")
    bad = [r for r in rows if r["disagreements"]]
    print(f"\ndisagreements: {len(bad)}")
    for r in bad:
        for d in r["disagreements"]:
            print(f"  {os.path.basename(r['file'])} n = {r['n']}: {d}")


def _in_process(group: List[Dict[str, Any]]) -> str:
    """f1b's own time for the length (work.seconds, in its process) and its ratio to float64's in-process
    time, group medians; blank where the procedure did not report one (only enumeration does)."""
    own = [r["check"].get("decide_seconds") for r in group]
    if any(x is None for x in own):
        return f"{'—':>9}{'—':>8}"
    f64 = statistics.median(r["float64"]["seconds"] for r in group)
    m = statistics.median(own)
    return f"{m:>9.3f}{m / f64 if f64 > 0 else float('inf'):>7.2f}x"


def _ratios(f1b_median: float, group: List[Dict[str, Any]]) -> str:
    """The float64 medians of a group and f1b's median over each (in process; as a process, when timed)."""
    f64 = statistics.median(r["float64"]["seconds"] for r in group)
    text = f"{f64:>9.3f}{f1b_median / f64 if f64 > 0 else float('inf'):>7.2f}x"
    process = [r["float64"]["process_seconds"] for r in group if "process_seconds" in r["float64"]]
    if process:
        p = statistics.median(process)
        text += f"{p:>9.2f}{f1b_median / p:>8.3f}x"
    return text


# ----------------------------------------------------------------------------- main

def _list(text: str, kind=int) -> List[Any]:
    return [kind(x) for x in text.split(",") if x]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--f1b", required=True, help="the f1b binary to measure")
    parser.add_argument("--cells", default="gru,lstm,rnn")
    parser.add_argument("--K", default="2,4,8,16,32,64")
    parser.add_argument("--n", default="10,16,20,50,100")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--steps", type=int, default=1000, help="training steps per model (default 1000)")
    parser.add_argument("--stop-error", type=float, default=None,
                        help="stop training at the first evaluation with sampled error ≤ this (default: never)")
    parser.add_argument("--timeout", type=float, default=60, help="wall-clock seconds per f1b run (default 60)")
    parser.add_argument("--jobs", type=int, default=1, help="f1b runs in parallel (default 1)")
    parser.add_argument("--all-n", action="store_true", help="also run `f1b check --n all` per model")
    parser.add_argument("--scan-up-to", type=int, default=12,
                        help="with --all-n: float64 enumerates n = 1 … this to find the smallest failing n (default 12)")
    parser.add_argument("--enumerate-up-to", type=int, default=20,
                        help="enumerate every path in float64 up to this n, sample beyond (default 20)")
    parser.add_argument("--samples", type=int, default=1 << 18, help="float64 paths sampled beyond it (default 262144)")
    parser.add_argument("--cache", default=os.path.join(HERE, ".models"), help="exported models (default Benchmarks/.models)")
    parser.add_argument("--threads", type=int, default=1,
                        help="PyTorch threads for training and float64 (default 1: on a shared machine more are slower)")
    parser.add_argument("--peer-process", action="store_true",
                        help="also time the float64 enumeration as its own process (Python start, PyTorch import, the file)")
    parser.add_argument("--out", help="write every figure as JSON here")
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    os.makedirs(args.cache, exist_ok=True)
    binary = os.path.abspath(args.f1b)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    time_limit = accepts_time_limit(binary)
    grid = [(cell, K, n, seed) for cell in _list(args.cells, str) for K in _list(args.K)
            for n in _list(args.n) for seed in _list(args.seeds)]
    print(f"f1b {version or '?'} at {binary} ({'with' if time_limit else 'without'} --time-limit); torch {torch.__version__}, "
          f"{args.threads} threads; {len(grid)} models, {args.steps} training steps each; f1b timeout {args.timeout:.0f} s, "
          f"{args.jobs} job(s)", flush=True)

    # 1. Train (or read) every model and take its float64 facts, one at a time.
    rows: List[Dict[str, Any]] = []
    for i, (cell, K, n, seed) in enumerate(grid, 1):
        module, head, meta, path = trained_model(args.cache, cell, K, n, seed, args.steps, args.stop_error)
        facts = float64_facts(module, head, n, args.enumerate_up_to, args.samples, seed)
        scan = float64_scan(module, head, min(args.scan_up_to, args.enumerate_up_to)) if args.all_n else None
        if args.peer_process and n <= args.enumerate_up_to:
            facts["process_seconds"] = float64_process_seconds(path, n, args.threads)
        how = "cached" if meta["cached"] else f"trained in {meta['train_seconds']:.1f} s"
        rows.append({"cell": cell, "K": K, "n": n, "seed": seed, "file": path, "train": meta, "float64": facts,
                     "module": module, "head": head, "scan": scan})
        print(f"[{i}/{len(grid)}] {os.path.basename(path)}: {how}, "
              f"sampled accuracy {meta['sampled_accuracy']:.4f}; float64 {facts['method']}: {facts['misclassified']} of "
              f"{facts['paths']} misclassified in {facts['seconds']:.2f} s", file=sys.stderr, flush=True)

    # 2. f1b on every model (--jobs at a time).
    def check(row):
        # The machine is shared: the 1-minute load average beside each time says how much of a core f1b had.
        row["load"] = os.getloadavg()[0]
        row["check"] = run_check(binary, row["file"], row["n"], args.timeout, time_limit)
        if args.all_n:
            row["check_all"] = run_check(binary, row["file"], "all", args.timeout, time_limit)
        row["disagreements"] = compare(row["check"], row["float64"], row["module"], row["head"])
        if args.all_n:
            found = compare_all(row["check_all"], row["scan"], row["module"], row["head"])
            row["disagreements"] += found["disagreements"]
            row["boundary"] = found["boundary"]
        return row

    print()
    header(args.all_n)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for row in pool.map(check, rows):
            print_row(row, args.all_n)
    summary(rows, args.timeout, args.all_n)

    if args.out:
        for r in rows:
            del r["module"], r["head"]
        with open(args.out, "w") as f:
            json.dump({"f1b": binary, "f1b_version": version, "time_limit_flag": time_limit, "torch": torch.__version__,
                       "threads": args.threads, "steps": args.steps, "timeout": args.timeout, "jobs": args.jobs,
                       "models": rows}, f, indent=1, default=str)
        print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
