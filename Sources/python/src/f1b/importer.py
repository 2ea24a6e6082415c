"""Construction files back into PyTorch modules, and F1B paths as input tensors."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Dict, List, Sequence, Tuple

import yaml

from .export import BridgeError


def _number(text: Any, what: str) -> Fraction:
    try:
        return Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError):
        raise BridgeError(f"{what}: expected a number (integer, decimal, p/q or scientific), found {text!r}") from None


def read_construction(path: str) -> Dict[str, Any]:
    """A construction file as a dict, numbers as exact Fractions (never through binary floats).

    (``f1b check`` is the file's validator: it names file, line and column of any problem.)
    """
    with open(path) as f:
        raw = yaml.load(f, Loader=yaml.BaseLoader)  # every scalar a string
    if not isinstance(raw, dict) or "model" not in raw:
        raise BridgeError(f"{path}: not a construction file (no model)")
    K = int(raw["state"])

    def matrix(value: Any, name: str) -> List[List[Fraction]]:
        rows = value if isinstance(value[0], list) else [[v] for v in value]
        return [[_number(v, f"{path}: {name}") for v in row] for row in rows]

    out: Dict[str, Any] = {
        "name": raw.get("name"), "model": raw["model"], "convention": raw.get("convention", "paper"),
        "activation": raw.get("activation"), "state": K, "flags": raw.get("flags", "plus-minus"),
        "parameters": {k: matrix(v, k) for k, v in (raw.get("parameters") or {}).items()},
        "classify": raw.get("classify", "h" if raw["model"] == "lstm" and raw.get("convention") == "pytorch" else "c"),
    }
    initial = raw["initial"]
    if isinstance(initial, dict):
        out["initial"] = {k: [_number(v, f"{path}: initial {k}") for v in vals] for k, vals in initial.items()}
    else:
        out["initial"] = [_number(v, f"{path}: initial") for v in initial]
    if "classifier" in raw:
        c = raw["classifier"]
        out["classifier"] = {"beta": [_number(v, f"{path}: beta") for v in c["beta"]], "gamma": _number(c["gamma"], f"{path}: gamma")}
    return out


def _zeros(rows: int, columns: int) -> List[List[Fraction]]:
    return [[Fraction(0)] * columns for _ in range(rows)]


def from_construction(path: str, dtype: Any = None):
    """(module, head): a torch.nn.RNN/GRU/LSTM (batch_first=True) and nn.Linear(K, 1) with the file's values.

    The module carries ``f1b_initial`` (h0, or (h0, c0) for the LSTM, shaped for the module),
    ``f1b_classify`` ("h" or "c") and ``f1b_flags``; ``final_states`` runs it on encoded paths.
    The paper's GRU becomes nn.GRU where that is possible (U_s diagonal: then the reset
    gate can act after the product; the update gate z becomes 1 − z); the PRU has no
    PyTorch module.
    """
    import torch
    dtype = dtype or torch.float32
    c = read_construction(path)
    K, model, convention, P = c["state"], c["model"], c["convention"], c["parameters"]

    def get(name: str, rows: int, columns: int) -> List[List[Fraction]]:
        return P.get(name, _zeros(rows, columns))

    def tensor(rows: List[List[Fraction]], negate: bool = False) -> "torch.Tensor":
        values = [[float(-v if negate else v) for v in row] for row in rows]
        t = torch.tensor(values, dtype=torch.float64).to(dtype)
        return t.reshape(-1) if len(values[0]) == 1 else t

    def pytorch_blocks(gates: str) -> Dict[str, List[Any]]:
        """PyTorch's stacked gate blocks, in its gate order, from the file's per-gate parameters."""
        return {"weight_ih_l0": [get(f"W_{g}", K, 2) for g in gates], "weight_hh_l0": [get(f"U_{g}", K, K) for g in gates],
                "bias_ih_l0": [get(f"b_i{g}", K, 1) for g in gates], "bias_hh_l0": [get(f"b_h{g}", K, 1) for g in gates]}

    if model == "vanilla":
        if c["activation"] not in ("tanh", "relu"):
            raise BridgeError(f"{path}: activation {c['activation']}: torch.nn.RNN has tanh and relu only")
        module = torch.nn.RNN(2, K, nonlinearity=c["activation"], batch_first=True)
        b_ih = get("b_ih", K, 1) if convention == "pytorch" else get("b", K, 1)
        b_hh = get("b_hh", K, 1) if convention == "pytorch" else _zeros(K, 1)
        blocks = {"weight_ih_l0": [get("W", K, 2)], "weight_hh_l0": [get("U", K, K)], "bias_ih_l0": [b_ih], "bias_hh_l0": [b_hh]}
        negated: Dict[str, List[bool]] = {}
    elif model == "gru":
        module = torch.nn.GRU(2, K, batch_first=True)
        if convention == "pytorch":
            blocks = pytorch_blocks("rzn")
            negated = {}
        else:
            U_s = get("U_s", K, K)
            if any(U_s[i][j] != 0 for i in range(K) for j in range(K) if i != j):
                raise BridgeError(f"{path}: the paper's GRU applies the reset gate before U_s; with U_s not diagonal "
                                  "no torch.nn.GRU has its equations")
            # z_torch = 1 − z_paper: σ(−a) = 1 − σ(a), so the z weights and bias are negated.
            blocks = {"weight_ih_l0": [get("W_r", K, 2), get("W_z", K, 2), get("W_s", K, 2)],
                      "weight_hh_l0": [get("U_r", K, K), get("U_z", K, K), U_s],
                      "bias_ih_l0": [get("b_r", K, 1), get("b_z", K, 1), get("b_s", K, 1)],
                      "bias_hh_l0": [_zeros(K, 1)] * 3}
            negated = {name: [False, True, False] for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0")}
    elif model == "lstm":
        module = torch.nn.LSTM(2, K, batch_first=True)
        if convention == "pytorch":
            blocks = pytorch_blocks("ifgo")
        else:
            if any(v != 0 for g in "ifoc" for row in P.get(f"V_{g}", []) for v in row):
                raise BridgeError(f"{path}: this LSTM has peepholes (V): torch.nn.LSTM has none")
            gates = "ifco"   # the paper's c̃ gate is PyTorch's g
            blocks = {"weight_ih_l0": [get(f"W_{g}", K, 2) for g in gates], "weight_hh_l0": [get(f"U_{g}", K, K) for g in gates],
                      "bias_ih_l0": [get(f"b_{g}", K, 1) for g in gates], "bias_hh_l0": [_zeros(K, 1)] * 4}
        negated = {}
    else:
        raise BridgeError(f"{path}: the {model} has no PyTorch module")
    with torch.no_grad():
        for name, parts in blocks.items():
            flips = negated.get(name, [False] * len(parts))
            getattr(module, name).copy_(torch.cat([tensor(p, f).reshape(K, -1) for p, f in zip(parts, flips)]).reshape(getattr(module, name).shape))
    module = module.to(dtype)
    head = torch.nn.Linear(K, 1).to(dtype)
    if "classifier" in c:
        with torch.no_grad():
            head.weight.copy_(torch.tensor([[float(b) for b in c["classifier"]["beta"]]], dtype=torch.float64).to(dtype))
            head.bias.copy_(torch.tensor([float(c["classifier"]["gamma"])], dtype=torch.float64).to(dtype))
    initial = c["initial"]
    if model == "lstm":
        hidden = initial.get("h", initial.get("d"))
        module.f1b_initial = (torch.tensor([[float(v) for v in hidden]], dtype=dtype).reshape(1, 1, K),
                              torch.tensor([[float(v) for v in initial["c"]]], dtype=dtype).reshape(1, 1, K))
    else:
        module.f1b_initial = torch.tensor([float(v) for v in initial], dtype=dtype).reshape(1, 1, K)
    module.f1b_classify = c["classify"] if model == "lstm" else "h"
    module.f1b_flags = c["flags"]
    return module, head


def encode_paths(paths: Sequence[Tuple[int, Sequence[int]]], flags: str = "plus-minus"):
    """A (batch, n, 2) float tensor of F1B inputs: each path (L, bits), L 1-based, bits ±1;
    the flag bit is +1 at t = L and −1 (plus-minus) or 0 (zero-one) elsewhere."""
    import torch
    off = -1.0 if flags == "plus-minus" else 0.0
    rows = []
    for L, bits in paths:
        rows.append([[float(b), 1.0 if t + 1 == L else off] for t, b in enumerate(bits)])
    return torch.tensor(rows)


def final_states(module: Any, inputs: Any):
    """The classified final states (batch, K) of a module from `from_construction` on encoded paths."""
    import torch
    batch = inputs.shape[0]
    with torch.no_grad():
        if isinstance(module, torch.nn.LSTM):
            h0, c0 = (t.expand(1, batch, -1).contiguous() for t in module.f1b_initial)
            _, (h, c) = module(inputs.to(h0.dtype), (h0, c0))
            return (h if module.f1b_classify == "h" else c)[0]
        h0 = module.f1b_initial.expand(1, batch, -1).contiguous()
        _, h = module(inputs.to(h0.dtype), h0)
        return h[0]
