"""`grade new`: start an exercise that is graded from the first minute.

`new(root, "exNN_topic")` writes, for a placeholder one-function exercise (`scale_and_shift`)
that the instructor then replaces with theirs:

    solutions/exNN_topic.py                  the reference, with solution markers (`grade build`)
    suites/exNN_topic.py                     its checks (`graders/suites/` in the built-in course)
    tests/variants/exNN_topic/alternative.py another correct solution: must get full marks
    tests/mistakes/exNN_topic/shift_before_scale.py
                                             a known mistake, with its `# expect:` header
    exercises/exNN_topic.py, .ipynb          the learner's stub and notebook, from `build`

and, for a course of the instructor's own, `data/README.md` when there is no `data/` yet. It
refuses a malformed name, a number another exercise of the course already has, and any file
that already exists, before writing anything. docs/authoring.md explains what each file does.
"""
from __future__ import annotations

from pathlib import Path

from graders.core.build import BuildError, build
from graders.core.course import BUILTIN_ROOT, NAME_RE


class ScaffoldError(ValueError):
    """An exercise that cannot be started; the message says why."""


def layout(root: Path, name: str) -> dict[str, Path]:
    """Where `new` writes each of its own files for exercise `name` in the course `root`
    (exercises/ comes from `build`)."""
    root = Path(root).resolve()
    suites = "graders/suites" if root == BUILTIN_ROOT else "suites"
    return {"solution": root / "solutions" / f"{name}.py",
            "suite": root / suites / f"{name}.py",
            "variant": root / "tests" / "variants" / name / "alternative.py",
            "mistake": root / "tests" / "mistakes" / name / "shift_before_scale.py"}


def new(root: Path, name: str) -> list[Path]:
    """Start exercise `name` (exNN_topic) in the course folder `root`, created if needed; the
    paths written, in a stable order (solution, suite, variant, mistake, [data/README.md],
    stub, notebook)."""
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ScaffoldError(f"{name!r} is not an exercise name: write exNN_topic, `ex`, two "
                            "digits, `_`, then lowercase letters, digits and `_` (e.g. "
                            "ex05_dropout)")
    root = Path(root).resolve()
    if root.exists() and not root.is_dir():
        raise ScaffoldError(f"{root} is a file, not a course folder")
    builtin = root == BUILTIN_ROOT
    files = layout(root, name)
    stub = root / "exercises" / f"{name}.py"
    for path in [*files.values(), stub, stub.with_suffix(".ipynb")]:
        if path.exists() or path.is_symlink():
            raise ScaffoldError(f"{name} exists already: {path} is there; pick another name "
                                "or delete that exercise's files first")
    number = name[:4]
    for folder in (files["solution"].parent, files["suite"].parent):
        taken = sorted(p for p in folder.glob(f"{number}_*.py") if NAME_RE.match(p.stem))
        if taken:
            raise ScaffoldError(f"{number} is taken by {taken[0]}: learners' files are matched "
                                f"to exercises by their number, so give {name} another one")
    texts = _texts(name)
    written = []
    try:
        for kind, path in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(texts[kind], encoding="utf-8")
            written.append(path)
        data = root / "data"
        if not builtin and not data.exists():
            data.mkdir()
            (data / "README.md").write_text(DATA_README, encoding="utf-8")
            written.append(data / "README.md")
        written += build(root, [name])
    except (OSError, BuildError) as exc:
        for path in written:                    # leave no half exercise that blocks a retry
            path.unlink(missing_ok=True)
        raise ScaffoldError(f"could not write {name} in {root}: {exc}") from None
    return written


DATA_README = ("Files the course's exercises read (datasets): learner code and references may "
               "read this folder, read-only, and nothing else of the course.\n")


def _texts(name: str) -> dict[str, str]:
    number, topic = name[2:4], name[5:].replace("_", " ")
    fields = {"NN": number, "NAME": name, "TOPIC": topic.capitalize()}
    return {kind: template.format(**fields) for kind, template in _TEMPLATES.items()}


