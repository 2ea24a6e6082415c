"""f1b's JSON results as objects, and as rows.

Objects (what ``f1b.check`` and ``f1b.simulate`` return; ``CheckResult.from_json`` and
``SimulationResult.from_json`` read a saved ``--json`` output the same way):

    result = CheckResult.from_json(text)     # or f1b.check("model.yaml", n=range(1, 7))
    result.verdict                            # "pass" | "fail" | "inconclusive" (every checked n)
    r = result[5]                             # the LengthResult of n = 5
    r.verdict, r.procedure, r.misclassified, r.pe, r.pe_float, r.certificate.summary
    r.counterexample.paths[0].L, r.counterexample.paths[0].bits     # flagged position, ±1 bits (numpy)
    result.all_n.verdict, result.all_n.summary                       # with n="all"

Exact values are ``fractions.Fraction`` with a float beside them; the raw JSON object is
kept (``.raw``) for anything not lifted into a field.

Rows (lists of flat dicts: ``pandas.DataFrame(rows)`` works as is):

``check_rows``: one row per checked n, with the columns
    name, n, verdict, procedure, method, arithmetic, paths, misclassified, misclassified_at_least,
    misclassified_at_most, pe (exact "p/q"), pe_float, margin ("p/q"), margin_float, margin_tie,
    classifier_beta, classifier_gamma, counterexample_kind, first_L, first_bits, all_n_verdict,
    reason_kind, reason
(exact values as strings, their float approximations beside them).

``simulation_rows``: the tidy tables of ``f1b simulate --json``: moments, histograms,
fitted, scatter, and file_classifier, each a list of flat dicts.

Both JSON outputs carry a schema version, checked here: a result written by an f1b this
module does not know is refused with a ``SchemaError``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np

#: The `f1b check --json` schema this module reads.
CHECK_SCHEMA = 2
#: The `f1b simulate --json` schema this module reads.
SIMULATION_SCHEMA = 1


class SchemaError(ValueError):
    """A JSON result of another schema version than this bridge reads."""


def _load(result: Union[str, bytes, Dict[str, Any]]) -> Dict[str, Any]:
    return json.loads(result) if isinstance(result, (str, bytes)) else result


def _schema(data: Dict[str, Any], expected: int, command: str) -> None:
    found = data.get("schema")
    if found != expected:
        written = "no schema version (an f1b older than this bridge)" if found is None else f"schema {found!r}"
        raise SchemaError(f"f1b {command} JSON has {written}: this bridge reads schema {expected}; "
                          "install the bridge of the same f1b (pip install ./Sources/python)")


def check_schema(data: Dict[str, Any]) -> None:
    """Refuses an `f1b check --json` object of another schema than ``CHECK_SCHEMA``."""
    _schema(data, CHECK_SCHEMA, "check")


def check_simulation_schema(data: Dict[str, Any]) -> None:
    """Refuses an `f1b simulate --json` object of another schema than ``SIMULATION_SCHEMA``."""
    _schema(data, SIMULATION_SCHEMA, "simulate")


def _fraction(text: Any) -> Optional[Fraction]:
    return None if text is None else Fraction(str(text))


def _float(text: Any) -> Optional[float]:
    return None if text is None else float(Fraction(str(text)))


def _int(text: Any) -> Optional[int]:
    return None if text is None else int(text)


# ----------------------------------------------------------------------------- check: objects

@dataclass(frozen=True)
class Classifier:
    """C(s) = +1 iff betaᵀ s + gamma >= 0, exact; ``source`` is "file" or "found" (searched for by check)."""
    beta: Tuple[Fraction, ...]
    gamma: Fraction
    source: Optional[str] = None

    @staticmethod
    def from_json(c: Optional[Dict[str, Any]], source: Optional[str] = None) -> Optional["Classifier"]:
        if not c:
            return None
        return Classifier(tuple(Fraction(b) for b in c["beta"]), Fraction(c["gamma"]), source)


def _same(a: Any, b: Any) -> bool:
    """Equality of dataclasses that hold numpy arrays (== on arrays is elementwise)."""
    if type(a) is not type(b):
        return NotImplemented
    return all(np.array_equal(x, y) if isinstance(x, np.ndarray) or isinstance(y, np.ndarray) else x == y
               for x, y in ((getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__ if a.__dataclass_fields__[f].compare))


@dataclass(frozen=True, eq=False)
class Path:
    """A path of a counterexample.

    L: the flagged position (1-based); bits: the information bits (±1, int8, length n);
    label: the flagged bit (+1 or −1), the class the path belongs to; role: what the
    counterexample says of it ("misclassified", "positive_below", "positive", …);
    final_state: its final state as floats (the midpoint where f1b gave an enclosure);
    final_state_exact: the exact values (Fractions), or (lower, upper) enclosures;
    score: βᵀs + γ (a Fraction, or an enclosure) where f1b gave one; weight: its weight in a
    Radon/inseparability combination; flags_at: every flagged position (Flagged-m-Bit readouts).
    """
    L: int
    bits: np.ndarray
    label: Optional[int] = None
    role: str = ""
    final_state: Optional[np.ndarray] = field(default=None, repr=False)
    final_state_exact: Optional[Tuple[Any, ...]] = field(default=None, repr=False)
    score: Any = None
    weight: Optional[Fraction] = None
    flags_at: Tuple[int, ...] = ()

    __eq__ = _same
    __hash__ = None

    @property
    def n(self) -> int:
        return len(self.bits)

    def inputs(self, flags: str = "plus-minus") -> np.ndarray:
        """The (n, 2) float32 inputs (information bit, flag bit) of this path: the flag bit is +1 at
        t = L and −1 ("plus-minus") or 0 ("zero-one") elsewhere."""
        x = np.empty((self.n, 2), dtype=np.float32)
        x[:, 0] = self.bits
        x[:, 1] = -1.0 if flags == "plus-minus" else 0.0
        for L in self.flags_at or (self.L,):
            x[L - 1, 1] = 1.0
        return x

    @staticmethod
    def from_json(p: Dict[str, Any], role: str) -> "Path":
        exact, floats = None, None
        if p.get("final_state") is not None:
            values = p["final_state"]
            if values and isinstance(values[0], list):   # enclosures [lower, upper]
                exact = tuple((Fraction(lo), Fraction(hi)) for lo, hi in values)
                floats = np.array([float((lo + hi) / 2) for lo, hi in exact])
            else:
                exact = tuple(Fraction(v) for v in values)
                floats = np.array([float(v) for v in exact])
        score = p.get("score")
        if isinstance(score, list):
            score = (Fraction(score[0]), Fraction(score[1]))
        elif score is not None:
            score = Fraction(score)
        flags_at = tuple(p.get("flags_at") or ())
        L = p["L"] if "L" in p else (flags_at[0] if flags_at else 0)
        return Path(L=int(L), bits=np.array(p["bits"], dtype=np.int8), label=p.get("label"), role=role,
                    final_state=floats, final_state_exact=exact, score=score, weight=_fraction(p.get("weight")),
                    flags_at=flags_at)


@dataclass(frozen=True)
class Counterexample:
    """Why a length fails. kind: "misclassified" (paths the classifier gets wrong), "interleaved"
    (K = 1: a positive path below a negative one and vice versa: no threshold separates them),
    "radon" / "inseparable" (weighted paths whose final states' convex hulls meet: no linear
    classifier separates the classes; ``point`` is where they meet, when exact), "readouts"."""
    kind: str
    paths: Tuple[Path, ...]
    point: Optional[Tuple[Fraction, ...]] = None

    @staticmethod
    def from_json(c: Optional[Dict[str, Any]]) -> Optional["Counterexample"]:
        if not c:
            return None
        kind = c["kind"]
        paths: List[Path] = []
        if kind == "misclassified":
            paths = [Path.from_json(p, "misclassified") for p in c["paths"]]
        elif kind == "interleaved":
            paths = [Path.from_json(c[role], role) for role in ("positive_below", "negative_above", "positive_above", "negative_below")]
        elif kind in ("radon", "inseparable"):
            paths = [Path.from_json(p, role) for role in ("positive", "negative") for p in c[role]]
        elif kind == "readouts":
            paths = [r.counterexample for r in map(Readout.from_json, c["readouts"]) if r.counterexample is not None]
        point = tuple(Fraction(v) for v in c["point"]) if c.get("point") else None
        return Counterexample(kind, tuple(paths), point)


def _summary(kind: str, details: Dict[str, Any]) -> str:
    parts = []
    for key, value in details.items():
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            parts.append(f"{key.replace('_', ' ')} {value}")
        elif isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            parts.append(f"{key.replace('_', ' ')} [{float(Fraction(value[0])):.6g}, {float(Fraction(value[1])):.6g}]")
    return kind.replace("_", " ") + (": " + ", ".join(parts) if parts else "")


@dataclass(frozen=True)
class Certificate:
    """Why a length passes: kind ("every_path", "reachable_sets", "extreme_enclosures", "cover",
    "zonotopes", …), a one-line summary, and f1b's fields as they were written."""
    kind: str
    summary: str
    details: Dict[str, Any] = field(default_factory=dict, repr=False)

    @staticmethod
    def from_json(c: Optional[Dict[str, Any]]) -> Optional["Certificate"]:
        if not c:
            return None
        details = {k: v for k, v in c.items() if k != "kind"}
        summary = c.get("description") or _summary(c["kind"], details)
        return Certificate(c["kind"], summary, details)


