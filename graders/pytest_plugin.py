"""pytest plugin: every check of every exercise file is a test item.

CI that runs pytest gets JUnit XML (`--junitxml`), selection (`-k`) and parallel runs
(pytest-xdist) from pytest itself:

    pytest --torchgrade exercises/ --junitxml=grades.xml
    pytest --torchgrade . -k "ex04 and not shape"
    pytest --torchgrade . -n 2 --dist loadfile        # one grading per file and worker

With `--torchgrade`, a .py or .ipynb file whose name holds an exercise's `exNN` is collected
as that exercise; its items are the suite's checks (hidden checks are left out: this is the
learner's view), graded once per file and process, in torchgrade's confined worker. The
plugin is inert without its options, so installing the package changes no other test run.

pytest imports `conftest.py` files from the folders it collects: run it on a learner's own
repository, not over other people's submissions (`grade class` never imports learner files).

The failure text is the one `grade check --format junit` writes (`junit.failure_text`), and
the test cases are the same; `grade` writes its own JUnit because pytest's costs 1.5 ms per
test case (see graders/core/junit.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest

SUFFIXES = (".py", ".ipynb")


def pytest_addoption(parser) -> None:
    group = parser.getgroup("torchgrade", "grade PyTorch exercise files (torchgrade)")
    group.addoption("--torchgrade", action="store_true",
                    help="Collect exercise files (exNN_topic.py/.ipynb): one test per check.")
    group.addoption("--torchgrade-seed", type=int, default=None,
                    help="The inputs' seed (default: a fresh one, shown in each failure).")
    group.addoption("--torchgrade-device", choices=("auto", "cpu", "cuda"), default="auto",
                    help="Where learner and reference code run (default: auto).")
    group.addoption("--torchgrade-course", default=None,
                    help="A course folder (default: $TORCHGRADE_COURSE, else the built-in one).")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "torchgrade: a check of a torchgrade exercise")


def pytest_collect_file(file_path: Path, parent):
    config = parent.config
    name = _exercise(config, file_path)
    return ExerciseFile.from_parent(parent, path=file_path, exercise=name) if name else None


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path: Path, parent):
    """An exercise file named like a test module (test_ex04.py) is graded, never imported
    into pytest's own process, where it would run unconfined."""
    if _exercise(parent.config, module_path):
        return _NotImported.from_parent(parent, path=module_path)
    return None


def _exercise(config, path: Path) -> str | None:
    """The exercise `path` is a file of, named as `grade class` finds them (its `exNN` as a
    whole word: ex04_softmax_head.py, smith_ex04.ipynb), or None; only with --torchgrade."""
    if not config.getoption("torchgrade") or path.suffix not in SUFFIXES:
        return None
    from graders.core.classroom import exercise_of
    return exercise_of(path, _session(config).course.names())


def pytest_unconfigure(config) -> None:
    session = config.stash.get(_SESSION, None)
    if session is not None:
        session.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A check's own time, not the replay's, is what JUnit reports."""
    report = yield
    if isinstance(item, CheckItem) and call.when == "call" and item.result is not None:
        report.duration = item.result.elapsed
    return report


# ----------------------------------------------------------------------------- grading
class _Session:
    """One grader per pytest process, opened at the first check and closed at the end."""

    def __init__(self, config) -> None:
        from graders.core import course as courses
        from graders.core.grading import Options
        self.options = Options(device=config.getoption("torchgrade_device"),
                               seed=config.getoption("torchgrade_seed"),
                               course=courses.resolve(config.getoption("torchgrade_course")))
        self.course = self.options.course
        self.grader = None
        self.results: dict[Path, object] = {}

    def grade(self, path: Path, exercise: str):
        if path not in self.results:
            from graders.core.grading import Grader
            if self.grader is None:
                self.grader = Grader(self.options)
                self.grader.open()
            self.results[path] = self.grader.grade(path, exercise)
        return self.results[path]

    def close(self) -> None:
        if self.grader is not None:
            self.grader.close()


_SESSION = pytest.StashKey[_Session]()


def _session(config) -> _Session:
    if _SESSION not in config.stash:
        config.stash[_SESSION] = _Session(config)
    return config.stash[_SESSION]


# ----------------------------------------------------------------------------- nodes
class CheckFailed(Exception):
    """A check that did not pass: its outcome, message and hint are the whole report."""


class GraderFailed(Exception):
    """The grader's own failure: reported as an error, not as the learner's failure."""


class CheckItem(pytest.Item):
    def __init__(self, *, check: str, points: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.check, self.points = check, points
        self.result = None           # the check's CheckResult, once graded
        self.add_marker("torchgrade")

    def exercise_result(self):
        return self.parent.exercise_result()

    def setup(self) -> None:
        from graders.core.outcomes import Outcome
        exercise = self.exercise_result()
        self.result = next((c for c in exercise.checks if c.name == self.check), None)
        if self.result is None:
            raise GraderFailed(f"{exercise.exercise} has no check named {self.check}")
        if self.result.outcome is Outcome.GRADER_ERROR:
            raise GraderFailed(self.result.message)

    def runtest(self) -> None:
        if not self.result.passed:
            raise CheckFailed()

    def repr_failure(self, excinfo, style=None) -> str:
        from graders.core import junit
        from graders.core.report import printable
        if isinstance(excinfo.value, GraderFailed):
            return printable(f"grader error: {excinfo.value}")
        if not isinstance(excinfo.value, CheckFailed):
            return super().repr_failure(excinfo, style)
        return junit.failure_text(self.result, self.exercise_result())

    def reportinfo(self):
        return self.path, None, f"{self.parent.name}::{self.check}"


class _NotImported(pytest.File):
    """Stands in for pytest's Python module: collects nothing (ExerciseFile grades it)."""

    def collect(self):
        return []


class ExerciseFile(pytest.File):
    """A learner's exercise file, graded live."""

    def __init__(self, *, exercise: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.exercise = exercise

    def collect(self):
        suite = _session(self.config).course.load(self.exercise)
        for check in suite.checks:
            if not check.hidden:
                yield CheckItem.from_parent(self, name=check.name, check=check.name,
                                            points=check.points)

    def exercise_result(self):
        return _session(self.config).grade(self.path, self.exercise)