# Templates: `{NN}`, `{NAME}`, `{TOPIC}` are filled in; literal braces are doubled.
_SOLUTION = '''"""Exercise {NN}: {TOPIC}.

(A placeholder from `grade new`: replace this text, the function and the suite with your
exercise. This docstring is the task the learner reads, at the top of the stub and the
notebook.)

Write `scale_and_shift(x, factor, shift)`: multiply every entry of the tensor `x` by the
number `factor`, then add the number `shift`. The result has the shape of `x`, whatever it is.

Example:
    scale_and_shift(torch.tensor([1.0, 2.0]), 3.0, 0.5)    # tensor([3.5, 6.5])
"""
import torch


def scale_and_shift(x: torch.Tensor, factor: float, shift: float) -> torch.Tensor:
    """`x` scaled by `factor`, then shifted by `shift`, entry by entry."""
    # TODO(ex{NN}): scale `x` by `factor`, then add `shift`.
    ### BEGIN SOLUTION
    return x * factor + shift
    ### END SOLUTION


if __name__ == "__main__":
    print(scale_and_shift(torch.tensor([1.0, 2.0]), 3.0, 0.5))    # tensor([3.5000, 6.5000])
'''

_SUITE = ('''"""Checks for exercise {NN}, a placeholder: replace them '''
          '''(docs/authoring.md explains each line)."""
from __future__ import annotations

import numpy as np

from graders.core import expect, kinds
from graders.core.suite import check
from graders.core.tolerances import FORWARD

TITLE = "{TOPIC}"
TIMEOUT = 10                    # seconds per call into the learner's code
FUNCTION = "scale_and_shift"
HINT = "Multiply by `factor` first, then add `shift`: `x * factor + shift`."


def _arguments(rng, shape):
    """Fresh keyword arguments for one call; numpy arrays arrive in the worker as tensors."""
    return dict(x=rng.normal(size=shape).astype(np.float32),
                factor=float(rng.uniform(0.5, 3.0)), shift=float(rng.uniform(-2.0, 2.0)))


# Declared: on each case's fresh inputs the learner's output must match the reference's; a
# learner who makes a listed mistake is told which.
outputs_match_reference = kinds.outputs_match(
    FUNCTION, points=2, tol=FORWARD, hint=HINT,
    cases={{"a batch of rows": lambda rng: _arguments(rng, (8, 5)),
           "a single row": lambda rng: _arguments(rng, (7,))}},
    misreadings={{
        "it adds `shift` before scaling, `(x + shift) * factor`":
            lambda a: (a["x"] + a["shift"]) * a["factor"],
        "it swaps the two numbers, `x * shift + factor`":
            lambda a: a["x"] * a["shift"] + a["factor"]}})


# Hand-written: a probe call and `expect` helpers, for whatever no kind covers.
@check(points=1, hint="Use entrywise operations only: the output has the shape of `x`.")
def keeps_any_shape(t):
    args = _arguments(t.rng(), (2, 3, 4))
    got, want = t.both(kinds.call, function=FUNCTION, args=args)
    what = "`scale_and_shift(x, factor, shift)` for `x` of shape (2, 3, 4)"
    expect.close(expect.tensor(got, what, shape=want.shape), want.array, what, FORWARD)
''')

_VARIANT = '''"""Another correct way to write {NAME}: it must get full marks
(`grade check THIS_FILE --exercise {NAME}`). Here: torch's functions instead of operators."""
import torch


def scale_and_shift(x, factor, shift):
    return torch.add(torch.mul(x, factor), shift)
'''

_MISTAKE = '''# expect: outputs_match_reference: adds `shift` before scaling
# A known mistake: grading this file must fail that check, with that phrase in its message.
def scale_and_shift(x, factor, shift):
    return (x + shift) * factor
'''

_TEMPLATES = {"solution": _SOLUTION, "suite": _SUITE, "variant": _VARIANT, "mistake": _MISTAKE}
