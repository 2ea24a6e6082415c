"""The bridge with PyTorch: module → file → module round trips, the cell forms,
PyTorch modules refused with a reason, construction files read back as torch
modules, and f1b.check of a module. Skipped as a whole without PyTorch (saying
why); test_bridge_numpy.py and the test_check_*.py files need numpy alone."""
import glob
import os

import numpy as np
import pytest

import f1b
from framework_equations import PATHS, framework_layout

torch = pytest.importorskip("torch", reason="PyTorch is not installed: the torch half of the bridge is not tested (pip install torch)")


@pytest.mark.parametrize("make", [
    lambda: torch.nn.RNN(2, 3, nonlinearity="tanh", batch_first=True),
    lambda: torch.nn.RNN(2, 2, nonlinearity="relu", batch_first=True),
    lambda: torch.nn.GRU(2, 3, batch_first=True),
    lambda: torch.nn.LSTM(2, 2, batch_first=True),
])
def test_module_file_module_round_trip_is_exact(tmp_path, make):
    torch.manual_seed(3)
    module, head = make(), torch.nn.Linear(module_size(make), 1)
    path = str(tmp_path / "m.yaml")
    f1b.to_construction(module, head, path)
    back, back_head = f1b.from_construction(path)
    for (name, a), b in zip(module.state_dict().items(), back.state_dict().values()):
        assert torch.equal(a, b), name
    assert torch.equal(head.weight, back_head.weight) and torch.equal(head.bias, back_head.bias)
    x = f1b.encode_paths([(1, [1, -1, 1, 1]), (4, [-1, 1, 1, -1])])
    with torch.no_grad():
        out = module(x)
    expected = out[1][0][0] if isinstance(module, torch.nn.LSTM) else out[1][0]
    assert torch.equal(f1b.final_states(back, x), expected)


def module_size(make):
    return make().hidden_size


def test_cell_forms_and_initial_states(tmp_path):
    cell = torch.nn.GRUCell(2, 2)
    text = f1b.to_construction(cell, torch.nn.Linear(2, 1), initial=[0.5, -0.25])
    assert "convention: pytorch" in text and "initial: [0.5, -0.25]" in text
    lstm = torch.nn.LSTM(2, 1, batch_first=True)
    text = f1b.to_construction(lstm, (np.array([1.0]), 0.0), classify="c", initial={"h": [0.25], "c": [-0.5]})
    assert "classify: c" in text and "h: [0.25]" in text and "c: [-0.5]" in text


@pytest.mark.parametrize("problem, module, head, options, message", [
    ("layers", lambda: torch.nn.GRU(2, 2, num_layers=2), lambda: torch.nn.Linear(2, 1), {}, "num_layers=2"),
    ("bidirectional", lambda: torch.nn.LSTM(2, 2, bidirectional=True), lambda: torch.nn.Linear(2, 1), {}, "bidirectional"),
    ("batch_first", lambda: torch.nn.RNN(2, 2, batch_first=False), lambda: torch.nn.Linear(2, 1), {"batch_first": True}, "batch_first"),
    ("head", lambda: torch.nn.RNN(2, 3), lambda: torch.nn.Linear(2, 1), {}, "nn.Linear(3, 1)"),
    ("head outputs", lambda: torch.nn.RNN(2, 2), lambda: torch.nn.Linear(2, 2), {}, "one score"),
    ("input size", lambda: torch.nn.RNN(3, 2), lambda: torch.nn.Linear(2, 1), {}, "input_size=3"),
    ("flags", lambda: torch.nn.RNN(2, 2), lambda: torch.nn.Linear(2, 1), {"flags": "bits"}, "flags="),
])
def test_bad_input_is_refused_and_nothing_is_written(tmp_path, problem, module, head, options, message):
    path = tmp_path / "out.yaml"
    with pytest.raises(f1b.BridgeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        f1b.to_construction(module(), head(), str(path), **options)
    assert not path.exists() and not glob.glob(str(tmp_path / ".f1b-*"))


def test_non_finite_weights_are_refused(tmp_path):
    module = torch.nn.GRU(2, 2)
    with torch.no_grad():
        module.weight_hh_l0[0, 0] = float("nan")
    path = tmp_path / "out.yaml"
    with pytest.raises(f1b.BridgeError, match="NaN"):
        f1b.to_construction(module, torch.nn.Linear(2, 1), str(path))
    assert not path.exists()
    with pytest.raises(f1b.BridgeError, match="does not exist"):
        f1b.to_construction(torch.nn.GRU(2, 2), torch.nn.Linear(2, 1), str(tmp_path / "missing" / "m.yaml"))


@pytest.mark.parametrize("framework", ["flax-gru", "keras-gru", "keras-lstm"])
def test_framework_layouts_read_back_as_torch_modules(tmp_path, framework):
    module, kind, expected = framework_layout(framework)
    path = str(tmp_path / "m.yaml")
    f1b.to_construction(module, (np.ones(2, dtype=np.float32), 0.0), path, kind=kind)
    back, _ = f1b.from_construction(path, dtype=torch.float64)
    got = f1b.final_states(back, f1b.encode_paths(PATHS).double()).numpy()
    np.testing.assert_allclose(np.array(got), np.array(expected), rtol=1e-6, atol=1e-6)


def test_check_exports_the_module_to_a_temporary_file(replay):
    torch.manual_seed(0)
    gru, head = torch.nn.GRU(2, 2, batch_first=True), torch.nn.Linear(2, 1)
    fake = replay("check-pass")
    result = f1b.check(gru, head, n=range(1, 6), binary=fake.binary, flags="zero-one")
    call = fake.call()
    assert call["file_text"] == result.construction == f1b.to_construction(gru, head, flags="zero-one")
    assert "name: gru-k2" in result.construction and "flags: zero-one" in result.construction
    assert "convention: pytorch" in result.construction
    assert result.file is None and not os.path.exists(call["argv"][1])   # the temporary file is gone
    assert call["argv"][2:] == ["--json", "--time-limit", "60.0", "--n", "1...5"]
    with pytest.raises(f1b.BridgeError, match="num_layers=2"):
        f1b.check(torch.nn.GRU(2, 2, num_layers=2), head, n=3, binary=fake.binary)


def test_check_a_module_with_the_binary():
    try:
        binary = f1b.find_binary()
    except f1b.BinaryNotFound as error:
        pytest.skip(f"needs the f1b binary: {error}")
    torch.manual_seed(2)
    gru, head = torch.nn.GRU(2, 2, batch_first=True), torch.nn.Linear(2, 1)
    result = f1b.check(gru, head, n=range(1, 5), binary=binary, time_limit=30)
    assert [r.n for r in result] == [1, 2, 3, 4] and result.verdict in ("pass", "fail")
    for r in result.failures:
        # Each misclassified path, run through the module itself, is scored on the wrong side.
        assert r.counterexample.kind == "misclassified"
        for p in r.counterexample.paths:
            with torch.no_grad():
                _, h = gru(torch.from_numpy(p.inputs()[None]))
                score = head(h[0]).item()
            assert (score >= 0) != (p.label == 1)
