"""f1b.check() and f1b.simulate() on recorded outputs of the binary (recorded/, re-recorded by
recorded/record.py), replayed by a stand-in executable: the command line the bridge builds, the
result objects it reads, exit statuses and schema versions — numpy alone, no binary, no PyTorch."""
import json
import os
import shutil
from fractions import Fraction

import numpy as np
import pytest

import f1b
from conftest import RECORDED
from framework_equations import file_final_states, root


def construction(name):
    return os.path.join(root, "constructions", name)


def recorded(name):
    with open(os.path.join(RECORDED, name + ".json")) as f:
        return f.read()


def test_recordings_are_those_record_py_makes():
    manifest = json.load(open(os.path.join(RECORDED, "manifest.json")))
    import importlib.util
    spec = importlib.util.spec_from_file_location("record", os.path.join(RECORDED, "record.py"))
    record = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(record)
    assert {name: entry["arguments"] for name, entry in manifest.items()} == record.RECORDINGS
    for name, entry in manifest.items():
        assert os.path.isfile(os.path.join(root, entry["arguments"][1])), name   # every file it cites ships


def test_a_pass_per_length_with_exact_pe_and_certificates(replay):
    fake = replay("check-pass")
    result = f1b.check(construction("vanilla-pwl-k2.yaml"), n=range(1, 6), binary=fake.binary)
    assert fake.call()["argv"] == ["check", construction("vanilla-pwl-k2.yaml"), "--json", "--time-limit", "60.0", "--n", "1...5"]
    assert result.verdict == "pass" and result.name == "vanilla-pwl-k2" and result.lengths == [1, 2, 3, 4, 5]
    assert result.file == construction("vanilla-pwl-k2.yaml") and result.construction is None
    for r in result:
        assert r.passed and r.procedure == "dp" and r.pe == Fraction(0) and r.pe_float == 0.0 and r.misclassified == 0
        assert r.paths == r.n * 2 ** r.n and r.misclassified_bounds == (0, 0)
        assert r.certificate.kind == "reachable_sets" and r.certificate.summary.startswith("reachable sets")
        assert r.classifier == f1b.Classifier((Fraction(1), Fraction(1, 3)), Fraction(1, 12), "file")
        assert r.margin == Fraction(1, 12) and r.counterexample is None and r.reason is None
    assert result.counterexample is None and result.failures == [] and result.all_n is None
    assert result.rows() == f1b.check_rows(recorded("check-pass"))
    assert result == f1b.CheckResult.from_json(recorded("check-pass"), file=construction("vanilla-pwl-k2.yaml"))
    assert "n = 5: pass (dp)" in str(result)
    with pytest.raises(KeyError, match="n = 9 was not checked"):
        result[9]


def test_a_failure_gives_pe_and_misclassified_paths_as_arrays(replay):
    fake = replay("check-misclassified")
    result = f1b.check(construction("gru-k1-a1_2-b1.yaml"), n=[1, 2, 3, 4], binary=fake.binary, time_limit=5)
    assert fake.call()["argv"][2:] == ["--json", "--time-limit", "5.0", "--n", "1,2,3,4"]
    assert result.verdict == "fail" and [r.verdict for r in result] == ["pass", "pass", "fail", "fail"]
    r = result[3]
    assert r.failed and r.misclassified == 4 and r.paths == 24
    assert r.pe == Fraction(1, 6) and r.pe_float == pytest.approx(1 / 6) and r.pe_decimal == "0.166666666666"
    assert r.arithmetic == "certified intervals"
    assert result.counterexample is r.counterexample and r.counterexample.kind == "misclassified"
    paths = r.counterexample.paths
    assert len(paths) == 4 and all(p.role == "misclassified" for p in paths)
    first = paths[0]
    assert first.L == 1 and first.label == -1 and first.n == 3
    assert first.bits.dtype == np.int8 and first.bits.tolist() == [-1, 1, 1]
    np.testing.assert_array_equal(first.inputs(), [[-1, 1], [1, -1], [1, -1]])
    np.testing.assert_array_equal(first.inputs("zero-one")[:, 1], [1, 0, 0])
    # The enclosures contain the states a numpy loop over the file's values computes, and the
    # classifier (the sign of s) puts each path in the other class.
    states = file_final_states(construction("gru-k1-a1_2-b1.yaml"), [(p.L, p.bits.tolist()) for p in paths])
    for p, s in zip(paths, states):
        (lo, hi), = p.final_state_exact
        assert float(lo) - 1e-12 <= s[0] <= float(hi) + 1e-12
        assert p.final_state[0] == pytest.approx(s[0], abs=1e-12)
        assert np.sign(s[0]) == -p.label and isinstance(p.score, tuple)
    assert result == f1b.CheckResult.from_json(recorded("check-misclassified"), file=construction("gru-k1-a1_2-b1.yaml"))
    assert paths[0] == paths[0] and paths[0] != paths[1]   # paths hold arrays: compared value by value
    rows = result.rows()
    assert rows[2]["first_L"] == 1 and rows[2]["first_bits"] == [-1, 1, 1] and rows[2]["pe"] == "1/6"


