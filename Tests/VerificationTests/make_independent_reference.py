"""An independent reference for `f1b check`: random construction files and their exact answers.

Writes Fixtures/reference/*.yaml (random cells with classifiers) and
Fixtures/reference/reference.json (what F1B(n) gives on each, for small n), computed
here from the cells' equations alone — its own Python implementation, sharing no code
with f1b (not even the Python bridge): exact `fractions.Fraction` arithmetic for the
piecewise-linear cells (Vanilla hardclip / relu), mpmath at DIGITS significant digits
for the cells with tanh and σ. Rerun (deterministic; SEED below):

    python3 Tests/VerificationTests/make_independent_reference.py      # needs mpmath only
    python3 Tests/VerificationTests/make_independent_reference.py --compare path/to/f1b [--every K] [--method M]
        # no writing: f1b check --method M (default enumerate) --json on the files (every K-th), against reference.json

The equations (f1b's Sources/Cells doc comments; /work/shared/DESIGN.md). Inputs
x_t = (x^I_t, x^F_t): information bit ±1, flag bit x^F_t = +1 at t = L and −1
(flags plus-minus) or 0 (zero-one) elsewhere. W· are K×2 (columns: information bit,
flag bit). σ(a) = 1/(1 + e^−a). Paper convention:
  vanilla  s' = f(W x + U s + b), f ∈ {hardclip (clip to [−1, 1]), relu, tanh, sigmoid}
  gru      r = σ(W_r x + U_r s + b_r), z = σ(W_z x + U_z s + b_z),
           s~ = tanh(W_s x + U_s (r ⊙ s) + b_s), s' = z ⊙ s~ + (1 − z) ⊙ s
  pru      z = σ(W_z x + U_z s + b_z), s~ = tanh(W_s x + U_s s + b_s), s' = z ⊙ s~ + (1 − z) ⊙ s
  lstm     (state c, d) g = σ(W_g x + U_g d + V_g c + b_g) for g = i, f, o,
           c~ = tanh(W_c x + U_c d + V_c c + b_c), c' = i ⊙ c~ + f ⊙ c, d' = o ⊙ tanh(c');
           c is classified
PyTorch convention (`convention: pytorch`):
  vanilla  h' = f(W x + b_ih + U h + b_hh)
  gru      r = σ(W_r x + b_ir + U_r h + b_hr), z = σ(W_z x + b_iz + U_z h + b_hz),
           n = tanh(W_n x + b_in + r ⊙ (U_n h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h
  lstm     g = σ(W_g x + b_ig + U_g h + b_hg) for g = i, f, o, g~ = tanh(W_g x + b_ig + U_g h + b_hg)
           for the gate named g, c' = f ⊙ c + i ⊙ g~, h' = o ⊙ tanh(c'); `classify` h (default) or c
Classifier: C(s) = +1 iff βᵀs + γ ≥ 0 (a score of exactly 0 is +1). A path is
misclassified when C(s_n) differs from its label x^I_L.

reference.json:
  {"generator": this script's path, "seed": SEED, "digits": DIGITS, "tie_threshold": "1e-30",
   "order": "canonical: by L ascending, then information bits lexicographically with -1 < +1",
   "files": [ {
      "file": "ref-017-gru-paper-k2.yaml",       # beside reference.json
      "model": "gru", "convention": "paper" | "pytorch", "activation": "tanh" | null,
      "K": 2, "flags": "plus-minus" | "zero-one",
      "exact": true when every activation is piecewise linear (the answers below are exact),
      "kind": "random" | "fitted classifier" | "tie: gamma on a reachable score" | "tie: every score is 0"
              | "memory: a latch in state 0" | "memory, every positive path's score exactly 0"
              | "memory, every negative path's score exactly 0",
      "lengths": [ {
         "n": 4, "paths": 64,                    # n·2^n
         "misclassified": 12,                    # by the sign of the score (0 counts as +1)
         "ties": 0,                              # exact: paths whose score is exactly 0;
                                                 # tanh/σ: paths with |score| < 1e-30 (see below)
         "ties_negative": 0,                     # how many of those ties are negative paths (misclassified as +1)
         "misclassified_bracket": [12, 12],      # the count with every tie counted right / wrong
         "verdict": "pass" | "fail" | "tie",     # "tie" when the bracket holds 0 and more (tanh/σ only)
         "first_misclassified": [{"L": 1, "bits": [-1, 1, 1, -1], "label": -1}, ...],   # ≤ 5, canonical order
         "least_margin": "-3/20"                 # min over paths of label·score: exact "p/q" for
                                                 # piecewise-linear cells, else a decimal (30 digits)
      }, ... ] } ] }
For tanh/σ cells a |score| < 1e-30 marks a path whose side these DIGITS cannot be
trusted to tell; in "tie: every score is 0" files (β = 0 and γ = 0) every score is 0
exactly, so there the sign-rule count is exact and every negative path is misclassified.
"""
from __future__ import annotations

