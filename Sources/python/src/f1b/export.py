"""Trained cells to construction files, with every value exact.

The readers below turn each framework's parameter layout into f1b's names
(README, "Construction files"), for a single-layer cell with input size 2 —
(information bit, flag bit), in that order — and a linear head with one output.
"""

from __future__ import annotations

import math
import os
import tempfile
from decimal import Decimal
from typing import Any, Dict, Optional, Sequence, Tuple

import numpy as np


class BridgeError(ValueError):
    """A module, head or argument that cannot be written as a construction file."""


# ----------------------------------------------------------------------------- exact values

def exact_decimal(x: Any) -> str:
    """The exact value of a binary float as a finite decimal.

    A float32 or float64 is m·2^e, and every such number has a terminating
    decimal expansion; ``Decimal(float)`` is exact, and float32 → float64 is
    exact, so this is the very number the model computed with — unlike
    ``repr`` (the shortest decimal that reads back to the float, another number).
    """
    v = float(x)
    if not math.isfinite(v):
        raise BridgeError(f"a parameter is {v}: only finite values can be checked")
    text = format(Decimal(v), "f")
    return "0" if text in ("-0", "0") else text


def _array(x: Any, name: str) -> np.ndarray:
    """A float64 array holding exactly the values of a tensor, array or list."""
    if hasattr(x, "detach"):  # torch.Tensor
        x = x.detach().cpu()
        if str(x.dtype) in ("torch.float16", "torch.bfloat16"):
            x = x.float()
        x = x.numpy()
    a = np.asarray(x)
    if a.dtype.kind not in "fiu":
        raise BridgeError(f"{name}: expected numbers, found {a.dtype}")
    a = a.astype(np.float64)  # float16/32 → float64 is exact
    if not np.all(np.isfinite(a)):
        raise BridgeError(f"{name} has NaN or infinite entries: only finite values can be checked")
    return a


def _shape(a: np.ndarray, shape: Tuple[int, ...], name: str) -> np.ndarray:
    if a.shape != shape:
        raise BridgeError(f"{name}: expected shape {shape}, found {a.shape}")
    return a


# ----------------------------------------------------------------------------- canonical model

class _Cell:
    """A cell in f1b's names: model, convention, activation, K, parameters, initial state."""

    def __init__(self, model: str, convention: str, K: int, params: Dict[str, np.ndarray],
                 activation: Optional[str] = None, source: str = ""):
        self.model, self.convention, self.K, self.params = model, convention, K, params
        self.activation, self.source = activation, source


def _split(a: np.ndarray, K: int, gates: Sequence[str], name: str) -> Dict[str, np.ndarray]:
    if a.shape[0] != len(gates) * K:
        raise BridgeError(f"{name}: expected {len(gates)}·K = {len(gates) * K} rows, found {a.shape[0]}")
    return {g: a[i * K:(i + 1) * K] for i, g in enumerate(gates)}


