"""The authoring layer's own guarantees: the worker side stays apart from the trusted side,
hidden checks stay hidden, evidence is plain bounded data, a learner-made `Mistake` only
fails that learner's check, and a course outside the package is graded, and hidden, like the
built-in one."""
from __future__ import annotations

import ast
import json
import textwrap

import numpy as np
import pytest
from conftest import DEVICE, ROOT, SEED

from graders.core import kinds, replies, report
from graders.core.course import Course, CourseError
from graders.core.grading import Grader, Options, _Grading, evidence_value
from graders.core.load import read_submission
from graders.core.outcomes import Outcome
from graders.core.results import CheckResult, ExerciseResult, LearnerResult
from graders.core.suite import Check, ProbeError, Suite, probe

EX04, EX09 = "ex04_softmax_head", "ex09_training_loop"


def test_worker_side_never_imports_the_trusted_side():
    """Does no module of graders/worker import graders.core (what runs beside learner code
    must not carry the grader's logic or state)?"""
    for path in sorted((ROOT / "graders" / "worker").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [n for n in names if n.startswith("graders.core")], path.name


def _result(hidden: bool) -> ExerciseResult:
    checks = [CheckResult("seen", Outcome.PASSED, 1, 1),
              CheckResult("held_back", Outcome.FAILED, 0, 2, "SECRET-MESSAGE", "SECRET-HINT",
                          hidden=hidden)]
    return ExerciseResult(EX04, "t", "f.py", 1, "cpu", checks)


def test_a_hidden_checks_verdict_stays_out_of_learner_feedback():
    """Is a hidden check counted in the results but absent, with its points, from the text a
    learner reads (their report and their feedback file)?"""
    shown = report.exercise_text(_result(hidden=True))
    assert "SECRET" not in shown and "held_back" not in shown
    assert "Score: 1/1, and hidden checks worth 2 more" in shown
    feedback = report.feedback_text(LearnerResult("ada", [_result(hidden=True)]))
    assert "SECRET" not in feedback and "Total: 1/1, and hidden checks worth 2 more" in feedback
    data = json.loads(report.exercise_json(_result(hidden=True)))
    assert data["checks"][1]["hidden"] is True and data["score"] == 1 and data["max_score"] == 3
    assert "SECRET-MESSAGE" in report.exercise_text(_result(hidden=False))
    again = ExerciseResult.from_dict(_result(hidden=True).to_dict())
    assert again.checks[1].hidden


def test_evidence_is_plain_bounded_json():
    """Does evidence keep numbers and lists as JSON, and drop what is not data or too big?"""
    assert evidence_value([1.5, np.float32(2.0), float("nan")]) == [1.5, 2.0, None]
    assert evidence_value(np.arange(6).reshape(2, 3)) == [[0, 1, 2], [3, 4, 5]]
    assert evidence_value(np.zeros(100_000)) is None
    assert evidence_value(object()) is None
    assert evidence_value("x" * 10_000) == "x" * 500
    json.dumps(evidence_value([[1, 2], [3.0, None]]))


def test_mistake_facts_are_checked_before_use():
    """Are a worker's `Mistake` facts bounded and typed, and dropped when malformed?"""
    assert replies.mistake({"kind": "rm -rf"}) is None
    assert replies.mistake("type") is None
    assert replies.mistake({"kind": np.zeros(3), "what": "f()"}) is None
    assert replies.mistake({"kind": "type", "what": "w" * 5000}) is None
    m = replies.mistake({"kind": "shapes", "what": "make_model()", "shapes": [[1, 2]] * 1000
                         + ["no"], "got": 7, "expected": "nn.Module`, all PASSED"})
    assert m["what"] == "make_model()" and len(m["shapes"]) == replies.MAX_SHAPES
    assert m["got"] == "" and m["expected"] == ""


@pytest.mark.slow
def test_training_checks_record_both_loss_curves(grader):
    """Does a training check keep the learner's and the reference's loss curves as data?"""
    r = grader.grade(ROOT / "solutions" / f"{EX09}.py", EX09)
    losses = {c.name: c for c in r.checks}["losses_match_reference"].evidence["losses"]
    assert len(losses["learner"]) == 3 and np.allclose(losses["learner"], losses["reference"])


FORGED_MISTAKE = '''
import torch
from torch import nn


class Mistake(Exception):
    facts = {"kind": "type", "what": "x" * 100000, "expected": "full marks", "got": "A+"}


def make_model():
    raise Mistake()
'''


def test_a_learner_made_mistake_only_fails_their_own_check(grader, tmp_path):
    """When learner code raises its own `Mistake` with forged facts, is it just that
    learner's failed check, with a bounded message, never points or a grader error?"""
    path = tmp_path / f"{EX04}.py"
    path.write_text(FORGED_MISTAKE)
    r = grader.grade(path, EX04)
    assert r.score == 0
    assert {c.outcome for c in r.checks} <= {Outcome.FAILED, Outcome.ERROR}
    assert all(len(c.message) < 400 for c in r.checks)


# ----------------------------------------------------------------------------- courses
SUITE = '''
from graders.core import kinds
from graders.core.tolerances import FORWARD

from ._shared import CASES

TITLE = "Reading the course"
answer_is_right = kinds.outputs_match("answer", cases=CASES, tol=FORWARD, points=1,
                                      hint="Return 42.")
'''

PEEK = '''
from pathlib import Path


def answer(x):
    """42, read from the course's data, where its solutions cannot be read; -1 where they can."""
    try:
        Path({solution!r}).read_text()
        return x * 0 - 1
    except OSError:
        return x * 0 + float(Path({data!r}).read_text())
'''


def _course(tmp_path) -> Course:
    root = tmp_path / "course"
    for folder in ("suites", "solutions", "exercises", "data"):
        (root / folder).mkdir(parents=True)
    (root / "suites" / "_shared.py").write_text(
        "CASES = {'a vector': lambda rng: {'x': rng.normal(size=3)}}\n")
    (root / "suites" / "ex98_peek.py").write_text(SUITE)
    (root / "data" / "answer.txt").write_text("42\n")
    (root / "solutions" / "ex98_peek.py").write_text(
        "def answer(x):\n    return x * 0 + 42\n")
    return Course(root)


@pytest.mark.slow
def test_a_course_outside_the_package_is_graded_and_hidden(tmp_path):
    """Does a course folder of its own (a suite importing its own helper) grade a learner's
    file, whose code reads the course's data but not its solutions?"""
    course = _course(tmp_path)
    assert course.names() == ["ex98_peek"]
    learner = tmp_path / "ex98_peek.py"
    learner.write_text(textwrap.dedent(PEEK.format(
        solution=str(course.solutions_dir / "ex98_peek.py"),
        data=str(course.data_dir / "answer.txt"))))
    with Grader(Options(device=DEVICE, seed=SEED, course=course)) as g:
        r = g.grade(learner)
    assert r.full_marks, [(c.name, c.message) for c in r.checks]


def test_a_folder_without_suites_is_not_a_course(tmp_path):
    with pytest.raises(CourseError, match="no suites/ folder"):
        Course(tmp_path)


LIMIT = 3


def test_names_read_by_a_probes_defaults_are_checked_at_import():
    """Is a probe whose default value reads a suite-level name refused at import, not left to
    fail in the worker?"""
    with pytest.raises(ProbeError, match="`LIMIT`"):
        @probe
        def p(sub, n=LIMIT):
            return n


def test_an_argument_the_worker_cannot_receive_is_the_graders_error(grader):
    """Is a probe argument of a type the wire does not carry (a set) a grader error, never a
    silent `Unsupported` that the learner's code would then trip on?"""
    def sends_a_set(t):
        t.learner(kinds.call, function="make_model", args={"x": {1, 2}})

    s = Suite(EX04, "t", [Check("sends_a_set", 1, "h", sends_a_set)], 10,
              solution_path=ROOT / "solutions" / f"{EX04}.py")
    r = _Grading(grader, s, read_submission(ROOT / "solutions" / f"{EX04}.py")).run()
    assert r.checks[0].outcome is Outcome.GRADER_ERROR and "`set`" in r.checks[0].message


# ----------------------------------------------------------------------------- forgeries
FORGERIES = sorted((ROOT / "tests" / "forgeries").glob("*.py"))


def _header(path, key: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in path.read_text().splitlines()
                if line.startswith(f"# {key}:"))


@pytest.mark.slow
@pytest.mark.parametrize("path", FORGERIES, ids=lambda p: p.stem)
def test_forged_observations_earn_nothing(grader, path):
    """Does learner code that forges what the worker sends (mistake facts, reply fields) or
    empties and hides what a probe observes (frames, patched `kit`, a patched
    `parameters()`) earn no more than doing nothing would, with bounded messages in the
    grader's words and never a grader error?"""
    r = grader.grade(path, _header(path, "exercise"))
    assert r.score <= float(_header(path, "at most")), [(c.name, c.message) for c in r.checks]
    assert not [c for c in r.checks if c.outcome is Outcome.GRADER_ERROR], r.checks
    for c in r.checks:
        assert len(c.message) <= 2100 and "PASSED" not in c.message, c.message[:300]
        assert "sys.exit" not in c.hint, c     # an exception is not an exit