import itertools
import json
import os
import random
from fractions import Fraction
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import mpmath

SEED = 20240601
DIGITS = 80
TIE = mpmath.mpf("1e-30")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "Fixtures", "reference")
FIRST = 5

mpmath.mp.dps = DIGITS


# ----------------------------------------------------------------------------- numbers

class Exact:
    """Fractions, for cells whose activations are piecewise linear."""
    exact = True

    @staticmethod
    def number(q: Fraction):
        return q

    @staticmethod
    def activate(name: str, a):
        if name == "hardclip":
            return max(Fraction(-1), min(Fraction(1), a))
        if name == "relu":
            return max(Fraction(0), a)
        raise ValueError(f"{name} is not piecewise linear")


class Precise:
    """mpmath floats at DIGITS significant digits, for tanh and σ."""
    exact = False

    @staticmethod
    def number(q: Fraction):
        return mpmath.mpf(q.numerator) / q.denominator

    @staticmethod
    def activate(name: str, a):
        if name == "tanh":
            return mpmath.tanh(a)
        if name == "sigmoid":
            return 1 / (1 + mpmath.exp(-a))
        if name == "hardclip":
            return max(mpmath.mpf(-1), min(mpmath.mpf(1), a))
        if name == "relu":
            return max(mpmath.mpf(0), a)
        raise ValueError(name)


# ----------------------------------------------------------------------------- cells

def affine(P: Dict[str, Any], W: Optional[str], U: Optional[str], biases: Sequence[str], x, h, K: int,
           V: Optional[str] = None, c=None):
    """W x + U h (+ V c) + Σ biases, row by row; a name given as None (or a peephole V the file
    leaves out) is left out."""
    out = []
    for k in range(K):
        a = P[biases[0]][k][0]
        for b in biases[1:]:
            a += P[b][k][0]
        if W is not None:
            a += P[W][k][0] * x[0] + P[W][k][1] * x[1]
        if U is not None:
            for j in range(K):
                a += P[U][k][j] * h[j]
        if V is not None and V in P:
            for j in range(K):
                a += P[V][k][j] * c[j]
        out.append(a)
    return out


