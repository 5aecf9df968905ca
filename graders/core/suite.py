"""Suites: `@check` and `@probe`, and finding each exercise's three places from its name.

A suite module `graders/suites/exNN_topic.py` declares a TITLE, optionally a TIMEOUT (seconds
per probe call), its probes and its checks, in the order they are reported. Its stub is
`exercises/exNN_topic.py` and its reference `solutions/exNN_topic.py`: no registry to drift.

A probe runs inside the sandbox worker. Only its source text travels there (the suite does
not), so it must be self-contained: it may use its arguments and the names the worker gives
it (`torch`, `nn`, `F`, `np`, `kit`), and nothing from the suite's module.
"""
from __future__ import annotations

import builtins
import inspect
import symtable
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Probe:
    name: str
    source: str

    def spec(self) -> dict:
        return {"name": self.name, "source": self.source}


# What a probe sees in the worker besides its own arguments and the builtins.
PROBE_GLOBALS = frozenset({"torch", "nn", "F", "np", "kit"})


class ProbeError(TypeError):
    """A probe that could not run in the worker: a bug in the suite, found at import."""


def probe(fn: Callable) -> Probe:
    """Mark a function to be run in the worker; only its source is sent there."""
    if fn.__code__.co_freevars:
        raise ProbeError(f"probe {fn.__name__} uses names from its enclosing scope: "
                         f"{fn.__code__.co_freevars}")
    lines = textwrap.dedent(inspect.getsource(fn)).splitlines(True)
    while lines and lines[0].lstrip().startswith("@"):
        lines.pop(0)
    source = "".join(lines)
    unseen = unseen_names(source)
    if unseen:
        raise ProbeError(f"probe {fn.__name__} ({fn.__module__}) uses "
                         f"{', '.join(f'`{n}`' for n in sorted(unseen))}, which the worker "
                         f"does not give probes: only their arguments, the builtins and "
                         f"{', '.join(sorted(PROBE_GLOBALS))}")
    return Probe(fn.__name__, source)


def unseen_names(source: str) -> set[str]:
    """Global names `source` reads that a probe will not find in the worker."""
    table = symtable.symtable(source, "<probe>", "exec")
    defined = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    known = PROBE_GLOBALS | defined | set(dir(builtins))
    unseen: set[str] = set()
    tables = [table]     # the module level too: default values and annotations are read there
    while tables:
        t = tables.pop()
        tables.extend(t.get_children())
        for sym in t.get_symbols():
            if (t is table or sym.is_global() or sym.is_declared_global()) \
                    and sym.is_referenced() and sym.get_name() not in known:
                unseen.add(sym.get_name())
    return unseen


@dataclass(frozen=True)
class Check:
    name: str
    points: int
    hint: str
    fn: Callable
    timeout: float | None = None
    hidden: bool = False


def check(points: int = 1, hint: str = "", timeout: float | None = None, hidden: bool = False):
    """Mark a function `fn(trial)` as a check worth `points`; `hint` is shown when it fails.

    `timeout`: seconds per probe call for this check (default: the suite's TIMEOUT).
    `hidden`: counted in the score, but its verdict is kept from the learner's feedback
    until grades are released (reports show it as hidden).
    """
    def mark(fn: Callable) -> Callable:
        fn.__check__ = Check(fn.__name__, points, hint, fn, timeout, hidden)
        return fn
    return mark


@dataclass
class Suite:
    name: str
    title: str
    checks: list[Check]
    timeout: float | None
    module: object = field(repr=False, default=None)
    stub_path: Path | None = None
    solution_path: Path | None = None

    @property
    def max_score(self) -> int:
        return sum(c.points for c in self.checks)


def checks_of(module) -> list[Check]:
    """A suite module's checks, in the order they are defined, each named by the name it has
    in the module (a declared check, `x = kinds.outputs_match(...)`, is named `x`)."""
    out = []
    for name, value in vars(module).items():
        c = getattr(value, "__check__", None)
        if isinstance(c, Check) and not name.startswith("_"):
            out.append(c if c.name == name else replace(c, name=name))
    return out
