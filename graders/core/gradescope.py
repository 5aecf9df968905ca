"""Gradescope: the results.json of one submission (`grade check --format gradescope`) and the
autograder zip (`grade gradescope-bundle OUT.zip`).

The zip, as Gradescope's autograder specification wants it (unpacked into
/autograder/source when Gradescope builds the image):

    setup.sh          run once, as root, at image build: the CPU wheel of the torch this bundle
                      was written with, then `pip3 install -e torchgrade/`
    run_autograder    run per submission: `grade check /autograder/submission -e NAME...
                      --format gradescope` into /autograder/results/results.json; if `grade`
                      crashes or prints no results, a results.json with score 0 that says the
                      autograder failed (never none)
    torchgrade/       this package's source: pyproject.toml, README.md, graders/, torchgrade/,
                      and the built-in course (solutions/, exercises/, data/); no tests/
    course/           with `--course DIR`: that course, graded with `--course`

**Editable, not `--course`.** The built-in course is the source folder itself (`PACKAGE_ROOT`,
the folder holding graders/, with solutions/ and exercises/ beside it). A regular install
copies only the Python packages into site-packages and leaves the course behind, and a source
checkout is not a `--course` folder (its suites are graders/suites, not suites/), so setup.sh
installs it with `pip3 install -e`: the built-in course stays /autograder/source/torchgrade.
A course of one's own travels as course/ and run_autograder names it with `--course`.

**What keeps the solutions from learner code.** On Gradescope the learner's code runs in the
container that holds /autograder/source, solutions included. torchgrade's worker confinement
is what stands between them: Landlock lets a worker read Python and system paths only, never
a course (`Course.secrets`, `builtin_secrets`); seccomp and a uid of the worker's own do the
rest. run_autograder therefore never passes `--no-confine`, and each result records the layers
that applied (`extra_data.exercises[].isolation`; a missing one is printed to the autograder's
stdout, which only instructors see). As a second wall, setup.sh makes solutions/ readable by
root only, so a worker's own uid cannot read them even where Landlock is missing.
"""
from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shlex
import stat
import tempfile
import zipfile
from pathlib import Path

from graders import __version__
from graders.core import course as courses
from graders.core.outcomes import Outcome
from graders.core.report import file_name, points, printable
from graders.core.results import CheckResult, ExerciseResult

# Gradescope's vocabulary (autograder specification, "Output format").
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
FORMATS = ("text", "html", "simple_format", "md", "ansi")
STATUSES = ("passed", "failed")

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
SOURCE = "torchgrade"        # the package's source, in the zip and in /autograder/source
COURSE = "course"            # a `--course` folder, in the zip
# What of the source checkout Gradescope needs; the course folders only for the built-in one.
PACKAGE_PARTS = ("pyproject.toml", "README.md", "graders", "torchgrade")
BUILTIN_COURSE_PARTS = ("solutions", "exercises", "data")
# Never shipped: the tests hold correct variants; the rest is build and tool debris.
SKIPPED_DIRS = {"tests", "bench", "examples", "__pycache__", "build", "dist"}
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".egg-info")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)      # the earliest a zip can say: the same bytes every time


class GradescopeError(ValueError):
    """A bundle that cannot be written from here (the CLI's exit status 2)."""


# ----------------------------------------------------------------------------- results.json
def results(exercises: list[ExerciseResult], *, execution_time: float) -> dict:
    """The Gradescope autograder results.json document for one submission."""
    tests = [_test(r, c, i) for r in exercises for i, c in enumerate(r.checks, 1)]
    seeds = {r.seed for r in exercises}
    return {
        "score": float(sum(t["score"] for t in tests)),
        "execution_time": round(float(execution_time), 2),
        "output": summary(exercises),
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "stdout_visibility": "hidden",          # grader logs are for the instructor
        "extra_data": {
            "grader": f"torchgrade {__version__}",
            "seed": seeds.pop() if len(seeds) == 1 else None,
            "exercises": [_exercise_data(r) for r in exercises],
            "confinement_warnings": confinement_warnings(exercises),
        },
        "tests": tests,
    }


