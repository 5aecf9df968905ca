"""Bad input: each kind of broken submission gets a named outcome and a message that says what
to fix, a zero for the part it breaks, and never a traceback from the grader."""
from __future__ import annotations

import json
import os

import pytest
from conftest import ROOT, TESTS

from graders.core.outcomes import Outcome

BAD = TESTS / "bad_input"
EX04, EX09 = "ex04_softmax_head", "ex09_training_loop"

CASES = [
    # file, exercise, check that shows it, outcome, phrase
    ("syntax_error.py", EX04, "output_shape", Outcome.INVALID, "SyntaxError: expected ':' (line 4"),
    ("indentation_error.py", EX04, "output_shape", Outcome.INVALID, "IndentationError"),
    ("import_missing_package.py", EX04, "output_shape", Outcome.ERROR,
     "No module named 'tensorflow'"),
    ("missing_function.py", EX04, "output_shape", Outcome.INVALID,
     "does not define `make_model`"),
    ("wrong_signature.py", EX04, "output_shape", Outcome.ERROR,
     "missing 1 required positional argument"),
    ("returns_none.py", EX04, "output_shape", Outcome.FAILED, "it returned `None`"),
    ("integer_output.py", EX04, "rows_are_probabilities", Outcome.FAILED,
     "should hold floating-point numbers"),
    ("nan_output.py", EX04, "rows_are_probabilities", Outcome.FAILED, "contains NaN"),
    ("meta_device_output.py", EX04, "output_shape", Outcome.INVALID, "meta tensor has no values"),
    ("train_returns_none.py", EX09, "returns_one_float_per_epoch", Outcome.FAILED,
     "should be a list, but it is `None`"),
    ("not_json.ipynb", EX04, "output_shape", Outcome.INVALID, "not a valid notebook"),
    ("json_not_notebook.ipynb", EX04, "output_shape", Outcome.INVALID, "not a notebook"),
    ("old_format.ipynb", EX04, "output_shape", Outcome.INVALID, "old notebook format"),
    ("no_code.ipynb", EX04, "output_shape", Outcome.INVALID, "no code cells"),
]


def _assert_clean(result) -> None:
    text = json.dumps(result.to_dict())
    assert "Traceback (most recent call last)" not in text
    assert all(c.message for c in result.checks if not c.passed)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_submission_is_named_and_explained(grader, case):
    """Does this broken file end with its own outcome and a message that says what is wrong?"""
    name, exercise, check, outcome, phrase = case
    result = grader.grade(BAD / name, exercise)
    c = {c.name: c for c in result.checks}[check]
    assert c.outcome is outcome, (c.outcome, c.message)
    assert phrase in c.message, c.message
    assert c.points == 0
    _assert_clean(result)


def test_a_cell_that_raises_leaves_the_other_cells_gradeable(grader):
    """A notebook runs cell by cell: a cell that raises is a note naming its cell and line,
    and the checks run on what the other cells define."""
    result = grader.grade(BAD / "error_in_cell.ipynb", EX04)
    assert result.score == result.max_score, [c.message for c in result.checks]
    assert any("line 2 of cell 4" in n and "NameError" in n for n in result.notes), result.notes
    _assert_clean(result)


def test_a_cell_with_a_syntax_error_names_its_cell(grader, tmp_path):
    """A syntax error in one cell is located in that cell; a function only that cell
    defines is reported missing by the checks that need it."""
    cells = ["from torch import nn", "def make_model(:\n    pass"]
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": c,
                     "execution_count": None} for c in cells],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / f"{EX04}.ipynb"
    path.write_text(json.dumps(nb))
    result = grader.grade(path, EX04)
    assert any("SyntaxError" in n and "line 1 of cell 2" in n for n in result.notes)
    assert all("does not define `make_model`" in c.message for c in result.checks)
    _assert_clean(result)


@pytest.mark.parametrize("content,phrase", [
    (b"", "is empty"),
    (b"   \n\n\t\n", "is empty"),
    (b"def make_model():\n    return '\xe9t\xe9'\n", "is not UTF-8 text (byte 0xe9"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "is a binary file"),
    (b"x = 1\n" * 600_000, "are not graded"),
], ids=["empty", "blank", "not-utf8", "binary", "too-large"])
def test_unreadable_file_is_invalid_without_running_anything(grader, tmp_path, content, phrase):
    """Is an empty, non-UTF-8, binary or oversized file invalid on every check, with a
    message, before any learner code runs?"""
    path = tmp_path / f"{EX04}.py"
    path.write_bytes(content)
    result = grader.grade(path, EX04)
    assert {c.outcome for c in result.checks} == {Outcome.INVALID}
    assert all(phrase in c.message for c in result.checks), result.checks[0].message
    assert result.isolation.get("worker") is None        # no worker was started
    _assert_clean(result)


def test_symlink_to_the_reference_is_refused(grader, tmp_path):
    """Can a learner not submit a symbolic link to the reference solution?"""
    link = tmp_path / f"{EX04}.py"
    os.symlink(ROOT / "solutions" / f"{EX04}.py", link)
    result = grader.grade(link, EX04)
    assert result.score == 0
    assert "symbolic link" in result.checks[0].message


def test_notebook_with_magics_gets_full_marks(grader):
    """Does a correct notebook, IPython magics and shell escapes included, get full marks?"""
    result = grader.grade(BAD / "solution_notebook.ipynb", EX04)
    assert result.full_marks, [(c.name, c.message) for c in result.checks if not c.passed]


def test_main_block_is_not_run(grader):
    """Is code under `if __name__ == "__main__":` left alone (it would loop forever here)?"""
    result = grader.grade(BAD / "main_block_not_run.py", EX04)
    assert result.full_marks
