"""`grade classroom-workflow`: GitHub Classroom autograding for a course's exercises, and
`grade verdict`, the command each of its graded tests runs.

The workflow (`.github/workflows/classroom.yml` in the learners' template repository) is
GitHub Classroom's own shape, so the classroom collects the score:

    name: Autograding Tests            the reporter needs this name and this one job
    on: push, workflow_dispatch, repository_dispatch
    permissions: checks write, actions read, contents read
    jobs.run-autograding-tests:
      checkout, setup-python
      install     (id `install`) a CPU build of torch, then torchgrade (`--install` replaces it)
      grade       (id `grade`)   `grade check . -e NAME... --format json > RESULTS || true`:
                                 every exercise graded once, in torchgrade's confined worker
      one classroom-resources/autograding-command-grader@v1 step per visible check:
                  `grade verdict RESULTS EXERCISE CHECK`, worth the check's points
      classroom-resources/autograding-grading-reporter@v1, which reads each step's result
                  from `<STEP-ID in capitals>_RESULTS` and totals the points

One graded test per check is what carries partial credit: the command grader awards all of
its `max-score` on exit status 0 and nothing otherwise. Grading once keeps a run to one
`grade check`; the per-check steps only read its JSON. Hidden checks are left out: learners
read this file, and the instructor grades them with `grade class`.

Where the action inputs and env names come from (classroom-resources/autograding-command-
grader and autograding-grading-reporter, v1): the command grader's inputs are `test-name`,
`setup-command`, `command`, `timeout` (minutes) and `max-score`, and it runs `command` with
only PATH and HOME in its environment; the reporter splits its `runners` input on commas and
blanks and reads `process.env[runner.toUpperCase() + "_RESULTS"]`.

What this is not: a grade of record. The workflow runs in the learner's repository, which the
learner controls, as on their own laptop (see the README's threat model); `grade class` on a
machine they do not control is. The package installed must grade without the solutions: the
learners' bundle (`grade release`), published where the runner can install it from.
"""
from __future__ import annotations

import json
import math
import os
import re
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graders import __version__
from graders.core import course as courses

# The workflow and job names the reporter and GitHub Classroom look for.
WORKFLOW_NAME = "Autograding Tests"
JOB = "run-autograding-tests"
CHECKOUT = "actions/checkout@v6"
SETUP_PYTHON = "actions/setup-python@v6"
PYTHON = "3.12"
COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"

# The default install: the CPU build of torch (the runner has no GPU; the default wheel
# would download CUDA libraries for nothing), then the package that provides `grade`.
# `--install TEXT` replaces both lines, e.g. to install the learners' bundle from a release:
#   --install "pip install torch --index-url https://download.pytorch.org/whl/cpu
#              pip install https://example.org/course/learner-bundle.tar.gz"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
PACKAGE = "torchgrade"
DEFAULT_INSTALL = (f"python -m pip install torch --index-url {TORCH_CPU_INDEX}\n"
                   f"python -m pip install {PACKAGE}\n")

RESULTS = "torchgrade-results.json"
INSTALL_ID = "install"
GRADE_ID = "grade"
# Minutes. `grade verdict` only reads the results file. Grading spends at most three call
# deadlines (10-15 s each) per exercise in learner code, plus starting torch once.
VERDICT_TIMEOUT = 1
GRADE_TIMEOUT_BASE, GRADE_TIMEOUT_PER_EXERCISE = 5, 2

STEP_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")   # GitHub's rule for a step id


class WorkflowError(ValueError):
    pass


