"""`grade class`: every learner gets a row, hostile ones cost only themselves, runs resume."""
from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEVICE, ROOT, SEED, TESTS
from test_attacks import strays, tree_digest

from graders.core.classroom import ClassRun
from graders.core.course import builtin
from graders.core.grading import Options
from graders.core.sandbox import Limits

NAMES = builtin().names()
HOSTILE = {
    "ex04_softmax_head": (TESTS / "attacks" / "infinite_loop.py").read_text(),
    "ex09_training_loop": "import os\n\ndef train(*args):\n    while True:\n        os.fork()\n",
    "ex13_weight_init": (TESTS / "attacks" / "memory_hog.py").read_text()
                         .replace("make_model", "init_weights").replace("():", "(model):"),
    "ex14_freeze_layers": "import os\n\ndef freeze_first_layers(model, n):\n    os._exit(0)\n\n"
                          "def make_finetune_optimizer(model, lr):\n    os._exit(0)\n",
}


def _pick(kind: str, name: str, i: int) -> str:
    files = sorted((TESTS / kind / name).glob("*.py"))
    return files[i % len(files)].read_text()


def build_class(root: Path, hostile: bool) -> Path:
    """19 ordinary learners (right, wrong, untouched, missing, nested) and maybe one hostile."""
    root.mkdir(parents=True)
    for i in range(19):
        folder = root / f"learner{i:02d}"
        folder.mkdir()
        for j, name in enumerate(NAMES):
            mode = (i + j) % 5
            if mode == 4 and i % 2:
                continue                                   # missing
            text = (builtin().load(name).solution_path.read_text() if mode == 0 else
                    _pick("variants", name, i) if mode == 1 else
                    _pick("mistakes", name, i) if mode in (2, 4) else
                    builtin().load(name).stub_path.read_text())
            target = folder / ("week" + str(j)) if i % 3 == 0 else folder
            target.mkdir(exist_ok=True)
            (target / f"{name}.py").write_text(text)
    if hostile:
        folder = root / "zz_hostile"
        folder.mkdir()
        for name, text in HOSTILE.items():
            (folder / f"{name}.py").write_text(text)
    return root


def _options() -> Options:
    return Options(device=DEVICE, seed=SEED, timeout=3.0,
                   limits=Limits(call_timeout=3.0, load_timeout=3.0, memory_mb=512))


def _rows(out: Path) -> dict[str, dict]:
    text = (out / "gradebook.csv").read_text()
    return {r["learner"]: r for r in csv.DictReader(io.StringIO(text))}


def _checks(out: Path) -> dict[str, list]:
    data = json.loads((out / "results.json").read_text())
    return {lr["learner"]: [(e["exercise"], c["name"], c["outcome"], c["points"], c["message"])
                            for e in lr["exercises"] for c in e["checks"]]
            for lr in data["learners"]}


@pytest.mark.slow
def test_one_hostile_learner_leaves_the_other_rows_unchanged(tmp_path):
    """Does a class of 20 where one learner loops, forks, hogs memory and exits produce
    exactly the same 19 other rows as the class without them, with a row for the hostile
    one too, no process left and no submission changed?"""
    calm = build_class(tmp_path / "calm", hostile=False)
    rough = build_class(tmp_path / "rough", hostile=True)
    before = tree_digest(rough)
    ClassRun(calm, tmp_path / "out_calm", _options(), jobs=2).run()
    started = time.monotonic()
    results, pending, _ = ClassRun(rough, tmp_path / "out_rough", _options(), jobs=2).run()
    assert time.monotonic() - started < 240
    assert not pending and len(results) == 20
    calm_rows, rough_rows = _rows(tmp_path / "out_calm"), _rows(tmp_path / "out_rough")
    assert set(rough_rows) == set(calm_rows) | {"zz_hostile"}
    for name, row in calm_rows.items():
        assert rough_rows[name] == row, name
    calm_checks, rough_checks = _checks(tmp_path / "out_calm"), _checks(tmp_path / "out_rough")
    for name in calm_checks:
        assert rough_checks[name] == calm_checks[name], name
    hostile = rough_rows["zz_hostile"]
    assert hostile["total"] == "0"
    assert "timed out" in hostile["status"] and "exited" in hostile["status"]
    assert (tmp_path / "out_rough" / "feedback" / "zz_hostile.txt").exists()
    assert tree_digest(rough) == before, "a submission folder was modified"
    assert not strays()


