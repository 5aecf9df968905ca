"""The nbgrader route, end to end with real nbgrader: `grade nbgrader-export`, then
`nbgrader generate_assignment` and `nbgrader autograde` on three submissions give, check by
check, the points `grade check` gives the same code."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TESTS

from graders.core.course import builtin
from graders.core.nbgrader_export import export

pytestmark = pytest.mark.slow
EX = "ex07_manual_update"
SEED = "3"
SUBMISSIONS = {"alice": TESTS / "variants" / EX / "sub_and_zero.py",
               "bob": TESTS / "mistakes" / EX / "sign_error.py",
               "carol": None}                                   # the released stub, untouched


def _nbgrader(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TORCHGRADE_SEED=SEED)
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def test_export_carries_nbgrader_metadata(tmp_path):
    """Solution cells, locked test cells worth each check's points, schema version 3."""
    nbformat = pytest.importorskip("nbformat")
    export(builtin(), tmp_path, [EX])
    path = tmp_path / "source" / EX / f"{EX}.ipynb"
    nbformat.validate(nbformat.read(path, as_version=4))
    meta = [c["metadata"].get("nbgrader") for c in _cells(path)]
    tests = [m for m in meta if m and m["grade"]]
    suite = builtin().load(EX)
    assert [(m["grade_id"], m["points"]) for m in tests] == [(c.name, c.points)
                                                             for c in suite.checks]
    assert all(m["locked"] and m["schema_version"] == 3 for m in tests)
    solutions = [c for c, m in zip(_cells(path), meta) if m and m["solution"]]
    assert solutions and all("### BEGIN SOLUTION\n" in "".join(c["source"]) for c in solutions)
    assert not any('__name__ == "__main__"' in "".join(c["source"]) for c in _cells(path))


def test_nbgrader_autograde_gives_grade_checks_points(tmp_path):
    pytest.importorskip("nbgrader", reason="nbgrader is an optional extra: "
                                           "pip install -e '.[nbgrader]'")
    export(builtin(), tmp_path, [EX])
    made = _nbgrader("generate_assignment", EX, "--force", cwd=tmp_path)
    assert made.returncode == 0, made.stderr[-2000:]
    released = tmp_path / "release" / EX / f"{EX}.ipynb"
    for student, code in SUBMISSIONS.items():
        nb = json.loads(released.read_text())
        for cell in nb["cells"]:
            if code and cell["metadata"].get("nbgrader", {}).get("solution"):
                cell["source"] = code.read_text()
        folder = tmp_path / "submitted" / student / EX
        folder.mkdir(parents=True)
        (folder / f"{EX}.ipynb").write_text(json.dumps(nb))
    graded = _nbgrader("autograde", EX, "--force", cwd=tmp_path)
    assert graded.returncode == 0, graded.stderr[-2000:]

    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        nbgrader_points = {s: {g.name: g.score for g in
                               gb.find_submission_notebook(EX, EX, s).grades}
                           for s in SUBMISSIONS}
    for student, code in SUBMISSIONS.items():
        path = code or ROOT / "exercises" / f"{EX}.py"       # carol: the untouched stub
        run = subprocess.run([sys.executable, "-m", "graders", "check", str(path), "-e", EX,
                              "--seed", SEED, "--json"], capture_output=True, text=True,
                             cwd=ROOT, timeout=300)
        ours = {c["name"]: c["points"] for c in json.loads(run.stdout)["checks"]}
        assert nbgrader_points[student] == ours, student
    assert sum(nbgrader_points["alice"].values()) == 5
    assert 0 < sum(nbgrader_points["bob"].values()) < 5
    assert sum(nbgrader_points["carol"].values()) == 0
