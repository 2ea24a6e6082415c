"""f1b's JSON results as rows (lists of flat dicts: ``pandas.DataFrame(rows)`` works as is).

``check_rows``: one row per checked n, with the columns
    name, n, verdict, procedure, method, arithmetic, paths, misclassified, misclassified_at_least,
    misclassified_at_most, pe (exact "p/q"), pe_float, margin ("p/q"), margin_float, margin_tie,
    classifier_beta, classifier_gamma, counterexample_kind, first_L, first_bits, all_n_verdict,
    reason_kind, reason
(exact values as strings, their float approximations beside them). The JSON's schema
version is checked: a result written by an f1b this module does not know is refused.

``simulation_rows``: the tidy tables of ``f1b simulate --json``: moments, histograms,
fitted, scatter, and file_classifier, each a list of flat dicts.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, Dict, List, Union


def _load(result: Union[str, Dict[str, Any]]) -> Dict[str, Any]:
    return json.loads(result) if isinstance(result, str) else result


def _float(text: Any) -> Any:
    return None if text is None else float(Fraction(text))


#: The `f1b check --json` schema this module reads.
CHECK_SCHEMA = 2


class SchemaError(ValueError):
    """A JSON result of another schema version than this bridge reads."""


def check_schema(data: Dict[str, Any]) -> None:
    found = data.get("schema")
    if found != CHECK_SCHEMA:
        raise SchemaError(f"f1b check JSON schema {found!r}: this bridge reads schema {CHECK_SCHEMA}; "
                          "install the bridge of the same f1b (pip install ./Sources/python)")


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
            "misclassified": None if r.get("misclassified") is None else int(r["misclassified"]),
            "misclassified_at_least": None if bounds.get("at_least") is None else int(bounds["at_least"]),
            "misclassified_at_most": None if bounds.get("at_most") is None else int(bounds["at_most"]),
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
    return {key: data[key] for key in ("moments", "histograms", "fitted", "scatter", "file_classifier") if key in data}
