"""What every `grade` command shares: exit statuses, the usage-error exception, and the
options that pick a course and set grading limits."""
from __future__ import annotations

from pathlib import Path

import click

from graders.core import course as courses
from graders.core.grading import Options
from graders.core.sandbox import Limits

FULL_MARKS, NOT_FULL_MARKS, USAGE_ERROR = 0, 1, 2
_defaults = Limits()


class Failure(click.ClickException):
    """A usage or system error: exit status 2."""
    exit_code = USAGE_ERROR


def resolve_course(path: Path | None) -> courses.Course:
    try:
        return courses.resolve(path)
    except courses.CourseError as exc:
        raise Failure(str(exc)) from None


def grading_options(device: str, seed: int | None, timeout: float | None, memory: int,
             no_confine: bool, course: Path | None) -> Options:
    return Options(device=device, seed=seed, timeout=timeout, confine=not no_confine,
                   limits=Limits(memory_mb=memory), course=resolve_course(course))


course_option = click.option(
    "--course", type=click.Path(path_type=Path, file_okay=False), envvar=courses.ENV,
    help="A course folder (exercises/, solutions/, suites/, data/) [default: the built-in "
         f"course; env {courses.ENV}].")


def exercises_option(verb: str):
    """`-e/--exercise NAME`, repeatable: the exercises a whole-course command works on."""
    return click.option("--exercise", "-e", "exercises", multiple=True,
                        help=f"{verb} only this exercise, e.g. ex04_softmax_head or ex04 "
                             "(repeatable) [default: all].")


def common(fn):
    """Options every grading command takes."""
    for option in reversed([
        click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto",
                     show_default=True, help="Where learner and reference code run."),
        click.option("--seed", type=int, default=None,
                     help="Reuse the inputs of an earlier run (its seed is in every result)."),
        click.option("--timeout", type=float, default=None,
                     help="Seconds each call into learner code may take "
                          "[default: each exercise's own]."),
        click.option("--memory", type=int, default=_defaults.memory_mb, show_default=True,
                     help="MiB of memory a learner's code may allocate."),
        click.option("--no-confine", is_flag=True,
                     help="Skip the Linux confinement layers (Landlock, seccomp); "
                          "limits and process isolation still apply."),
        course_option,
    ]):
        fn = option(fn)
    return fn
