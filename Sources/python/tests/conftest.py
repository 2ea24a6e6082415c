# The tests exercise this checkout's bridge (src/ layout), installed or not.
#
# F1B_TEST_WITHOUT_TORCH=1 hides PyTorch even where it is installed, to show that the
# numpy half runs without it:  F1B_TEST_WITHOUT_TORCH=1 python3 -m pytest -q Sources/python/tests
import importlib.abc
import json
import os
import sys

import pytest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.abspath(os.path.join(here, "..", "src")))

RECORDED = os.path.join(here, "recorded")


class _NoTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r} (hidden by F1B_TEST_WITHOUT_TORCH)", name=name)
        return None


if os.environ.get("F1B_TEST_WITHOUT_TORCH"):
    sys.meta_path.insert(0, _NoTorch())
    for loaded in [m for m in sys.modules if m == "torch" or m.startswith("torch.")]:
        del sys.modules[loaded]


class Replay:
    """A stand-in for the f1b binary: an executable that prints a recorded output (recorded/NAME.json,
    its stderr and exit status from recorded/manifest.json) and logs how it was called."""

    def __init__(self, folder, tmp_path, name):
        self.name, self.log = name, str(tmp_path / f"{name}.call.json")
        self.entry = json.load(open(os.path.join(folder, "manifest.json")))[name]
        self.binary = str(tmp_path / f"f1b-{name}")
        with open(self.binary, "w") as f:
            f.write(f"""#!{sys.executable}
import json, os, sys
file = sys.argv[2] if len(sys.argv) > 2 else None
text = open(file).read() if file and os.path.isfile(file) else None
with open({self.log!r}, "w") as log:
    json.dump({{"argv": sys.argv[1:], "file_text": text}}, log)
sys.stdout.write(open({os.path.join(folder, name + ".json")!r}).read())
sys.stderr.write({self.entry["stderr"]!r})
sys.exit({self.entry["exit"]})
""")
        os.chmod(self.binary, 0o755)

    def call(self):
        """How the binary was called: {"argv": [...], "file_text": the construction file's text}."""
        with open(self.log) as f:
            return json.load(f)


@pytest.fixture
def replay(tmp_path):
    """replay(NAME[, folder]) → a Replay of recorded/NAME.json (folder: another set of recordings)."""
    return lambda name, folder=RECORDED: Replay(folder, tmp_path, name)
