"""f1b's Python bridge: models trained elsewhere in, construction files out, and back.

    import f1b
    f1b.to_construction(gru, head, "model.yaml", n=20)      # torch.nn.GRU + nn.Linear(K, 1)
    # $ f1b check model.yaml --json > result.json
    rows = f1b.check_rows(open("result.json").read())      # one dict per n, pandas-friendly
    gru, head = f1b.from_construction("model.yaml")          # back to PyTorch

Every float is written as its exact value (a float32 or float64 is a dyadic
rational, so it has a finite decimal expansion; the shortest decimal that reads
back to it is a different number and is not used), so ``f1b check`` decides the
very model that was trained.
"""

from .export import BridgeError, exact_decimal, to_construction
from .importer import encode_paths, final_states, from_construction, read_construction
from .results import check_rows, simulation_rows

__all__ = [
    "BridgeError", "exact_decimal", "to_construction", "from_construction", "read_construction",
    "encode_paths", "final_states", "check_rows", "simulation_rows",
]