def workflow(course: courses.Course, names: list[str] | None, *,
             install: str | None = None) -> str:
    """The YAML text of .github/workflows/classroom.yml."""
    chosen = [course.named(n) for n in names] if names else course.names()
    chosen = list(dict.fromkeys(chosen))                # -e ex04 -e ex04_softmax_head: once
    install = DEFAULT_INSTALL if install is None else install
    if not install.strip():
        raise WorkflowError("the install command is empty: the runner needs `grade`")

    graders, used = [], set()
    for name in chosen:
        for c in course.load(name).checks:
            if c.hidden:
                continue
            step_id = _unique(_slug(f"{_short(name)}-{c.name}"), used)
            graders.append({
                "name": f"{name}: {c.name}",
                "id": step_id,
                "uses": COMMAND_GRADER,
                "with": {"test-name": f"{name}: {c.name}",
                         "command": _join("grade", "verdict", RESULTS, name, c.name),
                         "timeout": VERDICT_TIMEOUT,
                         "max-score": c.points}})
    if not graders:
        raise WorkflowError(f"no visible checks in {', '.join(chosen) or 'this course'}: "
                            "a workflow would grade nothing")
    ids = [g["id"] for g in graders]
    grade_args = [a for n in chosen for a in ("-e", n)]
    document = {
        "name": WORKFLOW_NAME,
        "on": ["push", "workflow_dispatch", "repository_dispatch"],
        "permissions": {"checks": "write", "actions": "read", "contents": "read"},
        "jobs": {JOB: {
            "runs-on": "ubuntu-latest",
            # GitHub Classroom's own commits (setting up the repository) are not submissions.
            "if": "github.actor != 'github-classroom[bot]'",
            "steps": [
                {"name": "Checkout code", "uses": CHECKOUT},
                {"name": "Set up Python", "uses": SETUP_PYTHON,
                 "with": {"python-version": PYTHON}},
                {"name": "Install PyTorch (CPU) and torchgrade", "id": INSTALL_ID,
                 "run": install if install.endswith("\n") else install + "\n"},
                {"name": "Grade " + ", ".join(chosen), "id": GRADE_ID,
                 "timeout-minutes": GRADE_TIMEOUT_BASE + GRADE_TIMEOUT_PER_EXERCISE * len(chosen),
                 # Exit status 1 (not full marks) must not stop the job: each check's step
                 # below reads its verdict from the file.
                 "run": _join("grade", "check", ".", *grade_args, "--format", "json")
                 + f" > {RESULTS} || true"},
                *graders,
                {"name": "Autograding Reporter", "uses": REPORTER,
                 "env": {f"{i.upper()}_RESULTS": f"${{{{steps.{i}.outputs.result}}}}"
                         for i in ids},
                 "with": {"runners": ",".join(ids)}},
            ]}},
    }
    again = _join("grade", "classroom-workflow", ".", *grade_args)
    header = [
        f"# GitHub Classroom autograding, generated by `grade classroom-workflow` "
        f"(torchgrade {__version__}).",
        "# Edits are lost when it is generated again; regenerate it with",
        f"#   {again}",
        "# (with the same --install TEXT and --course DIR, if they were given).",
        f"# {len(graders)} graded tests, one per check, each worth its points "
        f"({sum(g['with']['max-score'] for g in graders)} in all);",
        "# hidden checks are left out: the instructor grades them with `grade class`.",
    ]
    return "\n".join(header + _dump(document)) + "\n"


# ----------------------------------------------------------------------------- verdict
def verdict(results: object, exercise: str, check: str) -> tuple[int, str]:
    """(exit status, text) for one check from the parsed `grade check --format json` output
    (a dict or a list of dicts): 0 passed, 1 not passed (text: outcome, message, hint), 2 the
    exercise/check is not in the results or the document is malformed."""
    docs = results if isinstance(results, list) else [results]
    if not docs or not all(isinstance(d, dict) for d in docs):
        return 2, "The results are not `grade check --format json` output."
    errors = [str(d["error"]) for d in docs if "error" in d and "exercise" not in d]
    graded = [d for d in docs if isinstance(d.get("exercise"), str)]
    found = [d for d in graded if d["exercise"] == exercise] or \
        [d for d in graded if re.fullmatch(r"ex\d{2}", exercise)
         and d["exercise"].startswith(exercise + "_")]
    if len(found) != 1:
        said = (f"{exercise} was graded more than once in these results." if found else
                f"{exercise} is not in these results"
                + (f" (graded: {', '.join(d['exercise'] for d in graded)})." if graded else "."))
        return 2, " ".join([said, *(f"Grading said: {e}" for e in errors)])
    (doc,) = found
    checks = doc.get("checks")
    if not isinstance(checks, list) or not all(isinstance(c, dict) for c in checks):
        return 2, f"The results for {doc['exercise']} have no list of checks."
    named = [c for c in checks if c.get("name") == check]
    if len(named) != 1:
        known = ", ".join(str(c.get("name")) for c in checks)
        return 2, f"{doc['exercise']} has no check named {check!r} (its checks: {known})."
    (c,) = named
    outcome = c.get("outcome")
    if not isinstance(outcome, str):
        return 2, f"The result of {doc['exercise']}: {check} has no outcome."
    points, most = c.get("points"), c.get("max_points")
    score = f" {_number(points)}/{_number(most)}" if _numeric(points, most) else ""
    head = f"{outcome.replace('_', ' ')}  {doc['exercise']}: {check}{score}"
    if outcome == "passed":
        return 0, head
    lines = [head]
    for label, key in (("", "message"), ("Hint: ", "hint")):
        text = c.get(key)
        if isinstance(text, str) and text.strip():
            lines.append(label + text.strip())
    return 1, "\n".join(lines)


