"""Authoring: `grade new` starts an exercise that is graded at once; an instructor's own
exercise (the worked example of docs/authoring.md) is graded from a course folder outside the
repository; a course's suites share helpers; `grade new` refuses what it should."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED, expectations

from graders.core import scaffold, tolerances
from graders.core.build import build
from graders.core.cli import main
from graders.core.course import BUILTIN_ROOT, ENV
from graders.core.outcomes import Outcome
from graders.core.suite import PROBE_GLOBALS

NAME = "ex99_demo"
DOCS = ROOT / "docs" / "authoring.md"
CHECK = ["--device", "cpu", "--seed", str(SEED), "--json"]


def grade(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`grade ARGS` in a fresh process, as an instructor runs it (each run imports the
    course's suites anew)."""
    environ = {k: v for k, v in os.environ.items() if k != ENV}
    return subprocess.run([sys.executable, "-m", "graders", *map(str, args)], cwd=cwd,
                          env={**environ, **(env or {})}, capture_output=True, text=True,
                          timeout=300)


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def docs_files() -> dict[str, str]:
    """The worked example's files, from docs/authoring.md: a line "`my-course/PATH`:", a blank
    line, then a python block."""
    found = re.findall(r"^`my-course/([^`]+)`:\n\n```python\n(.*?)^```$", DOCS.read_text(),
                       re.MULTILINE | re.DOTALL)
    return dict(found)


def as_demo(text: str) -> str:
    """The worked example (ex05_standardize) renamed to this test's exercise."""
    return (text.replace("ex05_standardize", NAME).replace("ex05", "ex99")
            .replace("xercise 05", "xercise 99"))


def assert_caught(result: dict, path: Path) -> None:
    """A known mistake loses each expected check's points, with the expected phrase."""
    by_name = {c["name"]: c for c in result["checks"]}
    wanted = expectations(path)["expect"]
    assert wanted, f"{path} has no '# expect:' header"
    for check, phrase in wanted:
        c = by_name[check]
        assert c["outcome"] != "passed" and c["points"] == 0, (path.name, c)
        assert phrase in c["message"] + " " + c["hint"], (path.name, c["message"])


def full_marks(result: dict) -> bool:
    return result["max_score"] > 0 and result["score"] == result["max_score"]


