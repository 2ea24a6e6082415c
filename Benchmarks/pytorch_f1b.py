"""F1B(n) in PyTorch: training a cell and its head, and float64 answers for the trained model.

Used by trained_models.py (the benchmark) and by
Tests/EndToEndTests/make_pytorch_check_fixtures.py (the committed fixtures' facts).

The task: a path of F1B(n) is a flag position L ∈ {1…n} and information bits
x^I ∈ {±1}^n; step t reads (x^I_t, x^F_t) with x^F_t = +1 at t = L and −1
elsewhere (flags plus-minus); its label is x^I_L. The model's score is
head(h_n) = βᵀh_n + γ (for the LSTM h is the output, as nn.LSTM returns it)
and C(h) = +1 iff the score ≥ 0, so a path is misclassified when its label is
+1 and its score < 0, or its label is −1 and its score ≥ 0.
"""
from __future__ import annotations

import copy
import math
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple

import torch

CELLS = {"gru": torch.nn.GRU, "lstm": torch.nn.LSTM, "rnn": torch.nn.RNN}
NEAR_TIE = 1e-9


# ----------------------------------------------------------------------------- training

def random_batch(n: int, size: int, generator: torch.Generator) -> Tuple[torch.Tensor, torch.Tensor]:
    """size paths of F1B(n) (half with flagged bit +1, half −1), as (size, n, 2) inputs and 0/1 labels."""
    half = size // 2
    labels = torch.cat([torch.ones(half), -torch.ones(size - half)])
    bits = torch.randint(0, 2, (size, n), generator=generator).float() * 2 - 1
    flag_at = torch.randint(0, n, (size,), generator=generator)
    rows = torch.arange(size)
    bits[rows, flag_at] = labels
    flags = -torch.ones(size, n)
    flags[rows, flag_at] = 1
    return torch.stack([bits, flags], dim=2), (labels > 0).float()


