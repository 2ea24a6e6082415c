"""Times the f1b command line for the benchmark scripts beside this file."""
import json
import os
import subprocess
import time

CONSTRUCTIONS = os.path.join(os.path.dirname(__file__), "..", "constructions")


def time_check(binary, construction, *arguments, runs=3):
    """Best wall time of `f1b check FILE ARGS --json` over `runs` runs (whole
    process, start-up included), and the JSON report of the last run."""
    path = os.path.join(CONSTRUCTIONS, construction)
    best, report = None, None
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([binary, "check", path, *arguments, "--json"],
                             check=False, capture_output=True, text=True).stdout
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        report = json.loads(out)
    return best, report
