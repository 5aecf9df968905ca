"""The learners' bundle (`grade release`): no solution in it, and from it alone `grade check`
gives the instructor grader's verdicts and messages on the recorded seeds."""
from __future__ import annotations

import json
import site
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TESTS

from graders.core import build, recorded
from graders.core.course import builtin
from graders.core.release import ReleaseError, release
from graders.worker import wire

pytestmark = pytest.mark.slow
RELEASED = ["ex04_softmax_head", "ex07_manual_update"]
MISTAKES = {"ex04_softmax_head": ["softmax_over_batch_dim", "no_softmax"],
            "ex07_manual_update": ["rebinds_name", "sign_error", "gradients_not_cleared"]}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "bundle"
    release(builtin(), out)                  # the whole course: every suite is searched
    return out


@pytest.fixture(scope="module")
def installed(bundle, tmp_path_factory) -> Path:
    """A fresh virtual environment with only the bundle installed (`pip install`, as a learner
    would); this machine's libraries (torch, numpy, IPython) are on its path as plain folders,
    so this checkout's editable torchgrade is not (its finder hook is never run there)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    lib = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    Path(lib, "this_machines_libraries.pth").write_text(
        "\n".join(p for p in site.getsitepackages() if Path(p).is_dir()) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(bundle)],
                   check=True, capture_output=True)
    where = subprocess.run([str(python), "-c", "import graders; print(graders.__file__)"],
                           capture_output=True, text=True, check=True, cwd=venv).stdout
    assert where.startswith(str(venv)) and not (Path(where).parents[1] / "solutions").exists()
    return venv


def bundle_grade(installed: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The bundle's own `grade` command, in its virtual environment."""
    return subprocess.run([str(installed / "bin" / "grade"), *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def instructor_grade(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graders", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def _verdicts(result: dict) -> list[tuple]:
    return [(c["name"], c["outcome"], c["points"], c["message"], c["hint"])
            for c in result["checks"]]


def _secret_lines() -> tuple[set[str], set[str]]:
    """Every non-trivial line of every solution region, and of every variant, in the course."""
    course = builtin()
    engine = "".join(f.read_text() for part in ("core", "worker")
                     for f in (ROOT / "graders" / part).glob("*.py"))    # public anyway

    def meaningful(lines, stub):
        return {x.strip() for x in lines if len(x.strip()) >= 24 and x.strip() not in stub
                and x.strip() not in engine
                and not x.strip().startswith(("#", '"""', "import ", "from ", "def ", "class "))}
    solutions, variants = set(), set()
    for name in course.names():
        s = course.load(name)
        stub = s.stub_path.read_text()
        solutions |= meaningful(build.solution_lines(s.solution_path.read_text(), name), stub)
        variants |= meaningful([x for p in (TESTS / "variants" / name).glob("*.py")
                                for x in p.read_text().splitlines()], stub)
    return solutions, variants


def test_bundle_holds_no_solution_line(bundle):
    """Is no solution region's line, nor a variant's, anywhere in the bundle?"""
    solutions, variants = _secret_lines()
    assert len(solutions) > 20 and len(variants) > 100      # the search has things to find
    files = [p for p in bundle.rglob("*") if p.is_file()]
    assert not (bundle / "solutions").exists() and not list(bundle.rglob("solutions"))
    for f in files:
        text = f.read_bytes().decode("utf-8", "replace")
        # A suite is the instructor's own code: a variant's line there is check code.
        secrets = solutions if "suites" in f.parts else solutions | variants
        found = [line for line in secrets if line in text]
        assert not found, (f, found[:3])


def test_bundle_holds_what_learners_need(bundle):
    for name in RELEASED:
        assert (bundle / "exercises" / f"{name}.py").is_file()
        assert (bundle / "exercises" / f"{name}.ipynb").is_file()
        frame = (bundle / "graders" / "course" / "recorded" / f"{name}.tgw").read_bytes()
        assert frame[:4] == wire.MAGIC                # JSON and raw arrays, no pickle
        assert wire.decode(frame, max_bytes=recorded.MAX_BYTES)["seeds"] == list(recorded.SEEDS)
    suites = {p.stem for p in (bundle / "graders" / "course" / "suites").glob("ex*.py")}
    assert suites == set(builtin().names())


def test_release_refuses_a_bundle_that_would_hold_a_solution(tmp_path):
    """A suite that quotes its solution's code makes no bundle, and no folder is left."""
    from graders.core import scaffold
    from graders.core.course import Course

    root = tmp_path / "course"
    scaffold.new(root, "ex97_demo")
    line = "scaled_then_shifted = x * factor + shift"
    solution = root / "solutions" / "ex97_demo.py"
    solution.write_text(solution.read_text().replace(
        "return x * factor + shift", f"{line}\n    return scaled_then_shifted"))
    assert line in build.solution_lines(solution.read_text(), "ex97_demo")[0]
    suite = root / "suites" / "ex97_demo.py"
    suite.write_text(suite.read_text() + f"\n# the answer: {line}\n")
    with pytest.raises(ReleaseError, match="solution code would be in the bundle"):
        release(Course(root), tmp_path / "bundle", None)
    assert not (tmp_path / "bundle").exists()


def test_release_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "x").write_text("mine")
    with pytest.raises(ReleaseError, match="not empty"):
        release(builtin(), tmp_path, RELEASED[:1])


def test_installed_bundle_grades_like_the_instructor(installed, tmp_path):
    """From the installed bundle: a variant full marks, the stub not attempted, and each
    known mistake the instructor grader's outcome, points, message and hint, seed for seed."""
    for name in RELEASED:
        variant = sorted((TESTS / "variants" / name).glob("*.py"))[0]
        stub = ROOT / "exercises" / f"{name}.py"
        mistakes = [TESTS / "mistakes" / name / f"{m}.py" for m in MISTAKES[name]]
        for seed in recorded.SEEDS:
            args = ["check", str(variant), str(stub), *map(str, mistakes), "-e", name,
                    "--seed", str(seed), "--json"]
            mine = bundle_grade(installed, *args, cwd=tmp_path)
            theirs = instructor_grade(*args)
            assert mine.returncode == 1, mine.stderr
            got, want = json.loads(mine.stdout), json.loads(theirs.stdout)
            assert got[0]["score"] == got[0]["max_score"]
            assert {c["outcome"] for c in got[1]["checks"]} == {"not_attempted"}
            for g, w in zip(got[2:], want[2:]):
                assert g["score"] < g["max_score"]
                assert _verdicts(g) == _verdicts(w), g["file"]


def _recorded(venv: Path, name: str) -> Path:
    found = list(venv.glob(f"lib/python*/site-packages/graders/course/recorded/{name}.tgw"))
    assert len(found) == 1, found
    return found[0]


def test_bundle_checks_only_on_recorded_seeds(installed, tmp_path):
    run = bundle_grade(installed, "check", str(ROOT / "exercises" / f"{RELEASED[0]}.py"),
                       "--seed", "12345", cwd=tmp_path)
    assert run.returncode == 2 and "seeds 1, 2, 3 only" in run.stderr


def test_damaged_recording_is_named(installed, tmp_path):
    """A recording changed after release is refused with a message, not a traceback."""
    rec = _recorded(installed, RELEASED[1])
    saved = rec.read_bytes()
    try:
        rec.write_bytes(saved[:100])
        run = bundle_grade(installed, "check", str(ROOT / "exercises" / f"{RELEASED[1]}.py"),
                           cwd=tmp_path)
        assert run.returncode == 2 and "reinstall the course bundle" in run.stderr
        assert "Traceback" not in run.stderr
    finally:
        rec.write_bytes(saved)


def test_a_call_not_recorded_is_said_so(installed, tmp_path):
    """Where a learner's code leads a check off the recorded calls, that check says it cannot
    be judged here; the others are judged."""
    name = RELEASED[1]
    rec = _recorded(installed, name)
    saved = rec.read_bytes()
    doc = wire.decode(saved, max_bytes=recorded.MAX_BYTES)
    try:
        kept = dict(list(doc["calls"].items())[::2])
        rec.write_bytes(wire.encode(dict(doc, calls=kept), max_bytes=recorded.MAX_BYTES,
                                    tensor_hook=wire.observation_hook))
        outcomes = []
        for seed in recorded.SEEDS:
            run = bundle_grade(installed, "check", str(ROOT / "solutions" / f"{name}.py"),
                               "--seed", str(seed), "--json", cwd=tmp_path)
            outcomes += [(c["outcome"], c["message"]) for c in json.loads(run.stdout)["checks"]]
        errors = [m for o, m in outcomes if o == "grader_error"]
        assert errors and all("no recorded answer" in m for m in errors)
    finally:
        rec.write_bytes(saved)


def test_learner_check_from_the_bundle_alone(installed, tmp_path):
    """In an IPython shell that has only the bundle: `learner.check` grades the cells run."""
    pytest.importorskip("IPython")
    name = RELEASED[1]
    right = (TESTS / "variants" / name / "sub_and_zero.py").read_text()
    cells = ["import graders, torchgrade; assert all(m.__file__.startswith("
             f"{str(installed)!r}) for m in (graders, torchgrade))",
             right, f"from torchgrade import learner\nlearner.check('{name}', seed=2)"]
    script = ("from IPython.core.interactiveshell import InteractiveShell\n"
              "shell = InteractiveShell.instance()\n"
              f"for cell in {cells!r}:\n"
              "    assert shell.run_cell(cell, store_history=True).success, cell\n")
    run = subprocess.run([str(installed / "bin" / "python"), "-c", script],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert "Score: 5/5" in run.stdout, run.stdout + run.stderr


def test_hidden_checks_stay_out_and_helpers_go_in(tmp_path):
    """In a course of one's own: a hidden check is neither recorded nor run from the bundle,
    and a helper beside the stubs is given to learners."""
    from graders.core import scaffold
    from graders.core.course import Course

    root = tmp_path / "course"
    scaffold.new(root, "ex97_demo")
    suite = root / "suites" / "ex97_demo.py"
    suite.write_text(suite.read_text().replace('@check(points=1, hint="Use entrywise',
                                               '@check(points=1, hidden=True, hint="Use entrywise'))
    (root / "exercises" / "plot_helpers.py").write_text("def plot(xs):\n    return len(xs)\n")
    out = tmp_path / "bundle"
    release(Course(root), out, None)
    assert (out / "exercises" / "plot_helpers.py").is_file()
    inner = Course(out / "graders" / "course")
    assert inner.released
    assert [c.name for c in inner.load("ex97_demo").checks] == ["outputs_match_reference"]
    frame = (out / "graders" / "course" / "recorded" / "ex97_demo.tgw").read_bytes()
    calls = wire.decode(frame, max_bytes=recorded.MAX_BYTES)["calls"]
    shapes = {tuple(v.shape) for v in calls.values() if isinstance(v, wire.TensorObs)}
    assert (2, 3, 4) not in shapes            # the hidden check's input shape: not recorded
    assert shapes
