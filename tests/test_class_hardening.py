"""`grade class` against hostile folders and names: no learner can end the run or reach another
learner's row, resumed results match the run's settings, names are shown safely, and files are
found the way learning platforms name them."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import DEVICE, ROOT, SEED, TESTS

from graders.core import classroom, report
from graders.core.classroom import ClassRun, slug
from graders.core.grading import Grader, Options
from graders.core.outcomes import Outcome
from graders.core.results import CheckResult, ExerciseResult, LearnerResult
from graders.core.sandbox import Limits

EX04, EX09 = "ex04_softmax_head", "ex09_training_loop"
SOLUTION = (ROOT / "solutions" / f"{EX04}.py").read_text()
WRONG = (TESTS / "mistakes" / EX04 / "no_softmax.py").read_text()


def _options(**changes) -> Options:
    base = dict(device=DEVICE, seed=SEED, timeout=3.0,
                limits=Limits(call_timeout=3.0, load_timeout=3.0, memory_mb=512))
    return Options(**{**base, **changes})


def _rows(out: Path) -> dict[str, dict]:
    text = (out / "gradebook.csv").read_text()
    return {r["learner"]: r for r in csv.DictReader(io.StringIO(text))}


def _class(root: Path, files: dict[str, dict[str, str]]) -> Path:
    for learner, contents in files.items():
        for rel, text in contents.items():
            path = root / learner / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return root


def _grade_class(*args: str, timeout: float = 180, **kw) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "graders", "class", *args, "--device", DEVICE,
           "--seed", str(SEED)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, **kw)


# ----------------------------------------------------------------------------- item 3
def test_an_exception_in_one_learners_grading_costs_only_that_learner(tmp_path, monkeypatch):
    """When grading one learner raises inside the grader, does the run still finish with a row
    for everyone, that learner's row naming the grader error, and is that result graded again
    (not reused) on the next run?"""
    klass = _class(tmp_path / "class", {"a": {f"{EX04}.py": SOLUTION},
                                        "boom": {f"{EX04}.py": SOLUTION},
                                        "c": {f"{EX04}.py": WRONG}})
    out = tmp_path / "out"
    real = Grader.grade

    def flaky(self, path, exercise=None, **kw):
        if "boom" in str(path):
            raise RuntimeError("simulated grader bug")
        return real(self, path, exercise, **kw)

    monkeypatch.setattr(Grader, "grade", flaky)
    results, pending, _ = ClassRun(klass, out, _options(), exercises=[EX04], jobs=2).run()
    by = {lr.learner: lr for lr in results}
    assert not pending and set(by) == {"a", "boom", "c"}
    assert by["a"].score == 7 and 0 < by["c"].max_score
    boom = by["boom"].exercises[0]
    assert {c.outcome for c in boom.checks} == {Outcome.GRADER_ERROR}
    assert "simulated grader bug" in boom.checks[0].message
    assert "grader error" in _rows(out)["boom"]["status"]

    monkeypatch.setattr(Grader, "grade", real)
    run = ClassRun(klass, out, _options(), exercises=[EX04])
    results, _, _ = run.run()
    assert run.resumed == 2
    assert {lr.learner: lr.score for lr in results}["boom"] == 7


@pytest.mark.slow
def test_fifos_devices_and_links_named_like_exercises_do_not_hang_the_run(tmp_path):
    """Does a FIFO, a device node or a link to /dev/stdin named like an exercise make that
    exercise invalid, without hanging the run or costing the other learners anything?"""
    klass = _class(tmp_path / "class", {"ok": {f"{EX04}.py": SOLUTION}})
    for name in ("fifo", "stdin", "device"):
        (klass / name).mkdir()
    os.mkfifo(klass / "fifo" / f"{EX04}.py")
    os.symlink("/dev/stdin", klass / "stdin" / f"{EX04}.py")
    try:
        os.mknod(klass / "device" / f"{EX04}.py", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    except OSError:                                  # not root: a link to /dev/zero instead
        os.symlink("/dev/zero", klass / "device" / f"{EX04}.py")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "graders", "class", str(klass), "--out",
                             str(out), "-e", EX04, "--device", DEVICE, "--seed", str(SEED)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        stdout, stderr = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("the class run hung on a FIFO, a device or /dev/stdin")
    assert proc.returncode == 1, stdout + stderr
    rows = _rows(out)
    assert rows["ok"]["total"] == "7" and rows["ok"]["status"] == "ok"
    for name in ("fifo", "stdin", "device"):
        assert rows[name]["total"] == "0" and "invalid" in rows[name]["status"], rows[name]
    feedback = (out / "feedback" / "fifo.txt").read_text()
    assert "not a regular file" in feedback


_AS_UNPRIVILEGED = """
import sys
from pathlib import Path
from graders.worker import confine
if __import__("os").geteuid() == 0:
    try:
        confine.drop_capabilities()   # uid 0 without CAP_DAC_OVERRIDE: mode 000 is unreadable
    except OSError as exc:
        sys.exit(f"CANNOT_DROP: {exc}")
