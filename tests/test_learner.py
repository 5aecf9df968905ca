"""Checking from a notebook: the kernel's definitions, rebuilt as one module
(`graders.core.kernel`), and `torchgrade.learner` in a real IPython shell."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, TESTS

from graders.core.kernel import source_from_cells

EX07 = "ex07_manual_update"


def test_the_last_definition_wins_and_calls_are_left_out():
    source = source_from_cells([
        (1, "import torch\nfrom torch import nn"),
        (2, "def f(x):\n    return x + 1\nprint(f(2))"),
        (3, "%time y = 1\nLR = 0.1\nmodel = f(3)\nimport torch"),
        (4, "@staticmethod\ndef f(x):\n    return x + 2"),
        (5, "def broken(:"),
        (6, "from torchgrade import learner\nlearner.check('ex07')"),
        (7, 'if __name__ == "__main__":\n    train()'),
        (8, "import torchgrade.learner\nfrom graders.core import kinds"),
    ])
    assert source.text.count("import torch\n") == 1
    assert "LR = 0.1" in source.text and "model = f(3)" not in source.text
    assert "return x + 2" in source.text and "return x + 1" not in source.text
    assert "print(" not in source.text and "learner" not in source.text
    assert "train()" not in source.text and "broken" not in source.text
    assert "torchgrade" not in source.text and "graders" not in source.text
    compile(source.text, "kernel", "exec")
    line = source.text.splitlines().index("    return x + 2") + 1
    assert source.where(line) == "line 3 of cell 4"        # In [4], as Jupyter numbers it


def _ipython(cells: list[str]) -> subprocess.CompletedProcess:
    """Run `cells` in a real IPython shell, in a fresh process, as a kernel would."""
    script = textwrap.dedent(f"""
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        for cell in {cells!r}:
            shell.run_cell(cell, store_history=True)
    """)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.mark.slow
def test_learner_check_in_ipython_grades_what_ran():
    """Does `learner.check` grade the cells as last run: a wrong version, then the fixed one
    (the wrong one still in the history), and does `learner.hint` give the failed check's?"""
    pytest.importorskip("IPython")
    wrong = (TESTS / "mistakes" / EX07 / "sign_error.py").read_text()
    right = (ROOT / "solutions" / f"{EX07}.py").read_text()
    run = _ipython(["import torch", wrong, "from torchgrade import learner\n"
                    f"learner.check('{EX07}', seed=5)", f"learner.hint('{EX07}')", right,
                    "1 / 0", f"learner.check('{EX07}', seed=5)"])
    reports = run.stdout.split("file this notebook")
    assert len(reports) == 3, run.stdout + run.stderr
    assert "moved uphill" in reports[1] and "Score: 5/5" not in reports[1]
    assert "Hint 1 of" in reports[1]
    assert "Score: 5/5" in reports[2]
