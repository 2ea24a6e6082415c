"""Runs the f1b binary from Python: ``check`` and ``simulate`` return result objects.

    import f1b
    result = f1b.check(gru, head, n=range(1, 7))          # a PyTorch module and its nn.Linear head
    result = f1b.check("constructions/vanilla-pwl-k2.yaml", n="all")
    sim = f1b.simulate(gru, head, n=20, paths=2000)

A module is exported with ``to_construction`` (exact values) to a temporary file, which
``f1b check FILE --n N --json`` then decides. The binary is found in this order: the
``binary`` argument, ``$F1B_BINARY``, ``f1b`` on PATH, then in the repository (of this
package's checkout, or the working directory or one above it) ``.build/release/f1b``,
``.build-release/release/f1b``, ``.build/debug/f1b``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import Any, Iterable, List, Optional, Sequence, Tuple

from .export import to_construction
from .results import CheckResult, SimulationResult

#: Where a repository keeps a built f1b, in the order they are tried.
BUILT_BINARIES = (".build/release/f1b", ".build-release/release/f1b", ".build/debug/f1b")

#: f1b's exit statuses (ARCHITECTURE.md): 0 pass, 1 fail, 2 bad input or usage, 3 inconclusive.
PASS, FAIL, BAD_INPUT, INCONCLUSIVE = 0, 1, 2, 3


class BinaryNotFound(FileNotFoundError):
    """No f1b binary where the bridge looks for one."""


class F1BError(RuntimeError):
    """The binary refused its input (exit status 2), or ended in another way than with a verdict.

    ``returncode``, ``stderr`` (f1b's message: file, line and column of a bad construction),
    ``command`` (the argument list that was run) and ``construction`` (the exported file's text,
    when a module was checked) say what happened."""

    def __init__(self, message: str, returncode: int, stderr: str, command: Sequence[str], construction: Optional[str] = None):
        super().__init__(message)
        self.returncode, self.stderr, self.command, self.construction = returncode, stderr, list(command), construction


def _repositories() -> List[str]:
    """Folders that may hold a built f1b: this package's checkout (Sources/python/src/f1b → the
    root), then the working directory and its parents, each only when it has a Package.swift."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.path.abspath(os.path.join(here, "..", "..", "..", ".."))]
    folder = os.getcwd()
    while True:
        candidates.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    seen, out = set(), []
    for c in candidates:
        if c not in seen and os.path.isfile(os.path.join(c, "Package.swift")):
            seen.add(c)
            out.append(c)
    return out


def find_binary(binary: Optional[str] = None) -> str:
    """The f1b to run: ``binary``, ``$F1B_BINARY``, ``f1b`` on PATH, then a repository's build."""
    if binary is not None:
        return _executable(binary, "the binary argument")
    if os.environ.get("F1B_BINARY"):
        return _executable(os.environ["F1B_BINARY"], "$F1B_BINARY")
    on_path = shutil.which("f1b")
    if on_path:
        return on_path
    tried = []
    for root in _repositories():
        for relative in BUILT_BINARIES:
            path = os.path.join(root, relative)
            tried.append(path)
            if os.path.isfile(path) and os.access(path, os.X_OK):
                return path
    raise BinaryNotFound("no f1b binary found: pass binary=..., set $F1B_BINARY, put f1b on PATH, or build it in the "
                         "repository (swift build -c release --product f1b)"
                         + (f"; looked for {', '.join(tried)}" if tried else ""))


def _executable(path: str, where: str) -> str:
    resolved = shutil.which(path) if os.sep not in path else path
    if not resolved or not os.path.isfile(resolved) or not os.access(resolved, os.X_OK):
        raise BinaryNotFound(f"{where}: {path} is not an executable file")
    return resolved


def lengths_argument(n: Any) -> str:
    """``--n``'s text for an int, a range (step 1), a list of ints, "all", or f1b's own syntax ("1...40")."""
    if isinstance(n, str):
        return n
    if isinstance(n, bool):
        raise TypeError(f"n={n!r}: expected an int, a range, a list of ints or 'all'")
    if isinstance(n, int):
        return str(n)
    if isinstance(n, range):
        if len(n) == 0:
            raise ValueError(f"n={n!r} is empty")
        if n.step == 1:
            return f"{n.start}...{n.stop - 1}"
        return ",".join(str(v) for v in n)
    if isinstance(n, Iterable):
        values = [int(v) for v in n]
        if not values:
            raise ValueError("n: an empty list of lengths")
        return ",".join(str(v) for v in values)
    raise TypeError(f"n={n!r}: expected an int, a range, a list of ints or 'all'")


