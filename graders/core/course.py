"""A course: a folder of exercises, each one name in three places, found without a registry.

    COURSE/
      solutions/exNN_topic.py    the reference, and the source of the stub (`grade build`)
      exercises/exNN_topic.py    the learner's stub, and exNN_topic.ipynb (generated)
      suites/exNN_topic.py       the checks (`graders/suites/` in the built-in course)
      data/                      files the exercises read; learner code may read them too
      recorded/exNN_topic.tgw    in a learner's bundle, instead of solutions/: the reference's
                                 observations on public seeds (`grade release`)

An instructor's course lives in their own repository and is named with `--course DIR` or
`TORCHGRADE_COURSE`; the course shipped with the package is the default. Its suites sit in a
flat `suites/` because a folder named `graders/` in a course would shadow this package.

A course's suites form one package, so a suite imports the course's own helpers relatively:
`from ._shared import make_case` reads `suites/_shared.py` (files starting with `_` are not
exercises).
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
import sys
import threading
from pathlib import Path

from graders.core.sandbox import PACKAGE_ROOT
from graders.core.suite import Suite, checks_of

NAME_RE = re.compile(r"^ex\d{2}_[a-z0-9_]+$")
ENV = "TORCHGRADE_COURSE"
_import_lock = threading.Lock()


class UnknownExercise(LookupError):
    pass


class CourseError(ValueError):
    """A folder that is not a course."""


class Course:
    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()
        self.builtin = self.root == PACKAGE_ROOT
        self.suites_dir = self.root / ("graders/suites" if self.builtin else "suites")
        if not self.suites_dir.is_dir():
            raise CourseError(f"{root} is not a course: it has no suites/ folder "
                              "(`grade new exNN_topic --course DIR` starts one)")
        self._loaded: dict[str, Suite] = {}

    def __repr__(self) -> str:
        return f"Course({str(self.root)!r})"

    @property
    def solutions_dir(self) -> Path:
        return self.root / "solutions"

    @property
    def recorded_dir(self) -> Path:
        return self.root / "recorded"

    @property
    def released(self) -> bool:
        """A learner's bundle: recorded observations stand in for the solutions."""
        return self.recorded_dir.is_dir() and not self.solutions_dir.is_dir()

    def secrets(self) -> list[Path]:
        """What learner code must never read: the whole course folder (its data is let in
        apart), or for the built-in course what `builtin_secrets` names."""
        return builtin_secrets() if self.builtin else [self.root]

    @property
    def exercises_dir(self) -> Path:
        return self.root / "exercises"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def names(self) -> list[str]:
        """Every exercise that has a suite, in course order."""
        return sorted(p.stem for p in self.suites_dir.glob("ex*.py") if NAME_RE.match(p.stem))

    def load(self, name: str) -> Suite:
        if name not in self.names():
            raise UnknownExercise(f"no exercise named {name!r} in {self.describe()}; "
                                  "`grade list` shows them")
        if name not in self._loaded:
            with _import_lock:
                module = importlib.import_module(f"{self._package()}.{name}")
            checks = [c for c in checks_of(module) if not (self.released and c.hidden)]
            self._loaded[name] = Suite(
                name, getattr(module, "TITLE", name), checks,
                getattr(module, "TIMEOUT", None), module,
                stub_path=self.exercises_dir / f"{name}.py",
                solution_path=self.solutions_dir / f"{name}.py")
        return self._loaded[name]

    def named(self, text: str) -> str:
        """The exercise `text` names: its full name, or an unambiguous `exNN` prefix."""
        known = self.names()
        if text in known:
            return text
        matches = [n for n in known if re.fullmatch(r"ex\d{2}", text) and n.startswith(text + "_")]
        if len(matches) == 1:
            return matches[0]
        raise UnknownExercise(f"no exercise named {text!r} in {self.describe()}; "
                              "`grade list` shows them")

    def infer(self, path: Path) -> str:
        """The exercise a file is for, from its name: `ex04_softmax_head.py` or just `ex04*`."""
        stem = Path(path).stem
        known = self.names()
        if stem in known:
            return stem
        m = re.match(r"^(ex\d{2})", stem)
        if m:
            matches = [n for n in known if n.startswith(m.group(1) + "_")]
            if len(matches) == 1:
                return matches[0]
        raise UnknownExercise(
            f"cannot tell which exercise {Path(path).name!r} is: name it like one of "
            f"{', '.join(n + '.py' for n in known) or '(no exercises)'}, or pass --exercise")

    def describe(self) -> str:
        return "the built-in course" if self.builtin else f"the course at {self.root}"

    def digest(self, names: list[str]) -> list[str]:
        """What grading `names` depends on in this course: every suite file (helpers too)
        and the references, each as a hash."""
        files = sorted(self.suites_dir.glob("*.py")) + [self.solutions_dir / f"{n}.py"
                                                          for n in names]
        return [f"{f.name}:{_file_digest(f)}" for f in files]

    def _package(self) -> str:
        """The import name of this course's suites; a package of its own per course folder."""
        if self.builtin:
            return "graders.suites"
        name = "torchgrade_course_" + hashlib.sha256(str(self.root).encode()).hexdigest()[:12]
        if name not in sys.modules:
            spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
            package = importlib.util.module_from_spec(spec)
            package.__path__ = [str(self.suites_dir)]
            sys.modules[name] = package
        return name


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


BUILTIN_ROOT = PACKAGE_ROOT
# A learner's bundle ships its course inside the package, where `pip install` puts it.
RELEASED_ROOT = PACKAGE_ROOT / "graders" / "course"
_courses: dict[Path, Course] = {}


def builtin() -> Course:
    return resolve(BUILTIN_ROOT)


def builtin_secrets() -> list[Path]:
    """The package's own course, hidden from learner code whatever course is graded: in a
    source checkout the whole checkout (its tests hold correct variants); in an installed
    package, where the root is site-packages, only the course folders in it."""
    if (BUILTIN_ROOT / "solutions").is_dir():
        return [BUILTIN_ROOT]
    return [p for p in (BUILTIN_ROOT / "graders" / "suites", RELEASED_ROOT) if p.is_dir()]


def default_root() -> Path:
    """The course graded when none is named: a learner's bundle's, else the built-in one."""
    return RELEASED_ROOT if (RELEASED_ROOT / "suites").is_dir() else BUILTIN_ROOT


def resolve(path: Path | str | None = None) -> Course:
    """The course `path` names, else `$TORCHGRADE_COURSE`, else the built-in one; one object
    per folder, so suites are imported once."""
    chosen = Path(path or os.environ.get(ENV) or default_root()).expanduser().resolve()
    if chosen not in _courses:
        if not chosen.is_dir():
            raise CourseError(f"the course folder {chosen} does not exist")
        _courses[chosen] = Course(chosen)
    return _courses[chosen]