@dataclass(frozen=True)
class Readout:
    """One readout of a Flagged-m-Bit check: its classifier, errors, Pe and a misclassified path
    (``flags_at``: its m flagged positions)."""
    index: int
    classifier: Optional[Classifier]
    misclassified: Optional[int]
    pe: Optional[Fraction]
    pe_float: Optional[float]
    counterexample: Optional[Path]

    @staticmethod
    def from_json(o: Dict[str, Any]) -> "Readout":
        pe = (o.get("pe") or {}).get("exact")
        c = o.get("counterexample")
        return Readout(o["readout"], Classifier.from_json(o.get("classifier"), o.get("classifier_source")),
                       _int(o.get("misclassified")), _fraction(pe), _float(pe),
                       Path.from_json(c, f"readout {o['readout']}") if c else None)


@dataclass(frozen=True)
class LengthResult:
    """The check of one length n.

    verdict: "pass", "fail" or "inconclusive"; procedure: the procedure that decided it;
    paths: n·2^n; misclassified: the exact number of misclassified paths where every path was
    placed, else ``misclassified_bounds`` = (at least, at most or None); pe: the exact error
    probability (a Fraction) with ``pe_float`` and f1b's ``pe_decimal`` (12 significant digits,
    rounded down); reason_kind and reason: why it is open (inconclusive); readouts: each
    readout's result (Flagged-m-Bit files).
    """
    n: int
    verdict: str
    procedure: str
    method: str = ""
    arithmetic: str = ""
    paths: int = 0
    misclassified: Optional[int] = None
    misclassified_bounds: Optional[Tuple[Optional[int], Optional[int]]] = None
    pe: Optional[Fraction] = None
    pe_float: Optional[float] = None
    pe_decimal: Optional[str] = None
    classifier: Optional[Classifier] = None
    margin: Optional[Fraction] = None
    certificate: Optional[Certificate] = None
    counterexample: Optional[Counterexample] = None
    reason_kind: Optional[str] = None
    reason: Optional[str] = None
    readouts: Tuple[Readout, ...] = ()
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"

    @property
    def failed(self) -> bool:
        return self.verdict == "fail"

    @staticmethod
    def from_json(r: Dict[str, Any]) -> "LengthResult":
        bounds = r.get("misclassified_bounds")
        pe = r.get("pe") or {}
        return LengthResult(
            n=r["n"], verdict=r["verdict"], procedure=r["procedure"], method=r.get("method", ""),
            arithmetic=r.get("arithmetic", ""), paths=int(r["paths"]), misclassified=_int(r.get("misclassified")),
            misclassified_bounds=None if not bounds else (_int(bounds.get("at_least")), _int(bounds.get("at_most"))),
            pe=_fraction(pe.get("exact")), pe_float=_float(pe.get("exact")), pe_decimal=pe.get("decimal"),
            classifier=Classifier.from_json(r.get("classifier"), r.get("classifier_source")),
            margin=_fraction(r.get("margin")), certificate=Certificate.from_json(r.get("certificate")),
            counterexample=Counterexample.from_json(r.get("counterexample")),
            reason_kind=r.get("reason_kind"), reason=r.get("reason"),
            readouts=tuple(Readout.from_json(o) for o in r.get("readouts") or ()), raw=r)


