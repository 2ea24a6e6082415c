"""Shared by the bridge's tests: the frameworks' cells from their documented
equations in numpy (no Flax, Keras or PyTorch needed), a numpy reading of a
construction file's final states, and the f1b binary to run."""
import os

import numpy as np
import pytest

import f1b

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def f1b_binary():
    """The f1b that ``f1b.find_binary`` finds; the test is skipped (saying why) when there is none."""
    try:
        return f1b.find_binary()
    except f1b.BinaryNotFound as error:
        pytest.skip(f"needs the f1b binary: {error}")


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


PATHS = [(1, [1, -1, 1, -1, 1]), (3, [1, 1, -1, -1, 1]), (5, [-1, -1, 1, 1, -1])]
FRAMEWORKS = ["flax-gru", "keras-gru", "keras-lstm", "keras-gru-reset-before"]


def framework_layout(framework, K=2, seed=5):
    """(module or weights, kind for to_construction, final states on PATHS by the framework's own equations)."""
    rng = np.random.default_rng(seed)
    f32 = lambda *shape: rng.normal(size=shape).astype(np.float32)
    if framework == "flax-gru":
        params = {"params": {"ir": {"kernel": f32(2, K), "bias": f32(K)}, "iz": {"kernel": f32(2, K), "bias": f32(K)},
                             "in": {"kernel": f32(2, K), "bias": f32(K)}, "hr": {"kernel": f32(K, K)},
                             "hz": {"kernel": f32(K, K)}, "hn": {"kernel": f32(K, K), "bias": f32(K)}}}
        return params, None, [run(lambda h, x: flax_gru_step(params["params"], h, x), np.zeros(K), p) for p in PATHS]
    if framework == "keras-lstm":
        module = [f32(2, 4 * K), f32(K, 4 * K), f32(4 * K)]
        return module, "LSTM", [run(lambda s, x: keras_lstm_step(module, s, x), (np.zeros(K), np.zeros(K)), p)[0] for p in PATHS]
    if framework == "keras-gru":
        module = [f32(2, 3 * K), f32(K, 3 * K), f32(2, 3 * K)]
        return module, "GRU", [run(lambda h, x: keras_gru_step(module, h, x), np.zeros(K), p) for p in PATHS]
    # reset_after=False: h̃ = tanh(x W_h + (r ⊙ h) U_h + b_h): the paper's GRU, which f1b checks directly.
    kernel, recurrent, bias = f32(2, 3 * K), f32(K, 3 * K), f32(3 * K)

    def step(h, x):
        z = sigmoid(x @ kernel[:, :K] + h @ recurrent[:, :K] + bias[:K])
        r = sigmoid(x @ kernel[:, K:2 * K] + h @ recurrent[:, K:2 * K] + bias[K:2 * K])
        cand = np.tanh(x @ kernel[:, 2 * K:] + (r * h) @ recurrent[:, 2 * K:] + bias[2 * K:])
        return z * h + (1 - z) * cand
    return [kernel, recurrent, bias], "GRU", [run(step, np.zeros(K), p) for p in PATHS]


def file_final_states(path, paths):
    """Final states of a construction file's GRU or LSTM (paper or PyTorch convention, initial state 0)
    on F1B paths with flags ±1, from the exact values read by read_construction, in a numpy Double loop."""
    c = f1b.read_construction(path)
    P = {k: np.array([[float(v) for v in row] for row in m]) for k, m in c["parameters"].items()}
    K = c["state"]
    get = lambda name, shape: P.get(name, np.zeros(shape))
    vec = lambda name: get(name, (K, 1)).reshape(-1)
    out = []
    for L, bits in paths:
        h, cell = np.zeros(K), np.zeros(K)
        for t, b in enumerate(bits):
            x = np.array([b, 1.0 if t + 1 == L else -1.0])
            if c["model"] == "gru" and c["convention"] == "paper":
                r = sigmoid(get("W_r", (K, 2)) @ x + get("U_r", (K, K)) @ h + vec("b_r"))
                z = sigmoid(get("W_z", (K, 2)) @ x + get("U_z", (K, K)) @ h + vec("b_z"))
                cand = np.tanh(get("W_s", (K, 2)) @ x + get("U_s", (K, K)) @ (r * h) + vec("b_s"))
                h = z * cand + (1 - z) * h
            elif c["model"] == "gru":   # PyTorch's: n = tanh(W_n x + b_in + r ⊙ (U_n h + b_hn)), h' = (1 − z) n + z h
                gate = lambda g: get("W_" + g, (K, 2)) @ x + vec("b_i" + g)
                rec = lambda g: get("U_" + g, (K, K)) @ h + vec("b_h" + g)
                r, z = sigmoid(gate("r") + rec("r")), sigmoid(gate("z") + rec("z"))
                h = (1 - z) * np.tanh(gate("n") + r * rec("n")) + z * h
            elif c["model"] == "lstm" and c["convention"] == "pytorch":
                a = {g: get("W_" + g, (K, 2)) @ x + vec("b_i" + g) + get("U_" + g, (K, K)) @ h + vec("b_h" + g) for g in "ifgo"}
                cell = sigmoid(a["f"]) * cell + sigmoid(a["i"]) * np.tanh(a["g"])
                h = sigmoid(a["o"]) * np.tanh(cell)
            else:
                raise AssertionError(f"no numpy reference for {c['model']} ({c['convention']})")
        out.append(h)
    return out