class Model(torch.nn.Module):
    """A single-layer nn.GRU / nn.LSTM / nn.RNN(tanh) with hidden size K and nn.Linear(K, 1) on the final h."""

    def __init__(self, cell: str, K: int):
        super().__init__()
        kwargs = {"nonlinearity": "tanh"} if cell == "rnn" else {}
        self.cell = CELLS[cell](2, K, batch_first=True, **kwargs)
        self.head = torch.nn.Linear(K, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.cell(x)[1]
        h = out[0] if isinstance(out, tuple) else out
        return self.head(h[0]).squeeze(1)


def sampled_error(model: Model, n: int, generator: torch.Generator, paths: int = 4096) -> float:
    """The model's error (float32, as trained) on fresh random paths."""
    with torch.no_grad():
        x, y = random_batch(n, paths, generator)
        return ((model(x) >= 0).float() != y).float().mean().item()


def train(cell: str, K: int, n: int, seed: int, steps: int, batch: int = 128, lr: float = 0.01,
          eval_every: int = 100, stop_error: Optional[float] = None) -> Tuple[Model, Dict[str, Any]]:
    """Adam on the logistic loss (BCE with logits), a fresh batch per step; seed fixes the
    initialisation and the batches. Stops after `steps`, or at the first evaluation (every
    `eval_every` steps, on 4096 fresh paths) with error ≤ stop_error when that is given."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    evaluation = torch.Generator().manual_seed(10_000 + seed)
    model = Model(cell, K)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    start = time.perf_counter()
    done, error = 0, None
    for step in range(1, steps + 1):
        x, y = random_batch(n, batch, generator)
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        done = step
        if stop_error is not None and step % eval_every == 0:
            error = sampled_error(model, n, evaluation)
            if error <= stop_error:
                break
    seconds = time.perf_counter() - start
    final_error = sampled_error(model, n, torch.Generator().manual_seed(20_000 + seed), paths=8192)
    return model, {"steps": done, "train_seconds": seconds, "loss": loss.item(),
                   "sampled_error": final_error, "sampled_accuracy": 1 - final_error, "sampled_paths": 8192,
                   "torch": torch.__version__, "threads": torch.get_num_threads()}


# ----------------------------------------------------------------------------- float64

def float64_copy(cell: torch.nn.Module, head: torch.nn.Linear) -> Tuple[torch.nn.Module, torch.nn.Linear]:
    """The same module and head in float64 (float32 → float64 is exact: the very model exported)."""
    return copy.deepcopy(cell).double().eval(), copy.deepcopy(head).double().eval()


def _initial(cell: torch.nn.Module, rows: int):
    K = cell.hidden_size
    h = torch.zeros(1, rows, K, dtype=torch.float64)
    return (h, h.clone()) if isinstance(cell, torch.nn.LSTM) else h


def _rows(state) -> int:
    return (state[0] if isinstance(state, tuple) else state).shape[1]


def _cat(a, b):
    if isinstance(a, tuple):
        return tuple(torch.cat([x, y], dim=1) for x, y in zip(a, b))
    return torch.cat([a, b], dim=1)


def _slice(state, lo: int, hi: int):
    if isinstance(state, tuple):
        return tuple(x[:, lo:hi] for x in state)
    return state[:, lo:hi]


def _hidden(state) -> torch.Tensor:
    return (state[0] if isinstance(state, tuple) else state)[0]


def _step_both(cell: torch.nn.Module, state, flag: float):
    """Every state stepped with information bit −1 (first half of the result) and +1 (second half)."""
    rows = _rows(state)
    x = torch.empty(2 * rows, 1, 2, dtype=torch.float64)
    x[:rows, 0, 0], x[rows:, 0, 0], x[:, 0, 1] = -1.0, 1.0, flag
    return cell(x, _cat(state, state))[1]


class Tally:
    """What the enumeration keeps of the scores: the misclassified count, the least |score|,
    how many scores lie within NEAR_TIE of the threshold, and the least label·score."""

    def __init__(self):
        self.paths = self.misclassified = self.near_ties = 0
        self.least_abs = math.inf
        self.least_margin = math.inf

    def add(self, scores: torch.Tensor, labels: torch.Tensor):
        wrong = torch.where(labels > 0, scores < 0, scores >= 0)
        self.paths += scores.numel()
        self.misclassified += int(wrong.sum())
        self.near_ties += int((scores.abs() <= NEAR_TIE).sum())
        if scores.numel():
            self.least_abs = min(self.least_abs, float(scores.abs().min()))
            self.least_margin = min(self.least_margin, float((labels * scores).min()))

    def as_dict(self) -> Dict[str, Any]:
        return {"paths": self.paths, "misclassified": self.misclassified, "near_ties": self.near_ties,
                "least_abs_score": self.least_abs, "least_margin": self.least_margin}


def enumerate_float64(cell: torch.nn.Module, head: torch.nn.Linear, n: int, max_elements: int = 1 << 22) -> Dict[str, Any]:
    """Every one of the n·2^n paths of F1B(n) through the float64 module, sharing prefixes.

    The input trie is walked depth first, level by level in batches: a batch of states
    before the flag at depth t is stepped once with the flag (L = t + 1, both bits: the
    label) and once without (depth t + 1, both bits), so a state before the flag is
    computed once for every later L, and one after the flag once for every path through
    it. A batch wider than max_elements / K rows is split, which bounds the memory at
    about n · max_elements doubles. `cell` and `head` must be float64 (float64_copy).
    """
    tally = Tally()
    limit = max(2, max_elements // cell.hidden_size)

    def after_flag(state, labels: torch.Tensor, t: int):
        if t == n:
            with torch.no_grad():
                tally.add(head(_hidden(state)).squeeze(1), labels)
            return
        rows = _rows(state)
        for lo in range(0, rows, max(1, limit // 2)):
            hi = min(rows, lo + max(1, limit // 2))
            chunk, part = _slice(state, lo, hi), labels[lo:hi]
            after_flag(_step_both(cell, chunk, -1.0), torch.cat([part, part]), t + 1)

    def before_flag(state, t: int):
        rows = _rows(state)
        for lo in range(0, rows, max(1, limit // 2)):
            chunk = _slice(state, lo, min(rows, lo + max(1, limit // 2)))
            m = _rows(chunk)
            labels = torch.cat([-torch.ones(m, dtype=torch.float64), torch.ones(m, dtype=torch.float64)])
            after_flag(_step_both(cell, chunk, 1.0), labels, t + 1)
            if t + 1 < n:
                before_flag(_step_both(cell, chunk, -1.0), t + 1)

    start = time.perf_counter()
    with torch.no_grad():
        before_flag(_initial(cell, 1), 0)
    result = tally.as_dict()
    assert result["paths"] == n * 2 ** n
    result.update({"method": "enumeration", "seconds": time.perf_counter() - start})
    return result


def encode(paths: Sequence[Tuple[int, Sequence[int]]]) -> torch.Tensor:
    """(len, n, 2) float64 inputs of paths (L 1-based, bits ±1), flags plus-minus."""
    n = len(paths[0][1])
    x = torch.empty(len(paths), n, 2, dtype=torch.float64)
    for i, (L, bits) in enumerate(paths):
        x[i, :, 0] = torch.tensor([float(b) for b in bits], dtype=torch.float64)
        x[i, :, 1] = -1.0
        x[i, L - 1, 1] = 1.0
    return x


def scores_float64(cell: torch.nn.Module, head: torch.nn.Linear, x: torch.Tensor) -> torch.Tensor:
    """The float64 scores of encoded paths."""
    with torch.no_grad():
        return head(_hidden(cell(x, _initial(cell, x.shape[0]))[1])).squeeze(1)


def path_scores(cell: torch.nn.Module, head: torch.nn.Linear, paths: Sequence[Tuple[int, Sequence[int]]]) -> List[Dict[str, Any]]:
    """Each path's float64 score, label and whether it is misclassified (or within NEAR_TIE of a tie)."""
    if not paths:
        return []
    scores = scores_float64(cell, head, encode(paths))
    out = []
    for (L, bits), s in zip(paths, scores.tolist()):
        label = bits[L - 1]
        out.append({"L": L, "label": label, "score": s, "misclassified": (s < 0) if label > 0 else (s >= 0),
                    "near_tie": abs(s) <= NEAR_TIE})
    return out


def _betai(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b), by its continued fraction
    (Lentz's method; the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges slowly)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x > (a + 1) / (a + b + 2):
        return 1.0 - _betai(b, a, 1 - x)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)) / a
    tiny = 1e-300
    f, c, d = 1.0, 1.0, 0.0
    for i in range(100_000):
        m = i // 2
        if i == 0:
            numerator = 1.0
        elif i % 2 == 0:
            numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 + numerator * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + numerator / c
        c = c if abs(c) > tiny else tiny
        f *= c * d
        if abs(1.0 - c * d) < 1e-15:
            break
    return front * (f - 1.0)


