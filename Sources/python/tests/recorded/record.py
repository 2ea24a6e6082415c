"""Re-records the f1b outputs the bridge's tests replay (so pytest needs no binary).

    python3 Sources/python/tests/recorded/record.py [F1B_BINARY]

Runs each command below from the repository root with the binary (default: the one
``f1b.find_binary`` finds) and writes NAME.json (stdout) and manifest.json (the
arguments, the exit status and stderr of each). Run it after a change to the JSON of
``f1b check`` or ``f1b simulate`` (and raise the schema there when a key changes meaning).
"""
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", "..", ".."))

#: name → arguments after the binary (paths relative to the repository root). Small, fast and
#: deterministic (no time limit reached); between them every verdict, counterexample kind and
#: the every-n certificate, one refused input and both simulate objects.
RECORDINGS = {
    "check-pass": ["check", "constructions/vanilla-pwl-k2.yaml", "--json", "--n", "1...5"],
    "check-misclassified": ["check", "constructions/gru-k1-a1_2-b1.yaml", "--json", "--n", "1...4"],
    "check-interleaved": ["check", "constructions/figure2-vanilla-u0.8.yaml", "--json", "--n", "1...3"],
    "check-radon": ["check", "constructions/figure4-vanilla-k2-printed.yaml", "--json", "--n", "2"],
    "check-all": ["check", "constructions/vanilla-hardclip-k1-latch.yaml", "--json", "--n", "all"],
    "check-inconclusive": ["check", "constructions/vanilla-pwl-k2.yaml", "--json", "--n", "4", "--method", "falsify"],
    "check-bad-input": ["check", "constructions/vanilla-pwl-k2.yaml", "--json", "--n", "0"],
    "simulate": ["simulate", "constructions/vanilla-pwl-k2.yaml", "--json", "--n", "6", "--paths", "40", "--times", "3",
                 "--bins", "4", "--threads", "1"],
}


def main() -> None:
    sys.path.insert(0, os.path.join(root, "Sources", "python", "src"))
    import f1b
    binary = f1b.find_binary(sys.argv[1] if len(sys.argv) > 1 else None)
    manifest = {}
    for name, arguments in RECORDINGS.items():
        run = subprocess.run([binary] + arguments, capture_output=True, text=True, cwd=root)
        with open(os.path.join(here, f"{name}.json"), "w") as f:
            f.write(run.stdout)
        manifest[name] = {"arguments": arguments, "exit": run.returncode, "stderr": run.stderr}
        print(f"{name}: exit {run.returncode}")
    with open(os.path.join(here, "manifest.json"), "w") as f:
        f.write("{\n" + ",\n".join(f" {json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}"
                                   for name, entry in manifest.items()) + "\n}\n")


if __name__ == "__main__":
    main()