def _from_torch(module: Any, batch_first: Optional[bool]) -> _Cell:
    kind = type(module).__name__
    if kind not in ("RNN", "GRU", "LSTM", "RNNCell", "GRUCell", "LSTMCell"):
        raise BridgeError(f"expected torch.nn.RNN, GRU or LSTM (or their Cell forms), found {kind}")
    single = kind.endswith("Cell")
    if not single:
        if module.num_layers != 1:
            raise BridgeError(f"{kind} has num_layers={module.num_layers}: f1b checks single-layer cells")
        if module.bidirectional:
            raise BridgeError(f"{kind} is bidirectional: a bidirectional network reads the sequence backwards too, "
                              "which is not a recurrent cell's F1B test")
        if getattr(module, "proj_size", 0):
            raise BridgeError(f"{kind} has proj_size={module.proj_size}: f1b's LSTM has no projection")
        if batch_first is not None and module.batch_first != batch_first:
            raise BridgeError(f"{kind} has batch_first={module.batch_first}, but batch_first={batch_first} was given: "
                              "sequences fed that way are read with batch and time swapped")
    if module.input_size != 2:
        raise BridgeError(f"{kind} has input_size={module.input_size}: F1B inputs are (information bit, flag bit), size 2")
    K = module.hidden_size
    suffix = "" if single else "_l0"
    W = _array(getattr(module, "weight_ih" + suffix), "weight_ih" + suffix)
    U = _array(getattr(module, "weight_hh" + suffix), "weight_hh" + suffix)
    rows = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind.replace("Cell", "")]
    if getattr(module, "bias_ih" + suffix, None) is not None:
        b_ih = _array(getattr(module, "bias_ih" + suffix), "bias_ih" + suffix)
        b_hh = _array(getattr(module, "bias_hh" + suffix), "bias_hh" + suffix)
    else:
        b_ih = b_hh = np.zeros(rows * K)
    _shape(W, (rows * K, 2), "weight_ih" + suffix)
    _shape(U, (rows * K, K), "weight_hh" + suffix)
    _shape(b_ih, (rows * K,), "bias_ih" + suffix)
    _shape(b_hh, (rows * K,), "bias_hh" + suffix)
    base = kind.replace("Cell", "")
    if base == "RNN":
        activation = module.nonlinearity
        return _Cell("vanilla", "pytorch", K, {"W": W, "U": U, "b_ih": b_ih, "b_hh": b_hh}, activation, f"torch.nn.{kind}")
    gates = ["r", "z", "n"] if base == "GRU" else ["i", "f", "g", "o"]
    params: Dict[str, np.ndarray] = {}
    for source, prefix in ((W, "W_"), (U, "U_"), (b_ih, "b_i"), (b_hh, "b_h")):
        for g, block in _split(source, K, gates, prefix).items():
            params[prefix + g] = block
    return _Cell(base.lower(), "pytorch", K, params, None, f"torch.nn.{kind}")


def _from_flax(params: Any, activation: Optional[str]) -> _Cell:
    """Flax linen cell parameters: kernels are (in, out), so W = kernelᵀ."""
    p = dict(params)
    if "params" in p and hasattr(p["params"], "keys"):
        p = dict(p["params"])

    def kernel(name: str) -> np.ndarray:
        if name not in p or "kernel" not in p[name]:
            raise BridgeError(f"Flax parameters: expected a Dense '{name}' with a kernel")
        return _array(p[name]["kernel"], f"{name}.kernel").T

    def bias(name: str, K: int) -> np.ndarray:
        entry = p[name]
        return _array(entry["bias"], f"{name}.bias") if "bias" in entry else np.zeros(K)

    keys = set(p)
    for model, gates, source in (("gru", "rzn", "GRUCell"), ("lstm", "ifgo", "LSTMCell")):
        if {side + g for g in gates for side in "ih"} <= keys:
            K = kernel("h" + gates[0]).shape[0]
            out = {}
            for g in gates:
                out["W_" + g], out["U_" + g] = kernel("i" + g), kernel("h" + g)
                out["b_i" + g], out["b_h" + g] = bias("i" + g, K), bias("h" + g, K)
            return _Cell(model, "pytorch", K, out, None, f"flax.linen.{source}")
    if {"i", "h"} <= keys:
        K = kernel("h").shape[0]
        return _Cell("vanilla", "pytorch", K, {"W": kernel("i"), "U": kernel("h"), "b_ih": bias("i", K), "b_hh": bias("h", K)},
                     activation or "tanh", "flax.linen.SimpleCell")
    raise BridgeError(f"Flax parameters with keys {sorted(keys)}: expected GRUCell (ir, iz, in, hr, hz, hn), "
                      "LSTMCell (ii, if, ig, io, hi, hf, hg, ho) or SimpleCell (i, h)")