@pytest.mark.parametrize("name, file, n, kind, roles", [
    ("check-interleaved", "figure2-vanilla-u0.8.yaml", range(1, 4), "interleaved",
     ["positive_below", "negative_above", "positive_above", "negative_below"]),
    ("check-radon", "figure4-vanilla-k2-printed.yaml", 2, "radon", None),
])
def test_no_classifier_separates_the_classes(replay, name, file, n, kind, roles):
    result = f1b.check(construction(file), n=n, binary=replay(name).binary)
    r = result[2]
    assert r.failed and r.classifier is None and r.counterexample.kind == kind
    paths = r.counterexample.paths
    if roles:
        assert [p.role for p in paths] == roles
    else:   # Radon: weighted positive and negative paths; each class's weights sum to 1
        for role in ("positive", "negative"):
            weights = [p.weight for p in paths if p.role == role]
            assert weights and sum(weights) == 1
    for p in paths:
        assert p.bits.shape == (2,) and 1 <= p.L <= 2 and p.final_state.shape == (len(p.final_state_exact),)
        assert p.label == (1 if p.role.startswith("positive") else -1)


def test_every_n(replay):
    fake = replay("check-all")
    result = f1b.check(construction("vanilla-hardclip-k1-latch.yaml"), n="all", binary=fake.binary)
    assert fake.call()["argv"][-2:] == ["--n", "all"]
    every = result.all_n
    assert result.verdict == "pass" and every.verdict == "pass" and every.procedure == "dp"
    assert every.first_failure is None and every.decided_through == 2 and every.undecided == ()
    assert every.certificate.kind == "repeating_sets" and "stationary from step 1" in every.certificate.summary
    assert every.summary.startswith("every n passes")
    assert "every n: pass" in str(result)


def test_an_open_length_says_why(replay):
    result = f1b.check(construction("vanilla-pwl-k2.yaml"), n=4, method="falsify", binary=replay("check-inconclusive").binary)
    r = result[4]
    assert result.verdict == "inconclusive" and r.verdict == "inconclusive" and not r.passed and not r.failed
    assert r.reason_kind == "no_counterexample_found" and "no misclassified path" in r.reason
    assert r.pe is None and r.misclassified is None and r.misclassified_bounds is None


def test_bad_input_raises_with_the_binary_stderr(replay):
    fake = replay("check-bad-input")
    with pytest.raises(f1b.F1BError, match="refused its input: Error: --n: sequence lengths start at 1") as error:
        f1b.check(construction("vanilla-pwl-k2.yaml"), n=0, binary=fake.binary)
    assert error.value.returncode == 2 and "Usage: f1b check" in error.value.stderr
    assert error.value.command[-2:] == ["--n", "0"]


def test_simulate(replay):
    fake = replay("simulate")
    sim = f1b.simulate(construction("vanilla-pwl-k2.yaml"), n=6, paths=40, times=[3], bins=4, threads=1, binary=fake.binary)
    assert fake.call()["argv"] == ["simulate", construction("vanilla-pwl-k2.yaml"), "--json", "--n", "6", "--paths", "40",
                                   "--seed", "1", "--times", "3", "--bins", "4", "--threads", "1"]
    assert sim.name == "vanilla-pwl-k2" and sim.n == 6 and sim.paths_per_class == 40 and sim.setup["times"] == [3, 6]
    assert sim.file_error.errors == 0 and sim.file_error.trials == 80 and 0 <= sim.file_error.lower <= sim.file_error.upper
    assert sim.file_classifier.beta == (Fraction(1), Fraction(1, 3))
    assert [f.time for f in sim.fitted] == [3, 6] and sim.fitted[0].beta.shape == (2,)
    mean, sd = sim.moments(positive=True)
    assert mean.shape == (2,) and sd.shape == (2,)
    assert sim.moments(positive=False, time=3)[0].shape == (2,)
    assert len(sim.tables["histograms"]) == 2 * 2 * 2 * 4   # classes × times × dimensions × bins
    assert sim.tables == f1b.simulation_rows(recorded("simulate"))
    assert sim == f1b.SimulationResult.from_json(recorded("simulate"))


