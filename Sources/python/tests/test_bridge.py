"""The bridge: exact values, module → file → module round trips, the frameworks'
layouts against their documented equations, bad input, and f1b's results as rows."""
import glob
import json
import os
import subprocess
from fractions import Fraction

import numpy as np
import pytest

import f1b

torch = pytest.importorskip("torch")
root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def f1b_binary():
    """The most recently built f1b (F1B_BINARY overrides)."""
    if os.environ.get("F1B_BINARY"):
        return os.environ["F1B_BINARY"]
    built = [p for p in (os.path.join(root, ".build", c, "f1b") for c in ("release", "debug")) if os.path.exists(p)]
    if not built:
        pytest.fail("build f1b first (swift build)")
    return max(built, key=os.path.getmtime)


def test_exact_decimal_is_the_float_itself():
    rng = np.random.default_rng(1)
    for x in np.concatenate([rng.normal(size=200), rng.normal(size=100) * 1e-6, [0.1, -0.0, 3.0, 2.0 ** -40]]):
        v = np.float32(x)
        assert Fraction(f1b.exact_decimal(v)) == Fraction(float(v))
    assert f1b.exact_decimal(np.float32(0.1)) == "0.100000001490116119384765625"
    assert repr(float(np.float32(0.1))) != f1b.exact_decimal(np.float32(0.1))   # the shortest decimal is another number
    with pytest.raises(f1b.BridgeError):
        f1b.exact_decimal(float("nan"))


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


# The frameworks' layouts, from their documented equations (no Flax or Keras install needed).

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def flax_gru_step(p, h, x):
    """flax.linen.GRUCell: kernels (in, out); ir, iz, in and hn have biases."""
    d = lambda name, v: v @ p[name]["kernel"] + p[name].get("bias", 0)
    r = sigmoid(d("ir", x) + d("hr", h))
    z = sigmoid(d("iz", x) + d("hz", h))
    n = np.tanh(d("in", x) + r * d("hn", h))
    return (1 - z) * n + z * h


def keras_gru_step(w, h, x):
    """keras GRU(reset_after=True): gates z, r, h side by side; bias rows (input, recurrent)."""
    kernel, recurrent, bias = w
    K = recurrent.shape[0]
    xi = x @ kernel + bias[0]
    hh = h @ recurrent + bias[1]
    z = sigmoid(xi[:K] + hh[:K])
    r = sigmoid(xi[K:2 * K] + hh[K:2 * K])
    cand = np.tanh(xi[2 * K:] + r * hh[2 * K:])
    return z * h + (1 - z) * cand


def keras_lstm_step(w, state, x):
    kernel, recurrent, bias = w
    h, c = state
    K = recurrent.shape[0]
    a = x @ kernel + h @ recurrent + bias
    i, f, g, o = sigmoid(a[:K]), sigmoid(a[K:2 * K]), np.tanh(a[2 * K:3 * K]), sigmoid(a[3 * K:])
    c = f * c + i * g
    return o * np.tanh(c), c


def run(step, state, path, flags="plus-minus"):
    L, bits = path
    for t, b in enumerate(bits):
        x = np.array([b, 1.0 if t + 1 == L else (-1.0 if flags == "plus-minus" else 0.0)])
        state = step(state, x)
    return state


