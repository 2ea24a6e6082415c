"""Writes Fixtures/pytorch-cells.json: PyTorch cells, their construction files (by
f1b's Python bridge) and PyTorch's own final states on fixed F1B paths. The Swift
test PyTorchFixtureTests replays the paths through f1b's engines.

    pip install ./Sources/python torch && python3 Tests/CellsTests/make_pytorch_fixture.py
"""
import json
import os
import random

import torch

import f1b

here = os.path.dirname(os.path.abspath(__file__))
random.seed(7)
torch.manual_seed(7)


def paths(n, count):
    out = [(1, [1] + [-1] * (n - 1)), (n, [-1] * n)]
    while len(out) < count:
        out.append((random.randint(1, n), [random.choice([-1, 1]) for _ in range(n)]))
    return out


cases = []
for kind, K, flags in [("RNN-tanh", 2, "plus-minus"), ("RNN-relu", 3, "zero-one"), ("GRU", 2, "plus-minus"),
                       ("GRU", 3, "zero-one"), ("LSTM-h", 2, "plus-minus"), ("LSTM-c", 2, "zero-one")]:
    if kind.startswith("RNN"):
        module = torch.nn.RNN(2, K, nonlinearity=kind.split("-")[1], batch_first=True)
    elif kind == "GRU":
        module = torch.nn.GRU(2, K, batch_first=True)
    else:
        module = torch.nn.LSTM(2, K, batch_first=True)
    with torch.no_grad():   # larger weights than the default init: the nonlinearities matter
        for p in module.parameters():
            p.mul_(2.5)
    head = torch.nn.Linear(K, 1)
    classify = "c" if kind == "LSTM-c" else "h"
    text = f1b.to_construction(module, head, name=f"pytorch-{kind.lower()}-k{K}", flags=flags, classify=classify)
    n = 12
    ps = paths(n, 48)
    x = f1b.encode_paths(ps, flags)
    with torch.no_grad():
        if kind.startswith("LSTM"):
            _, (h, c) = module(x)
            final = (h if classify == "h" else c)[0]
        else:
            _, h = module(x)
            final = h[0]
    cases.append({"kind": kind, "construction": text, "paths": [[L, bits] for L, bits in ps],
                  "final": [[f1b.exact_decimal(v) for v in row] for row in final.tolist()],
                  "torch": torch.__version__})

with open(os.path.join(here, "Fixtures", "pytorch-cells.json"), "w") as f:
    json.dump({"cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases")