def _from_keras(layer: Any, kind: Optional[str], activation: Optional[str]) -> _Cell:
    """Keras layers (or their get_weights() lists): kernels are (in, out) with gates side by side."""
    if hasattr(layer, "get_weights"):
        name = type(layer).__name__.replace("Cell", "")
        weights = layer.get_weights()
        reset_after = getattr(layer, "reset_after", None)
        if reset_after is None and hasattr(layer, "cell"):
            reset_after = getattr(layer.cell, "reset_after", None)
        act = getattr(layer, "activation", None)
        activation = activation or (getattr(act, "__name__", None) if act is not None else None)
    else:
        if kind is None:
            raise BridgeError("Keras weights as a list need kind='SimpleRNN', 'GRU' or 'LSTM'")
        name, weights, reset_after = kind, list(layer), None
    if name not in ("SimpleRNN", "GRU", "LSTM"):
        raise BridgeError(f"expected a Keras SimpleRNN, GRU or LSTM, found {name}")
    if len(weights) not in (2, 3):
        raise BridgeError(f"Keras {name}: expected [kernel, recurrent_kernel, bias], found {len(weights)} arrays")
    kernel, recurrent = _array(weights[0], "kernel").T, _array(weights[1], "recurrent_kernel").T
    if kernel.shape[1] != 2:
        raise BridgeError(f"Keras {name}: the input has {kernel.shape[1]} features; F1B inputs are (information bit, flag bit)")
    K = recurrent.shape[1]
    rows = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}[name]
    _shape(kernel, (rows * K, 2), "kernel (transposed)")
    _shape(recurrent, (rows * K, K), "recurrent_kernel (transposed)")
    bias = _array(weights[2], "bias") if len(weights) == 3 else np.zeros(rows * K)
    if name == "SimpleRNN":
        return _Cell("vanilla", "pytorch", K, {"W": kernel, "U": recurrent, "b_ih": _shape(bias, (K,), "bias"), "b_hh": np.zeros(K)},
                     activation or "tanh", "keras.layers.SimpleRNN")
    if name == "LSTM":
        out = {}
        _shape(bias, (4 * K,), "bias")
        for i, g in enumerate("ifgo"):  # Keras' order i, f, c, o: its c is the g gate
            out["W_" + g], out["U_" + g] = kernel[i * K:(i + 1) * K], recurrent[i * K:(i + 1) * K]
            out["b_i" + g], out["b_h" + g] = bias[i * K:(i + 1) * K], np.zeros(K)
        return _Cell("lstm", "pytorch", K, out, None, "keras.layers.LSTM")
    # GRU: Keras' order z, r, h.
    order = {"z": 0, "r": 1, "n": 2}
    if bias.shape == (2, 3 * K) or reset_after:
        _shape(bias, (2, 3 * K), "bias (reset_after=True: input and recurrent rows)")
        out = {}
        for g, i in order.items():
            out["W_" + g], out["U_" + g] = kernel[i * K:(i + 1) * K], recurrent[i * K:(i + 1) * K]
            out["b_i" + g], out["b_h" + g] = bias[0, i * K:(i + 1) * K], bias[1, i * K:(i + 1) * K]
        return _Cell("gru", "pytorch", K, out, None, "keras.layers.GRU(reset_after=True)")
    # reset_after=False: the reset gate acts on h before the product — the paper's GRU,
    # with its update gate z_paper = 1 − z_keras, i.e. the z weights and bias negated.
    _shape(bias, (3 * K,), "bias (reset_after=False)")
    z, r, h = (slice(i * K, (i + 1) * K) for i in range(3))
    out = {"W_r": kernel[r], "U_r": recurrent[r], "b_r": bias[r],
           "W_z": -kernel[z], "U_z": -recurrent[z], "b_z": -bias[z],
           "W_s": kernel[h], "U_s": recurrent[h], "b_s": bias[h]}
    return _Cell("gru", "paper", K, out, None, "keras.layers.GRU(reset_after=False)")


