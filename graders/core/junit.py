"""JUnit XML for results already graded (`grade check --format junit`, `grade class`).

A `<testsuite>` per learner and exercise, a `<testcase>` per check: `classname` is
`LEARNER.EXERCISE` (or `EXERCISE` for `grade check`), `name` the check, `time` the check's
own time; a check that did not pass carries a `<failure>` whose `type` is its outcome and
whose message is its outcome, points, message and hint; a check the grader could not run is
an `<error>`. The suite's properties hold the file, seed and device.

pytest's own JUnit writer serves `pytest --torchgrade` (the plugin), and its documents have
the same test cases (a test compares them). `grade` writes its own because the cost of
pytest's is per test case: 1.5 ms each, measured, so about 100 s for a class of 320 learners
and 27 exercises, where this takes a few.

XML 1.0 cannot hold most control characters at all, escaped or not; learner text may have
any, so each is written as a visible `\\xNN` escape.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from graders.core.outcomes import Outcome
from graders.core.report import points, printable, shown_name
from graders.core.results import CheckResult, ExerciseResult

SUITES_NAME = "torchgrade"
# Characters XML 1.0 has no way to write: C0 controls but tab and newlines, lone
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: object) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", str(text))


def document(groups: list[tuple[str | None, list[ExerciseResult]]], *,
             show_hidden: bool) -> str:
    """The JUnit XML of `groups`: (learner name or None, their exercise results). Hidden
    checks appear only with `show_hidden` (the instructor's view)."""
    root = ET.Element("testsuites", name=SUITES_NAME)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    elapsed = 0.0
    for learner, results in groups:
        for r in results:
            checks = [c for c in r.checks if show_hidden or not c.hidden]
            suite = _suite(root, _classname(learner, r.exercise), r, checks)
            for key in totals:
                totals[key] += int(suite.get(key))
            elapsed += sum(c.elapsed for c in checks)
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(totals["errors"]))
    root.set("time", f"{elapsed:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def _classname(learner: str | None, exercise: str) -> str:
    return exercise if learner is None else f"{shown_name(learner)[0]}.{exercise}"


def _suite(root: ET.Element, classname: str, r: ExerciseResult,
           checks: list[CheckResult]) -> ET.Element:
    errors = sum(c.outcome is Outcome.GRADER_ERROR for c in checks)
    failures = sum(not c.passed for c in checks) - errors
    suite = ET.SubElement(root, "testsuite", name=_x(classname), tests=str(len(checks)),
                          failures=str(failures), errors=str(errors), skipped="0",
                          time=f"{sum(c.elapsed for c in checks):.3f}")
    props = ET.SubElement(suite, "properties")
    for name, value in (("file", r.file or ""), ("seed", r.seed), ("device", r.device)):
        ET.SubElement(props, "property", name=name, value=_x(printable(str(value))))
    for c in checks:
        case = ET.SubElement(suite, "testcase", classname=_x(classname), name=_x(c.name),
                             time=f"{c.elapsed:.3f}")
        if c.passed:
            continue
        tag = "error" if c.outcome is Outcome.GRADER_ERROR else "failure"
        ET.SubElement(case, tag, message=_x(failure_summary(c)),
                      type=c.outcome.value).text = _x(failure_text(c, r))
    return suite


def failure_summary(c: CheckResult) -> str:
    """A failed check in one statement: its outcome, points and message."""
    head = "grader error" if c.outcome is Outcome.GRADER_ERROR else c.outcome.label
    return printable(f"{head} ({points(c.points)}/{points(c.max_points)}): {c.message}")


def failure_text(c: CheckResult, r: ExerciseResult) -> str:
    """What a failed check's report says, in JUnit and in the pytest plugin alike."""
    return (failure_summary(c) + printable((f"\nHint: {c.hint}" if c.hint else "")
                                           + f"\n{r.file or '(no file)'} | seed {r.seed} | "
                                             f"{r.device}"))