def _test(r: ExerciseResult, c: CheckResult, i: int) -> dict:
    """One check as one Gradescope test; a hidden check shows when grades are published."""
    return {
        "name": f"{r.exercise}: {c.name}",
        "name_format": "text",
        "number": f"{_exercise_number(r.exercise)}.{i}",
        "score": float(c.points),
        "max_score": float(c.max_points),
        "status": "passed" if c.passed else "failed",
        "output": check_output(c),
        "output_format": "text",
        "tags": [r.exercise],
        "visibility": "after_published" if c.hidden else "visible",
        "extra_data": {"exercise": r.exercise, "check": c.name, "outcome": c.outcome.value},
    }


def _exercise_number(name: str) -> str:
    m = re.match(r"ex(\d+)", name)
    return str(int(m.group(1))) if m else name


def check_output(c: CheckResult) -> str:
    """What a learner reads under a check: nothing when it passed; else the outcome, the
    message and the hint. A grader error says it is ours, not the learner's."""
    if c.passed:
        return ""
    if c.outcome is Outcome.GRADER_ERROR:
        head = "grader error (the grader failed here, not your code)"
    else:
        head = c.outcome.label
    lines = [f"{head}: {printable(c.message)}" if c.message else head]
    if c.hint and c.outcome not in (Outcome.MISSING, Outcome.GRADER_ERROR):
        lines.append(f"Hint: {printable(c.hint)}")
    return "\n".join(lines)


def summary(exercises: list[ExerciseResult]) -> str:
    """The text above the tests: per exercise its file and score, without hidden checks'
    verdicts or points (as `grade check` prints), and the notes."""
    if not exercises:
        return "No exercise was graded."
    seeds = sorted({r.seed for r in exercises})
    devices = sorted({r.device for r in exercises})
    lines = [f"torchgrade {__version__} | seed {', '.join(map(str, seeds))} | "
             f"{', '.join(devices)}", ""]
    for r in exercises:
        shown = [c for c in r.checks if not c.hidden]
        score = points(sum(c.points for c in shown))
        out_of = points(sum(c.max_points for c in shown))
        shown = r.visible_status           # a hidden check's outcome must not show here
        status = "" if shown == "graded" else f" ({shown.replace('_', ' ')})"
        graded = f"file {file_name(r.file)}" if r.file else "no file"
        lines.append(f"{r.exercise}: {score}/{out_of}{status}, {graded}")
    shown = [c for r in exercises for c in r.checks if not c.hidden]
    held = sum(c.max_points for r in exercises for c in r.checks if c.hidden)
    lines += ["", f"Total: {points(sum(c.points for c in shown))}/"
                  f"{points(sum(c.max_points for c in shown))}"
                  + (f", and hidden checks worth {points(held)} more, shown when grades are "
                     "published" if held else "")]
    failed = sum(1 for r in exercises for c in r.checks if c.outcome is Outcome.GRADER_ERROR)
    if failed:
        lines += ["", f"The grader itself failed on {failed} check(s): that is not your code's "
                      "fault; your instructor can see what went wrong and regrade."]
    for r in exercises:
        notes = list(r.notes)
        if r.ignored:
            notes.insert(0, f"graded {file_name(r.file or '')}; not graded: "
                         f"{', '.join(map(file_name, r.ignored))} (a file "
                            f"named exactly {r.exercise}.py wins, then {r.exercise}.ipynb, "
                            "then the most recently modified).")
        lines += [line for n in notes for line in ("", f"Note ({r.exercise}): {printable(n)}")]
    return "\n".join(lines)


def _exercise_data(r: ExerciseResult) -> dict:
    return {"exercise": r.exercise, "title": r.title, "file": r.file, "score": r.score,
            "max_score": r.max_score, "status": r.visible_status, "seed": r.seed,
            "device": r.device, "isolation": dict(r.isolation), "ignored": list(r.ignored)}


def confinement_warnings(exercises: list[ExerciseResult]) -> list[str]:
    """Confinement layers that were not active: learner code could read more than it should."""
    out = []
    for r in exercises:
        for layer in ("landlock", "seccomp"):
            value = str(r.isolation.get(layer, ""))
            if r.isolation.get("worker") and not value.startswith("active"):
                out.append(f"{r.exercise}: {layer} {value or 'missing'}")
    return out


