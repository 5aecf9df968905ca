"""The instructor's `grade` commands: grading a class (`class`, `merge`) and authoring a
course (`build`, `new`, `release`, `nbgrader-export`)."""
from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import click

from graders.core import course as courses
from graders.core import gradebook, report
from graders.core.classroom import ClassError, ClassRun, grader_errors
from graders.core.cli_common import (
    FULL_MARKS,
    NOT_FULL_MARKS,
    USAGE_ERROR,
    Failure,
    common,
    course_option,
    exercises_option,
    grading_options,
    resolve_course,
)
from graders.core.grading import GraderError


@click.command("class")
@click.argument("submissions", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--out", "-o", type=click.Path(path_type=Path, file_okay=False),
              default=Path("grades"), show_default=True,
              help="Where the gradebook, results and feedback go (created if needed).")
@click.option("--jobs", "-j", type=int, default=os.cpu_count() or 1, show_default=True,
              help="Learners graded at the same time.")
@exercises_option("Grade")
@click.option("--regrade", is_flag=True,
              help="Grade everyone again instead of reusing results of an earlier run.")
@click.option("--learner", "only", multiple=True, metavar="NAME",
              help="Grade only this learner's folder (repeatable); the other rows stay.")
@click.option("--deadline", metavar="TIME",
              help="Mark files submitted after TIME (ISO 8601, e.g. 2026-12-01T23:59+01:00) "
                   "late; a file's time is its modification time unless --submitted says.")
