"""What CI and instructors read: JUnit XML (through pytest's own writer and the plugin),
`grade check` on a folder, week-by-week gradebooks, late flags, one learner regraded, and
shards merged into the single run's gradebook."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, SEED, TESTS

from graders.core import gradebook, junit
from graders.core.outcomes import Outcome
from graders.core.results import CheckResult, ExerciseResult, LearnerResult

# A standard JUnit reader, from the `test` extra (`pip install -e ".[test]"`, as .ci/run does).
junitparser = pytest.importorskip("junitparser", reason='pip install -e ".[test]"')

EX04, EX07 = "ex04_softmax_head", "ex07_manual_update"
SAMPLE = ROOT / "examples" / "sample_class"
RIGHT = sorted((TESTS / "variants" / EX04).glob("*.py"))[0]
WRONG = TESTS / "mistakes" / EX07 / "clears_before_update.py"


def grade(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graders", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A learner's repository: ex04 right, ex07 with a classic mistake, nothing for ex09."""
    (tmp_path / "repo").mkdir()
    shutil.copy(RIGHT, tmp_path / "repo" / f"{EX04}.py")
    shutil.copy(WRONG, tmp_path / "repo" / f"{EX07}.py")
    return tmp_path / "repo"


def verdicts(folder: Path, *exercises: str) -> dict[tuple[str, str], dict]:
    """(exercise, check) -> the check as `grade check --json` reports it, seed SEED."""
    proc = grade("check", folder, *(f"-e{e}" for e in exercises), "--json", "--seed", SEED)
    assert proc.returncode in (0, 1), proc.stderr
    return {(r["exercise"], c["name"]): c for r in json.loads(proc.stdout) for c in r["checks"]}


def cases(xml_text: str) -> dict[tuple[str, str], junitparser.TestCase]:
    """(classname, name) -> test case, read back by junitparser (a standard JUnit reader)."""
    ET.fromstring(xml_text.encode())                     # and by the standard library
    doc = junitparser.JUnitXml.fromstring(xml_text)
    return {(c.classname, c.name): c for suite in doc for c in suite}


# ----------------------------------------------------------------------------- grade check
@pytest.mark.slow
def test_check_folder_junit_equals_json_verdicts(repo):
    want = verdicts(repo, EX04, EX07, "ex09")
    proc = grade("check", repo, "-e", EX04, "-e", EX07, "-e", "ex09", "--format", "junit",
                 "--seed", SEED)
    assert proc.returncode == 1, proc.stderr
    got = cases(proc.stdout)
    assert set(got) == set(want)                      # one test case per (visible) check
    for (exercise, check), c in want.items():
        case = got[(exercise, check)]
        if c["outcome"] == "passed":
            assert case.is_passed, (exercise, check)
        else:
            failure = case.result[0]
            assert isinstance(failure, junitparser.Failure), (exercise, check)
            assert c["message"][:60] in failure.message
    assert all(got[("ex09_training_loop", n)].result[0].message.startswith("missing")
               for (e, n) in want if e == "ex09_training_loop")


@pytest.mark.slow
def test_check_folder_grades_each_exercise_found(repo):
    proc = grade("check", repo, "--json", "--seed", SEED)
    found = [r["exercise"] for r in json.loads(proc.stdout)]
    assert found == [EX04, EX07] and proc.returncode == 1
    empty = repo.parent / "empty"
    empty.mkdir()
    proc = grade("check", empty)
    assert proc.returncode == 2 and "holds no exercise file" in proc.stderr


def test_junit_document_escapes_and_reports_grader_errors():
    nasty = "bad \x01 text ]]> <script>alert(1)</script> \u202e \ud800"
    checks = [CheckResult("a", Outcome.PASSED, 1, 1),
              CheckResult("b", Outcome.FAILED, 0, 2, nasty, "a hint"),
              CheckResult("c", Outcome.GRADER_ERROR, 0, 1, "internal trouble"),
              CheckResult("d", Outcome.FAILED, 0, 1, "secret", hidden=True)]
    result = ExerciseResult(EX04, "t", f"{EX04}.py", 3, "cpu", checks)
    shown = cases(junit.document([("ada", [result])], show_hidden=False))
    assert set(shown) == {("ada." + EX04, n) for n in "abc"}         # hidden left out
    assert isinstance(shown[("ada." + EX04, "b")].result[0], junitparser.Failure)
    failure = shown[("ada." + EX04, "b")].result[0]
    assert "<script>" in failure.message and "\x01" not in failure.message   # as text
    assert "Hint: a hint" in failure.text and failure.type == "failed"
    assert isinstance(shown[("ada." + EX04, "c")].result[0], junitparser.Error)
    everything = cases(junit.document([("ada", [result])], show_hidden=True))
    assert ("ada." + EX04, "d") in everything
    odd = cases(junit.document([("\u202eevil", [result])], show_hidden=True))
    assert ("\\u202eevil." + EX04, "a") in odd            # a name's hidden characters shown