@dataclass(frozen=True)
class EveryLength:
    """``--n all``: verdict for every n; first_failure (the smallest failing n when
    ``first_failure_is_smallest``); decided_through: every n up to it decided; undecided lengths;
    the certificate that covers every n when it passes; f1b's one-line summary."""
    verdict: str
    summary: str
    procedure: Optional[str] = None
    first_failure: Optional[int] = None
    first_failure_is_smallest: bool = False
    decided_through: int = 0
    undecided: Tuple[int, ...] = ()
    certificate: Optional[Certificate] = None
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @staticmethod
    def from_json(e: Optional[Dict[str, Any]]) -> Optional["EveryLength"]:
        if not e:
            return None
        return EveryLength(verdict=e["verdict"], summary=e.get("summary", ""), procedure=e.get("procedure"),
                           first_failure=e.get("first_failure"), first_failure_is_smallest=bool(e.get("first_failure_is_smallest")),
                           decided_through=e.get("decided_through", 0), undecided=tuple(e.get("undecided") or ()),
                           certificate=Certificate.from_json(e.get("certificate")), raw=e)


@dataclass(frozen=True)
class CheckResult:
    """`f1b check --json` as an object: the overall verdict, one ``LengthResult`` per checked n
    (``result[n]``), ``all_n`` for ``n="all"``, ``interrupted`` (why the run stopped early, if it
    did), the file's claim (``expect``), and the JSON itself (``raw``, ``json``).
    ``file``: the construction file checked (a temporary file, since removed, when
    ``f1b.check`` exported a module: its text is ``construction``)."""
    name: str
    verdict: str
    results: Tuple[LengthResult, ...]
    all_n: Optional[EveryLength] = None
    interrupted: Optional[str] = None
    expect: Optional[Dict[str, Any]] = None
    test: str = ""
    flagged_bits: int = 1
    file: Optional[str] = None
    construction: Optional[str] = field(default=None, repr=False)
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @staticmethod
    def from_json(result: Union[str, bytes, Dict[str, Any]], file: Optional[str] = None,
                  construction: Optional[str] = None) -> "CheckResult":
        data = _load(result)
        check_schema(data)
        return CheckResult(name=data["name"], verdict=data["verdict"],
                           results=tuple(LengthResult.from_json(r) for r in data["results"]),
                           all_n=EveryLength.from_json(data.get("all_n")), interrupted=data.get("interrupted"),
                           expect=data.get("expect"), test=data.get("test", ""), flagged_bits=data.get("flagged_bits", 1),
                           file=file, construction=construction, raw=data)

    @property
    def json(self) -> str:
        return json.dumps(self.raw)

    @property
    def lengths(self) -> List[int]:
        return [r.n for r in self.results]

    def __getitem__(self, n: int) -> LengthResult:
        for r in self.results:
            if r.n == n:
                return r
        raise KeyError(f"n = {n} was not checked (checked: {self.lengths})")

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    @property
    def failures(self) -> List[LengthResult]:
        return [r for r in self.results if r.failed]

    @property
    def counterexample(self) -> Optional[Counterexample]:
        """The counterexample of the smallest failing n, if any."""
        return next((r.counterexample for r in self.results if r.counterexample is not None), None)

    def rows(self) -> List[Dict[str, Any]]:
        """One flat dict per n (``check_rows``)."""
        return check_rows(self.raw)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:   # IPython/Jupyter shows the summary
        printer.text(str(self))

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.verdict}"]
        for r in self.results:
            line = f"  n = {r.n}: {r.verdict} ({r.procedure})"
            if r.pe is not None:
                line += f", Pe = {r.pe} ≈ {r.pe_decimal or r.pe_float}"
            if r.certificate is not None:
                line += f"; {r.certificate.summary}"
            if r.counterexample is not None and r.counterexample.paths:
                p = r.counterexample.paths[0]
                line += f"; {r.counterexample.kind}: L = {p.L}, bits {''.join('+' if b > 0 else '-' for b in p.bits)}"
            if r.reason:
                line += f"; {r.reason}"
            lines.append(line)
        if self.all_n is not None:
            lines.append(f"  every n: {self.all_n.verdict}: {self.all_n.summary}")
        return "\n".join(lines)