@click.option("--submitted", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Submission times from the LMS: a CSV with columns learner, submitted.")
@click.option("--shard", metavar="K/N",
              help="Grade only shard K of N: a stable 1/N of the learners, by a hash of the "
                   "name (needs --seed; join the shards' outputs with `grade merge`).")
@click.option("--json", "as_json", is_flag=True, help="Print results.json on stdout.")
@click.option("--no-service", is_flag=True,
              help="Grade in this process, not in your warm grading service.")
@common
def grade_class(submissions: Path, out: Path, jobs: int, exercises: tuple, regrade: bool,
                only: tuple, deadline: str | None, submitted: Path | None, shard: str | None,
                as_json: bool, no_service: bool, **opts) -> None:
    """Grade a class: SUBMISSIONS holds one folder per learner, each with any of the
    exercise files (found at any depth, by name).

    Writes OUT/gradebook.csv (a row per learner: a column per exercise, total, status,
    late), OUT/results.json (every check of every learner, statistics, the most common
    problems), OUT/junit.xml, OUT/report.html and OUT/feedback/LEARNER.txt and .html. Run it
    again after a stop to finish the rest: learners whose files have not changed are not
    graded again (unless --regrade). Grading other exercises (-e) into the same OUT adds
    their columns; --learner updates that row only. A learner whose code crashes, hangs or
    is missing still gets a row.

    \b
    Example:
        grade class submissions/ --out grades/ --jobs 4
        grade class submissions/ -e ex05 --out grades/ --deadline 2026-12-08T23:59
        grade class submissions/ --learner ada --regrade
        grade class submissions/ --seed 7 --shard 2/8 --out shard-2/
    """
    before = _catch_stop_signals()
    bar = None
    try:
        run = ClassRun(submissions, out, grading_options(**opts), jobs=jobs,
                       exercises=list(exercises) or None, regrade=regrade, only=list(only),
                       shard=gradebook.parse_shard(shard) if shard else None,
                       deadline=gradebook.parse_time(deadline) if deadline is not None
                       else None,
                       submitted=gradebook.read_submitted(submitted) if submitted else None)
        roster = len(run.roster())
        if sys.stderr.isatty() and not as_json:
            bar = click.progressbar(length=roster, label="Grading", file=sys.stderr)
            bar.__enter__()
            run.on_learner = lambda name: bar.update(1)
        results, pending, meta = run.run()
    except (courses.UnknownExercise, ClassError, GraderError,
            gradebook.GradebookError) as exc:
        raise Failure(str(exc)) from None
    except OSError as exc:
        raise Failure(f"{exc.strerror or exc}: {exc.filename or out}") from None
    except KeyboardInterrupt:
        click.echo(f"\nInterrupted: finished learners are saved in {out}; run the same "
                   "command again to grade the rest.", err=True)
        sys.exit(130)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
        for signum, handler in before.items():
            signal.signal(signum, handler)
    for warning in run.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if as_json:
        click.echo((out / "results.json").read_text())
    else:
        click.echo(report.class_summary(results, run.exercises, str(out), pending,
                                        run.resumed))
    sys.exit(_class_status(results, pending))


@click.command()
@click.argument("outputs", nargs=-1, required=True, metavar="OUT...",
                type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--out", "-o", "merged", type=click.Path(path_type=Path, file_okay=False),
              required=True, help="Where the joined gradebook, results, report and feedback go.")
@course_option
def merge(outputs: tuple[Path, ...], merged: Path, course: Path | None) -> None:
    """Join the outputs of `grade class --shard K/N` runs (each OUT a shard's --out) into one
    gradebook, results.json, junit.xml, report and feedback, as one run would have written.

    \b
    Example:
        grade merge shard-1/ shard-2/ shard-3/ --out grades/
    """
    from graders.core.classroom import write_outputs
    order = resolve_course(course).names()
    try:
        loaded = []
        for out in outputs:
            found = gradebook.load(out)
            if found is None:
                raise gradebook.GradebookError(f"{out} has no results.json: is it the --out "
                                               "of a `grade class` run?")
            loaded.append(found)
        learners, meta = gradebook.join_shards(loaded, order)
        pending = meta.pop("pending")
        merged.mkdir(parents=True, exist_ok=True)
        write_outputs(merged, learners, meta, pending, order)
    except gradebook.GradebookError as exc:
        raise Failure(str(exc)) from None
    except OSError as exc:
        raise Failure(f"{exc.strerror or exc}: {exc.filename or merged}") from None
    columns = gradebook.exercise_columns(learners, order)
    click.echo(report.class_summary(learners, columns, str(merged), pending))
    sys.exit(_class_status(learners, pending, columns))


def _class_status(learners: list, pending: list[str], columns: list[str] = ()) -> int:
    """A class's exit status: 2 on any grader error; 0 only if every learner has full marks
    on every exercise in `columns` too, and no one is left to grade."""
    if grader_errors(learners):
        return USAGE_ERROR
    full = all(lr.max_score and lr.score == lr.max_score
               and {e.exercise for e in lr.exercises} >= set(columns) for lr in learners)
    return FULL_MARKS if full and not pending else NOT_FULL_MARKS


def _catch_stop_signals() -> dict:
    """Ctrl-C and SIGTERM stop a class run through KeyboardInterrupt; the previous handlers,
    to put back afterwards (signals can only be handled on the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, _interrupt) for signum in (signal.SIGINT,
                                                                    signal.SIGTERM)}


def _interrupt(signum, frame) -> None:
    """The first Ctrl-C or SIGTERM stops the run (it saves what is done within seconds); a
    second one while it saves is ignored, so the gradebook is never left half-written."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


# ----------------------------------------------------------------------------- authoring
@click.command()
@click.argument("names", nargs=-1, metavar="[EXERCISE]...")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 naming the files that are out of date.")
@course_option
def build(names: tuple[str, ...], check_only: bool, course: Path | None) -> None:
    """Generate each exercise's stub (exercises/exNN_topic.py) and learner notebook
    (exercises/exNN_topic.ipynb) from its marked solution (solutions/exNN_topic.py).

    \b
    Example:
        grade build
        grade build ex04 --check
        grade build --course my-course/
    """
    from graders.core import build as builder
    chosen = resolve_course(course)
    try:
        paths = builder.build(chosen.root, list(names) or None, check=check_only)
    except builder.BuildError as exc:
        raise Failure(str(exc)) from None
    shown = [str(p.relative_to(chosen.root)) for p in paths]
    if check_only and shown:
        click.echo("Out of date (run `grade build`" + (f" --course {chosen.root}"
                   if not chosen.builtin else "") + "):\n  " + "\n  ".join(shown), err=True)
        sys.exit(NOT_FULL_MARKS)
    click.echo("Wrote:\n  " + "\n  ".join(shown) if shown else "Up to date.")


@click.command()
@click.argument("name", metavar="EXERCISE")
@course_option
def new(name: str, course: Path | None) -> None:
    """Start exercise EXERCISE (exNN_topic) in a course: a solution with solution markers, a
    suite, and tests/variants and tests/mistakes folders with one example each; then its
    stub and notebook (`grade build`). Creates the course folder if needed.

    \b
    Example:
        grade new ex99_demo --course my-course/
    """
    from graders.core import scaffold
    root = Path(course).expanduser() if course else courses.BUILTIN_ROOT
    try:
        paths = scaffold.new(root, name)
    except scaffold.ScaffoldError as exc:
        raise Failure(str(exc)) from None
    click.echo("Wrote:\n  " + "\n  ".join(str(p.relative_to(root.resolve())) for p in paths))


@click.command("release")
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@exercises_option("Release")
@course_option
def release_command(out: Path, exercises: tuple, course: Path | None) -> None:
    """Write what learners get into OUT (a new folder): their starting files, the data, and
    `grade check` with the reference's answers recorded on public seeds instead of the
    solutions. Learners install it with `pip install OUT`.

    \b
    Example:
        grade release learner-bundle/
        grade release week1/ -e ex01 -e ex02
    """
    from graders.core import release
    chosen = resolve_course(course)
    try:
        names = [chosen.named(e) for e in exercises] or None
        done = release.release(chosen, out, names)
    except (courses.UnknownExercise, release.ReleaseError, GraderError) as exc:
        raise Failure(str(exc)) from None
    size = sum(done.recorded_bytes.values())
    click.echo(f"Wrote {out}: {len(done.exercises)} exercises, "
               f"{sum(done.calls.values())} recorded reference calls ({size / 1e6:.1f} MB). "
               f"Learners: pip install {out}")


@click.command("nbgrader-export")
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@exercises_option("Export")
@course_option
def nbgrader_export(out: Path, exercises: tuple, course: Path | None) -> None:
    """Write an nbgrader course into OUT: nbgrader_config.py and, per exercise, the
    assignment source/exNN_topic/exNN_topic.ipynb with solution cells and one locked
    autograder test cell per check, worth its points.

    \b
    Example:
        grade nbgrader-export my-nbgrader-course/ -e ex04
        cd my-nbgrader-course && nbgrader generate_assignment ex04_softmax_head
    """
    from graders.core import nbgrader_export as exporter
    chosen = resolve_course(course)
    try:
        names = [chosen.named(e) for e in exercises] or None
        paths = exporter.export(chosen, out, names)
    except (courses.UnknownExercise, exporter.ExportError) as exc:
        raise Failure(str(exc)) from None
    click.echo("Wrote:\n  " + "\n  ".join(str(p) for p in paths))


COMMANDS = (grade_class, merge, build, new, release_command, nbgrader_export,)
