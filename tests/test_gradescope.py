"""Gradescope: the results.json `grade check --format gradescope` prints, and the autograder zip
`grade gradescope-bundle` writes (setup.sh, run_autograder, the package's source).

Gradescope's autograder specification is what the documents are checked against: the fields,
their types and the values it allows. Nothing here installs anything: setup.sh runs with a fake
`pip3` that records what it was asked, and run_autograder with the `grade` already installed,
importing the package from the zip's own copy of the source, as the editable install there
would.
"""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED

from graders.core import course as courses
from graders.core import gradescope
from graders.core.cli import main
from graders.core.outcomes import Outcome
from graders.core.results import CheckResult, ExerciseResult

EX04, EX07 = "ex04_softmax_head", "ex07_manual_update"
NUMBER = (int, float)


# ----------------------------------------------------------------------------- the schema
def assert_gradescope_results(doc: dict) -> None:
    """`doc` is a results.json Gradescope accepts: every field of the right type and value,
    and the total the sum of the tests' scores."""
    __tracebackhide__ = True
    allowed = {"score", "execution_time", "output", "output_format", "test_output_format",
               "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
               "leaderboard"}
    assert set(doc) <= allowed, set(doc) - allowed
    assert _number(doc["score"]) and isinstance(doc["tests"], list)
    assert isinstance(doc["output"], str) and doc["output"]
    if "execution_time" in doc:
        assert _number(doc["execution_time"]) and doc["execution_time"] >= 0
    for key in ("output_format", "test_output_format", "test_name_format"):
        assert doc.get(key, "text") in gradescope.FORMATS
    for key in ("visibility", "stdout_visibility"):
        assert doc.get(key, "visible") in gradescope.VISIBILITIES
    assert isinstance(doc.get("extra_data", {}), dict)
    test_keys = {"score", "max_score", "status", "name", "name_format", "number", "output",
                 "output_format", "tags", "visibility", "extra_data"}
    for t in doc["tests"]:
        assert set(t) <= test_keys, set(t) - test_keys
        assert _number(t["score"]) and _number(t["max_score"]) and 0 <= t["score"] <= t["max_score"]
        assert isinstance(t["name"], str) and t["name"]
        assert isinstance(t.get("number", ""), str) and isinstance(t.get("output", ""), str)
        assert t.get("status", "passed") in gradescope.STATUSES
        assert t.get("visibility", "visible") in gradescope.VISIBILITIES
        for key in ("name_format", "output_format"):
            assert t.get(key, "text") in gradescope.FORMATS
        assert all(isinstance(tag, str) for tag in t.get("tags", []))
        assert isinstance(t.get("extra_data", {}), dict)
    assert doc["score"] == pytest.approx(sum(t["score"] for t in doc["tests"]))
    json.dumps(doc, allow_nan=False)


def _number(x) -> bool:
    return isinstance(x, NUMBER) and not isinstance(x, bool)


# ----------------------------------------------------------------------------- results()
def _exercise(name: str, checks: list[CheckResult], **kw) -> ExerciseResult:
    return ExerciseResult(name, kw.pop("title", "A title"), kw.pop("file", f"{name}.py"),
                          kw.pop("seed", 1234), "cpu", checks, **kw)


def _sample() -> list[ExerciseResult]:
    return [
        _exercise(EX04, [
            CheckResult("output_shape", Outcome.PASSED, 1, 1),
            CheckResult("rows_are_probabilities", Outcome.FAILED, 0, 2,
                        "Each row of `model(x)` should sum to 1, but row 0 sums to 0.25.",
                        "`nn.Softmax` needs to be told which dimension holds the classes."),
            CheckResult("secret_property", Outcome.PASSED, 1.5, 1.5, hidden=True),
            CheckResult("other_secret", Outcome.FAILED, 0, 2, "Wrong on fresh inputs.",
                        hidden=True),
        ], notes=["Your code triggered a warning: UserWarning: implicit dim"],
            isolation={"worker": "fork", "landlock": "active (ABI 7)", "seccomp": "active"}),
        _exercise(EX07, [
            CheckResult("updates_every_parameter", Outcome.ERROR, 0, 2,
                        "Your `sgd_step` raised RuntimeError: a leaf Variable that requires "
                        "grad is being used in an in-place operation.", "Use torch.no_grad()."),
            CheckResult("clears_gradients", Outcome.PASSED, 3, 3),
        ]),
    ]