def _run(file_or_module: Any, head: Any, exports: dict, arguments: List[str], binary: Optional[str],
         accepted: Tuple[int, ...]) -> Tuple[str, Optional[str], Optional[str]]:
    """Runs ``f1b <arguments with FILE>``; returns (stdout, the file given, the exported text)."""
    with tempfile.TemporaryDirectory(prefix="f1b-") as folder:
        if isinstance(file_or_module, (str, os.PathLike)):
            if head is not None or exports:
                raise TypeError("head and export options apply to a module; a construction file is checked as it is")
            file, text = os.fspath(file_or_module), None
            if not os.path.isfile(file):
                raise FileNotFoundError(f"{file}: no such construction file")
        else:
            if head is None:
                raise TypeError("a module needs its head: f1b.check(module, head, ...) (an nn.Linear(K, 1), or (beta, gamma))")
            if "--n" not in arguments:
                raise TypeError("n: say which lengths to check (an exported module has no expect.n), e.g. n=range(1, 11) or n='all'")
            text = to_construction(file_or_module, head, **exports)   # named "<model>-k<K>" unless name= is given
            file = os.path.join(folder, "exported.yaml")
            with open(file, "w") as f:
                f.write(text)
        command = [find_binary(binary)] + [file if a is _FILE else a for a in arguments]
        run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode not in accepted or not run.stdout.strip():
        what = "refused its input" if run.returncode == BAD_INPUT else f"ended with exit status {run.returncode}"
        raise F1BError(f"f1b {arguments[0]} {what}: {run.stderr.strip() or '(nothing on stderr)'}",
                       run.returncode, run.stderr, command, text)
    return run.stdout, (None if text is not None else file), text


_FILE = object()   # where the construction file goes in an argument list


def check(file_or_module: Any, head: Any = None, n: Any = None, time_limit: float = 60, method: Optional[str] = None,
          binary: Optional[str] = None, counterexamples: Optional[int] = None, options: Sequence[str] = (),
          **exports: Any) -> CheckResult:
    """Decides F1B(n) for a construction file or a trained module, with ``f1b check --json``.

    file_or_module: a construction file's path, or a single-layer torch.nn.RNN/GRU/LSTM (or its Cell
        form, a Flax cell's parameters, a Keras layer) exported with ``to_construction``; then ``head``
        is its linear head (nn.Linear(K, 1) or (beta, gamma)), and ``exports`` go to ``to_construction``
        (flags="zero-one", initial=..., classify="c", kind=..., activation=..., name=...).
    n: an int, a range or list of ints, "all" (every n: a certificate, or the smallest failing n), or
        f1b's syntax ("1...40"); None: the file's expect.n.
    time_limit: seconds before f1b stops and reports what it decided (0: no limit).
    method: one procedure alone (``f1b check --help`` lists them); None: the portfolio.
    counterexamples: how many counterexample paths to report; options: more ``f1b check`` arguments.

    Returns a ``CheckResult`` (an inconclusive run too: see its ``reason``s). Raises ``F1BError``
    (with f1b's stderr) when f1b refuses the input, ``BinaryNotFound`` when there is no binary.
    """
    arguments: List[Any] = ["check", _FILE, "--json", "--time-limit", repr(float(time_limit))]
    if n is not None:
        arguments += ["--n", lengths_argument(n)]
    if method is not None:
        arguments += ["--method", method]
    if counterexamples is not None:
        arguments += ["--counterexamples", str(counterexamples)]
    arguments += list(options)
    stdout, file, text = _run(file_or_module, head, exports, arguments, binary, (PASS, FAIL, INCONCLUSIVE))
    return CheckResult.from_json(stdout, file=file, construction=text)


def simulate(file_or_module: Any, head: Any = None, n: int = 20, paths: int = 10_000, seed: int = 1,
             flag_at: Optional[int] = None, times: Optional[Sequence[int]] = None, precision: str = "float",
             bins: Optional[int] = None, histogram_range: Optional[Tuple[float, float]] = None, threads: Optional[int] = None,
             binary: Optional[str] = None, options: Sequence[str] = (), **exports: Any) -> SimulationResult:
    """Monte Carlo of F1B(n) with ``f1b simulate --json``: ``paths`` positive and as many negative
    paths through the cell (Float, or "double"), seeded; ``flag_at`` fixes L; ``times`` are recorded
    besides n; ``bins`` and ``histogram_range`` (lo, hi) shape the histograms. File or module as for ``check``.
    Returns a ``SimulationResult``; raises ``F1BError`` when f1b refuses the input."""
    arguments: List[Any] = ["simulate", _FILE, "--json", "--n", str(int(n)), "--paths", str(int(paths)), "--seed", str(int(seed))]
    if flag_at is not None:
        arguments += ["--flag-at", str(int(flag_at))]
    if times:
        arguments += ["--times", ",".join(str(int(t)) for t in times)]
    if precision != "float":
        arguments += ["--precision", precision]
    if bins is not None:
        arguments += ["--bins", str(int(bins))]
    if histogram_range is not None:
        lo, hi = histogram_range
        arguments += ["--range", f"{float(lo)!r}:{float(hi)!r}"]
    if threads is not None:
        arguments += ["--threads", str(int(threads))]
    arguments += list(options)
    stdout, _, _ = _run(file_or_module, head, exports, arguments, binary, (0,))
    return SimulationResult.from_json(stdout)