# ----------------------------------------------------------------------------- simulate: objects

@dataclass(frozen=True)
class ErrorEstimate:
    """errors out of trials, the rate and its Clopper–Pearson interval [lower, upper] at ``confidence``."""
    errors: int
    trials: int
    rate: float
    lower: float
    upper: float
    confidence: float

    @staticmethod
    def from_json(e: Optional[Dict[str, Any]]) -> Optional["ErrorEstimate"]:
        return None if not e else ErrorEstimate(e["errors"], e["trials"], e["rate"], e["lower"], e["upper"], e["confidence"])


@dataclass(frozen=True, eq=False)
class FittedClassifier:
    """A linear classifier fitted at ``time`` on the first half of each class, scored on the second."""
    time: int
    beta: np.ndarray
    gamma: float
    training_error: ErrorEstimate
    test_error: ErrorEstimate

    __eq__ = _same
    __hash__ = None


@dataclass(frozen=True)
class SimulationResult:
    """`f1b simulate --json` as an object: the setup (n, paths per class, seed, flag position,
    recorded times), the file classifier's error on the final states (``file_error``: an
    ``ErrorEstimate``, None when the file has no classifier), fitted classifiers, and the tidy
    tables (``tables``: moments, histograms, scatter, …, lists of dicts). A Flagged-m-Bit file's
    run has ``readouts`` (each readout's errors) and ``any_wrong`` instead."""
    name: str
    n: int
    paths_per_class: int
    seed: str
    setup: Dict[str, Any] = field(default_factory=dict)
    file_error: Optional[ErrorEstimate] = None
    file_classifier: Optional[Classifier] = None
    fitted: Tuple[FittedClassifier, ...] = ()
    tables: Dict[str, List[Dict[str, Any]]] = field(default_factory=dict, repr=False)
    readouts: Tuple[Dict[str, Any], ...] = field(default=(), repr=False)
    any_wrong: Optional[ErrorEstimate] = None
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @staticmethod
    def from_json(result: Union[str, bytes, Dict[str, Any]]) -> "SimulationResult":
        data = _load(result)
        check_simulation_schema(data)
        if "readouts" in data:   # Flagged-m-Bit
            return SimulationResult(
                name=data["name"], n=data["n"], paths_per_class=data["paths"] // 2, seed=data["seed"],
                setup={k: data[k] for k in ("flagged_bits", "n", "paths", "seed", "seconds") if k in data},
                readouts=tuple(data["readouts"]), any_wrong=ErrorEstimate.from_json(data.get("any_wrong")), raw=data)
        setup = data["setup"]
        c = data.get("file_classifier")
        fitted = tuple(FittedClassifier(f["time"], np.array(f["beta"], dtype=float), f["gamma"],
                                        ErrorEstimate.from_json(f["training_error"]), ErrorEstimate.from_json(f["test_error"]))
                       for f in data.get("fitted") or [])
        return SimulationResult(
            name=data["name"], n=setup["n"], paths_per_class=setup["paths_per_class"], seed=setup["seed"], setup=setup,
            file_error=ErrorEstimate.from_json(c["error"]) if c else None,
            file_classifier=Classifier.from_json(c, "file") if c else None,
            fitted=fitted, tables=simulation_rows(data), raw=data)

    @property
    def json(self) -> str:
        return json.dumps(self.raw)

    def moments(self, positive: bool, time: Optional[int] = None) -> Tuple[np.ndarray, np.ndarray]:
        """(mean, sd) per state dimension of one class at ``time`` (default: n)."""
        time = self.n if time is None else time
        rows = sorted((r for r in self.tables.get("moments", [])
                       if r["class"] == ("positive" if positive else "negative") and r["time"] == time),
                      key=lambda r: r["dimension"])
        if not rows:
            raise KeyError(f"no moments recorded at t = {time} (recorded: {self.setup.get('times')})")
        return np.array([r["mean"] for r in rows]), np.array([r["sd"] for r in rows])