def test_results_follow_the_gradescope_specification():
    """Does results() give a document with every field Gradescope reads, typed as its
    specification says, one test per check named after its exercise, and a total that is
    the sum of the tests' scores?"""
    doc = gradescope.results(_sample(), execution_time=12.3456)
    assert_gradescope_results(doc)
    assert doc["execution_time"] == 12.35
    assert doc["score"] == 1 + 1.5 + 3
    assert doc["stdout_visibility"] == "hidden" and doc["output_format"] == "text"
    names = [t["name"] for t in doc["tests"]]
    assert names == [f"{EX04}: output_shape", f"{EX04}: rows_are_probabilities",
                     f"{EX04}: secret_property", f"{EX04}: other_secret",
                     f"{EX07}: updates_every_parameter", f"{EX07}: clears_gradients"]
    assert [t["number"] for t in doc["tests"]] == ["4.1", "4.2", "4.3", "4.4", "7.1", "7.2"]
    assert [t["status"] for t in doc["tests"]] == ["passed", "failed", "passed", "failed",
                                                  "failed", "passed"]
    assert [t["max_score"] for t in doc["tests"]] == [1, 2, 1.5, 2, 2, 3]
    assert all(isinstance(t["score"], float) for t in doc["tests"])
    extra = doc["extra_data"]
    assert extra["seed"] == 1234 and extra["exercises"][0]["device"] == "cpu"
    assert "seed 1234 | cpu" in doc["output"]


def test_hidden_checks_show_after_grades_are_published():
    """Is a hidden check's test shown only once grades are published (others always), and does
    the summary leave out its verdict and points while the total still counts them?"""
    doc = gradescope.results(_sample(), execution_time=1)
    visibility = {t["name"].split(": ")[1]: t["visibility"] for t in doc["tests"]}
    assert visibility == {"output_shape": "visible", "rows_are_probabilities": "visible",
                          "secret_property": "after_published", "other_secret": "after_published",
                          "updates_every_parameter": "visible", "clears_gradients": "visible"}
    assert f"{EX04}: 1/3, file {EX04}.py" in doc["output"]
    assert "Total: 4/8, and hidden checks worth 3.50 more, shown when grades are published" \
        in doc["output"]
    assert "secret" not in doc["output"] and "fresh inputs" not in doc["output"]


def test_a_failed_check_says_what_and_why_in_plain_text():
    """Does a failed check's output hold its outcome, message and hint (a passed one nothing),
    with terminal escapes from learner text removed, and the notes in the summary?"""
    results = _sample()
    results[1].checks[0].message += "\x1b[2J\u202e"
    doc = gradescope.results(results, execution_time=1)
    by_name = {t["name"]: t for t in doc["tests"]}
    failed = by_name[f"{EX04}: rows_are_probabilities"]["output"]
    assert failed.startswith("failed: Each row of `model(x)` should sum to 1")
    assert "Hint: `nn.Softmax` needs to be told" in failed
    error = by_name[f"{EX07}: updates_every_parameter"]["output"]
    assert error.startswith("error: Your `sgd_step` raised RuntimeError")
    assert "\x1b" not in error and "\u202e" not in error
    assert by_name[f"{EX04}: output_shape"]["output"] == ""
    assert all(t["output_format"] == "text" for t in doc["tests"])
    assert f"Note ({EX04}): Your code triggered a warning" in doc["output"]


def test_a_grader_error_is_shown_as_the_graders():
    """Does a check the grader could not run read as the grader's failure, not the learner's,
    in its test and in the summary, and score 0 of its points?"""
    message = "The grader failed on this check, not your code: (internal KeyError: 'w')."
    results = [_exercise(EX07, [CheckResult("clears_gradients", Outcome.GRADER_ERROR, 0, 3,
                                            message)])]
    doc = gradescope.results(results, execution_time=1)
    assert_gradescope_results(doc)
    (test,) = doc["tests"]
    assert test["status"] == "failed" and test["score"] == 0 and test["max_score"] == 3
    assert test["output"].startswith("grader error (the grader failed here, not your code)")
    assert test["extra_data"]["outcome"] == "grader_error"
    assert "The grader itself failed on 1 check(s): that is not your code's fault" \
        in doc["output"]
    assert "(grader error)" in doc["output"]


