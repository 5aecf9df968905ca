"""Building the learner files from the solutions: the committed files are what `build` writes,
markers are checked, stubs raise NotImplementedError where the solution was, and notebooks are
deterministic, valid, and graded like the .py files."""
from __future__ import annotations

import json
import shutil
import sys

import pytest

nbformat = pytest.importorskip("nbformat", reason="`grade build` writes notebooks with nbformat")

from graders.core.build import BuildError, build, notebook_text, stub_text  # noqa: E402
from graders.core.outcomes import Outcome  # noqa: E402
from graders.core.sandbox import PACKAGE_ROOT  # noqa: E402

EX04 = "ex04_softmax_head"
TINY = '''"""Exercise 99: a tiny one.

Example:
    double(2)   # 4
"""
import math


# A helper the learner gets as it is.
def double(x):
    """Twice x."""
    # TODO(ex99): return twice x.
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION


class Box:
    def area(self, side):
        ### BEGIN SOLUTION: square it
        return side ** 2
        ### END SOLUTION

    def volume(self, side):
        ### BEGIN SOLUTION
        return side ** 3
        ### END SOLUTION


if __name__ == "__main__":
    print(double(2))
    print(math.pi)
'''


def test_committed_learner_files_are_up_to_date():
    """Is every file in exercises/ exactly what `build` writes from solutions/?"""
    stale = build(PACKAGE_ROOT, check=True)
    assert not stale, (f"out of date: {', '.join(str(p.relative_to(PACKAGE_ROOT)) for p in stale)}"
                       "; run `grade build` and commit the result")


@pytest.mark.parametrize("text,line", [
    ("def f():\n    return 1\n    ### END SOLUTION\n", "line 3"),
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "line 2"),
    ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return 1\n"
     "    ### END SOLUTION\n    ### END SOLUTION\n", "line 3"),
    ("def f():\n    ### BEGIN SOLUTIONS\n    return 1\n    ### END SOLUTION\n", "line 2"),
], ids=["end-without-begin", "begin-without-end", "nested", "malformed"])
def test_bad_markers_are_errors_naming_the_line(text, line):
    """Is an unbalanced, nested or misspelt marker an error naming the file and line?"""
    with pytest.raises(BuildError, match=f"solutions/ex99_tiny.py, {line}:"):
        stub_text(text, "ex99_tiny")


def test_a_solution_without_markers_is_an_error():
    """Would a solution without any region give its answer away, and is that refused?"""
    with pytest.raises(BuildError, match="ex99_tiny.py has no ### BEGIN SOLUTION"):
        stub_text("def f():\n    return 1\n", "ex99_tiny")


def test_stub_raises_where_the_solution_was():
    """Does each region become one `raise NotImplementedError` at its indentation, with the
    BEGIN line's text, else the comment above, else a default, keeping the rest as it is?"""
    stub = stub_text(TINY, "ex99_tiny")
    compile(stub, "ex99_tiny.py", "exec")
    assert "SOLUTION" not in stub and "2 * x" not in stub and "** 2" not in stub
    assert ('    """Twice x."""\n    # TODO(ex99): return twice x.\n'
            '    raise NotImplementedError("TODO(ex99): return twice x.")\n') in stub
    assert '        raise NotImplementedError("TODO(ex99): square it")\n' in stub
    assert '        raise NotImplementedError("TODO(ex99): write your code here")\n' in stub
    assert stub.startswith('"""Exercise 99: a tiny one.') and "# A helper" in stub
    assert stub.endswith('    print(math.pi)\n')


def test_notebook_is_deterministic_and_valid():
    """Is the notebook the same text every time, valid nbformat 4, split into the task, the
    imports, one cell per definition, the demo and the check cell?"""
    text = notebook_text(TINY, "ex99_tiny")
    assert text == notebook_text(TINY, "ex99_tiny") and text.endswith("}\n")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    cells = [(c.cell_type, c.source) for c in nb.cells]
    assert [c.id for c in nb.cells] == [f"ex99_tiny-{i}" for i in range(len(cells))]
    assert cells[0] == ("markdown", "# Exercise 99: a tiny one.\n\nExample:\n\n    double(2)   # 4")
    assert cells[1] == ("code", "import math")
    assert cells[2][1].startswith("# A helper the learner gets as it is.\ndef double(x):")
    assert cells[3][1].startswith("class Box:") and "raise NotImplementedError" in cells[3][1]
    assert cells[4] == ("code", "if __name__ == \"__main__\":\n    print(double(2))\n"
                                "    print(math.pi)")   # the grader does not run it
    assert cells[-2][0] == "markdown"
    assert cells[-1] == ("code", 'from torchgrade import learner\nlearner.check("ex99_tiny")')
    tagged = [i for i, c in enumerate(nb.cells) if "skip-grading" in c.metadata.get("tags", [])]
    assert tagged == [4, len(cells) - 1]          # the demo and the check cell
    assert nb.metadata.kernelspec.name == "python3"
    solved = json.loads(notebook_text(TINY, "ex99_tiny", solution=True))
    assert "return 2 * x" in "".join(solved["cells"][2]["source"])
    assert "SOLUTION" not in json.dumps(solved)


def test_build_writes_what_differs_and_check_writes_nothing(tmp_path):
    """Does build write the stub and notebook once, then nothing, and does check mode name a
    changed file without touching it?"""
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "ex99_tiny.py").write_text(TINY)
    stub, nb = tmp_path / "exercises" / "ex99_tiny.py", tmp_path / "exercises" / "ex99_tiny.ipynb"
    assert build(tmp_path, check=True) == [stub, nb] and not stub.exists()
    assert build(tmp_path, ["ex99"]) == [stub, nb]
    assert build(tmp_path) == [] and stub.read_text() == stub_text(TINY, "ex99_tiny")
    stub.write_text("edited\n")
    assert build(tmp_path, check=True) == [stub] and stub.read_text() == "edited\n"
    with pytest.raises(BuildError, match="no solution named 'ex98'"):
        build(tmp_path, ["ex98"])


def test_missing_nbformat_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "nbformat", None)
    with pytest.raises(BuildError, match="pip install nbformat"):
        notebook_text(TINY, "ex99_tiny")


def test_solution_notebook_gets_full_marks(grader, tmp_path):
    """Does the notebook with the solution code in it pass every check?"""
    path = tmp_path / f"{EX04}.ipynb"
    path.write_text(notebook_text((PACKAGE_ROOT / "solutions" / f"{EX04}.py").read_text(), EX04,
                                  solution=True))
    r = grader.grade(path, EX04)
    assert r.full_marks, [(c.name, c.message) for c in r.checks if not c.passed]


def test_stub_notebook_is_not_attempted(grader, tmp_path):
    """Does the learner's notebook, untouched, read 'not attempted' on every check?"""
    path = tmp_path / f"{EX04}.ipynb"
    shutil.copy(PACKAGE_ROOT / "exercises" / f"{EX04}.ipynb", path)
    r = grader.grade(path, EX04)
    assert r.score == 0
    assert all(c.outcome is Outcome.NOT_ATTEMPTED for c in r.checks), \
        [(c.name, c.outcome, c.message) for c in r.checks]