# ----------------------------------------------------------------------------- the zip
def bundle(course: courses.Course, out_zip: Path, names: list[str] | None) -> list[str]:
    """Write the Gradescope autograder zip; return its member names."""
    if course.released:
        raise GradescopeError(f"{course.describe()} is a learner's bundle (recorded answers, "
                              "no solutions): bundle from the course's source")
    root = courses.PACKAGE_ROOT
    if not (root / "pyproject.toml").is_file():
        raise GradescopeError(f"torchgrade's source is not at {root} (installed from a wheel?): "
                              "write the bundle from a source checkout (`pip install -e .`)")
    names = list(dict.fromkeys(course.named(n) for n in names)) if names else course.names()
    if not names:
        raise GradescopeError(f"{course.describe()} has no exercises to grade")
    max_points = {n: course.load(n).max_score for n in names}

    members: dict[str, tuple[bytes, int]] = {
        "setup.sh": (setup_script(course).encode(), 0o755),
        "run_autograder": (run_autograder_script(names, max_points, course).encode(), 0o755),
    }
    parts = PACKAGE_PARTS + (BUILTIN_COURSE_PARTS if course.builtin else ())
    for part in parts:
        for f, rel in _files(root, root / part):
            if rel.startswith("graders/course/"):   # a learner bundle's course: not ours
                continue
            members[f"{SOURCE}/{rel}"] = (f.read_bytes(), 0o644)
    if not course.builtin:
        for f, rel in _files(course.root, course.root):
            members[f"{COURSE}/{rel}"] = (f.read_bytes(), 0o644)

    order = ["setup.sh", "run_autograder", *sorted(m for m in members
                                                   if m not in ("setup.sh", "run_autograder"))]
    out_zip = Path(out_zip)
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_zip.name}.", dir=out_zip.parent)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w",
                                                        zipfile.ZIP_DEFLATED) as zf:
            for name in order:
                data, mode = members[name]
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.create_system = 3                     # Unix: unzip keeps the modes
                info.external_attr = (stat.S_IFREG | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_zip)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return order


def _files(base: Path, top: Path) -> list[tuple[Path, str]]:
    """Regular files under `top` (or `top` itself), with their path relative to `base`;
    tests, tool caches, hidden files and build debris left out; symlinked folders not
    followed."""
    if top.is_file():
        return [(top, top.relative_to(base).as_posix())]
    out = []
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not _skipped(d))
        for name in sorted(files):
            f = Path(folder, name)
            if not _skipped(name) and f.is_file():
                out.append((f, f.relative_to(base).as_posix()))
    return out


