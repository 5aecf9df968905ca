"""The `grade` commands CI setups use: a Gradescope autograder, a GitHub Classroom workflow,
and `verdict`, which its steps run."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from graders.core import course as courses
from graders.core.cli_common import (
    USAGE_ERROR,
    Failure,
    course_option,
    exercises_option,
    resolve_course,
)


# ----------------------------------------------------------------------------- CI
@click.command("gradescope-bundle")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@exercises_option("Grade")
@course_option
def gradescope_bundle(out: Path, exercises: tuple, course: Path | None) -> None:
    """Write Gradescope's autograder zip OUT: setup.sh installs the CPU build of torch and
    this package; run_autograder grades /autograder/submission into
    /autograder/results/results.json (`grade check --format gradescope`).

    \b
    Example:
        grade gradescope-bundle week3.zip -e ex07 -e ex08
    """
    from graders.core import gradescope
    chosen = resolve_course(course)
    try:
        names = [chosen.named(e) for e in exercises] or None
        members = gradescope.bundle(chosen, out, names)
    except (courses.UnknownExercise, OSError, ValueError) as exc:
        raise Failure(str(exc)) from None
    click.echo(f"Wrote {out} ({len(members)} files): upload it as the assignment's autograder.")


@click.command("classroom-workflow")
@click.argument("repo", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
@exercises_option("Grade")
@click.option("--install", metavar="COMMAND",
              help="The shell command that installs torch and this package on the runner "
                   "[default: the CPU torch wheel, then the package from PyPI].")
@course_option
def classroom_workflow(repo: Path, exercises: tuple, install: str | None,
                       course: Path | None) -> None:
    """Write REPO/.github/workflows/classroom.yml for GitHub Classroom: the exercises are
    graded once, then one autograding step per check gives that check's points, so partial
    credit reaches the classroom.

    \b
    Example:
        grade classroom-workflow starter-repo/ -e ex04 -e ex09
    """
    from graders.core import classroom_workflow as gh
    from graders.core.classroom import write_atomic
    chosen = resolve_course(course)
    try:
        names = [chosen.named(e) for e in exercises] or None
        text = gh.workflow(chosen, names, install=install)
        path = repo / ".github" / "workflows" / "classroom.yml"
        write_atomic(path, text)
    except (courses.UnknownExercise, OSError, ValueError) as exc:
        raise Failure(str(exc)) from None
    click.echo(f"Wrote {path}")


@click.command()
@click.argument("results", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("exercise")
@click.argument("check_name", metavar="CHECK")
def verdict(results: Path, exercise: str, check_name: str) -> None:
    """Exit 0 if CHECK of EXERCISE passed in RESULTS (what `grade check --format json`
    printed), else 1, printing its message; 2 if RESULTS does not hold it. The classroom
    workflow's steps run this, so a folder is graded once however many checks score.

    \b
    Example:
        grade verdict torchgrade-results.json ex04_softmax_head output_shape
    """
    from graders.core import classroom_workflow as gh
    status, text = gh.verdict_file(results, exercise, check_name)
    click.echo(text, err=status == USAGE_ERROR)
    sys.exit(status)


COMMANDS = (gradescope_bundle, classroom_workflow, verdict,)
