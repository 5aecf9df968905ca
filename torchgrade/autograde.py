"""The autograder test cells of an nbgrader notebook (`grade nbgrader-export`).

    from torchgrade import autograde
    autograde.check("ex04_softmax_head", "output_shape")

The first call in a kernel grades the notebook's definitions (as `learner.check` reads them)
once; each call then passes quietly or raises AssertionError with its check's message and
hint, which nbgrader shows and scores as that cell's points. `TORCHGRADE_SEED` fixes the
inputs (the default is a fresh seed per notebook run).
"""
from __future__ import annotations

import hashlib
import os

from graders.core import course as courses
from graders.core.results import ExerciseResult
from torchgrade import learner

_graded: dict[tuple[str, str], ExerciseResult] = {}


def check(exercise: str, check_name: str) -> None:
    course = courses.resolve()
    name = course.named(exercise)
    result = _result(course, name)
    found = [c for c in result.checks if c.name == check_name]
    if not found:
        raise AssertionError(f"{name} has no check named {check_name!r}")
    c = found[0]
    if not c.passed:
        raise AssertionError(f"{c.outcome.value}: {c.message}"
                             + (f"\nHint: {c.hint}" if c.hint else ""))
    print(f"{check_name}: passed ({c.points}/{c.max_points})")


def _result(course: courses.Course, name: str) -> ExerciseResult:
    source = learner.your_code()
    key = (name, hashlib.sha256(source.text.encode()).hexdigest())
    if key not in _graded:
        seed = os.environ.get("TORCHGRADE_SEED")
        _graded[key] = learner.grade(course, name, source, int(seed) if seed else None)
    return _graded[key]