def verdict_file(path: str | os.PathLike, exercise: str, check: str) -> tuple[int, str]:
    """`verdict` for the results file `grade check --format json` wrote; 2 where it cannot
    be read (grading did not run, or was stopped before it wrote anything)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return 2, f"Cannot read the results {path}: {exc}"
    try:
        results = json.loads(text)
    except (ValueError, RecursionError):
        said = "it is empty" if not text.strip() else "it is not JSON"
        return 2, f"Cannot read the results {path}: {said} (did `grade check` run?)."
    return verdict(results, exercise, check)


def _numeric(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               for v in values)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# ----------------------------------------------------------------------------- names
def _short(name: str) -> str:
    m = re.match(r"ex\d{2}", name)
    return m.group(0) if m else name


def _slug(text: str) -> str:
    """A step id in the style GitHub Classroom writes them: lower case, words joined by `-`."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug if slug[:1].isalpha() else "t-" + slug


def _unique(step_id: str, used: set[str]) -> str:
    """`step_id`, or it with -2, -3...: ids are compared in capitals, as the reporter's env
    names are."""
    candidate, n = step_id, 1
    while candidate.upper() in used:
        n += 1
        candidate = f"{step_id}-{n}"
    used.add(candidate.upper())
    return candidate


def _join(*words: str) -> str:
    return " ".join(shlex.quote(str(w)) for w in words)


# ----------------------------------------------------------------------------- YAML
# A small block-style emitter (PyYAML is not a dependency of grading): mappings, lists, ints
# and strings. A string is written plain only when it cannot read as anything else, as a
# literal block when it is a multi-line script that survives one, and double-quoted otherwise.
# Used with fullmatch: a `$` would also match before a final newline ("a\n" is not plain).
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./@-]*( [A-Za-z0-9_./@()-]+)*")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _dump(value: Any, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            head = f"{pad}{_scalar(str(key))}:"
            if isinstance(item, (Mapping, list)) and item:
                lines.append(head)
                lines += _dump(item, indent + 2)
            elif isinstance(item, str) and _literal_ok(item):
                lines.append(head + (" |" if item.endswith("\n") else " |-"))
                lines += [f"{pad}  {line}" if line else "" for line in
                          item.removesuffix("\n").split("\n")]
            else:
                lines.append(f"{head} {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping) and item:
                inner = _dump(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines += inner[1:]
            elif isinstance(item, (Mapping, list)):
                raise TypeError("nested lists and empty mappings in lists are not written")
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    else:
        raise TypeError(f"not a mapping or list: {type(value).__name__}")
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as YAML")
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML11_WORDS:
        return value
    return _quoted(value)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: only printable ASCII stays as it is."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        elif ch in "\n\t":
            out.append("\\n" if ch == "\n" else "\\t")
        elif o <= 0xFF:
            out.append(f"\\x{o:02x}")
        elif o <= 0xFFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    return '"' + "".join(out) + '"'


def _literal_ok(text: str) -> bool:
    """Whether `text` reads back the same from a `|` (or `|-`) block: several lines of
    printable ASCII, the first not indented, none ending in a blank, one newline at most at
    the end."""
    body = text.removesuffix("\n")
    lines = body.split("\n")
    return ("\n" in body and not body.endswith("\n") and lines[0][:1] not in ("", " ", "\t")
            and all(line == line.rstrip() and all(0x20 <= ord(ch) < 0x7F for ch in line)
                    for line in lines))