# ----------------------------------------------------------------------------- the plugin
@pytest.mark.slow
def test_pytest_plugin_items_junit_k_and_xdist(repo):
    want = verdicts(repo, EX04, EX07)
    base = [sys.executable, "-m", "pytest", "--torchgrade", ".", "-p", "no:cacheprovider",
            "--torchgrade-seed", str(SEED), "-q"]
    env = {**os.environ, "PYTEST_ADDOPTS": ""}
    xml_path = repo.parent / "plugin.xml"
    proc = subprocess.run([*base, f"--junitxml={xml_path}"], cwd=repo, capture_output=True,
                          text=True, env=env, timeout=600)
    assert proc.returncode == 1, proc.stdout[-2000:]
    got = cases(xml_path.read_text())
    assert {(cls.split(".")[-1], name) for cls, name in got} == set(want)
    for (cls, name), case in got.items():
        assert case.is_passed == (want[(cls.split(".")[-1], name)]["outcome"] == "passed")
    # The same test cases and failure texts as `grade check --format junit`'s own writer.
    ours = cases(grade("check", repo, "-e", EX04, "-e", EX07, "--format", "junit",
                       "--seed", SEED).stdout)
    for (cls, name), case in got.items():
        mine = ours[(cls.split(".")[-1], name)]
        assert case.is_passed == mine.is_passed
        if not case.is_passed:
            assert case.result[0].text.strip() == mine.result[0].text.strip()
    # -k selects checks by name; pytest-xdist grades each file once per worker.
    proc = subprocess.run([*base, "-k", "ex07 and clears"], cwd=repo, capture_output=True,
                          text=True, env=env, timeout=600)
    assert "1 failed" in proc.stdout and "deselected" in proc.stdout, proc.stdout[-2000:]
    pytest.importorskip("xdist", reason='pip install -e ".[test]"')
    proc = subprocess.run([*base, "-n", "2", "--dist", "loadfile"], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=600)
    failed = sum(c["outcome"] != "passed" for c in want.values())
    assert f"{failed} failed, {len(want) - failed} passed" in proc.stdout, proc.stdout[-2000:]


def test_plugin_is_inert_without_its_option(repo):
    proc = subprocess.run([sys.executable, "-m", "pytest", ".", "-q", "-p", "no:cacheprovider"],
                          cwd=repo, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTEST_ADDOPTS": ""})
    assert "no tests ran" in proc.stdout, proc.stdout


# ----------------------------------------------------------------------------- a class
def rows(out: Path) -> dict[str, dict]:
    return {r["learner"]: r for r in csv.DictReader(io.StringIO(
        (out / "gradebook.csv").read_text()))}


def comparable(results: dict) -> list[dict]:
    """Learners' records without what differs between grading processes (times, the
    worker's measured limits and uid)."""
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("elapsed", "isolation")}
        return [strip(v) for v in x] if isinstance(x, list) else x
    return strip(results["learners"])


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    """The sample class, copied so file times can be set."""
    root = tmp_path_factory.mktemp("class") / "sample"
    shutil.copytree(SAMPLE, root, symlinks=True)
    return root


