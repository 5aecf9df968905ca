"""Check your work from the notebook you are working in.

    from torchgrade import learner
    learner.check("ex04_softmax_head")      # or just "ex04"
    learner.hint("ex04")                    # the next hint; one more each time

`check` grades the functions you have run in this kernel (the cells as you last ran them;
see `graders.core.kernel`), in a separate, confined process, with the same checks, messages
and hints as `grade check`. Outside Jupyter it grades the script that calls it.
"""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

from graders.core import course as courses
from graders.core import kernel, report
from graders.core.grading import Grader, GraderError, Options
from graders.core.load import InvalidSubmission, read_submission
from graders.core.results import ExerciseResult
from graders.service import client, place

_results: dict[str, ExerciseResult] = {}
_hints_given: dict[str, int] = {}


def check(exercise: str, *, seed: int | None = None, course: str | None = None) -> None:
    """Grade what you have written for `exercise` and print the report."""
    chosen = courses.resolve(course)
    name = chosen.named(exercise)
    try:
        result = grade(chosen, name, your_code(), seed)
    except (GraderError, InvalidSubmission, RuntimeError) as exc:
        print(f"Could not check {name}: {exc}")
        return
    _results[name] = result
    _hints_given[name] = 0
    print(report.exercise_text(result))


def grade(course: courses.Course, name: str, source, seed: int | None = None) -> ExerciseResult:
    """`source` (a `Source`) graded for exercise `name`: by your warm grading service
    (`graders.service`; started by the first check), else in a grading session of its own."""
    if place.enabled():
        try:
            reply = client.grade_source(asdict(source), name, str(course.root), seed)
        except place.Unavailable:
            pass
        else:
            if "result" not in reply:
                raise GraderError(str(reply.get("error", "the grading service failed")))
            return ExerciseResult.from_dict(reply["result"])
    with Grader(Options(seed=seed, course=course)) as grader:
        return grader.grade_source(source, name)


def hint(exercise: str, *, course: str | None = None) -> None:
    """The hint of the next check your last `check` did not pass; one more each call."""
    name = courses.resolve(course).named(exercise)
    result = _results.get(name)
    if result is None:
        print(f'Run learner.check("{name}") first: the hints follow what it finds.')
        return
    hints = list(dict.fromkeys((c.name, c.hint) for c in result.checks
                               if not c.hidden and not c.passed and c.hint))
    if not hints:
        print("Every check passed: no hint needed.")
        return
    i = min(_hints_given[name], len(hints) - 1)
    _hints_given[name] = i + 1
    print(f"Hint {i + 1} of {len(hints)} ({hints[i][0]}): {hints[i][1]}")


def last_result(exercise: str, *, course: str | None = None) -> ExerciseResult | None:
    """The result of the last `check` of `exercise` in this session."""
    return _results.get(courses.resolve(course).named(exercise))


def your_code():
    """The kernel's definitions in Jupyter or IPython; else the running script's text."""
    shell = _ipython()
    if shell is not None:
        history = shell.user_ns.get("In", [])
        return kernel.source_from_cells([(n, cell) for n, cell in enumerate(history) if n])
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    if not main:
        raise RuntimeError("learner.check reads your code from a Jupyter notebook's kernel "
                           "or from the script that calls it; neither is here")
    return read_submission(Path(main))


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()