@pytest.mark.slow
def test_interrupted_class_run_resumes_to_a_complete_gradebook(tmp_path):
    """After Ctrl-C in the middle of `grade class`, does it save who was done, give the rest a
    row that says so, and does the same command then finish without regrading anyone?"""
    klass = build_class(tmp_path / "class", hostile=False)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "graders", "class", str(klass), "--out", str(out),
           "--jobs", "1", "--device", DEVICE, "--seed", str(SEED), "--timeout", "10"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "learners").glob("*.json"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stdout + stderr
    assert "Interrupted" in stderr and "Traceback" not in stderr
    rows = _rows(out)
    assert len(rows) == 19
    pending = [r for r in rows.values() if r["status"] == "not graded (interrupted)"]
    assert pending, "the run finished before it could be interrupted"
    saved = {p.name: p.stat().st_mtime_ns for p in (out / "learners").glob("*.json")}

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode in (0, 1), again.stdout + again.stderr
    rows = _rows(out)
    assert len(rows) == 19 and all(r["status"] != "not graded (interrupted)" for r in rows.values())
    assert f"({len(saved)} from an earlier run)" in again.stdout
    for name, mtime in saved.items():
        assert (out / "learners" / name).stat().st_mtime_ns == mtime, f"{name} was regraded"
    assert not strays()


@pytest.mark.slow
def test_rerun_regrades_only_changed_learners(tmp_path):
    """When one learner changes a file, does a re-run grade only that learner again?"""
    klass = tmp_path / "class"
    for who in ("a", "b", "c"):
        (klass / who).mkdir(parents=True)
        (klass / who / "ex04_softmax_head.py").write_text(
            builtin().load("ex04_softmax_head").solution_path.read_text())
    out = tmp_path / "out"
    ClassRun(klass, out, _options(), exercises=["ex04_softmax_head"]).run()
    (klass / "b" / "ex04_softmax_head.py").write_text(
        (TESTS / "mistakes" / "ex04_softmax_head" / "no_softmax.py").read_text())
    run = ClassRun(klass, out, Options(**{**_options().__dict__, "seed": None}),
                   exercises=["ex04_softmax_head"])
    results, _, meta = run.run()
    assert run.resumed == 2 and meta["seed"] == SEED          # the seed of the first run
    scores = {lr.learner: lr.score for lr in results}
    assert scores["a"] == scores["c"] == 7 and scores["b"] < 7


def test_gradebook_cells_cannot_run_as_formulas(tmp_path):
    """Is a learner folder named like a spreadsheet formula written as text?"""
    klass = tmp_path / "class"
    (klass / "=HYPERLINK(1)").mkdir(parents=True)
    (klass / "plain").mkdir()
    out = tmp_path / "out"
    results, _, _ = ClassRun(klass, out, _options(), exercises=["ex04_softmax_head"]).run()
    assert len(results) == 2
    text = (out / "gradebook.csv").read_text()
    assert "'=HYPERLINK(1)" in text
    assert all(r["status"].startswith("ex04_softmax_head: missing") for r in _rows(out).values())
    feedback = sorted(p.name for p in (out / "feedback").iterdir())
    assert len(feedback) == 4 and all("/" not in f and not f.startswith("=") for f in feedback)
    assert {Path(f).suffix for f in feedback} == {".txt", ".html"}


def test_output_inside_submissions_is_refused(tmp_path):
    """Is an output folder inside the submissions folder refused (they are never written)?"""
    (tmp_path / "class" / "a").mkdir(parents=True)
    with pytest.raises(Exception, match="must not be inside the submissions folder"):
        ClassRun(tmp_path / "class", tmp_path / "class" / "grades", _options())


def test_sample_class_in_the_readme(tmp_path):
    """Does the shipped sample class grade as its README says?"""
    results, pending, _ = ClassRun(ROOT / "examples" / "sample_class", tmp_path / "out",
                                   _options()).run()
    by = {lr.learner: lr for lr in results}
    assert not pending and set(by) == {"ada", "ben", "cleo", "dev"}
    assert by["ada"].score == by["ada"].max_score
    assert 0 < by["ben"].score < by["ben"].max_score
    assert "missing" in by["cleo"].status and "invalid" in by["cleo"].status
    assert "exited" in by["dev"].status
    ex = {(lr.learner, r.exercise): r for lr in results for r in lr.exercises}
    assert "rebinding a name" in " ".join(c.message for c in ex["ben", "ex07_manual_update"].checks)
    assert 0 < ex["cleo", "ex03_first_network"].score < ex["cleo", "ex03_first_network"].max_score
    assert any("without subtracting each row's maximum" in c.message
               for c in ex["dev", "ex06_one_hot_cross_entropy"].checks)
