"""`grade release OUT`: what learners get, with no solution in it.

    OUT/
      pyproject.toml, README.md      `pip install OUT` gives them `grade check`
      exercises/exNN_topic.py|ipynb  their starting files, and the course's helpers beside them
      data/                          the course's data
      graders/core, graders/worker, graders/service   the engine
      graders/course/                the course as the engine reads it: suites/, the stubs in
                                     exercises/, data/, and recorded/ instead of solutions/

The reference is not shipped: its observations are recorded here on the public seeds
(`graders.core.recorded`) by grading the solution, the stub and every known mistake and
variant in the course's tests (so the branches a check takes for a usual mistake are
recorded too). Hidden checks are neither recorded nor run in the bundle. Before the bundle
is final, every line of every solution region, and of every variant, is looked for in it
(variants' lines not in the suites, which are the instructor's own code): one found is a
`ReleaseError`, and the folder is removed.
"""
from __future__ import annotations

import importlib.metadata
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from graders import __version__
from graders.core import build, recorded
from graders.core import course as courses
from graders.core.grading import Grader, Options

# public: a line found there is no leak
ENGINE_CODE = ("graders/core", "graders/worker", "graders/service")
ENGINE = ("graders/__init__.py", "graders/__main__.py", *ENGINE_CODE, "torchgrade")
MIN_SECRET = 24          # shorter lines (`super().__init__()`) are everywhere, not an answer
# What grading needs at the learner's; pytest and nbformat serve instructors only.
INSTRUCTOR_ONLY = ("pytest", "nbformat")


class ReleaseError(RuntimeError):
    pass


@dataclass
class Released:
    out: Path
    exercises: list[str]
    recorded_bytes: dict[str, int] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)


def release(course: courses.Course, out: Path, names: list[str] | None = None) -> Released:
    if course.released:
        raise ReleaseError(f"{course.describe()} is itself a release: release from the "
                           "course's source, where its solutions are")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ReleaseError(f"{out} is not empty: give a new folder")
    names = names or course.names()
    calls = record(course, names)
    out.mkdir(parents=True, exist_ok=True)
    done = Released(out, names)
    _copy_engine(out)
    inner = out / "graders" / "course"
    (inner / "suites").mkdir(parents=True)
    for f in course.suites_dir.glob("*.py"):     # helpers (`_shared.py`) and released suites
        if f.stem.startswith("_") or f.stem in names:
            shutil.copy2(f, inner / "suites" / f.name)
    (inner / "recorded").mkdir(parents=True)
    for name in names:
        s = course.load(name)
        done.recorded_bytes[name] = recorded.save(
            recorded.path_for(inner / "recorded", name), s, list(recorded.SEEDS), calls[name])
        done.calls[name] = len(calls[name])
        for target in (out / "exercises", inner / "exercises"):
            target.mkdir(parents=True, exist_ok=True)
            for suffix in (".py", ".ipynb"):
                src = course.exercises_dir / f"{name}{suffix}"
                if src.is_file():
                    shutil.copy2(src, target / src.name)
    for helper in _helpers(course, names):         # what the course gives learners as is
        for target in (out / "exercises", inner / "exercises"):
            shutil.copy2(helper, target / helper.name)
    if course.data_dir.is_dir():
        for target in (out / "data", inner / "data"):
            shutil.copytree(course.data_dir, target, ignore=_ignored)
    (out / "pyproject.toml").write_text(_pyproject())
    (out / "README.md").write_text(_readme(course, names))
    found = leaks(out, *secret_lines(course))
    if found:
        shutil.rmtree(out)
        raise ReleaseError("solution code would be in the bundle, so none was written: "
                           + "; ".join(f"{f}: {line!r}" for f, line in found[:5]))
    return done


def _helpers(course: courses.Course, names: list[str]) -> list[Path]:
    """Files beside the stubs that belong to no exercise (a plotting helper, a parameter
    counter): learners get them as they are."""
    if not course.exercises_dir.is_dir():
        return []
    return sorted(p for p in course.exercises_dir.iterdir() if p.is_file()
                  and not courses.NAME_RE.match(p.stem) and not p.name.startswith("."))


def record(course: courses.Course, names: list[str]) -> dict[str, dict]:
    """The reference's observations, per exercise, on every public seed."""
    calls: dict[str, dict] = {n: {} for n in names}
    for seed in recorded.SEEDS:
        options = Options(seed=seed, device="cpu", course=course, record=True)
        with Grader(options) as grader:
            for name in names:
                for path in _explorers(course, name):
                    grader.grade(path, name)
                calls[name].update(grader.recorded(name))
    return calls