from graders.core.load import InvalidSubmission, read_submission
try:
    read_submission(Path(sys.argv[1]))
except InvalidSubmission as exc:
    print("INVALID:", exc)
from graders.core.classroom import ClassRun
from graders.core.grading import Options
from graders.core.sandbox import Limits
results, pending, _ = ClassRun(Path(sys.argv[2]), Path(sys.argv[3]),
    Options(device="cpu", seed=1, timeout=3.0, confine=False,
            limits=Limits(call_timeout=3.0, load_timeout=3.0)),
    exercises=["ex04_softmax_head"]).run()
for lr in results:
    print("ROW:", lr.learner, lr.score, lr.status)
"""


def test_an_unreadable_file_is_invalid_not_a_crash(tmp_path):
    """Is a submission the grader may not read (mode 000, as a user without root's powers)
    an invalid exercise with a message, in `read_submission` and in a class run?"""
    klass = _class(tmp_path / "class", {"locked": {f"{EX04}.py": SOLUTION},
                                        "ok": {f"{EX04}.py": SOLUTION}})
    locked = klass / "locked" / f"{EX04}.py"
    os.chmod(locked, 0)
    proc = subprocess.run([sys.executable, "-c", _AS_UNPRIVILEGED, str(locked), str(klass),
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=180,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if "CANNOT_DROP" in proc.stderr:
        pytest.skip("running as root and cannot drop capabilities here: " + proc.stderr[-300:])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "INVALID:" in proc.stdout and "cannot be read" in proc.stdout, proc.stdout
    rows = dict(line[5:].split(" ", 1) for line in proc.stdout.splitlines()
                if line.startswith("ROW: "))
    assert rows["ok"] in ("7 ok", "7.0 ok"), proc.stdout
    assert rows["locked"].split()[0] in ("0", "0.0") and "invalid" in rows["locked"], proc.stdout


SLEEPER = "import time\n\n\ndef make_model():\n    time.sleep(10**6)\n"


def _terminate(proc: subprocess.Popen) -> tuple[str, str]:
    """SIGTERM a running `grade class`: it must end within 10 s, with exit status 130."""
    proc.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    try:
        stdout, stderr = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("grade class did not end within 30 s of SIGTERM")
    assert time.monotonic() - sent < 10
    assert proc.returncode == 130, stdout + stderr
    return stdout, stderr


@pytest.mark.slow
def test_sigterm_ends_a_class_run_within_seconds_and_keeps_what_finished(tmp_path):
    """Does SIGTERM, while one learner's code sleeps forever, end `grade class` within
    seconds, with a gradebook of the learners that finished, and does the same command then
    finish the class?"""
    klass = _class(tmp_path / "class", {"a": {f"{EX04}.py": SOLUTION},
                                        "b": {f"{EX04}.py": WRONG},
                                        "zz_sleeper": {f"{EX04}.py": SLEEPER}})
    out = tmp_path / "out"
    args = [str(klass), "--out", str(out), "-e", EX04, "--jobs", "1", "--timeout", "4"]
    cmd = [sys.executable, "-m", "graders", "class", *args, "--device", DEVICE,
           "--seed", str(SEED)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "learners").glob("*.json"))) < 2:
        time.sleep(0.05)
    time.sleep(1.5)                                  # the sleeper is asleep in its worker now
    stdout, stderr = _terminate(proc)
    assert "Traceback" not in stderr
    rows = _rows(out)
    assert rows["a"]["total"] == "7" and rows["b"]["status"] == "ok"
    assert rows["zz_sleeper"]["status"] == "not graded (interrupted)"

    again = _grade_class(*args)
    assert again.returncode == 1, again.stdout + again.stderr
    rows = _rows(out)
    assert "timed out" in rows["zz_sleeper"]["status"]
    assert "(2 from an earlier run)" in again.stdout


_STUCK_GRADER = """
import time
from graders.core.grading import Grader
real = Grader.grade
def grade(self, path, exercise=None, **kw):
    if "zz_stuck" in str(path):
        while True:                    # the grader itself stuck on one learner (a bug)
            time.sleep(0.1)
    return real(self, path, exercise, **kw)
Grader.grade = grade
from graders.core.cli import main
main(prog_name="grade")
"""


@pytest.mark.slow
def test_sigterm_ends_the_run_even_when_grading_one_learner_is_stuck(tmp_path):
    """If the grader itself hangs on one learner, does SIGTERM still end `grade class` within
    seconds, with the gradebook of who finished?"""
    klass = _class(tmp_path / "class", {"a": {f"{EX04}.py": SOLUTION},
                                        "zz_stuck": {f"{EX04}.py": SOLUTION}})
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", _STUCK_GRADER, "class", str(klass), "--out",
                             str(out), "-e", EX04, "--jobs", "2", "--device", DEVICE],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out / "learners" / "a.json").exists():
        time.sleep(0.05)
    time.sleep(0.5)
    _terminate(proc)
    rows = _rows(out)
    assert rows["a"]["total"] == "7"
    assert rows["zz_stuck"]["status"] == "not graded (interrupted)"


# ----------------------------------------------------------------------------- item 8
def _fingerprint(folder: Path, files: dict, options: Options) -> str:
    run = ClassRun(folder.parent, folder.parent.parent / "out_fp", options, exercises=[EX04])
    return run.fingerprint(folder, files, SimpleNamespace(seed=SEED, device="cpu"))


def test_fingerprint_covers_confinement_and_limits(tmp_path):
    """Is a result graded without confinement, or under other limits, never reused by a run
    with different settings?"""
    folder = _class(tmp_path / "class", {"a": {f"{EX04}.py": SOLUTION}}) / "a"
    files = {EX04: folder / f"{EX04}.py"}
    base = _fingerprint(folder, files, _options())
    assert _fingerprint(folder, files, _options()) == base
    assert _fingerprint(folder, files, _options(confine=False)) != base
    assert _fingerprint(folder, files, _options(timeout=9.0)) != base
    assert _fingerprint(folder, files, _options(
        limits=Limits(call_timeout=3.0, load_timeout=3.0, memory_mb=1024))) != base


def test_fingerprint_parts_are_framed(tmp_path):
    """Can two different submissions not run together into the same fingerprint?"""
    one = _class(tmp_path / "class", {
        "one": {f"{EX04}.py": "A", "B.py": "C|ex09_training_loop:D.py:E"},
        "two": {f"{EX04}.py": "A|ex09_training_loop:B.py:C", "D.py": "E"}})
    first = _fingerprint(one / "one", {EX04: one / "one" / f"{EX04}.py",
                                       EX09: one / "one" / "B.py"}, _options())
    second = _fingerprint(one / "two", {EX04: one / "two" / f"{EX04}.py",
                                        EX09: one / "two" / "D.py"}, _options())
    assert first != second


@pytest.mark.parametrize("a,b", [
    ("a b", slug("a b")),                                  # a folder named like a hashed slug
    ("Ada", "ada"),                                        # case-insensitive file systems
    ("x" * 130 + "1", "x" * 130 + "2"),                    # long names
    ("con", "con-" + "0" * 12),
], ids=["hashed-form", "case", "long", "reserved"])
def test_learner_file_names_never_collide(a, b):
    """Do two different learner names always get different file names, even on a file system
    that ignores case?"""
    assert slug(a).lower() != slug(b).lower()
    for name in (a, b):
        assert "/" not in slug(name) and len(slug(name)) <= 120


def test_plain_names_keep_their_file_names():
    assert slug("ada") == "ada" and slug("learner07") == "learner07"


def test_hidden_characters_in_names_are_shown_and_flagged(tmp_path):
    """Is a learner name with a right-to-left override, a zero-width space or a newline shown
    with those characters escaped, and noted in the gradebook and the feedback?"""
    names = ["abc\u202egnp.exe", "ze\u200bro", "new\nline"]
    klass = tmp_path / "class"
    for name in names:
        (klass / name).mkdir(parents=True)
    out = tmp_path / "out"
    ClassRun(klass, out, _options(), exercises=[EX04]).run()
    text = (out / "gradebook.csv").read_text()
    assert "\u202e" not in text and "\u200b" not in text and "new\nline" not in text
    rows = _rows(out)
    for shown in ("abc\\u202egnp.exe", "ze\\u200bro", "new\\nline"):
        assert shown in rows, rows.keys()
        assert "hidden characters" in rows[shown]["status"]
    feedback = "".join(p.read_text() for p in (out / "feedback").iterdir())
    assert "abc\\u202egnp.exe" in feedback and "\u202e" not in feedback
    assert "hidden characters" in feedback


@pytest.mark.parametrize("name", [" =1+1", "\t@SUM(A1)", "  -2+3", "a;=cmd|' /C calc'!A0",
                                  "b,=1+1"],
                         ids=["space-equals", "tab-at", "spaces-minus", "semicolon", "comma"])
def test_gradebook_cells_are_guarded_against_formulas(tmp_path, name):
    """Is a learner name a spreadsheet could run as a formula, also after leading blanks or
    after a separator it splits on, written quoted and prefixed with an apostrophe?"""
    (tmp_path / "class" / name).mkdir(parents=True)
    out = tmp_path / "out"
    ClassRun(tmp_path / "class", out, _options(), exercises=[EX04]).run()
    line = (out / "gradebook.csv").read_text().splitlines()[1]
    assert line.startswith("\"'"), line


# ----------------------------------------------------------------------------- item 17
def test_files_named_by_learning_platforms_are_found(tmp_path):
    """Are files named the way Moodle and Canvas export them matched to their exercise, and
    are the .py/.ipynb files that match no exercise listed?"""
    folder = _class(tmp_path / "class", {"smith": {
        "smith_12345_ex04_softmax_head.py": "",
        "smith_12345_LATE_ex09_training_loop.ipynb": "",
        "sub/ex13_weight_init-1.py": "",
        "notes.py": "", "scratch/helper.ipynb": "", "rex04_nope.py": "", "ex041.py": "",
        "readme.txt": ""}}) / "smith"
    found, unmatched = classroom.find_all(folder, [EX04, EX09, "ex13_weight_init"])
    assert [p.name for p in found[EX04]] == ["smith_12345_ex04_softmax_head.py"]
    assert [p.name for p in found[EX09]] == ["smith_12345_LATE_ex09_training_loop.ipynb"]
    assert [p.name for p in found["ex13_weight_init"]] == ["ex13_weight_init-1.py"]
    assert sorted(unmatched) == ["ex041.py", "notes.py", "rex04_nope.py", "scratch/helper.ipynb"]


def test_platform_names_are_graded_and_unmatched_files_reported(tmp_path):
    """Does a class run grade `smith_12345_ex04_softmax_head.py` and tell the learner which
    files it did not grade?"""
    klass = _class(tmp_path / "class", {"smith": {"smith_12345_ex04_softmax_head.py": SOLUTION,
                                                  "notes.py": "x = 1\n"}})
    out = tmp_path / "out"
    results, _, _ = ClassRun(klass, out, _options(), exercises=[EX04]).run()
    assert results[0].score == 7
    data = json.loads((out / "results.json").read_text())
    assert data["learners"][0]["unmatched"] == ["notes.py"]
    feedback = (out / "feedback" / "smith.txt").read_text()
    assert "notes.py" in feedback and "smith_12345_ex04_softmax_head.py" in feedback


def test_a_load_crash_is_not_ok_in_the_gradebook():
    """Does an exercise whose every check is `error` (the notebook crashed while loading) show
    as such in the status column, not as `ok`?"""
    checks = [CheckResult(n, Outcome.ERROR, 0, 1, "Your code raised ...") for n in "abc"]
    e = ExerciseResult(EX04, "t", "x.ipynb", 1, "cpu", checks)
    assert e.status == "error"
    assert LearnerResult("l", [e]).status == f"{EX04}: error"


def test_feedback_shows_paths_relative_to_the_learners_folder(tmp_path):
    """Does feedback name files relative to the learner's folder, never by the grading
    machine's absolute path?"""
    klass = _class(tmp_path / "class", {"a": {f"week1/{EX04}.py": WRONG,
                                              f"week2/{EX04}.py": SOLUTION}})
    os.utime(klass / "a" / "week1" / f"{EX04}.py", (1, 1))
    out = tmp_path / "out"
    results, _, _ = ClassRun(klass, out, _options(), exercises=[EX04]).run()
    assert results[0].score == 7                       # the most recently modified one
    feedback = (out / "feedback" / "a.txt").read_text()
    assert str(tmp_path) not in feedback
    assert f"week2/{EX04}.py" in feedback and f"week1/{EX04}.py" in feedback
    assert str(tmp_path) not in json.dumps(json.loads(
        (out / "learners" / "a.json").read_text()))


def test_a_notebook_with_a_cell_that_raises_is_graded_with_a_note(grader):
    """A notebook runs cell by cell: the shipped one whose last cell raises is graded on what
    its other cells define, and the raising cell is a note in the learner's feedback."""
    result = grader.grade(TESTS / "bad_input" / "error_in_cell.ipynb", EX04)
    assert result.status == "graded" and result.full_marks
    assert any("cell 4" in n for n in result.notes)
    assert "cell 4" in report.feedback_text(LearnerResult("l", [result]))