@pytest.mark.parametrize("name, command", [("check-pass", "check"), ("simulate", "simulate")])
@pytest.mark.parametrize("schema", [None, 0, 99, "2"])
def test_another_schema_is_refused(tmp_path, replay, name, command, schema):
    folder = tmp_path / "recorded"
    shutil.copytree(RECORDED, folder)
    data = json.loads(recorded(name))
    if schema is None:
        del data["schema"]
    else:
        data["schema"] = schema
    (folder / f"{name}.json").write_text(json.dumps(data))
    fake = replay(name, str(folder))
    run = f1b.check if command == "check" else f1b.simulate
    with pytest.raises(f1b.SchemaError, match=f"f1b {command} JSON has"):
        run(construction("vanilla-pwl-k2.yaml"), n=5 if command == "check" else 6, binary=fake.binary)
    rows = f1b.check_rows if command == "check" else f1b.simulation_rows
    with pytest.raises(f1b.SchemaError):
        rows(json.dumps(data))


def test_lengths_and_binary_lookup(tmp_path, monkeypatch, replay):
    from f1b.runner import lengths_argument
    assert [lengths_argument(n) for n in (7, range(1, 41), range(2, 9, 3), [1, 5, 10], (3,), "all", "1...40")] == \
        ["7", "1...40", "2,5,8", "1,5,10", "3", "all", "1...40"]
    for bad in ([], range(0), True, 2.5):
        with pytest.raises((TypeError, ValueError)):
            lengths_argument(bad)
    fake = replay("check-pass").binary
    monkeypatch.setenv("F1B_BINARY", fake)
    assert f1b.find_binary() == fake and f1b.find_binary(fake) == fake
    monkeypatch.setenv("F1B_BINARY", str(tmp_path / "nowhere"))
    with pytest.raises(f1b.BinaryNotFound, match=r"\$F1B_BINARY"):
        f1b.find_binary()
    # No argument, no $F1B_BINARY, no f1b on PATH, a working directory without a build (and this
    # checkout's builds, if any, hidden): a clear error naming where it looked.
    monkeypatch.delenv("F1B_BINARY")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("f1b.runner.BUILT_BINARIES", (".build/none/f1b",))
    with pytest.raises(f1b.BinaryNotFound, match="no f1b binary found: pass binary=.*set \\$F1B_BINARY"):
        f1b.check(construction("vanilla-pwl-k2.yaml"), n=1)
    (tmp_path / "Package.swift").write_text("")
    (tmp_path / ".build" / "none").mkdir(parents=True)
    shutil.copy(fake, tmp_path / ".build" / "none" / "f1b")
    assert f1b.find_binary() == str(tmp_path / ".build" / "none" / "f1b")


def test_arguments_are_checked_before_running(replay):
    fake = replay("check-pass").binary
    with pytest.raises(FileNotFoundError, match="no such construction file"):
        f1b.check("constructions/missing.yaml", n=1, binary=fake)
    with pytest.raises(TypeError, match="apply to a module"):
        f1b.check(construction("vanilla-pwl-k2.yaml"), (np.ones(2), 0.0), n=1, binary=fake)
    gru = [np.zeros((2, 6)), np.zeros((2, 6)), np.zeros((2, 6))]   # Keras GRU weights, K = 2
    with pytest.raises(TypeError, match="needs its head"):
        f1b.check(gru, n=1, binary=fake, kind="GRU")
    with pytest.raises(TypeError, match="say which lengths"):
        f1b.check(gru, (np.ones(2), 0.0), binary=fake, kind="GRU")
    with pytest.raises(f1b.BridgeError, match="input has 3 features"):   # the module, before the binary is looked for
        f1b.check([np.zeros((3, 6))] * 3, (np.ones(2), 0.0), n=1, binary="/nonexistent/f1b", kind="GRU")


def test_a_run_that_ends_without_a_verdict_raises(tmp_path, replay):
    folder = tmp_path / "recorded"
    shutil.copytree(RECORDED, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["check-pass"].update(exit=134, stderr="Fatal error: out of memory\n")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(f1b.F1BError, match="ended with exit status 134: Fatal error") as error:
        f1b.check(construction("vanilla-pwl-k2.yaml"), n=range(1, 6), binary=replay("check-pass", str(folder)).binary)
    assert error.value.returncode == 134