def make_step(spec: Dict[str, Any], P: Dict[str, Any], num) -> Callable:
    """The cell's update s' = step(s, x) on its full state (a tuple), in the number system `num`."""
    K, model, conv, act = spec["K"], spec["model"], spec["convention"], spec.get("activation")
    one = num.number(Fraction(1))
    sig = lambda v: [num.activate("sigmoid", a) for a in v]  # noqa: E731
    tanh = lambda v: [num.activate("tanh", a) for a in v]  # noqa: E731

    if model == "vanilla":
        biases = ["b"] if conv == "paper" else ["b_ih", "b_hh"]
        return lambda s, x: tuple(num.activate(act, a) for a in affine(P, "W", "U", biases, x, s, K))
    if model == "pru":
        def pru(s, x):
            z = sig(affine(P, "W_z", "U_z", ["b_z"], x, s, K))
            c = tanh(affine(P, "W_s", "U_s", ["b_s"], x, s, K))
            return tuple(z[k] * c[k] + (one - z[k]) * s[k] for k in range(K))
        return pru
    if model == "gru" and conv == "paper":
        def gru(s, x):
            r = sig(affine(P, "W_r", "U_r", ["b_r"], x, s, K))
            z = sig(affine(P, "W_z", "U_z", ["b_z"], x, s, K))
            c = tanh(affine(P, "W_s", "U_s", ["b_s"], x, [r[k] * s[k] for k in range(K)], K))
            return tuple(z[k] * c[k] + (one - z[k]) * s[k] for k in range(K))
        return gru
    if model == "gru":
        def gru_torch(h, x):
            r = sig(affine(P, "W_r", "U_r", ["b_ir", "b_hr"], x, h, K))
            z = sig(affine(P, "W_z", "U_z", ["b_iz", "b_hz"], x, h, K))
            inner = affine(P, "W_n", None, ["b_in"], x, h, K)
            rec = affine(P, None, "U_n", ["b_hn"], x, h, K)
            n = tanh([inner[k] + r[k] * rec[k] for k in range(K)])
            return tuple((one - z[k]) * n[k] + z[k] * h[k] for k in range(K))
        return gru_torch
    if model == "lstm" and conv == "paper":
        def lstm(state, x):
            c, d = state[:K], state[K:]
            i, f, o = (sig(affine(P, f"W_{g}", f"U_{g}", [f"b_{g}"], x, d, K, f"V_{g}", c)) for g in "ifo")
            cc = tanh(affine(P, "W_c", "U_c", ["b_c"], x, d, K, "V_c", c))
            c2 = [i[k] * cc[k] + f[k] * c[k] for k in range(K)]
            d2 = [o[k] * num.activate("tanh", c2[k]) for k in range(K)]
            return tuple(c2 + d2)
        return lstm
    if model == "lstm":
        def lstm_torch(state, x):
            h, c = state[:K], state[K:]
            i, f, o = (sig(affine(P, f"W_{g}", f"U_{g}", [f"b_i{g}", f"b_h{g}"], x, h, K)) for g in "ifo")
            g = tanh(affine(P, "W_g", "U_g", ["b_ig", "b_hg"], x, h, K))
            c2 = [f[k] * c[k] + i[k] * g[k] for k in range(K)]
            h2 = [o[k] * num.activate("tanh", c2[k]) for k in range(K)]
            return tuple(h2 + c2)
        return lstm_torch
    raise ValueError(model)


def classified(spec: Dict[str, Any], state: Tuple) -> Tuple:
    """The part of the full state the classifier reads."""
    K = spec["K"]
    if spec["model"] != "lstm":
        return state
    if spec["convention"] == "paper":
        return state[:K]                                     # (c, d): c
    return state[:K] if spec.get("classify", "h") == "h" else state[K:]   # (h, c)


def initial_state(spec: Dict[str, Any], num) -> Tuple:
    I = spec["initial"]
    if spec["model"] != "lstm":
        return tuple(num.number(v) for v in I)
    first, second = ("c", "d") if spec["convention"] == "paper" else ("h", "c")
    return tuple(num.number(v) for v in I[first] + I[second])


# ----------------------------------------------------------------------------- F1B(n)

def walk(spec: Dict[str, Any], n: int, visit: Callable[[int, Tuple[int, ...], Any], None]):
    """Calls visit(L, bits, score) for every path in canonical order (L ascending, then bits
    lexicographically with −1 < +1), sharing the states of common prefixes."""
    num = Exact if spec["exact"] else Precise
    P = {name: [[num.number(v) for v in row] for row in rows] for name, rows in spec["P"].items()}
    step = make_step(spec, P, num)
    beta = [num.number(v) for v in spec["beta"]]
    gamma = num.number(spec["gamma"])
    off = Fraction(-1) if spec["flags"] == "plus-minus" else Fraction(0)
    inputs = {(b, fl): (num.number(Fraction(b)), num.number(fl)) for b in (-1, 1) for fl in (Fraction(1), off)}

    def go(state, t: int, L: int, bits: Tuple[int, ...]):
        if t == n:
            s = classified(spec, state)
            visit(L, bits, sum((beta[k] * s[k] for k in range(len(beta))), gamma))
            return
        for b in (-1, 1):
            go(step(state, inputs[(b, Fraction(1) if t + 1 == L else off)]), t + 1, L, bits + (b,))

    s0 = initial_state(spec, num)
    for L in range(1, n + 1):
        go(s0, 0, L, ())