def _head(head: Any, K: int) -> Tuple[np.ndarray, float]:
    """beta (K) and gamma of C(s) = +1 iff betaᵀs + gamma ≥ 0, from a linear layer with one output."""
    if head is None:
        raise BridgeError("a head is needed: torch.nn.Linear(K, 1), Flax Dense params, a Keras Dense, or (beta, gamma)")
    if type(head).__name__ == "Linear":
        weight = _array(head.weight, "head.weight")
        if weight.shape != (1, K):
            raise BridgeError(f"the head must map the K = {K} states to one score: nn.Linear({K}, 1), found weight {weight.shape}")
        gamma = _array(head.bias, "head.bias").reshape(-1)[0] if head.bias is not None else 0.0
        return weight.reshape(-1), float(gamma)
    if hasattr(head, "get_weights"):
        head = head.get_weights()
    if isinstance(head, dict) or hasattr(head, "keys"):
        h = dict(head)
        kernel = _array(h["kernel"], "head.kernel")
        if kernel.shape != (K, 1):
            raise BridgeError(f"the head kernel must be ({K}, 1), found {kernel.shape}")
        return kernel.reshape(-1), float(_array(h.get("bias", [0.0]), "head.bias").reshape(-1)[0])
    if isinstance(head, (list, tuple)) and len(head) == 2:
        beta = _array(head[0], "head beta")
        if beta.size != K or (beta.ndim == 2 and 1 not in beta.shape):
            raise BridgeError(f"the head must have K = {K} weights and one output, found {beta.shape}")
        gamma = _array(head[1], "head gamma").reshape(-1)
        if gamma.size != 1:
            raise BridgeError(f"the head must have one output (one bias), found {gamma.size}")
        return beta.reshape(-1), float(gamma[0])
    raise BridgeError(f"cannot read the head {type(head).__name__}")


# ----------------------------------------------------------------------------- writing

def _row(values: Sequence[float]) -> str:
    return "[" + ", ".join(exact_decimal(v) for v in values) + "]"


def _yaml(cell: _Cell, beta: np.ndarray, gamma: float, name: str, flags: str, initial: Any, classify: str,
          n: Any, expect: Optional[str], comment: str) -> str:
    K = cell.K
    out = [f"# {line}" for line in comment.splitlines()]
    out += [f"name: {name}", f"model: {cell.model}"]
    if cell.convention != "paper":
        out.append(f"convention: {cell.convention}")
    if cell.model == "vanilla":
        if cell.activation not in ("tanh", "relu"):
            raise BridgeError(f"activation {cell.activation!r}: f1b's vanilla cell has tanh, relu (and hardclip, sigmoid)")
        out.append(f"activation: {cell.activation}")
    out += [f"state: {K}", f"flags: {flags}", "parameters:"]
    for key, value in cell.params.items():
        out.append(f"  {key}: {_row(value) if value.ndim == 1 else '[' + ', '.join(_row(r) for r in value) + ']'}")
    if cell.model == "lstm":
        state = dict(initial) if initial is not None else {}
        h = _array(state.get("h", np.zeros(K)), "initial h").reshape(-1)
        c = _array(state.get("c", np.zeros(K)), "initial c").reshape(-1)
        if h.size != K or c.size != K:
            raise BridgeError(f"the LSTM initial state needs h and c of {K} numbers each")
        if cell.convention == "paper":
            out += ["initial:", f"  c: {_row(c)}", f"  d: {_row(h)}"]
        else:
            out += [f"classify: {classify}", "initial:", f"  h: {_row(h)}", f"  c: {_row(c)}"]
    else:
        s0 = _array(initial if initial is not None else np.zeros(K), "initial").reshape(-1)
        if s0.size != K:
            raise BridgeError(f"the initial state needs {K} numbers, found {s0.size}")
        out.append(f"initial: {_row(s0)}")
    out += ["classifier:", f"  beta: {_row(beta)}", f"  gamma: {exact_decimal(gamma)}"]
    if expect is not None:
        out += ["expect:", f"  n: {n}", f"  verdict: {expect}"]
    return "\n".join(out) + "\n"