def test_a_new_exercise_is_graded_from_nothing(tmp_path):
    """From an empty folder outside the repository: `grade new` gives a placeholder whose
    variant gets full marks and whose mistake is caught; `TORCHGRADE_COURSE` finds it; then
    the instructor's own solution and suite (docs/authoring.md's example), `grade build`,
    and `grade check`: the solution gets full marks (exit 0), the stub reads not attempted on
    every check (exit 1), and the example's mistakes and variant are judged as documented."""
    course = tmp_path / "my-course"
    out = grade("new", NAME, "--course", course, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    written = [f"solutions/{NAME}.py", f"suites/{NAME}.py",
               f"tests/variants/{NAME}/alternative.py",
               f"tests/mistakes/{NAME}/shift_before_scale.py", "data/README.md",
               f"exercises/{NAME}.py", f"exercises/{NAME}.ipynb"]
    assert out.stdout.split() == ["Wrote:", *written]
    assert all((course / p).is_file() for p in written)
    assert not build(course, check=True)                 # stub and notebook are up to date

    placeholder = [course / written[2], course / written[3]]
    out = grade("check", *placeholder, "--exercise", NAME, "--course", course, *CHECK,
                cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    variant, mistake = json.loads(out.stdout)
    assert full_marks(variant), variant["checks"]
    assert_caught(mistake, placeholder[1])

    out = grade("list", "--json", cwd=tmp_path, env={ENV: str(course)})
    assert out.returncode == 0, out.stderr
    assert [d["exercise"] for d in json.loads(out.stdout)] == [NAME]

    # The instructor replaces the placeholder with an exercise of their own.
    files = docs_files()
    assert {"solutions/ex05_standardize.py", "suites/ex05_standardize.py"} <= set(files)
    for path in placeholder:
        path.unlink()
    for rel, text in files.items():
        path = course / as_demo(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(as_demo(text))
    out = grade("build", "--course", course, cwd=tmp_path)
    assert out.returncode == 0 and f"exercises/{NAME}.py" in out.stdout, out.stderr
    assert "standardize(x)" in (course / "exercises" / f"{NAME}.ipynb").read_text()

    out = grade("check", course / "solutions" / f"{NAME}.py", "--course", course, *CHECK,
                cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    result = json.loads(out.stdout)
    assert result["title"] == "Standardize the features" and full_marks(result)

    out = grade("check", course / "exercises" / f"{NAME}.py", "--course", course, *CHECK,
                cwd=tmp_path)
    assert out.returncode == 1, out.stdout + out.stderr
    result = json.loads(out.stdout)
    assert result["score"] == 0 and len(result["checks"]) == 2
    for c in result["checks"]:
        assert c["outcome"] == Outcome.NOT_ATTEMPTED.value, c
        assert "Not attempted yet: `standardize`" in c["message"], c

    mistakes = sorted((course / "tests" / "mistakes" / NAME).glob("*.py"))
    variants = sorted((course / "tests" / "variants" / NAME).glob("*.py"))
    assert len(mistakes) >= 2 and variants
    out = grade("check", *mistakes, *variants, "--exercise", NAME, "--course", course, *CHECK,
                cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    results = json.loads(out.stdout)
    for path, result in zip(mistakes, results):
        assert_caught(result, path)
    for path, result in zip(variants, results[len(mistakes):]):
        assert full_marks(result), (path.name, result["checks"])


def test_a_course_suite_imports_a_helper_of_its_own(tmp_path):
    """Do a course's suites form a package, so that one imports `suites/_shared.py`
    relatively, and is a file starting with `_` not taken for an exercise?"""
    course = tmp_path / "course"
    assert cli("new", "ex01_helpers", "--course", str(course)).exit_code == 0
    (course / "suites" / "_shared.py").write_text(
        '"""Helpers for every suite of this course."""\n\n'
        'TITLE = "A title from the course\'s own helper"\n\n\n'
        'def rows(rng, n):\n'
        '    return dict(x=rng.normal(size=(n, 4)).astype("float32"), factor=2.0, shift=1.0)\n')
    suite = course / "suites" / "ex01_helpers.py"
    text = suite.read_text()
    assert 'TITLE = "Helpers"' in text
    suite.write_text(text.replace('TITLE = "Helpers"', "from ._shared import TITLE, rows")
                     .replace('"a single row": lambda rng: _arguments(rng, (7,))',
                              '"rows from the helper": lambda rng: rows(rng, 3)'))
    out = cli("list", "--course", str(course), "--json")
    assert out.exit_code == 0, out.output
    (listed,) = json.loads(out.output)
    assert listed["exercise"] == "ex01_helpers"
    assert listed["title"] == "A title from the course's own helper"
    out = cli("list", "--course", str(course))
    assert out.exit_code == 0 and "_shared" not in out.output, out.output


def test_new_refuses_an_existing_exercise_a_taken_number_and_a_bad_name(tmp_path):
    """Exit 2 with a message naming the problem, and nothing written or changed."""
    course = tmp_path / "course"
    assert cli("new", NAME, "--course", str(course)).exit_code == 0
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}

    out = cli("new", NAME, "--course", str(course))
    assert out.exit_code == 2 and "exists already" in out.output, out.output
    assert f"solutions/{NAME}.py" in out.output and "Traceback" not in out.output
    out = cli("new", "ex99_other", "--course", str(course))
    assert out.exit_code == 2 and f"ex99 is taken by {course.resolve() / 'solutions' / NAME}.py" \
        in out.output, out.output
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == before

    for bad in ("demo", "ex9_demo", "ex99-demo", "ex99_Demo", "ex99_", "../ex99_demo"):
        fresh = tmp_path / "fresh"
        out = cli("new", bad, "--course", str(fresh))
        assert out.exit_code == 2 and "is not an exercise name: write exNN_topic" in out.output, \
            (bad, out.output)
        assert not fresh.exists()


def test_new_for_the_built_in_course_writes_into_the_package_and_its_tests(tmp_path,
                                                                           monkeypatch):
    """The built-in course's suites are `graders/suites/`, its tests this repository's, and
    it gets no data/README.md; a taken name or number is refused there before anything is
    written."""
    package = tmp_path / "package"          # stands in for the repository: nothing written there
    monkeypatch.setattr(scaffold, "BUILTIN_ROOT", package)
    written = scaffold.new(package, "ex98_topic")
    assert [p.relative_to(package).as_posix() for p in written] == [
        "solutions/ex98_topic.py", "graders/suites/ex98_topic.py",
        "tests/variants/ex98_topic/alternative.py",
        "tests/mistakes/ex98_topic/shift_before_scale.py",
        "exercises/ex98_topic.py", "exercises/ex98_topic.ipynb"]
    monkeypatch.undo()

    where = scaffold.layout(BUILTIN_ROOT, "ex98_topic")
    assert where["suite"] == BUILTIN_ROOT / "graders" / "suites" / "ex98_topic.py"
    assert where["solution"] == BUILTIN_ROOT / "solutions" / "ex98_topic.py"
    assert where["mistake"].parent == ROOT / "tests" / "mistakes" / "ex98_topic"
    assert where["variant"].parent == ROOT / "tests" / "variants" / "ex98_topic"
    with pytest.raises(scaffold.ScaffoldError, match="exists already"):
        scaffold.new(BUILTIN_ROOT, "ex04_softmax_head")
    with pytest.raises(scaffold.ScaffoldError, match="ex04 is taken by"):
        scaffold.new(BUILTIN_ROOT, "ex04_another_topic")
    assert not list(BUILTIN_ROOT.glob("*/ex04_another_topic*"))


def test_the_authoring_guide_names_what_the_code_has():
    """Does docs/authoring.md name every tolerance, every name a probe sees and every
    outcome, and hold the worked example's files?"""
    text = DOCS.read_text()
    for tol in (v for v in vars(tolerances).values() if isinstance(v, tolerances.Tolerance)):
        name = next(k for k, v in vars(tolerances).items() if v is tol)
        row = re.search(rf"^\| `{name}` \| ([^,|]+), ([^,|]+) \|", text, re.MULTILINE)
        assert row and (float(row[1]), float(row[2])) == (tol.rtol, tol.atol), name
    for name in PROBE_GLOBALS:
        assert f"`{name}`" in text
    for outcome in Outcome:
        assert f"`{outcome.value}`" in text
    files = docs_files()
    assert len(files) >= 5 and all(p.startswith(("solutions/", "suites/", "tests/"))
                                   for p in files)
    suite = files["suites/ex05_standardize.py"]
    assert 40 <= len(suite.splitlines()) <= 70