def _skipped(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_DIRS or name.endswith(SKIPPED_SUFFIXES)


def torch_version() -> str:
    """The installed torch's version without its local label (2.13.0+cpu -> 2.13.0)."""
    try:
        version = importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        import torch
        version = torch.__version__
    return version.split("+")[0]


def setup_script(course: courses.Course) -> str:
    """setup.sh: Gradescope runs it once, as root, from the unpacked zip."""
    private = [f"./{SOURCE}/solutions"] + ([] if course.builtin else [f"./{COURSE}/solutions"])
    return f"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# Written by `grade gradescope-bundle` (torchgrade {__version__}).
set -euo pipefail
cd "$(dirname "${{BASH_SOURCE[0]}}")"      # /autograder/source: the zip, unpacked

# Ubuntu 23.04 and later mark the system Python as externally managed (PEP 668); this image
# belongs to the autograder alone.
export PIP_BREAK_SYSTEM_PACKAGES=1
if ! command -v pip3 >/dev/null 2>&1; then
    apt-get update && apt-get install -y --no-install-recommends python3-pip
fi

# The CPU build of the torch this bundle was written with: there is no GPU here, and the
# default build brings gigabytes of CUDA libraries.
pip3 install "torch=={torch_version()}" --index-url {CPU_INDEX}

# torchgrade, editable: its built-in course is this source folder itself (solutions/ and
# exercises/ beside graders/), which a regular install would leave behind.
pip3 install -e ./{SOURCE}

# Learner code runs in confined workers, each as a uid of its own. Landlock keeps them out of
# this folder; readable by root only, the solutions stay out of reach where it is missing.
for secret in {" ".join(private)}; do
    if [ -d "$secret" ]; then chmod -R go-rwx "$secret"; fi
done
"""


def run_autograder_script(names: list[str], max_points: dict[str, float],
                          course: courses.Course) -> str:
    """run_autograder: Gradescope runs it per submission, as root, from /autograder."""
    exercises = " ".join(f"-e {shlex.quote(n)}" for n in names)
    course_arg = "" if course.builtin else f' --course "$ROOT/source/{COURSE}"'
    maxes = shlex.quote(json.dumps(max_points))
    return f"""#!/usr/bin/env bash
# Gradescope runs this once per submission, as root, from /autograder.
# Written by `grade gradescope-bundle` (torchgrade {__version__}).
#
# Grades $ROOT/submission into $ROOT/results/results.json. If `grade` crashes or prints no
# results, it still writes one: score 0, saying the autograder failed (not the learner).
# Learner code runs in torchgrade's confined workers (Landlock, seccomp, a uid of its own):
# that is all that keeps it from reading $ROOT/source. Never add --no-confine here.
#
#   TORCHGRADE_AUTOGRADER_ROOT   the tree Gradescope lays out [default: /autograder]
#   TORCHGRADE_SEED              the inputs of an earlier run [default: a fresh seed]
set -u
ROOT="${{TORCHGRADE_AUTOGRADER_ROOT:-/autograder}}"
RESULTS="$ROOT/results/results.json"
MAX_POINTS={maxes}
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
cd "$ROOT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One submission per container: grade in this process (no background grading service).
args=(check "$ROOT/submission" {exercises} --format gradescope --device cpu
      --no-service{course_arg})
if [ -n "${{TORCHGRADE_SEED:-}}" ]; then
    args+=(--seed "$TORCHGRADE_SEED")
fi
if command -v grade >/dev/null 2>&1; then grade=(grade); else grade=(python3 -m graders); fi
"${{grade[@]}}" "${{args[@]}}" >"$work/stdout" 2>"$work/stderr"
status=$?

# Keep grade's results if they are a results document; otherwise write the failure's own.
python3 - "$work/stdout" "$work/stderr" "$status" "$RESULTS" "$MAX_POINTS" "$SECONDS" <<'PY'
{_FINISH}PY
if [ ! -s "$RESULTS" ]; then       # not even Python: a fixed document, still valid JSON
    cat >"$RESULTS" <<'JSON'
{_LAST_RESORT}
JSON
fi
cat "$work/stderr"                 # for the instructor: stdout is hidden from learners
exit 0
"""


_LAST_RESORT = json.dumps({
    "score": 0.0, "output": "The autograder failed, not your submission: it could not write its "
    "results. Your instructor can see what went wrong and will regrade it.",
    "output_format": "text", "stdout_visibility": "hidden", "tests": []})

# The end of run_autograder, stdlib only: it must work when torchgrade itself does not.
_FINISH = '''import json, os, sys

out_path, err_path, status, dest, max_points, elapsed = sys.argv[1:7]


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


stdout, stderr = read(out_path), read(err_path)
try:
    doc = json.loads(stdout)
except ValueError:
    doc = None
score = doc.get("score") if isinstance(doc, dict) else None
if not (isinstance(doc, dict) and isinstance(doc.get("tests"), list)
        and isinstance(score, (int, float)) and not isinstance(score, bool)):
    why = "`grade` exited with status %s and printed no results" % status
    if isinstance(doc, dict) and isinstance(doc.get("error"), str):
        why += ": " + doc["error"]
    tail = "".join(ch if ch.isprintable() or ch in "\\n\\t" else "?"
                   for ch in stderr[-2000:]).strip()
    message = ("The autograder failed, not your submission: %s. Your instructor can see "
               "what went wrong and will regrade it." % why)
    if tail:
        message += "\\n\\nThe end of its error output:\\n" + tail
    doc = {
        "score": 0.0,
        "execution_time": float(elapsed),
        "output": message,
        "output_format": "text",
        "test_output_format": "text",
        "stdout_visibility": "hidden",
        "extra_data": {"autograder_failed": True, "grade_exit_status": int(status)},
        "tests": [{"name": "%s: not graded (the autograder failed)" % name,
                   "score": 0.0, "max_score": float(most), "status": "failed",
                   "output": "The autograder failed, not your submission (see above).",
                   "output_format": "text", "visibility": "visible", "tags": [name]}
                  for name, most in json.loads(max_points).items()],
    }
    print("torchgrade: the autograder failed:", why)
tmp = dest + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    json.dump(doc, f, indent=2)
os.replace(tmp, dest)
extra = doc.get("extra_data") if isinstance(doc.get("extra_data"), dict) else {}
print("torchgrade: score %s, seed %s" % (doc["score"], extra.get("seed")))
for warning in extra.get("confinement_warnings") or []:
    print("torchgrade: WARNING, learner code was not fully confined:", warning)
'''