def to_construction(module: Any, head: Any, path: Optional[str] = None, *, name: Optional[str] = None,
                    flags: str = "plus-minus", initial: Any = None, classify: str = "h", n: Any = None,
                    expect: Optional[str] = None, batch_first: Optional[bool] = None, kind: Optional[str] = None,
                    activation: Optional[str] = None) -> str:
    """Writes a construction file for a trained cell and its linear head; returns its text.

    module: torch.nn.RNN/GRU/LSTM (or RNNCell/GRUCell/LSTMCell), single layer, input size 2;
        Flax linen cell parameters (a dict: GRUCell, LSTMCell or SimpleCell);
        a Keras SimpleRNN/GRU/LSTM layer (or its get_weights() list with ``kind``).
    head: torch.nn.Linear(K, 1), Flax Dense params, a Keras Dense, or (beta, gamma).
    flags: how the flag bit was fed: "plus-minus" (±1) or "zero-one".
    initial: s_0 (a vector), or for the LSTM {"h": ..., "c": ...}; zeros by default.
    classify: the LSTM's classified state, "h" (the output) or "c".
    n: the length the model was trained for, e.g. 20 or "1...40": written as a comment, a fact
        about training and not a claim.
    expect: "pass" or "fail" — a claim about every length in ``n``, written as ``expect: {n, verdict}``
        (what `f1b check` then tests and confirms or refutes); needs ``n``. Leave it out unless you
        mean to claim it: a model trained to 1% error on random paths usually fails F1B(n) exactly.
    batch_first: if given, must match the module's (a mismatch means the sequences were read transposed).

    Nothing is written unless everything is valid.
    """
    if flags not in ("plus-minus", "zero-one"):
        raise BridgeError(f"flags={flags!r}: expected 'plus-minus' (flag bits ±1) or 'zero-one' (0/1)")
    if classify not in ("h", "c"):
        raise BridgeError(f"classify={classify!r}: expected 'h' (the LSTM's output) or 'c' (its cell state)")
    if hasattr(module, "weight_hh_l0") or hasattr(module, "weight_hh"):
        cell = _from_torch(module, batch_first)
    elif hasattr(module, "get_weights") or kind is not None:
        cell = _from_keras(module, kind, activation)
    elif isinstance(module, dict) or hasattr(module, "keys"):
        cell = _from_flax(module, activation)
    else:
        raise BridgeError(f"cannot read {type(module).__name__}: expected a torch.nn.RNN/GRU/LSTM, Flax cell parameters or a Keras layer")
    if activation and cell.model == "vanilla":
        cell.activation = activation
    if cell.model != "lstm" and classify != "h":
        raise BridgeError("classify applies to the LSTM only")
    beta, gamma = _head(head, cell.K)
    name = name or (os.path.splitext(os.path.basename(path))[0] if path else f"{cell.model}-k{cell.K}")
    if expect not in (None, "pass", "fail"):
        raise BridgeError(f"expect={expect!r}: expected 'pass', 'fail' or None (no claim)")
    if expect is not None and n is None:
        raise BridgeError("expect needs n: the lengths the claim is about")
    comment = (f"Exported by f1b's Python bridge from {cell.source}: every value is the exact value of the\n"
               f"trained float. Flags {flags}; inputs (information bit, flag bit)."
               + (f"\nTrained for n = {n}." if n is not None else ""))
    text = _yaml(cell, beta, gamma, name, flags, initial, classify, n, expect, comment)
    if path is not None:
        directory = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(directory):
            raise BridgeError(f"{path}: the directory {directory} does not exist")
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".f1b-", suffix=".yaml")
        try:
            with os.fdopen(fd, "w") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    return text