def answer(spec: Dict[str, Any], n: int) -> Dict[str, Any]:
    exact = spec["exact"]
    structural = spec["kind"] == "tie: every score is 0"   # β = 0, γ = 0: every score is exactly 0
    tally = {"misclassified": 0, "ties": 0, "ties_negative": 0, "first": [], "least": None}

    def visit(L: int, bits: Tuple[int, ...], score):
        label = bits[L - 1]
        wrong = (score < 0) if label > 0 else (score >= 0)
        tie = score == 0 if exact else abs(score) < TIE
        if wrong:
            tally["misclassified"] += 1
            if len(tally["first"]) < FIRST:
                tally["first"].append({"L": L, "bits": list(bits), "label": label})
        if tie:
            tally["ties"] += 1
            tally["ties_negative"] += label < 0
        margin = label * score
        if tally["least"] is None or margin < tally["least"]:
            tally["least"] = margin

    walk(spec, n, visit)
    m, ties, tn = tally["misclassified"], tally["ties"], tally["ties_negative"]
    # Ties counted right: a tied negative path is counted misclassified by the sign rule; take it away.
    # Counted wrong: a tied positive path is counted right by the sign rule; add it.
    low, high = (m, m) if exact or structural else (m - tn, m + (ties - tn))
    verdict = "pass" if high == 0 else "fail" if low > 0 else "tie"
    least = tally["least"]
    least_text = (f"{least.numerator}/{least.denominator}" if least.denominator != 1 else str(least.numerator)) if exact \
        else mpmath.nstr(least, 30, min_fixed=-1, max_fixed=1)
    return {"n": n, "paths": n * 2 ** n, "misclassified": m, "ties": ties, "ties_negative": tn,
            "misclassified_bracket": [low, high], "verdict": verdict,
            "first_misclassified": tally["first"], "least_margin": least_text}


# ----------------------------------------------------------------------------- random files