def test_a_missing_exercise_scores_zero_of_its_points():
    """Does an exercise with no file give each of its checks 0 of its points, say `missing`,
    and the summary say no file was found?"""
    message = "No file for ex07_manual_update: name it ex07_manual_update.py."
    results = [_exercise(EX07, [CheckResult("a", Outcome.MISSING, 0, 2, message, "hint"),
                                CheckResult("b", Outcome.MISSING, 0, 3, message, "hint")],
                         file=None)]
    doc = gradescope.results(results, execution_time=0)
    assert_gradescope_results(doc)
    assert [t["max_score"] for t in doc["tests"]] == [2, 3] and doc["score"] == 0
    assert all(t["output"] == f"missing: {message}" for t in doc["tests"])
    assert f"{EX07}: 0/5 (missing), no file" in doc["output"]


def test_no_exercise_is_still_a_valid_document():
    doc = gradescope.results([], execution_time=0)
    assert_gradescope_results(doc)
    assert doc["score"] == 0 and doc["tests"] == []


def test_weak_confinement_is_told_to_the_instructor_not_the_learner():
    """Is a confinement layer that was not active named in extra_data (for run_autograder to
    print to the instructors' stdout), and left out of what learners read?"""
    results = _sample()
    results[0].isolation["landlock"] = "unavailable (kernel 5.4)"
    doc = gradescope.results(results, execution_time=1)
    assert doc["extra_data"]["confinement_warnings"] == [
        f"{EX04}: landlock unavailable (kernel 5.4)"]
    assert "landlock" not in doc["output"].lower()


