"""The `grade` command, through click's CliRunner and as the installed console script."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from conftest import DEVICE, ROOT, SEED

from graders.core.cli import main
from graders.core.course import builtin

EX04 = "ex04_softmax_head"
COMMON = ["--device", DEVICE, "--seed", str(SEED)]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_every_command_is_documented_with_an_example():
    """Does every command have help text that ends with an example, and do the exit codes
    appear in the top-level help?"""
    top = run("--help")
    assert top.exit_code == 0 and "Exit status" in top.output
    for name in main.commands:
        out = run(name, "--help")
        assert out.exit_code == 0 and "Example:" in out.output, name


def test_list_shows_every_exercise_with_its_points():
    """Does `grade list` name each exercise and its points, in text and JSON?"""
    out = run("list")
    for name in builtin().names():
        assert name in out.output
    data = json.loads(run("list", "--json").output)
    assert [d["exercise"] for d in data] == builtin().names()
    assert all(d["max_score"] == sum(c["points"] for c in d["checks"]) for d in data)


def test_check_reference_exits_zero_with_json():
    """Does the reference get exit 0 and a JSON object with every documented field?"""
    out = run("check", str(ROOT / "solutions" / f"{EX04}.py"), "--json", *COMMON)
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    for key in ("exercise", "score", "max_score", "seed", "device", "checks"):
        assert key in data
    assert data["seed"] == SEED and data["score"] == data["max_score"]
    for check in data["checks"]:
        assert set(check) >= {"name", "outcome", "points", "max_points", "message"}


def test_check_text_names_the_mistake_and_exits_one():
    """Does a wrong file exit 1, with each failed check's message and hint in the text?"""
    path = ROOT / "tests" / "mistakes" / EX04 / "softmax_over_batch_dim.py"
    out = run("check", str(path), "--exercise", EX04, *COMMON)
    assert out.exit_code == 1
    assert "runs over the batch dimension" in out.output and "Hint:" in out.output
    assert f"--exercise {EX04} --seed {SEED}" in out.output
    assert "Traceback" not in out.output


def test_stub_exits_one_and_reads_not_attempted():
    out = run("check", str(ROOT / "exercises" / f"{EX04}.py"), *COMMON)
    assert out.exit_code == 1 and "not attempted" in out.output


@pytest.mark.parametrize("args,phrase", [
    (["check", "somewhere/nothing_here.py"], "does not exist"),
    (["check", str(ROOT / "pyproject.toml")], "cannot tell which exercise"),
    (["check", str(ROOT / "solutions" / f"{EX04}.py"), "--exercise", "ex99_nope"],
     "no exercise named"),
], ids=["missing-file", "unknown-exercise", "bad-exercise-name"])
def test_usage_errors_exit_two_with_a_message(args, phrase):
    """Is a usage error exit 2 with a one-line message, in text and in JSON?"""
    out = run(*args)
    assert out.exit_code == 2 and phrase in out.output and "Traceback" not in out.output
    out = run(*args, "--json")
    if args[0] == "check":
        assert out.exit_code == 2


def test_cuda_asked_without_cuda_is_a_system_error():
    if DEVICE.startswith("cuda"):
        pytest.skip("this machine has CUDA")
    out = run("check", str(ROOT / "solutions" / f"{EX04}.py"), "--device", "cuda")
    assert out.exit_code == 2 and "no CUDA device" in out.output


def test_installed_console_script(tmp_path):
    """Does the installed `grade` command grade a file and exit 0 on full marks?"""
    exe = shutil.which("grade")
    if exe is None:
        pytest.skip("the package is not installed (pip install -e .)")
    proc = subprocess.run([exe, "check", str(ROOT / "solutions" / f"{EX04}.py"), *COMMON],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Score: 7/7" in proc.stdout


def test_short_exercise_names_are_accepted(tmp_path):
    """Does `-e ex04` name ex04_softmax_head in `grade check` and `grade class`, as the README
    says, while an unknown or ambiguous name is still a usage error?"""
    solution = ROOT / "solutions" / f"{EX04}.py"
    attempt = tmp_path / "attempt.py"
    attempt.write_text(solution.read_text())
    out = run("check", str(attempt), "-e", "ex04", *COMMON)
    assert out.exit_code == 0, out.output
    (tmp_path / "class" / "ada").mkdir(parents=True)
    (tmp_path / "class" / "ada" / f"{EX04}.py").write_text(solution.read_text())
    out = run("class", str(tmp_path / "class"), "--out", str(tmp_path / "out"), "-e", "ex04",
              "--jobs", "1", *COMMON)
    assert out.exit_code == 0, out.output
    assert (tmp_path / "out" / "gradebook.csv").read_text().splitlines()[0] == (
        f'"learner","{EX04}","total","max_total","status","late"')
    out = run("check", str(attempt), "-e", "ex", *COMMON)
    assert out.exit_code == 2 and "no exercise named" in out.output


def test_check_grades_several_files_and_exits_with_the_worst(tmp_path):
    """Does `grade check a.py b.py` grade each file, print each report (a JSON list with
    --json) and exit with the worst status; one file still prints one object?"""
    right = ROOT / "solutions" / f"{EX04}.py"
    wrong = ROOT / "tests" / "mistakes" / EX04 / "no_softmax.py"
    out = run("check", str(right), str(wrong), "-e", EX04, "--json", *COMMON)
    assert out.exit_code == 1, out.output
    data = json.loads(out.output)
    assert [d["score"] == d["max_score"] for d in data] == [True, False]
    out = run("check", str(right), str(wrong), "-e", EX04, *COMMON)
    assert out.exit_code == 1 and out.output.count("Score: ") == 2
    out = run("check", str(right), str(tmp_path / "gone.py"), "-e", EX04, "--json", *COMMON)
    assert out.exit_code == 2
    data = json.loads(out.output)
    assert data[0]["score"] == data[0]["max_score"] and "does not exist" in data[1]["error"]
    assert isinstance(json.loads(run("check", str(right), "--json", *COMMON).output), dict)