@pytest.mark.slow
def test_class_outputs_week_by_week_late_and_one_learner(klass, tmp_path):
    out = tmp_path / "grades"
    first = grade("class", klass, "--out", out, "-e", EX04, "--seed", SEED, "--jobs", "2")
    assert first.returncode == 1, first.stderr
    week1 = rows(out)
    assert set(week1["ada"]) >= {EX04, "total", "late"} and EX07 not in week1["ada"]
    for name in ("junit.xml", "report.html", "feedback/ada.html", "feedback/ada.txt"):
        assert (out / name).is_file(), name
    junit_cases = cases((out / "junit.xml").read_text())
    results = json.loads((out / "results.json").read_text())
    assert len(junit_cases) == sum(len(e["checks"]) for lr in results["learners"]
                                   for e in lr["exercises"])

    # Week 2: ben's ex07 came after the deadline (his file's time), the others' before.
    for path in klass.rglob(f"{EX07}.py"):
        os.utime(path, (1_700_000_000, 1_700_000_000))                 # 2023-11-14
    os.utime(klass / "ben" / f"{EX07}.py", (1_900_000_000, 1_900_000_000))  # 2030-03-17
    second = grade("class", klass, "--out", out, "-e", EX07, "--deadline",
                   "2026-12-08T23:59+00:00", "--jobs", "2")
    assert second.returncode == 1, second.stderr
    week2 = rows(out)
    assert all(week2[n][EX04] == week1[n][EX04] for n in week1)      # earlier column kept
    assert week2["ben"]["late"] == EX07 and week2["ada"]["late"] == ""
    assert float(week2["ada"]["total"]) == float(week1["ada"]["total"]) + 5
    results = json.loads((out / "results.json").read_text())
    assert [e["name"] for e in results["exercises"]] == [EX04, EX07]
    assert results["seed"] == SEED                        # a later run keeps the first seed
    ben = next(lr for lr in results["learners"] if lr["learner"] == "ben")
    assert [e["late"] for e in ben["exercises"]] == [False, True]

    # A later run without --deadline keeps the exercise's deadline.
    grade("class", klass, "--out", out, "-e", EX07, "--learner", "ben", "--regrade")
    assert rows(out)["ben"]["late"] == EX07

    # The LMS's submission times win over file times; a learner listed twice counts at the
    # latest time; one not listed gets no time (their file's is theirs to set), with a warning.
    lms = tmp_path / "lms.csv"
    lms.write_text("\ufefflearner,submitted\nben,2026-12-01T10:00:00Z\n ada ,2026-12-09T08:00Z\n"
                   "ada,2026-12-02T08:00Z\nzed,2026-12-01T00:00Z\n", encoding="utf-8")
    proc = grade("class", klass, "--out", out, "-e", EX07, "--deadline",
                 "2026-12-08T23:59+00:00", "--submitted", lms)
    assert rows(out)["ben"]["late"] == "" and rows(out)["ada"]["late"] == EX07
    assert "no time for 2 learner(s) (cleo, dev)" in proc.stderr
    assert "1 learner(s) with no folder here (zed)" in proc.stderr

    # A learner who joins in week 2 is "not graded" on week 1's exercise, not "ok".
    (klass / "eve").mkdir()
    shutil.copy(sorted((TESTS / "variants" / EX07).glob("*.py"))[0],
                klass / "eve" / f"{EX07}.py")
    grade("class", klass, "--out", out, "-e", EX07, "--learner", "eve")
    eve = rows(out)["eve"]
    assert eve[EX04] == "" and f"{EX04}: not graded" in eve["status"], eve

    # An --out belongs to one class, one seed; one run writes it at a time.
    other = tmp_path / "other"
    shutil.copytree(klass / "ada", other / "ada")
    mixed = {"holds the gradebook of": grade("class", other, "--out", out, "-e", EX04),
             "was graded with seed": grade("class", klass, "--out", out, "-e", EX04,
                                           "--seed", SEED + 1),
             "is not a time": grade("class", klass, "--out", out, "--deadline", "")}
    for said, proc in mixed.items():
        assert proc.returncode == 2 and said in proc.stderr, (said, proc.stderr)
    import fcntl
    with open(out / ".torchgrade.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        busy = grade("class", klass, "--out", out, "-e", EX04)
    assert busy.returncode == 2 and "another `grade class` is writing" in busy.stderr

    # One learner regraded: that row only changes.
    before = (out / "gradebook.csv").read_text().splitlines()
    broken = klass / "cleo" / "ex04_softmax_head.ipynb"
    broken.write_text("{ not a notebook")
    third = grade("class", klass, "--out", out, "-e", EX04, "--learner", "cleo")
    assert third.returncode == 1 and "Graded 1 learner" in third.stdout, third.stderr
    after = (out / "gradebook.csv").read_text().splitlines()
    changed = [a for a, b in zip(after, before) if a != b]
    assert len(after) == len(before) and len(changed) == 1 and changed[0].startswith('"cleo"')
    assert rows(out)["cleo"][EX04] == "0" and rows(out)["cleo"][EX07] == week2["cleo"][EX07]
    unknown = grade("class", klass, "--out", out, "--learner", "nobody")
    assert unknown.returncode == 2 and "no learner folder named 'nobody'" in unknown.stderr
    flat = tmp_path / "flat"
    flat.mkdir()
    shutil.copy(RIGHT, flat / "ada_ex04_softmax_head.py")
    proc = grade("class", flat, "--out", tmp_path / "flat_out")
    assert proc.returncode == 2 and "holds no learner folders" in proc.stderr


@pytest.mark.slow
def test_shards_merged_equal_one_run(tmp_path):
    common = ["-e", EX04, "-e", EX07, "--seed", SEED, "--jobs", "2"]
    single = tmp_path / "single"
    assert grade("class", SAMPLE, "--out", single, *common).returncode == 1
    shards = [tmp_path / f"shard{k}" for k in (1, 2, 3)]
    graded = {}
    for k, out in enumerate(shards, 1):
        proc = grade("class", SAMPLE, "--out", out, *common, "--shard", f"{k}/3")
        assert proc.returncode in (0, 1), proc.stderr
        graded[out] = [lr["learner"] for lr in json.loads((out / "results.json").read_text())
                       ["learners"]]
    assert sorted(sum(graded.values(), [])) == ["ada", "ben", "cleo", "dev"]  # each once
    merged = tmp_path / "merged"
    proc = grade("merge", *shards, "--out", merged)
    assert proc.returncode == 1, proc.stderr
    assert (merged / "gradebook.csv").read_text() == (single / "gradebook.csv").read_text()
    one, joined = (json.loads((d / "results.json").read_text()) for d in (single, merged))
    assert comparable(joined) == comparable(one)
    assert joined["statistics"] == one["statistics"]
    assert joined["common_problems"] == one["common_problems"]
    assert set(cases((merged / "junit.xml").read_text())) == set(
        cases((single / "junit.xml").read_text()))
    assert sorted(p.name for p in (merged / "feedback").iterdir()) == sorted(
        p.name for p in (single / "feedback").iterdir())
    # Shards of another seed, or the same shard twice, are refused.
    # Every shard once, shards only, and learners a shard did not finish stay pending.
    refused = {"given more than once": [shards[1], shards[1], shards[2], shards[0]],
               "shard 3/3 is missing": shards[:2], "not shards": [single],
               "some outputs are shards": [*shards, single]}
    for said, outs in refused.items():
        proc = grade("merge", *outs, "--out", tmp_path / "refused")
        assert proc.returncode == 2 and said in proc.stderr, (said, proc.stderr)
    busiest = max(shards, key=lambda out: len(graded[out]))
    cut = json.loads((busiest / "results.json").read_text())
    dropped = cut["learners"].pop()["learner"]
    cut["pending"] = [dropped]
    (busiest / "results.json").write_text(json.dumps(cut))
    proc = grade("merge", *shards, "--out", tmp_path / "interrupted")
    assert proc.returncode == 1, proc.stderr
    assert rows(tmp_path / "interrupted")[dropped]["status"] == "not graded (interrupted)"
    no_seed = grade("class", SAMPLE, "--out", tmp_path / "x", "--shard", "1/2")
    assert no_seed.returncode == 2 and "--shard needs --seed" in no_seed.stderr


# ----------------------------------------------------------------------------- units
def test_shards_split_every_learner_once_and_stably():
    names = [f"learner{i}" for i in range(200)] + ["Zoë", "a b", "\u202eevil"]
    for n in (1, 2, 7):
        owners = [[k for k in range(1, n + 1) if gradebook.in_shard(x, (k, n))] for x in names]
        assert all(len(o) == 1 for o in owners)
    assert gradebook.in_shard("ada", (1, 2)) == gradebook.in_shard("ada", (1, 2))
    for bad in ("0/2", "3/2", "x", "1/0"):
        with pytest.raises(gradebook.GradebookError):
            gradebook.parse_shard(bad)


def _learner(name: str, **scores: tuple[float, float]) -> LearnerResult:
    return LearnerResult(name, [ExerciseResult(ex, ex, f"{ex}.py", 1, "cpu", [
        CheckResult("c1", Outcome.PASSED if got == out_of else Outcome.FAILED, got, out_of)])
        for ex, (got, out_of) in scores.items()])


def test_merge_keeps_earlier_records_and_orders_by_course():
    earlier = [_learner("b", ex04=(1, 1)), _learner("a", ex04=(0, 1))]
    later = [_learner("a", ex07=(2, 2), ex04=(1, 1)), _learner("c", ex07=(0, 2))]
    merged = gradebook.merge(earlier, later, ["ex04", "ex07"])
    assert [lr.learner for lr in merged] == ["a", "b", "c"]
    assert [(e.exercise, e.score) for e in merged[0].exercises] == [("ex04", 1), ("ex07", 2)]
    assert [(e.exercise, e.score) for e in merged[1].exercises] == [("ex04", 1)]


def test_statistics_by_hand():
    learners = [_learner("a", ex04=(1, 1), ex07=(0, 2)), _learner("b", ex04=(1, 1), ex07=(2, 2)),
                _learner("c", ex04=(0, 1), ex07=(2, 2))]
    stats = gradebook.statistics(learners, ["ex04", "ex07"])
    assert stats["learners"] == 3 and stats["mean_total"] == 2.0          # totals 1, 3, 2
    assert stats["median_total"] == 2.0 and stats["full_marks"] == 1
    per = {e["exercise"]: e for e in stats["exercises"]}
    assert per["ex04"]["pass_rate"] == round(2 / 3, 4) and per["ex07"]["full_marks"] == 2


def test_deadline_and_lms_times(tmp_path):
    with pytest.raises(gradebook.GradebookError):
        gradebook.parse_time("next friday")
    lms = tmp_path / "t.csv"
    lms.write_text("name,when\nada,2026-01-01\n")
    with pytest.raises(gradebook.GradebookError, match="columns learner and submitted"):
        gradebook.read_submitted(lms)
    r = ExerciseResult(EX04, "t", "f.py", 1, "cpu", [])
    deadline = gradebook.parse_time("2026-12-08T23:59+00:00")
    gradebook.mark_late(r, gradebook.parse_time("2026-12-09T00:00Z"), deadline)
    assert r.late and r.submitted == "2026-12-09T00:00:00+00:00"
    gradebook.mark_late(r, None, deadline)
    assert not r.late and r.submitted is None


def test_odd_times_are_no_times():
    assert gradebook.file_time(1e20) is None and gradebook.file_time(-1e20) is None
    with pytest.raises(gradebook.GradebookError):
        gradebook.parse_time("0001-01-01T00:30+01:00")      # before year 1 in UTC


def test_hidden_checks_do_not_show_in_gradescope_summary_or_file_lines():
    from graders.core import gradescope, report
    checks = [CheckResult("a", Outcome.PASSED, 1, 1),
              CheckResult("b", Outcome.TIMED_OUT, 0, 1, "hung", hidden=True)]
    r = ExerciseResult(EX04, "t", "ex04.py\nScore: 7/7", 3, "cpu", checks)
    doc = gradescope.results([r], execution_time=1)
    assert "timed out" not in doc["output"] and "timed" not in json.dumps(
        doc["extra_data"]["exercises"])
    text = report.exercise_text(r)
    assert "Score: 7/7" not in text.splitlines() and "ex04.py\\nScore: 7/7" in text


def test_verdict_on_a_deeply_nested_document_is_a_usage_error(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    proc = grade("verdict", deep, EX04, "output_shape")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_plugin_never_imports_an_exercise_named_like_a_test(tmp_path):
    sentinel = tmp_path / "imported"
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "test_ex07_manual_update.py").write_text(
        WRONG.read_text() + f"\nopen({str(sentinel)!r}, 'w').close()\n")
    proc = subprocess.run([sys.executable, "-m", "pytest", "--torchgrade", ".", "-q",
                           "-p", "no:cacheprovider"], cwd=tmp_path / "repo",
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTEST_ADDOPTS": ""})
    assert "test_ex07_manual_update.py::updates_every_parameter" in proc.stdout, proc.stdout
    assert not sentinel.exists()                     # pytest's own process never ran it
