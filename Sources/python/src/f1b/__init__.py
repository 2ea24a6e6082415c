"""f1b's Python bridge: models trained elsewhere in, construction files out and back, verdicts as objects.

    import f1b
    result = f1b.check(gru, head, n=range(1, 7))            # torch.nn.GRU + nn.Linear(K, 1): runs `f1b check --json`
    result.verdict, result[3].pe, result.counterexample      # per-length results, exact Pe, paths as numpy bits
    f1b.to_construction(gru, head, "model.yaml", n=20)      # the construction file itself
    gru, head = f1b.from_construction("model.yaml")          # back to PyTorch
    rows = f1b.check_rows(open("result.json").read())      # a saved `f1b check --json`, one dict per n

Every float is written as its exact value (a float32 or float64 is a dyadic
rational, so it has a finite decimal expansion; the shortest decimal that reads
back to it is a different number and is not used), so ``f1b check`` decides the
very model that was trained.
"""

from .export import BridgeError, exact_decimal, to_construction
from .importer import encode_paths, final_states, from_construction, read_construction
from .results import (CHECK_SCHEMA, SIMULATION_SCHEMA, Certificate, CheckResult, Classifier, Counterexample, ErrorEstimate,
                      EveryLength, FittedClassifier, LengthResult, Path, Readout, SchemaError, SimulationResult, check_rows,
                      simulation_rows)
from .runner import BinaryNotFound, F1BError, check, find_binary, simulate

__all__ = [
    "BridgeError", "exact_decimal", "to_construction", "from_construction", "read_construction",
    "encode_paths", "final_states", "check_rows", "simulation_rows",
    "check", "simulate", "find_binary", "BinaryNotFound", "F1BError", "SchemaError", "CHECK_SCHEMA", "SIMULATION_SCHEMA",
    "CheckResult", "LengthResult", "EveryLength", "Certificate", "Counterexample", "Path", "Readout", "Classifier",
    "SimulationResult", "ErrorEstimate", "FittedClassifier",
]
