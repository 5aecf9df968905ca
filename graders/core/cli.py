"""The `grade` command: thin click wrappers around the library, and with cli_instructor and
cli_ci the only modules that print. Here: the group and the learner's commands (`list`,
`check`, `service`); cli_instructor: a class and authoring; cli_ci: what CI setups run.

Exit status, for every command: 0 full marks, 1 graded but not full marks, 2 usage or system
error (including a check the grader itself could not run).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from graders import __version__
from graders.core import cli_ci, cli_instructor, report, wording
from graders.core import course as courses
from graders.core.cli_common import (
    FULL_MARKS,
    NOT_FULL_MARKS,
    USAGE_ERROR,
    Failure,
    common,
    course_option,
    grading_options,
    resolve_course,
)
from graders.core.grading import Grader, GraderError, Options
from graders.core.outcomes import Outcome


class _Commands(click.Group):
    """A bug of ours is a system error (exit 2), never "graded, not full marks" (1): CI
    scripts that accept 1 must not take a traceback for a grade."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except Exception:
            import traceback
            traceback.print_exc()
            click.echo("Error: the grader failed (the traceback above is ours, not the "
                       "learner's); please report it.", err=True)
            sys.exit(USAGE_ERROR)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grade")
def main() -> None:
    """Auto-grade PyTorch exercises. Learner code runs in a confined worker process; the
    verdict is computed outside it.

    Exit status: 0 full marks, 1 graded but not full marks, 2 usage or system error.

    \b
    Example:
        grade list
        grade check ex04_softmax_head.py
        grade class submissions/ --out grades/
    """


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@course_option
def list_exercises(as_json: bool, course: Path | None) -> None:
    """List the exercises and their points.

    \b
    Example:
        grade list --json
    """
    chosen = resolve_course(course)
    loaded = [chosen.load(n) for n in chosen.names()]
    if as_json:
        click.echo(json.dumps([{"exercise": s.name, "title": s.title, "max_score": s.max_score,
                                "checks": [{"name": c.name, "points": c.points}
                                           for c in s.checks]} for s in loaded], indent=2))
    else:
        click.echo(report.exercise_list(loaded))


FORMATS = ("text", "json", "gradescope", "junit")


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                type=click.Path(path_type=Path))
@click.option("--exercise", "-e", "exercises", multiple=True,
              help="For a file: its exercise, if the file name does not say it (e.g. "
                   "ex04_softmax_head, or just ex04). For a folder: grade only this exercise "
                   "(repeatable); one with no file scores 0 as missing.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people; json (every field); gradescope (results.json); junit.")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@click.option("--no-service", is_flag=True,
              help="Grade in this process, not in your warm grading service (see "
                   "`grade service`; env TORCHGRADE_SERVICE=off does the same).")
@common
def check(paths: tuple[Path, ...], exercises: tuple[str, ...], fmt: str, as_json: bool,
          no_service: bool, **opts) -> None:
    """Grade exercise files (.py or .ipynb) and explain every failed check.

    A PATH is a file, whose exercise is read from its name (ex04_softmax_head.py, or
    ex04_anything.py) unless --exercise names it, or a folder, in which every exercise's file
    is found by name as `grade class` finds them. Each is graded and reported; the exit
    status is the worst of them.

    \b
    Example:
        grade check ex04_softmax_head.py
        grade check ex04_softmax_head.py ex09_training_loop.ipynb
        grade check attempt.ipynb --exercise ex09 --json
        grade check . -e ex04 -e ex09 --format junit > grades.xml
    """
    fmt = "json" if as_json else fmt
    options = grading_options(**opts)
    started = time.monotonic()
    try:
        jobs = _check_jobs(paths, exercises, options.course)
    except (courses.UnknownExercise, GraderError) as exc:
        _usage_error(fmt, str(exc))
    if len(jobs) == 1 and jobs[0].error:          # one file, a usage error: nothing to start
        _usage_error(fmt, jobs[0].error)
    results, statuses = [], []
    try:
        with Grader(options) as grader:
            for job in jobs:
                if job.error:
                    results.append(job)
                    statuses.append(USAGE_ERROR)
                    continue
                result = job.grade(grader)
                results.append(result)
                # The learner's command: hidden checks do not show, in the exit status either.
                visible = [c for c in result.checks if not c.hidden]
                statuses.append(USAGE_ERROR if result.grader_error else
                                FULL_MARKS if all(c.passed for c in visible) else NOT_FULL_MARKS)
    except GraderError as exc:
        _usage_error(fmt, str(exc))
    except KeyboardInterrupt:
        click.echo("\nInterrupted.", err=True)
        sys.exit(130)
    graded = [r for r in results if not isinstance(r, _CheckJob)]
    errors = [r.error for r in results if isinstance(r, _CheckJob)]
    for error in errors if fmt in ("gradescope", "junit") else ():   # json holds its errors
        click.echo(f"Error: {error}", err=True)
    if fmt == "json":
        shown = [json.loads(report.exercise_json(r)) if not isinstance(r, _CheckJob)
                 else {"file": r.label, "error": r.error} for r in results]
        single = len(paths) == 1 and not paths[0].is_dir()
        click.echo(json.dumps(shown[0] if single else shown, indent=2))
    elif fmt == "gradescope":
        from graders.core import gradescope
        click.echo(json.dumps(gradescope.results(graded, execution_time=time.monotonic()
                                                 - started), indent=2))
    elif fmt == "junit":
        from graders.core import junit
        click.echo(junit.document([(None, graded)], show_hidden=False))
    else:
        for i, r in enumerate(results):
            if i:
                click.echo("\n" + "-" * 40 + "\n")
            if isinstance(r, _CheckJob):
                click.echo(f"Error: {r.error}", err=True)
            else:
                missing = r.status == Outcome.MISSING.value
                click.echo(report.exercise_text(r, command=None if missing else _again(
                    r, paths, exercises, options)))
    sys.exit(max(statuses))