@pytest.mark.parametrize("framework", ["flax-gru", "keras-gru", "keras-lstm", "keras-gru-reset-before"])
def test_framework_layouts_match_their_equations(tmp_path, framework):
    rng = np.random.default_rng(5)
    K = 2
    f32 = lambda *shape: rng.normal(size=shape).astype(np.float32)
    paths = [(1, [1, -1, 1, -1, 1]), (3, [1, 1, -1, -1, 1]), (5, [-1, -1, 1, 1, -1])]
    if framework == "flax-gru":
        params = {"params": {"ir": {"kernel": f32(2, K), "bias": f32(K)}, "iz": {"kernel": f32(2, K), "bias": f32(K)},
                             "in": {"kernel": f32(2, K), "bias": f32(K)}, "hr": {"kernel": f32(K, K)},
                             "hz": {"kernel": f32(K, K)}, "hn": {"kernel": f32(K, K), "bias": f32(K)}}}
        module = params
        expected = [run(lambda h, x: flax_gru_step(params["params"], h, x), np.zeros(K), p) for p in paths]
        kind = None
    elif framework == "keras-lstm":
        module = [f32(2, 4 * K), f32(K, 4 * K), f32(4 * K)]
        expected = [run(lambda s, x: keras_lstm_step(module, s, x), (np.zeros(K), np.zeros(K)), p)[0] for p in paths]
        kind = "LSTM"
    elif framework == "keras-gru":
        module = [f32(2, 3 * K), f32(K, 3 * K), f32(2, 3 * K)]
        expected = [run(lambda h, x: keras_gru_step(module, h, x), np.zeros(K), p) for p in paths]
        kind = "GRU"
    else:
        # reset_after=False: h̃ = tanh(x W_h + (r ⊙ h) U_h + b_h): the paper's GRU, which f1b checks directly.
        kernel, recurrent, bias = f32(2, 3 * K), f32(K, 3 * K), f32(3 * K)
        module = [kernel, recurrent, bias]

        def step(h, x):
            z = sigmoid(x @ kernel[:, :K] + h @ recurrent[:, :K] + bias[:K])
            r = sigmoid(x @ kernel[:, K:2 * K] + h @ recurrent[:, K:2 * K] + bias[K:2 * K])
            cand = np.tanh(x @ kernel[:, 2 * K:] + (r * h) @ recurrent[:, 2 * K:] + bias[2 * K:])
            return z * h + (1 - z) * cand
        expected = [run(step, np.zeros(K), p) for p in paths]
        kind = "GRU"
    path = str(tmp_path / "m.yaml")
    text = f1b.to_construction(module, (np.ones(K, dtype=np.float32), 0.0), path, kind=kind)
    if framework == "keras-gru-reset-before":
        assert "convention" not in text   # the paper's
        # f1b simulates it in Double: compare through the CLI's reference engine.
        got = simulate_final_states(path, paths)
    else:
        back, _ = f1b.from_construction(path, dtype=torch.float64)
        got = f1b.final_states(back, f1b.encode_paths(paths).double()).numpy()
    np.testing.assert_allclose(np.array(got), np.array(expected), rtol=1e-6, atol=1e-6)


def simulate_final_states(path, paths):
    """Final states by f1b check's exact-interval counterexample printing is indirect; use the exact
    rational reading of the file and a plain Double loop of the paper's GRU instead."""
    c = f1b.read_construction(path)
    P = {k: np.array([[float(v) for v in row] for row in m]) for k, m in c["parameters"].items()}
    K = c["state"]
    z0 = np.zeros((K, 1))
    get = lambda name, shape: P.get(name, np.zeros(shape))
    out = []
    for L, bits in paths:
        s = np.zeros(K)
        for t, b in enumerate(bits):
            x = np.array([b, 1.0 if t + 1 == L else -1.0])
            r = sigmoid(get("W_r", (K, 2)) @ x + get("U_r", (K, K)) @ s + get("b_r", (K, 1)).reshape(-1))
            z = sigmoid(get("W_z", (K, 2)) @ x + get("U_z", (K, K)) @ s + get("b_z", (K, 1)).reshape(-1))
            cand = np.tanh(get("W_s", (K, 2)) @ x + get("U_s", (K, K)) @ (r * s) + get("b_s", (K, 1)).reshape(-1))
            s = z * cand + (1 - z) * s
        out.append(s)
    return out


def test_check_results_as_rows(tmp_path):
    binary = f1b_binary()
    torch.manual_seed(0)
    path = str(tmp_path / "gru.yaml")
    f1b.to_construction(torch.nn.GRU(2, 2, batch_first=True), torch.nn.Linear(2, 1), path, n="1...4")
    out = subprocess.run([binary, "check", path, "--n", "1...4", "--json"], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    rows = f1b.check_rows(out.stdout)
    assert [r["n"] for r in rows] == [1, 2, 3, 4]
    for r in rows:
        assert r["verdict"] in ("pass", "fail")
        assert r["pe_float"] is None or 0 <= r["pe_float"] <= 1
        if r["verdict"] == "fail":
            assert r["counterexample_kind"] in ("misclassified", "radon", "inseparable", "interleaved")
    sim = subprocess.run([binary, "simulate", path, "--n", "6", "--paths", "200", "--json"], capture_output=True, text=True)
    tables = f1b.simulation_rows(sim.stdout)
    assert tables["moments"] and tables["fitted"]
