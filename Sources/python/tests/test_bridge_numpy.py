"""The bridge with numpy alone (PyTorch not needed): exact values, the
frameworks' layouts against their documented equations, bad input, and f1b's
results as rows."""
import glob
import subprocess
from fractions import Fraction

import numpy as np
import pytest

import f1b
from framework_equations import FRAMEWORKS, PATHS, f1b_binary, file_final_states, framework_layout


def test_exact_decimal_is_the_float_itself():
    rng = np.random.default_rng(1)
    for x in np.concatenate([rng.normal(size=200), rng.normal(size=100) * 1e-6, [0.1, -0.0, 3.0, 2.0 ** -40]]):
        v = np.float32(x)
        assert Fraction(f1b.exact_decimal(v)) == Fraction(float(v))
    assert f1b.exact_decimal(np.float32(0.1)) == "0.100000001490116119384765625"
    assert repr(float(np.float32(0.1))) != f1b.exact_decimal(np.float32(0.1))   # the shortest decimal is another number
    with pytest.raises(f1b.BridgeError):
        f1b.exact_decimal(float("nan"))


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_framework_layouts_match_their_equations(tmp_path, framework):
    module, kind, expected = framework_layout(framework)
    path = str(tmp_path / "m.yaml")
    text = f1b.to_construction(module, (np.ones(2, dtype=np.float32), 0.0), path, kind=kind)
    if framework == "keras-gru-reset-before":
        assert "convention" not in text   # the paper's
    np.testing.assert_allclose(np.array(file_final_states(path, PATHS)), np.array(expected), rtol=1e-6, atol=1e-6)


def test_non_finite_weights_and_missing_directories_are_refused(tmp_path):
    kernel, recurrent, bias = (np.zeros((2, 6), np.float32), np.zeros((2, 6), np.float32), np.zeros((2, 6), np.float32))
    recurrent[0, 0] = np.nan
    path = tmp_path / "out.yaml"
    with pytest.raises(f1b.BridgeError, match="NaN"):
        f1b.to_construction([kernel, recurrent, bias], (np.ones(2), 0.0), str(path), kind="GRU")
    assert not path.exists() and not glob.glob(str(tmp_path / ".f1b-*"))
    recurrent[0, 0] = 0
    with pytest.raises(f1b.BridgeError, match="does not exist"):
        f1b.to_construction([kernel, recurrent, bias], (np.ones(2), 0.0), str(tmp_path / "missing" / "m.yaml"), kind="GRU")


def test_check_results_as_rows(tmp_path):
    binary = f1b_binary()
    module, kind, _ = framework_layout("keras-gru", seed=0)
    path = str(tmp_path / "gru.yaml")
    f1b.to_construction(module, (np.ones(2, dtype=np.float32), 0.0), path, kind=kind, n="1...4")
    out = subprocess.run([binary, "check", path, "--n", "1...4", "--json"], capture_output=True, text=True)
    # The weights are seeded (numpy's PCG64 stream is stable), so the verdicts are fixed: this GRU
    # passes F1B(1) and fails n = 2…4 — rows of both kinds.
    assert out.returncode == 1, out.stderr
    rows = f1b.check_rows(out.stdout)
    assert [(r["n"], r["verdict"]) for r in rows] == [(1, "pass"), (2, "fail"), (3, "fail"), (4, "fail")]
    for r in rows:
        assert r["pe_float"] is None or 0 <= r["pe_float"] <= 1
        if r["verdict"] == "fail":
            assert r["counterexample_kind"] in ("misclassified", "radon", "inseparable", "interleaved")
    sim = subprocess.run([binary, "simulate", path, "--n", "6", "--paths", "200", "--json"], capture_output=True, text=True)
    tables = f1b.simulation_rows(sim.stdout)
    assert tables["moments"] and tables["fitted"]


def test_length_and_claim_are_separate(tmp_path):
    module, kind, _ = framework_layout("keras-gru", seed=0)
    head = (np.ones(2, dtype=np.float32), 0.0)
    # n alone is a fact about training, written as a comment: no claim for check to test.
    text = f1b.to_construction(module, head, kind=kind, n=20)
    assert "expect:" not in text and "Trained for n = 20." in text
    # expect is the claim, about every length in n.
    text = f1b.to_construction(module, head, kind=kind, n="1...4", expect="fail")
    assert "expect:\n  n: 1...4\n  verdict: fail" in text
    with pytest.raises(f1b.BridgeError, match="expect needs n"):
        f1b.to_construction(module, head, kind=kind, expect="pass")
    with pytest.raises(f1b.BridgeError, match="expected 'pass', 'fail'"):
        f1b.to_construction(module, head, kind=kind, n=4, expect="yes")
    path = tmp_path / "never.yaml"
    with pytest.raises(f1b.BridgeError):
        f1b.to_construction(module, head, str(path), kind=kind, expect="pass")
    assert not path.exists()