def text(q: Fraction) -> str:
    """A short exact decimal where the denominator divides a power of ten, else p/q."""
    if q.denominator == 1:
        return str(q.numerator)
    d = q.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d == 1:
        digits = max(twos, fives)
        scaled = abs(q.numerator) * (10 ** digits // q.denominator)
        body = str(scaled).rjust(digits + 1, "0")
        return ("-" if q < 0 else "") + body[:-digits] + "." + body[-digits:]
    return f"{q.numerator}/{q.denominator}"


def row(values: Sequence[Fraction]) -> str:
    return "[" + ", ".join(text(v) for v in values) + "]"


def matrix(rows: Sequence[Sequence[Fraction]]) -> str:
    return "[" + ", ".join(row(r) for r in rows) + "]"


def shapes(model: str, convention: str, K: int) -> List[Tuple[str, int, int]]:
    def gate(g: str, peephole: bool = False):
        biases = [(f"b_{g}", K, 1)] if convention == "paper" else [(f"b_i{g}", K, 1), (f"b_h{g}", K, 1)]
        return [(f"W_{g}", K, 2), (f"U_{g}", K, K)] + ([(f"V_{g}", K, K)] if peephole else []) + biases
    if model == "vanilla":
        return [("U", K, K), ("W", K, 2)] + ([("b", K, 1)] if convention == "paper" else [("b_ih", K, 1), ("b_hh", K, 1)])
    if model == "gru":
        return sum((gate(g) for g in ("rzs" if convention == "paper" else "rzn")), [])
    if model == "pru":
        return gate("z") + gate("s")
    if model == "lstm":
        return sum((gate(g, convention == "paper") for g in ("ifoc" if convention == "paper" else "ifgo")), [])
    raise ValueError(model)


def random_value(rng: random.Random, scale: int) -> Fraction:
    denominator = rng.choice([1, 2, 4, 5, 10, 10, 3, 8])
    return Fraction(rng.randint(-scale * denominator, scale * denominator), denominator)


def random_spec(rng: random.Random, index: int, model: str, convention: str, activation: Optional[str], K: int) -> Dict[str, Any]:
    exact = activation in ("hardclip", "relu")
    scale = 2 if exact else 3
    P = {}
    for name, rows, columns in shapes(model, convention, K):
        if name.startswith("V_") and rng.random() < 0.5:
            continue                                   # half the LSTMs without peepholes
        P[name] = [[random_value(rng, scale) for _ in range(columns)] for _ in range(rows)]
    flags = "zero-one" if rng.random() < 0.3 else "plus-minus"
    small = lambda: Fraction(rng.randint(-10, 10), 10)  # noqa: E731
    if model == "lstm":
        names = ("c", "d") if convention == "paper" else ("h", "c")
        initial = {nm: [small() if rng.random() < 0.5 else Fraction(0) for _ in range(K)] for nm in names}
    else:
        initial = [small() if rng.random() < 0.5 else Fraction(0) for _ in range(K)]
    spec = {"index": index, "model": model, "convention": convention, "activation": activation, "K": K,
            "flags": flags, "P": P, "initial": initial, "exact": exact, "kind": "random",
            "beta": [random_value(rng, 2) for _ in range(K)], "gamma": random_value(rng, 1)}
    if model == "lstm" and convention == "pytorch" and rng.random() < 0.3:
        spec["classify"] = "c"
    return spec


def fit_classifier(spec: Dict[str, Any], rng: random.Random, n: int = 3):
    """β, γ by least squares of the labels on the final states at length n, rounded to
    short decimals: a classifier that often separates at small n (not always)."""
    K = spec["K"]
    paths: List[Tuple[int, Tuple[int, ...]]] = []
    walk(dict(spec, beta=[Fraction(0)] * K, gamma=Fraction(0)), n, lambda L, b, s: paths.append((L, b)))
    coordinates = []
    for k in range(K):               # the classified state's coordinates, read through unit classifiers
        values: List[float] = []
        unit = [Fraction(int(j == k)) for j in range(K)]
        walk(dict(spec, beta=unit, gamma=Fraction(0)), n, lambda L, b, s: values.append(float(s)))
        coordinates.append(values)
    states = [[coordinates[k][i] for k in range(K)] + [1.0] for i in range(len(paths))]
    labels = [float(bits[L - 1]) for L, bits in paths]
    # Normal equations (K + 1 unknowns), solved with a little ridge for stability.
    m = K + 1
    A = [[sum(s[a] * s[b] for s in states) + (1e-6 if a == b else 0.0) for b in range(m)] for a in range(m)]
    y = [sum(s[a] * l for s, l in zip(states, labels)) for a in range(m)]
    for col in range(m):             # Gaussian elimination with partial pivoting
        pivot = max(range(col, m), key=lambda r: abs(A[r][col]))
        A[col], A[pivot], y[col], y[pivot] = A[pivot], A[col], y[pivot], y[col]
        for r in range(col + 1, m):
            f = A[r][col] / A[col][col]
            A[r] = [a - f * b for a, b in zip(A[r], A[col])]
            y[r] -= f * y[col]
    w = [0.0] * m
    for r in reversed(range(m)):
        w[r] = (y[r] - sum(A[r][c] * w[c] for c in range(r + 1, m))) / A[r][r]
    big = max(abs(v) for v in w) or 1.0
    spec["beta"] = [Fraction(round(v / big * 100), 100) for v in w[:K]]
    spec["gamma"] = Fraction(round(w[K] / big * 100), 100)
    spec["kind"] = "fitted classifier"


def place_tie(spec: Dict[str, Any], rng: random.Random):
    """γ := −βᵀs for the final state s of a random path at a random small n, so that path's score is exactly 0."""
    n = rng.randint(1, 4)
    scores: List[Fraction] = []
    walk(dict(spec, gamma=Fraction(0)), n, lambda L, b, s: scores.append(s))
    spec["gamma"] = -rng.choice(scores)
    spec["kind"] = "tie: gamma on a reachable score"


def _latch(model: str, convention: str, activation: Optional[str]) -> Tuple[Dict[str, Tuple[Fraction, ...]], Any, Fraction]:
    """A one-dimensional memory that passes F1B(n) for small n (most for every n), flags plus-minus:
    {parameter: its row 0}, the initial value(s) of state 0, and γ (β_0 = 1).

    hardclip s' = g(2s + x^I + x^F + 1) from s_0 = −1 (stays −1 until the flag, then ±1 forever);
    relu s' = relu(4s + x^I + x^F − 1) from 0 (0 until the flag, then 0 or ≥ 1), γ = −1/2;
    tanh as the hardclip latch ×10; sigmoid s' = σ(40s + 10x^I + 10x^F − 10), γ = −1/2;
    the gated cells: an update gate open only on the flag (±4 on the flag bit) and a
    candidate tanh(x^I) (the paper's a = 4, b = 1 constructions)."""
    F = Fraction
    if model == "vanilla":
        U, W, b, s0, gamma = {"hardclip": (2, (1, 1), 1, -1, 0), "relu": (4, (1, 1), -1, 0, F(-1, 2)),
                              "tanh": (20, (10, 10), 10, -1, 0), "sigmoid": (40, (10, 10), -10, 0, F(-1, 2))}[activation]
        rows = {"U": (F(U),), "W": (F(W[0]), F(W[1]))}
        if convention == "paper":
            rows["b"] = (F(b),)
        else:
            rows["b_ih"], rows["b_hh"] = (F(b, 2),), (F(b, 2),)
        return rows, F(s0), F(gamma)
    if model in ("gru", "pru") and convention == "paper":
        return {"W_z": (F(0), F(4)), "W_s": (F(1), F(0))}, F(0), F(0)
    if model == "gru":
        return {"W_z": (F(0), F(-4)), "W_n": (F(1), F(0))}, F(0), F(0)
    if convention == "paper":
        return {"W_i": (F(0), F(4)), "W_f": (F(0), F(-4)), "W_c": (F(1), F(0))}, F(0), F(0)
    return {"W_i": (F(0), F(4)), "W_f": (F(0), F(-4)), "W_g": (F(1), F(0)), "b_io": (F(3),)}, F(0), F(0)


def make_memory(spec: Dict[str, Any], rng: random.Random, tie: Optional[str] = None):
    """State 0 becomes the latch (_latch): its row of every parameter is replaced — it reads
    no other state — and β = (1, small…). The other states stay random; their β entries are
    0 where those states are unbounded (relu, the LSTM's c) and ≤ 1/50 each elsewhere.
    tie = "positive" / "negative" (hardclip only) moves γ so that every positive / negative
    path's score is exactly 0: a pass / a fail decided by the tie rule alone."""
    K = spec["K"]
    rows, s0, gamma = _latch(spec["model"], spec["convention"], spec["activation"])
    for name, matrix_ in spec["P"].items():
        matrix_[0] = [Fraction(0)] * len(matrix_[0])
    for name, values in rows.items():
        if name[0] in "UV":
            values = values + (Fraction(0),) * (K - 1)
        spec["P"].setdefault(name, [[Fraction(0)] * len(values) for _ in range(K)])[0] = list(values)
    spec["flags"] = "plus-minus"
    if isinstance(spec["initial"], dict):
        for part in spec["initial"].values():
            part[0] = s0
    else:
        spec["initial"][0] = s0
    bounded = spec["activation"] not in ("relu",) and spec["model"] != "lstm"
    spec["beta"] = [Fraction(1)] + [Fraction(rng.randint(-2, 2), 100) if bounded else Fraction(0) for _ in range(K - 1)]
    spec["gamma"] = gamma
    spec["kind"] = "memory: a latch in state 0"
    if tie is not None:
        spec["beta"] = [Fraction(1)] + [Fraction(0)] * (K - 1)
        spec["gamma"] = Fraction(-1 if tie == "positive" else 1)
        spec["kind"] = f"memory, every {tie} path's score exactly 0"


def yaml(spec: Dict[str, Any], name: str) -> str:
    out = [f"# Independent reference file {spec['index']} ({spec['kind']}): written by",
           "# Tests/VerificationTests/make_independent_reference.py; answers in reference.json.",
           f"name: {name}", f"model: {spec['model']}"]
    if spec["convention"] != "paper":
        out.append(f"convention: {spec['convention']}")
    if spec["activation"]:
        out.append(f"activation: {spec['activation']}")
    out += [f"state: {spec['K']}", f"flags: {spec['flags']}"]
    if "classify" in spec:
        out.append(f"classify: {spec['classify']}")
    out.append("parameters:")
    for name_, rows in spec["P"].items():
        out.append(f"  {name_}: {row([r[0] for r in rows]) if name_.startswith('b') else matrix(rows)}")
    if isinstance(spec["initial"], dict):
        out.append("initial:")
        out += [f"  {k}: {row(v)}" for k, v in spec["initial"].items()]
    else:
        out.append(f"initial: {row(spec['initial'])}")
    out += ["classifier:", f"  beta: {row(spec['beta'])}", f"  gamma: {text(spec['gamma'])}"]
    return "\n".join(out) + "\n"


# The files: (model, convention, activation, how many).
PLAN = [
    ("vanilla", "paper", "hardclip", 16), ("vanilla", "paper", "relu", 14), ("vanilla", "paper", "tanh", 10),
    ("vanilla", "paper", "sigmoid", 6), ("gru", "paper", None, 12), ("lstm", "paper", None, 10), ("pru", "paper", None, 10),
    ("vanilla", "pytorch", "tanh", 6), ("vanilla", "pytorch", "relu", 6), ("vanilla", "pytorch", "hardclip", 4),
    ("gru", "pytorch", None, 12), ("lstm", "pytorch", None, 12),
]


def compare(binary: str, every: int, timeout: int, method: str = "enumerate") -> int:
    """Runs `binary check FILE --n N --method METHOD --json` on every `every`-th file and each
    of its lengths and lists where it differs from reference.json: the verdict (inconclusive
    is no difference; a wrong pass or fail is), the count (an exact count, or a lower bound with
    no path undecided; a lower bound above the count), for enumeration the first misclassified
    paths, and for exact cells the least margin. Ties in tanh/σ cells are reported, not counted."""
    import subprocess
    with open(os.path.join(OUT, "reference.json")) as f:
        reference = json.load(f)
    differences, timeouts, runs, skipped, undecided = [], [], 0, 0, 0
    for entry in reference["files"][::every]:
        for want in entry["lengths"]:
            path = os.path.join(OUT, entry["file"])
            args = [binary, "check", path, "--n", str(want["n"]), "--method", method, "--json", "--counterexamples", str(FIRST)]
            run = subprocess.run(["timeout", str(timeout), *args], capture_output=True, text=True)
            runs += 1
            if run.returncode == 124:
                timeouts.append(f"{entry['file']} n = {want['n']}")
                continue
            try:
                got = json.loads(run.stdout)["results"][0]
            except (json.JSONDecodeError, KeyError, IndexError):
                differences.append(f"{entry['file']} n = {want['n']}: no result (exit {run.returncode}) {run.stderr.strip()[-200:]}")
                continue
            where = f"{entry['file']} n = {want['n']}"
            if want["verdict"] == "tie":
                skipped += 1
                print(f"  {where}: a tie here; f1b says {got.get('verdict')} ({got.get('reason')})")
                continue
            if got.get("verdict") == "inconclusive":
                undecided += 1
                continue
            if got.get("verdict") != want["verdict"]:
                differences.append(f"{where}: verdict {got.get('verdict')}, reference {want['verdict']} ({got.get('reason')})")
            count = got.get("misclassified")
            if count is None and got.get("undecided") in ("0", 0):
                count = got.get("misclassified_at_least")
            if count is not None and int(count) != want["misclassified"]:
                differences.append(f"{where}: misclassified {count}, reference {want['misclassified']}")
            if count is None and method == "enumerate":
                differences.append(f"{where}: no exact count (at least {got.get('misclassified_at_least')}, "
                                   f"undecided {got.get('undecided')}); reference {want['misclassified']}")
            at_least = got.get("misclassified_at_least")
            if at_least is not None and int(at_least) > want["misclassified"]:
                differences.append(f"{where}: at least {at_least} misclassified, reference {want['misclassified']}")
            paths = [{"L": p["L"], "bits": p["bits"]} for p in ((got.get("counterexample") or {}).get("paths") or [])]
            first = [{"L": p["L"], "bits": p["bits"]} for p in want["first_misclassified"]]
            if method == "enumerate" and paths and paths != first[:len(paths)]:
                differences.append(f"{where}: first misclassified paths {paths}, reference {first}")
            if entry["exact"] and got.get("margin") is not None and Fraction(got["margin"]) != Fraction(want["least_margin"]):
                differences.append(f"{where}: margin {got['margin']}, reference {want['least_margin']}")
    print(f"{runs} checks with --method {method} ({skipped} ties, {undecided} inconclusive, {len(timeouts)} past {timeout} s: "
          f"{', '.join(timeouts[:10])}{' …' if len(timeouts) > 10 else ''}), {len(differences)} differences")
    for d in differences:
        print("  " + d)
    return 1 if differences else 0


def main():
    import argparse
    import sys
    parser = argparse.ArgumentParser(description="Writes the independent reference (or compares a binary with it).")
    parser.add_argument("--compare", metavar="F1B", help="compare this f1b binary's enumeration with reference.json")
    parser.add_argument("--every", type=int, default=1, help="with --compare: every this many files (default 1)")
    parser.add_argument("--timeout", type=int, default=120, help="with --compare: seconds per check (default 120)")
    parser.add_argument("--method", default="enumerate", help="with --compare: the check method (default enumerate)")
    options = parser.parse_args()
    if options.compare:
        sys.exit(compare(options.compare, options.every, options.timeout, options.method))
    write()


def write():
    rng = random.Random(SEED)
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".yaml") or old == "reference.json":
            os.remove(os.path.join(OUT, old))
    files = []
    index = 0
    for model, convention, activation, count in PLAN:
        for j in range(count):
            K = 1 + (j + j // 4) % 4
            spec = random_spec(rng, index, model, convention, activation, K)
            choice = j % 4
            if choice == 3 or (choice == 1 and not spec["exact"]):
                tie = ["positive", "negative", None][(j // 4) % 3] if activation == "hardclip" else None
                make_memory(spec, rng, tie)
            elif choice == 1:
                place_tie(spec, rng)
            elif choice == 2:
                fit_classifier(spec, rng)
            if not spec["exact"] and j == count - 1:
                spec["beta"], spec["gamma"] = [Fraction(0)] * K, Fraction(0)
                spec["kind"] = "tie: every score is 0"
            conv = "" if convention == "paper" else "-pytorch"
            act = f"-{activation}" if activation else ""
            name = f"ref-{index:03d}-{model}{act}{conv}-k{K}"
            lengths = list(range(1, 9 if spec["exact"] else 7))
            answers = [answer(spec, n) for n in lengths]
            with open(os.path.join(OUT, name + ".yaml"), "w") as f:
                f.write(yaml(spec, name))
            files.append({"file": name + ".yaml", "model": model, "convention": convention, "activation": activation,
                          "K": K, "flags": spec["flags"], "exact": spec["exact"], "kind": spec["kind"], "lengths": answers})
            verdicts = "".join({"pass": "P", "fail": "F", "tie": "T"}[a["verdict"]] for a in answers)
            print(f"{name:<36} {spec['kind']:<32} {verdicts}", flush=True)
            index += 1
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump({"generator": "Tests/VerificationTests/make_independent_reference.py", "seed": SEED, "digits": DIGITS,
                   "tie_threshold": "1e-30",
                   "order": "canonical: by L ascending, then information bits lexicographically with -1 < +1",
                   "files": files}, f, indent=1)
    print(f"wrote {len(files)} files and reference.json to {OUT}")


if __name__ == "__main__":
    main()