# ----------------------------------------------------------------------------- the zip
@pytest.fixture(scope="module")
def builtin_zip(tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    members = gradescope.bundle(courses.builtin(), out, [EX04, "ex07"])
    return out, members


def extract(zip_path: Path, dest: Path) -> Path:
    """Unpack as `unzip` does, keeping each member's mode."""
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            target = dest / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            target.chmod(stat.S_IMODE(info.external_attr >> 16) or 0o644)
    return dest


def test_the_zip_has_the_scripts_at_its_root_and_the_source_without_tests(builtin_zip):
    """Does the zip hold setup.sh and run_autograder at its root, executable, then the
    package's source with the built-in course, and none of tests/, caches, egg-info, bench/
    or examples/?"""
    out, members = builtin_zip
    with zipfile.ZipFile(out) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    assert list(infos) == members
    assert members[:2] == ["setup.sh", "run_autograder"]
    assert members[2:] == sorted(members[2:])
    for name in members:
        mode = stat.S_IMODE(infos[name].external_attr >> 16)
        assert mode == (0o755 if name in ("setup.sh", "run_autograder") else 0o644), name
        assert infos[name].date_time == (1980, 1, 1, 0, 0, 0)
    for needed in ("pyproject.toml", "README.md", "graders/core/cli.py",
                   "graders/worker/template.py", "graders/suites/ex04_softmax_head.py",
                   "torchgrade/__init__.py", f"solutions/{EX04}.py", f"exercises/{EX07}.py"):
        assert f"torchgrade/{needed}" in members, needed
    for name in members:
        parts = name.split("/")
        assert not {"tests", "bench", "examples", ".git", "__pycache__"} & set(parts), name
        assert not name.endswith((".pyc", ".pyo")) and ".egg-info" not in name, name
        assert parts[0] in ("setup.sh", "run_autograder", "torchgrade"), name


def test_the_zip_is_the_same_bytes_every_time(builtin_zip, tmp_path):
    out, members = builtin_zip
    again = gradescope.bundle(courses.builtin(), tmp_path / "again.zip", [EX04, EX07])
    assert again == members
    assert (tmp_path / "again.zip").read_bytes() == out.read_bytes()


def test_run_autograder_grades_the_named_exercises_confined(builtin_zip, tmp_path):
    """Does run_autograder grade the submission folder for exactly the named exercises, in
    Gradescope's format, from a root a test can move, and never without confinement?"""
    script = (extract(builtin_zip[0], tmp_path) / "run_autograder").read_text()
    assert script.startswith("#!/usr/bin/env bash\n")
    assert (f'check "$ROOT/submission" -e {EX04} -e {EX07} --format gradescope --device cpu'
            in script)
    assert 'ROOT="${TORCHGRADE_AUTOGRADER_ROOT:-/autograder}"' in script
    assert "--no-confine" not in script.replace("Never add --no-confine here", "")
    assert "--course" not in script
    assert os.access(tmp_path / "run_autograder", os.X_OK)
    subprocess.run(["bash", "-n", str(tmp_path / "run_autograder")], check=True)


def _fake_bin(folder: Path, **scripts: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in scripts.items():
        f = folder / name
        f.write_text("#!/usr/bin/env bash\n" + body)
        f.chmod(0o755)
    return folder


def test_setup_installs_cpu_torch_then_the_package_source_editable(builtin_zip, tmp_path):
    """Run with a fake `pip3` that records its arguments: does setup.sh ask for the pinned CPU
    build of torch from PyTorch's CPU index, then the package from the zip's source, editable
    (so the built-in course is found), and leave the solutions readable by root only?"""
    source = extract(builtin_zip[0], tmp_path / "autograder" / "source")
    log = tmp_path / "pip.log"
    fake = _fake_bin(tmp_path / "bin",
                     pip3=f'echo "$PIP_BREAK_SYSTEM_PACKAGES $*" >> {log}\n',
                     pip=f'echo "pip $*" >> {log}; exit 1\n',
                     **{"apt-get": f'echo "apt-get $*" >> {log}; exit 1\n'})
    proc = subprocess.run(["bash", str(source / "setup.sh")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60,
                          env=dict(os.environ, PATH=f"{fake}:{os.environ['PATH']}"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    calls = log.read_text().splitlines()
    version = gradescope.torch_version()
    assert "+" not in version
    assert calls == [f"1 install torch=={version} --index-url https://download.pytorch.org/whl/cpu",
                     "1 install -e ./torchgrade"]
    assert (source / "torchgrade" / "pyproject.toml").is_file()
    assert stat.S_IMODE((source / "torchgrade" / "solutions").stat().st_mode) == 0o700
    assert stat.S_IMODE((source / "torchgrade" / "graders").stat().st_mode) & 0o005


@pytest.mark.parametrize("grade_body, said", [
    ("exit 2\n", "`grade` exited with status 2 and printed no results"),
    ('echo "Traceback (most recent call last):" >&2\necho "ImportError: no torch" >&2\n'
     "echo 'not json'\nexit 1\n", "ImportError: no torch"),
    ("echo '{\"error\": \"the worker template did not start\"}'\nexit 2\n",
     "printed no results: the worker template did not start"),
], ids=["no-output", "traceback", "json-error"])
def test_run_autograder_writes_a_zero_score_when_grade_is_broken(builtin_zip, tmp_path,
                                                                 grade_body, said):
    """With a `grade` that crashes, prints nothing or prints an error, does run_autograder
    still write a valid results.json: score 0, every exercise 0 of its points, saying the
    autograder failed and not the learner, with the end of grade's error output?"""
    root, proc = _run_with_fakes(builtin_zip, tmp_path, grade=grade_body)
    doc = json.loads((root / "results" / "results.json").read_text())
    assert_gradescope_results(doc)
    assert doc["score"] == 0
    assert doc["output"].startswith("The autograder failed, not your submission")
    assert said in doc["output"]
    limits = {s.name: s.max_score for s in map(courses.builtin().load, (EX04, EX07))}
    assert {t["tags"][0]: t["max_score"] for t in doc["tests"]} == limits
    assert all(t["status"] == "failed" for t in doc["tests"])
    assert "the autograder failed" in proc.stdout


def test_run_autograder_keeps_grades_results_and_warns_the_instructor(builtin_zip, tmp_path):
    """With a `grade` that prints a results document, is it written as is, and a confinement
    layer that was missing printed to the autograder's stdout (which only instructors see)?"""
    doc = gradescope.results(_sample(), execution_time=3)
    doc["extra_data"]["confinement_warnings"] = [f"{EX04}: landlock unavailable"]
    (tmp_path / "doc.json").write_text(json.dumps(doc))
    root, proc = _run_with_fakes(builtin_zip, tmp_path,
                                 grade=f'cat {tmp_path / "doc.json"}\nexit 1\n')
    assert json.loads((root / "results" / "results.json").read_text()) == doc
    assert "score 5.5, seed 1234" in proc.stdout
    assert f"WARNING, learner code was not fully confined: {EX04}: landlock unavailable" \
        in proc.stdout


def test_run_autograder_writes_results_even_without_python(builtin_zip, tmp_path):
    """With `grade` and `python3` both broken, is there still a valid results.json?"""
    root, proc = _run_with_fakes(builtin_zip, tmp_path, grade="exit 2\n",
                                 python3="exit 127\n")
    doc = json.loads((root / "results" / "results.json").read_text())
    assert_gradescope_results(doc)
    assert doc["score"] == 0 and "autograder failed" in doc["output"]


def _run_with_fakes(builtin_zip, tmp_path: Path, **fakes: str):
    """run_autograder from the unpacked zip, with stand-in programs first on PATH; it must
    exit 0 whatever they do. Returns the autograder root and the finished process."""
    root = tmp_path / "autograder"
    extract(builtin_zip[0], root / "source")
    (root / "submission").mkdir()
    fake = _fake_bin(tmp_path / "bin", **fakes)
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PATH=f"{fake}:{os.environ['PATH']}",
                                   TORCHGRADE_AUTOGRADER_ROOT=str(root)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root, proc


def _own_course(tmp_path: Path) -> Path:
    """A course folder of one's own with one exercise (ex07), tests and a cache beside it."""
    course = tmp_path / "my-course"
    for kind, src in (("suites", ROOT / "graders" / "suites"), ("solutions", ROOT / "solutions"),
                      ("exercises", ROOT / "exercises")):
        (course / kind).mkdir(parents=True)
        shutil.copy2(src / f"{EX07}.py", course / kind / f"{EX07}.py")
    (course / "data").mkdir()
    (course / "data" / "points.csv").write_text("x,y\n1,2\n")
    (course / "tests" / "variants" / EX07).mkdir(parents=True)
    (course / "tests" / "variants" / EX07 / "v.py").write_text("# a correct variant\n")
    (course / "suites" / "__pycache__").mkdir()
    (course / "suites" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    return course


def test_a_course_of_ones_own_travels_as_course_and_is_named_with_course(tmp_path):
    """With --course DIR: is the course in the zip as course/ (without its tests), graded with
    --course, its solutions made root-only, and the built-in course's solutions left out?"""
    course = courses.Course(_own_course(tmp_path))
    members = gradescope.bundle(course, tmp_path / "own.zip", None)
    assert {f"course/suites/{EX07}.py", f"course/solutions/{EX07}.py",
            f"course/exercises/{EX07}.py", "course/data/points.csv",
            "torchgrade/pyproject.toml", "torchgrade/graders/core/cli.py"} <= set(members)
    assert not [m for m in members if "/tests/" in m or "__pycache__" in m]
    assert not [m for m in members if m.startswith(("torchgrade/solutions/",
                                                    "torchgrade/exercises/"))]
    source = extract(tmp_path / "own.zip", tmp_path / "unpacked")
    script = (source / "run_autograder").read_text()
    assert f'-e {EX07} --format gradescope --device cpu' in script
    assert '--no-service --course "$ROOT/source/course"' in script
    assert "./course/solutions" in (source / "setup.sh").read_text()


def test_bundle_through_the_cli_names_unknown_exercises(tmp_path):
    out = CliRunner().invoke(main, ["gradescope-bundle", str(tmp_path / "a.zip"), "-e", "ex99"])
    assert out.exit_code == 2 and "no exercise named" in out.output
    assert not (tmp_path / "a.zip").exists()


# ----------------------------------------------------------------------------- end to end
def _check_json(path: Path, exercise: str) -> dict:
    """`grade check FILE -e NAME --json --seed SEED` on the CPU, as a learner would run it."""
    out = CliRunner().invoke(main, ["check", str(path), "-e", exercise, "--json", "--seed",
                                    str(SEED), "--device", "cpu"], catch_exceptions=False)
    assert out.exit_code in (0, 1), out.output
    return json.loads(out.output)


@pytest.mark.slow
def test_gradescope_end_to_end(tmp_path):
    """Written by `grade gradescope-bundle`, unpacked as Gradescope does, set up (with a fake
    pip3) and run on a submission folder: is results.json what Gradescope accepts, with each
    check's score what `grade check FILE --json` gives the same file on the same seed, and an
    exercise with no file 0 of its points as missing?"""
    if shutil.which("grade") is None:
        pytest.skip("the package is not installed (pip install -e .)")
    zip_path = tmp_path / "autograder.zip"
    out = CliRunner().invoke(main, ["gradescope-bundle", str(zip_path), "-e", EX04,
                                    "-e", "ex07"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    root = tmp_path / "autograder"
    source = extract(zip_path, root / "source")
    fake = _fake_bin(tmp_path / "bin", pip3="true\n")
    env = {k: v for k, v in os.environ.items() if k != courses.ENV}
    subprocess.run(["bash", str(source / "setup.sh")], check=True, timeout=60,
                   env=dict(env, PATH=f"{fake}:{env['PATH']}"))
    # Gradescope copies run_autograder to /autograder and runs it from there; the installed
    # `grade` imports the package from the zip's source, as `pip3 install -e` makes it there.
    shutil.copy2(source / "run_autograder", root / "run_autograder")
    env.update(TORCHGRADE_AUTOGRADER_ROOT=str(root), TORCHGRADE_SEED=str(SEED),
               PYTHONPATH=str(source / "torchgrade"))

    right = ROOT / "tests" / "variants" / EX04 / "module_subclass.py"
    wrong = ROOT / "tests" / "mistakes" / EX07 / "sign_error.py"
    expected = {EX04: _check_json(right, EX04), EX07: _check_json(wrong, EX07)}
    assert expected[EX04]["score"] == expected[EX04]["max_score"]
    assert expected[EX07]["score"] < expected[EX07]["max_score"]

    for case, files in (("both", {EX04: right, EX07: wrong}), ("one missing", {EX04: right})):
        submission = root / "submission"
        shutil.rmtree(submission, ignore_errors=True)
        shutil.rmtree(root / "results", ignore_errors=True)
        (submission / "work").mkdir(parents=True)
        for name, f in files.items():
            shutil.copy2(f, submission / "work" / f"{name}.py")
        proc = subprocess.run(["bash", str(root / "run_autograder")], capture_output=True,
                              text=True, timeout=300, cwd=tmp_path, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        doc = json.loads((root / "results" / "results.json").read_text())
        assert_gradescope_results(doc)
        assert "autograder failed" not in doc["output"], (case, doc["output"], proc.stdout)
        assert doc["extra_data"]["seed"] == SEED
        got = {(t["extra_data"]["exercise"], t["extra_data"]["check"]): t for t in doc["tests"]}
        for name in (EX04, EX07):
            want = expected[name]["checks"]
            assert [(name, c["name"]) for c in want] == [k for k in got if k[0] == name], case
            for c in want:
                t = got[(name, c["name"])]
                assert t["max_score"] == c["max_points"], (case, c["name"])
                if name in files:
                    assert t["score"] == c["points"], (case, c["name"])
                    assert t["status"] == ("passed" if c["outcome"] == "passed" else "failed")
                else:
                    assert t["score"] == 0 and t["extra_data"]["outcome"] == "missing"
        want_total = sum(expected[n]["score"] for n in files)
        assert doc["score"] == want_total, case
        assert f"torchgrade: score {doc['score']}, seed {SEED}" in proc.stdout
    assert f"{EX07}: 0/{expected[EX07]['max_score']} (missing), no file" in doc["output"]
