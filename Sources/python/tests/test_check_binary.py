"""f1b.check() and f1b.simulate() with the real binary on shipped constructions (small n, fast);
skipped, saying why, where no binary is found (f1b.find_binary). numpy alone, no PyTorch."""
import json
import os

import numpy as np
import pytest

import f1b
from conftest import RECORDED
from framework_equations import f1b_binary, file_final_states, root


@pytest.fixture(scope="module")
def binary():
    return f1b_binary()


def construction(name):
    return os.path.join(root, "constructions", name)


def test_a_pass_and_a_failure_with_its_paths(binary):
    result = f1b.check(construction("vanilla-pwl-k2.yaml"), n=range(1, 6), binary=binary, time_limit=30)
    assert result.verdict == "pass" and [r.verdict for r in result] == ["pass"] * 5
    assert all(r.pe == 0 and r.certificate is not None for r in result)
    result = f1b.check(construction("gru-k1-a1_2-b1.yaml"), n=[2, 3], binary=binary, time_limit=30)
    assert result[2].passed and result[3].failed and result[3].pe > 0
    paths = result[3].counterexample.paths
    states = file_final_states(construction("gru-k1-a1_2-b1.yaml"), [(p.L, p.bits.tolist()) for p in paths])
    for p, s in zip(paths, states):
        assert np.sign(s[0]) == -p.label   # the classifier (the sign of s) gets each path wrong


def test_every_n_and_a_refused_input(binary):
    every = f1b.check(construction("vanilla-hardclip-k1-latch.yaml"), n="all", binary=binary, time_limit=30).all_n
    assert every.verdict == "pass" and every.certificate is not None
    with pytest.raises(f1b.F1BError, match="--n") as error:
        f1b.check(construction("vanilla-pwl-k2.yaml"), n=0, binary=binary)
    assert error.value.returncode == 2


def test_simulate(binary):
    sim = f1b.simulate(construction("vanilla-pwl-k2.yaml"), n=6, paths=200, times=[3], binary=binary)
    assert sim.n == 6 and sim.file_error.errors == 0 and sim.file_error.trials == 400
    assert sim.moments(positive=True, time=3)[0].shape == (2,)


def test_the_recordings_still_say_what_the_binary_says(binary):
    """recorded/ replays the binary's outputs: where the binary now decides a recorded command
    otherwise, re-record (python3 Sources/python/tests/recorded/record.py)."""
    import subprocess
    manifest = json.load(open(os.path.join(RECORDED, "manifest.json")))
    for name, entry in manifest.items():
        run = subprocess.run([binary] + entry["arguments"], capture_output=True, text=True, cwd=root)
        assert run.returncode == entry["exit"], name
        if name.startswith("check") and entry["exit"] != 2:
            live, kept = json.loads(run.stdout), json.load(open(os.path.join(RECORDED, name + ".json")))
            summary = lambda d: [(r["n"], r["verdict"], r["procedure"], r["misclassified"], (r.get("counterexample") or {}).get("kind"))
                                 for r in d["results"]] + [(d.get("all_n") or {}).get("verdict")]
            assert summary(live) == summary(kept), name


def test_a_flagged_bits_file(binary, tmp_path):
    """A Flagged-2-Bit construction (made by the binary): per-readout results, and simulate's readouts."""
    import subprocess
    file = str(tmp_path / "fb2.yaml")
    subprocess.run([binary, "construct", "flagged-bits", "--m", "2", "-o", file], check=True, capture_output=True)
    result = f1b.check(file, n=3, binary=binary, time_limit=30)
    r = result[3]
    assert result.flagged_bits == 2 and r.passed and [o.index for o in r.readouts] == [1, 2]
    assert all(o.pe == 0 and o.misclassified == 0 and o.classifier.source == "file" for o in r.readouts)
    sim = f1b.simulate(file, n=6, paths=100, binary=binary)
    assert sim.n == 6 and sim.paths_per_class == 100 and len(sim.readouts) == 2 and sim.any_wrong.trials == 200