def clopper_pearson(k: int, m: int, confidence: float = 0.95) -> Tuple[float, float]:
    """The exact (Clopper–Pearson) two-sided interval for a binomial proportion k/m:
    the quantiles of Beta(k, m − k + 1) and Beta(k + 1, m − k), by bisection."""
    alpha = 1 - confidence

    def quantile(p: float, a: float, b: float) -> float:
        lo, hi = 0.0, 1.0
        for _ in range(200):
            mid = (lo + hi) / 2
            if _betai(a, b, mid) < p:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    lower = 0.0 if k == 0 else quantile(alpha / 2, k, m - k + 1)
    upper = 1.0 if k == m else quantile(1 - alpha / 2, k + 1, m - k)
    return lower, upper


def sample_float64(cell: torch.nn.Module, head: torch.nn.Linear, n: int, paths: int, seed: int,
                   max_elements: int = 1 << 24) -> Dict[str, Any]:
    """`paths` uniformly random paths of F1B(n) (L uniform on 1…n, bits uniform) in float64:
    the misclassified count, its 95% Clopper–Pearson interval for Pe, and the tally."""
    generator = torch.Generator().manual_seed(seed)
    tally = Tally()
    chunk = max(1, max_elements // (n * cell.hidden_size * (2 if isinstance(cell, torch.nn.LSTM) else 1)))
    start = time.perf_counter()
    done = 0
    while done < paths:
        m = min(chunk, paths - done)
        bits = torch.randint(0, 2, (m, n), generator=generator).double() * 2 - 1
        flag_at = torch.randint(0, n, (m,), generator=generator)
        flags = -torch.ones(m, n, dtype=torch.float64)
        flags[torch.arange(m), flag_at] = 1.0
        labels = bits[torch.arange(m), flag_at]
        tally.add(scores_float64(cell, head, torch.stack([bits, flags], dim=2)), labels)
        done += m
    result = tally.as_dict()
    lo, hi = clopper_pearson(result["misclassified"], result["paths"])
    result.update({"method": "sampling", "seed": seed, "pe_interval": [lo, hi], "seconds": time.perf_counter() - start})
    return result
