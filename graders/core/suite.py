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
import importlib
import inspect
import pkgutil
import re
import symtable
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import graders.suites
from graders.core.sandbox import PACKAGE_ROOT

COURSE_ROOT = PACKAGE_ROOT
NAME_RE = re.compile(r"^ex\d{2}_[a-z0-9_]+$")


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
    tables = list(table.get_children())
    while tables:
        t = tables.pop()
        tables.extend(t.get_children())
        for sym in t.get_symbols():
            if (sym.is_global() or sym.is_declared_global()) and sym.is_referenced() \
                    and sym.get_name() not in known:
                unseen.add(sym.get_name())
    return unseen


@dataclass(frozen=True)
class Check:
    name: str
    points: int
    hint: str
    fn: Callable
    timeout: float | None = None


def check(points: int = 1, hint: str = "", timeout: float | None = None):
    """Mark a function `fn(trial)` as a check worth `points`; `hint` is shown when it fails."""
    def mark(fn: Callable) -> Callable:
        fn.__check__ = Check(fn.__name__, points, hint, fn, timeout)
        return fn
    return mark


@dataclass
class Suite:
    name: str
    title: str
    checks: list[Check]
    timeout: float | None
    module: object = field(repr=False, default=None)

    @property
    def stub_path(self) -> Path:
        return COURSE_ROOT / "exercises" / f"{self.name}.py"

    @property
    def solution_path(self) -> Path:
        return COURSE_ROOT / "solutions" / f"{self.name}.py"

    @property
    def max_score(self) -> int:
        return sum(c.points for c in self.checks)


class UnknownExercise(LookupError):
    pass


def names() -> list[str]:
    """Every exercise that has a suite, in course order."""
    found = [m.name for m in pkgutil.iter_modules(graders.suites.__path__)
             if NAME_RE.match(m.name)]
    return sorted(found)


def load(name: str) -> Suite:
    if name not in names():
        raise UnknownExercise(f"no exercise named {name!r}; `grade list` shows them")
    module = importlib.import_module(f"graders.suites.{name}")
    checks = [v.__check__ for v in vars(module).values() if hasattr(v, "__check__")]
    return Suite(name, getattr(module, "TITLE", name), checks, getattr(module, "TIMEOUT", None),
                 module)


def infer(path: Path) -> str:
    """The exercise a file is for, from its name: `ex04_softmax_head.py` or just `ex04*`."""
    stem = path.stem
    known = names()
    if stem in known:
        return stem
    m = re.match(r"^(ex\d{2})", stem)
    if m:
        matches = [n for n in known if n.startswith(m.group(1) + "_")]
        if len(matches) == 1:
            return matches[0]
    raise UnknownExercise(
        f"cannot tell which exercise {path.name!r} is: name it like one of "
        f"{', '.join(n + '.py' for n in known)}, or pass --exercise")
