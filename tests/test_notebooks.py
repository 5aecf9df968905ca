"""Notebooks: IPython magics are skipped only where IPython would see them, line numbers stay
those of the cells, and a learner folder with several files for one exercise is graded by a
stated rule."""
from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import ROOT, TESTS
from test_class_hardening import _class, _options

from graders.core.classroom import ClassRun
from graders.core.load import read_submission

EX04 = "ex04_softmax_head"
SOLUTION = (ROOT / "solutions" / f"{EX04}.py").read_text()
WRONG = (TESTS / "mistakes" / EX04 / "no_softmax.py").read_text()


def notebook(path: Path, *cells: str) -> Path:
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                     "execution_count": None, "source": c} for c in cells],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))
    return path


def test_only_lines_that_start_a_statement_are_magics(tmp_path):
    """Are a `%` continuation line, a `!` line inside a string and a line after a backslash
    kept as Python, while real line magics (also indented ones) and shell escapes are not?"""
    nb = notebook(tmp_path / "nb.ipynb",
                  "%matplotlib inline\nimport torch\n",
                  "x = (1\n    % 2)\ns = '''\n!not a magic\n'''\ny = 3 \\\n    % 2\n"
                  "if x:\n    %time pass\n!echo hi\nz = (1\n!= 2)\n")
    src = read_submission(nb)
    lines = src.text.splitlines()
    assert lines[0:3] == ["# cell 1", "pass  # %matplotlib inline", "import torch"]
    body = lines[4:]
    assert body[0:6] == ["x = (1", "    % 2)", "s = '''", "!not a magic", "'''", "y = 3 \\"]
    assert body[6:11] == ["    % 2", "if x:", "    pass  # %time pass", "pass  # !echo hi",
                          "z = (1"]
    assert body[11] == "!= 2)"
    assert src.where(lines.index("    % 2)") + 1) == "line 2 of cell 2"
    compile(src.text, "nb", "exec")                    # what is left is Python


def test_a_cell_magic_skips_its_cell_and_keeps_line_numbers(tmp_path):
    """Is a `%%bash` cell skipped whole, a `%%time` cell's Python kept, and do later cells keep
    their line numbers?"""
    nb = notebook(tmp_path / "nb.ipynb",
                  "%%bash\necho (\nexit 1\n",
                  "%%time\nfrom torch import nn\n",
                  "x = 1\nraise ValueError\n")
    src = read_submission(nb)
    compile(src.text, "nb", "exec")
    lines = src.text.splitlines()
    assert len(lines) == 4 + 3 + 3 and lines[1].startswith("#") and lines[2].startswith("#")
    assert lines[6] == "from torch import nn"
    assert src.where(lines.index("raise ValueError") + 1) == "line 2 of cell 3"


def test_notebook_with_percent_continuation_gets_full_marks(grader, tmp_path):
    """Does a correct notebook whose expression continues on a line starting with `%` get the
    same full marks as the same code in a .py file?"""
    code = SOLUTION.replace("nn.Linear(11, 20),", "nn.Linear(11, (41\n        % 21)),")
    (tmp_path / "same.py").write_text(code)
    assert grader.grade(tmp_path / "same.py", EX04).full_marks
    nb = notebook(tmp_path / f"{EX04}.ipynb", "%matplotlib inline\n", code)
    result = grader.grade(nb, EX04)
    assert result.full_marks, [(c.name, c.message) for c in result.checks if not c.passed]


# Characters str.splitlines() splits at and Python does not: legal inside a string literal.
ODD_BREAKS = "a\u2028b\u2029c\x0cd\x1ce\x1df\x1eg\x85h\x0bi"


def test_line_breaks_python_does_not_count_keep_the_cells_in_place(grader, tmp_path):
    """Does a correct notebook with \\u2028, \\x0c and the like inside strings get full
    marks, in a graded cell, a skipped one and from a kernel's cells, with an error placed
    on its cell's own line?"""
    nb = notebook(tmp_path / f"{EX04}.ipynb", f"NOTE = '{ODD_BREAKS}'\n", SOLUTION,
                  f"print('{ODD_BREAKS}')\n", "x = 1\nraise ValueError('here')\n")
    doc = json.loads(nb.read_text())
    doc["cells"][2]["metadata"] = {"tags": ["skip-grading"]}
    nb.write_text(json.dumps(doc))
    result = grader.grade(nb, EX04)
    assert result.full_marks, [(c.name, c.message) for c in result.checks if not c.passed]
    assert any("line 2 of cell 4" in n for n in result.notes), result.notes
    from graders.core.kernel import source_from_cells
    src = source_from_cells([(1, f"NOTE = '{ODD_BREAKS}'\nimport torch\n"), (2, SOLUTION)])
    compile(src.text, "kernel", "exec")
    assert f"NOTE = '{ODD_BREAKS}'" in src.text and "def make_model" in src.text


def test_several_candidates_are_graded_by_the_stated_rule(tmp_path):
    """With several files for one exercise, is the exact name graded (.py before .ipynb), and
    otherwise the most recently modified file, and does the learner read which file was graded
    and which were not?"""
    klass = _class(tmp_path / "class", {"exact": {f"{EX04}.py": SOLUTION},
                                        "newest": {"ex04_a.py": WRONG, "ex04_b.py": SOLUTION}})
    notebook(klass / "exact" / f"{EX04}.ipynb", WRONG)
    os.utime(klass / "newest" / "ex04_a.py", (1, 1))
    out = tmp_path / "out"
    results, _, _ = ClassRun(klass, out, _options(), exercises=[EX04]).run()
    by = {lr.learner: lr.exercises[0] for lr in results}
    assert by["exact"].score == by["newest"].score == 7
    assert by["exact"].file == f"{EX04}.py" and by["exact"].ignored == [f"{EX04}.ipynb"]
    assert by["newest"].file == "ex04_b.py" and by["newest"].ignored == ["ex04_a.py"]
    feedback = (out / "feedback" / "newest.txt").read_text()
    assert "ex04_b.py" in feedback and "not graded: ex04_a.py" in feedback


def test_skip_grading_and_check_cells_are_not_run(tmp_path):
    """Is a cell tagged `skip-grading`, and a cell that checks the notebook from inside it,
    kept out of what the worker runs, with the other cells' line numbers unchanged?"""
    path = notebook(tmp_path / "nb.ipynb", "import torch\n", "train_forever()\n",
                    "from torchgrade import learner\nlearner.check('ex04')\n", "x = 1\ny = 2\n")
    nb = json.loads(path.read_text())
    nb["cells"][1]["metadata"] = {"tags": ["skip-grading"]}
    path.write_text(json.dumps(nb))
    src = read_submission(path)
    code = [line for line in src.text.splitlines() if not line.startswith("#")]
    assert code == ["import torch", "x = 1", "y = 2"]
    assert src.where(src.text.splitlines().index("y = 2") + 1) == "line 2 of cell 4"