class _CheckJob:
    """One exercise `grade check` grades: a file (`within` its folder when a folder was
    named), none (missing from a folder), or a usage error to report."""

    def __init__(self, label: str, exercise: str | None, file: Path | None = None,
                 within: Path | None = None, ignored: list[str] = (), error: str = ""):
        self.label, self.exercise, self.file, self.within = label, exercise, file, within
        self.ignored, self.error = list(ignored), error

    def grade(self, grader: Grader):
        if self.file is None:
            return grader.invalid(grader.suite(self.exercise), None, wording.no_file(
                self.exercise), Outcome.MISSING)
        result = grader.grade(self.file, self.exercise, within=self.within)
        if self.within is not None:
            result.file = self.label
            result.ignored = self.ignored
        return result


def _check_jobs(paths: tuple[Path, ...], exercises: tuple[str, ...],
                course: courses.Course) -> list[_CheckJob]:
    named = [course.named(e) for e in exercises]
    files = [p for p in paths if not p.is_dir()]
    if files and len(named) > 1:
        raise GraderError("several --exercise options go with folders; a file takes one")
    jobs = []
    for path in paths:
        if path.is_dir():
            jobs += _folder_jobs(path, named, course)
            continue
        try:
            if not path.exists():
                raise GraderError(f"{path} does not exist")
            jobs.append(_CheckJob(str(path), named[0] if named else course.infer(path), path))
        except (courses.UnknownExercise, GraderError) as exc:
            jobs.append(_CheckJob(str(path), None, error=str(exc)))
    return jobs


def _folder_jobs(folder: Path, named: list[str], course: courses.Course) -> list[_CheckJob]:
    """Each exercise's file in `folder`, chosen as `grade class` chooses; exercises named with
    -e and not found are missing, unnamed ones not found are left out."""
    from graders.core.classroom import choose, find_all
    wanted = named or course.names()
    found, _ = find_all(folder, wanted, course.names())
    jobs = []
    for name in wanted:
        path, rest = choose(found[name], name)
        if path is None and not named:
            continue
        label = path.relative_to(folder).as_posix() if path else name
        jobs.append(_CheckJob(label, name, path, folder,
                              [p.relative_to(folder).as_posix() for p in rest]))
    if not jobs:
        return [_CheckJob(str(folder), None, error=f"{folder} holds no exercise file (named "
                          "like ex04_softmax_head.py or .ipynb)")]
    return jobs


def _again(result, paths: tuple[Path, ...], exercises: tuple[str, ...],
           options: Options) -> str:
    """The command that grades this exercise again with the same inputs (without --seed)."""
    single = len(paths) == 1 and not paths[0].is_dir()
    target = str(paths[0]) if single else " ".join(map(str, paths)) + f" -e {result.exercise}"
    return (f"grade check {target}" + (f" --exercise {exercises[0]}" if single and exercises
                                       else "")
            + ("" if options.course.root == courses.default_root() else
               f" --course {options.course.root}"))


def _usage_error(fmt: str, message: str):
    if fmt == "json":
        click.echo(json.dumps({"error": message}))
        sys.exit(USAGE_ERROR)
    raise Failure(message)


@main.group()
def service() -> None:
    """Your warm grading service: the first `grade check` (or `learner.check`) starts it in
    the background; later checks are graded there without importing torch again. It stops
    after TORCHGRADE_SERVICE_IDLE seconds idle (600), when torchgrade or a course it graded
    changes on disk, or on `grade service stop`. TORCHGRADE_SERVICE=off turns it off.

    \b
    Example:
        grade service status
        grade service stop
    """


@service.command("status")
def service_status() -> None:
    """Your running grading services, one line each."""
    from graders.service import client
    from graders.service.place import Unavailable
    try:
        running = [s for s in client.ask_all({"op": "status"}) if "pid" in s]
    except Unavailable as exc:
        raise Failure(str(exc)) from None
    for s in running:
        doing = f", running a {s['running']} command" if s.get("running") else ""
        click.echo(f"pid {s['pid']}: torchgrade {s['version']} at {s['root']}, up "
                   f"{time.time() - s['started']:.0f} s, {s['requests']} requests, "
                   f"{s['sessions']} warm sessions{doing} ({s['socket']})")
    if not running:
        click.echo("No grading service is running.")


@service.command("stop")
def service_stop() -> None:
    """Stop every grading service of yours (the next check starts a fresh one). One that is
    running a command stops when that command ends; it takes no new ones meanwhile."""
    from graders.service import client
    from graders.service.place import Unavailable
    try:
        replies = [r for r in client.ask_all({"op": "stop"}) if "pid" in r]
    except Unavailable as exc:
        raise Failure(str(exc)) from None
    busy = [r["pid"] for r in replies if r.get("running")]
    gone = [r["pid"] for r in replies if not r.get("running") and client.wait_gone(r["pid"], 15)]
    if not replies:
        click.echo("No grading service was running.")
        return
    click.echo(f"Stopped {len(gone)} grading service{'s' * (len(gone) != 1)}."
               + (f" {len(busy)} will stop when the command it is running ends (pid "
                  f"{', '.join(map(str, busy))})." if busy else ""))
    if len(gone) + len(busy) != len(replies):
        raise Failure(f"{len(replies) - len(gone) - len(busy)} did not stop within 15 s")


for _command in (*cli_instructor.COMMANDS, *cli_ci.COMMANDS):
    main.add_command(_command)