# ----------------------------------------------------------------------------- rows

def check_rows(result: Union[str, Dict[str, Any]]) -> List[Dict[str, Any]]:
    data = _load(result)
    check_schema(data)
    all_n = data.get("all_n") or {}
    rows = []
    for r in data["results"]:
        counterexample = r.get("counterexample") or {}
        paths = counterexample.get("paths") or counterexample.get("positive") or []
        first = paths[0] if paths else {}
        classifier = r.get("classifier") or {}
        bounds = r.get("misclassified_bounds") or {}
        pe = (r.get("pe") or {}).get("exact")
        rows.append({
            "name": data["name"], "n": r["n"], "verdict": r["verdict"], "procedure": r["procedure"], "method": r["method"],
            "arithmetic": r["arithmetic"], "paths": int(r["paths"]),
            "misclassified": _int(r.get("misclassified")),
            "misclassified_at_least": _int(bounds.get("at_least")),
            "misclassified_at_most": _int(bounds.get("at_most")),
            "pe": pe, "pe_float": _float(pe),
            "margin": r.get("margin"), "margin_float": _float(r.get("margin")), "margin_tie": r.get("margin_tie"),
            "classifier_beta": classifier.get("beta"), "classifier_gamma": classifier.get("gamma"),
            "counterexample_kind": counterexample.get("kind"),
            "first_L": first.get("L"), "first_bits": first.get("bits"),
            "all_n_verdict": all_n.get("verdict"), "reason_kind": r.get("reason_kind"), "reason": r.get("reason"),
        })
    return rows


def simulation_rows(result: Union[str, Dict[str, Any]]) -> Dict[str, List[Dict[str, Any]]]:
    data = _load(result)
    check_simulation_schema(data)
    return {key: data[key] for key in ("moments", "histograms", "fitted", "scatter", "file_classifier") if key in data}