def _explorers(course: courses.Course, name: str) -> list[Path]:
    """Files whose grading takes the checks down the branches learners will take."""
    s = course.load(name)
    tests = course.root / "tests"
    return [p for p in (s.solution_path, s.stub_path) if p and p.is_file()] + sorted(
        p for kind in ("mistakes", "variants") for p in (tests / kind / name).glob("*.py"))


def secret_lines(course: courses.Course) -> tuple[set[str], set[str]]:
    """Lines that would give an answer away, over the whole course: (every solution region's,
    every known variant's), each long enough to mean something and not in its stub."""
    solutions: set[str] = set()
    variants: set[str] = set()
    for name in course.names():
        s = course.load(name)
        stub = s.stub_path.read_text() if s.stub_path and s.stub_path.is_file() else ""
        if s.solution_path and s.solution_path.is_file():
            solutions.update(_meaningful(build.solution_lines(s.solution_path.read_text(),
                                                              name), stub))
        for p in sorted((course.root / "tests" / "variants" / name).glob("*.py")):
            variants.update(_meaningful(p.read_text().splitlines(), stub))
    engine = "".join(f.read_text() for part in ENGINE_CODE
                     for f in (courses.PACKAGE_ROOT / part).glob("*.py"))
    return ({x for x in solutions if x not in engine},     # the engine is public anyway
            {x for x in variants if x not in engine})


def _meaningful(lines: list[str], stub: str) -> set[str]:
    return {line.strip() for line in lines if len(line.strip()) >= MIN_SECRET
            and line.strip() not in stub
            and not line.strip().startswith(("#", '"""', "import ", "from ", "def ", "class "))}


def leaks(root: Path, solutions: set[str], variants: set[str]) -> list[tuple[str, str]]:
    """(file, line) for each secret line found in a file under `root`. A suite is searched
    for solution lines only: a variant's line there is the instructor's own check code
    (`params = list(model.parameters())`), not a learner's answer."""
    found = []
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        try:
            text = f.read_text()
        except (UnicodeDecodeError, OSError):
            text = f.read_bytes().decode("latin-1")
        secrets = solutions if "suites" in f.relative_to(root).parts else solutions | variants
        found += [(str(f.relative_to(root)), line) for line in sorted(secrets) if line in text]
    return found


def _ignored(_dir: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__" or n.endswith(".pyc")]


def _copy_engine(out: Path) -> None:
    for part in ENGINE:
        src = courses.PACKAGE_ROOT / part
        if src.is_dir():
            shutil.copytree(src, out / part, ignore=_ignored)
        elif src.is_file():
            (out / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, out / part)


def _dependencies() -> list[str]:
    try:
        wanted = importlib.metadata.requires("torchgrade") or []
    except importlib.metadata.PackageNotFoundError:
        wanted = ["torch>=2.1,<3", "numpy>=1.24", "click>=8.1"]
    return [r for r in wanted if not r.startswith(INSTRUCTOR_ONLY) and "extra ==" not in r]


def _pyproject() -> str:
    deps = "".join(f'    "{d}",\n' for d in _dependencies())
    return f'''[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "torchgrade-course"
version = "{__version__}"
description = "The course's exercises and `grade check`, to check your own work."
readme = "README.md"
requires-python = ">=3.10"
dependencies = [
{deps}]

[project.scripts]
grade = "graders.service.client:main"

[tool.setuptools.packages.find]
include = ["graders*", "torchgrade*"]

[tool.setuptools.package-data]
"*" = ["*"]
'''


def _readme(course: courses.Course, names: list[str]) -> str:
    rows = "\n".join(f"| `{n}` | {course.load(n).title} | {course.load(n).max_score} |"
                     for n in names)
    return f"""# The course's exercises, and a grader to check your work

Install (next to the CPU build of PyTorch, e.g. `pip install torch --index-url
https://download.pytorch.org/whl/cpu`):

```bash
pip install .
```

Work on the files in `exercises/` (the `.py` file or the notebook), then check one:

```bash
grade check exercises/ex01_tensors.py
```

Each check says what went wrong and gives a hint. Your code runs in a separate, confined
process. The checks compare your code with the reference's answers recorded on a few public
inputs (`--seed 1`, `2` or `3`); your instructor grades on fresh inputs, so code that only
fits these inputs will not pass there.

| exercise | title | points |
| --- | --- | --- |
{rows}
"""
