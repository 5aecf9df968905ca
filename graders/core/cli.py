"""The `grade` command: thin click wrappers around the library; the only module that prints.

Exit status, for every command: 0 full marks, 1 graded but not full marks, 2 usage or system
error (including a check the grader itself could not run).
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path

import click

from graders import __version__
from graders.core import course as courses
from graders.core import report
from graders.core.classroom import ClassError, ClassRun, grader_errors, learners
from graders.core.grading import Grader, GraderError, Options
from graders.core.sandbox import Limits

FULL_MARKS, NOT_FULL_MARKS, USAGE_ERROR = 0, 1, 2
_defaults = Limits()


class Failure(click.ClickException):
    """A usage or system error: exit status 2."""
    exit_code = USAGE_ERROR


def _course(path: Path | None) -> courses.Course:
    try:
        return courses.resolve(path)
    except courses.CourseError as exc:
        raise Failure(str(exc)) from None


def _options(device: str, seed: int | None, timeout: float | None, memory: int,
             no_confine: bool, course: Path | None) -> Options:
    return Options(device=device, seed=seed, timeout=timeout, confine=not no_confine,
                   limits=Limits(memory_mb=memory), course=_course(course))


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    chosen = _course(course)
    loaded = [chosen.load(n) for n in chosen.names()]
    if as_json:
        click.echo(json.dumps([{"exercise": s.name, "title": s.title, "max_score": s.max_score,
                                "checks": [{"name": c.name, "points": c.points}
                                           for c in s.checks]} for s in loaded], indent=2))
    else:
        click.echo(report.exercise_list(loaded))


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...",
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--exercise", "-e", help="The exercise, if the file name does not say it "
                                       "(e.g. ex04_softmax_head, or just ex04).")
@click.option("--json", "as_json", is_flag=True,
              help="JSON on stdout: one object, or a list of them for several files.")
@common
def check(files: tuple[Path, ...], exercise: str | None, as_json: bool, **opts) -> None:
    """Grade exercise FILEs (.py or .ipynb) and explain every failed check.

    The exercise is read from each file name (ex04_softmax_head.py, or ex04_anything.py)
    unless --exercise names it. With several files, each is graded and reported, and the
    exit status is the worst of them.

    \b
    Example:
        grade check ex04_softmax_head.py
        grade check ex04_softmax_head.py ex09_training_loop.ipynb
        grade check attempt.ipynb --exercise ex09 --json
    """
    options = _options(**opts)
    jobs = []                                  # (file, exercise name or None, error)
    for file in files:
        try:
            if not file.exists():
                raise GraderError(f"{file} does not exist")
            jobs.append((file, options.course.named(exercise) if exercise
                         else options.course.infer(file), ""))
        except (courses.UnknownExercise, GraderError) as exc:
            jobs.append((file, None, str(exc)))
    if len(jobs) == 1 and jobs[0][2]:          # one file, a usage error: nothing to start
        if as_json:
            click.echo(json.dumps({"error": jobs[0][2]}))
            sys.exit(USAGE_ERROR)
        raise Failure(jobs[0][2])
    shown, statuses = [], []
    try:
        with Grader(options) as grader:
            for file, name, error in jobs:
                if error:
                    shown.append({"file": str(file), "error": error})
                    statuses.append(USAGE_ERROR)
                    continue
                result = grader.grade(file, name)
                # The learner's command: hidden checks do not show, in the exit status either.
                visible = [c for c in result.checks if not c.hidden]
                statuses.append(USAGE_ERROR if result.grader_error else
                                FULL_MARKS if all(c.passed for c in visible) else NOT_FULL_MARKS)
                again = (f"grade check {file}" + (f" --exercise {exercise}" if exercise else "")
                         + ("" if options.course.root == courses.default_root() else
                            f" --course {options.course.root}"))
                shown.append(json.loads(report.exercise_json(result)) if as_json
                             else report.exercise_text(result, command=again))
    except GraderError as exc:
        if as_json:
            click.echo(json.dumps({"error": str(exc)}))
            sys.exit(USAGE_ERROR)
        raise Failure(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("\nInterrupted.", err=True)
        sys.exit(130)
    if as_json:
        click.echo(json.dumps(shown[0] if len(files) == 1 else shown, indent=2))
    else:
        for i, out in enumerate(shown):
            if i:
                click.echo("\n" + "-" * 40 + "\n")
            if isinstance(out, dict):
                click.echo(f"Error: {out['error']}", err=True)
            else:
                click.echo(out)
    sys.exit(max(statuses))


@main.command("class")
@click.argument("submissions", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--out", "-o", type=click.Path(path_type=Path, file_okay=False),
              default=Path("grades"), show_default=True,
              help="Where the gradebook, results and feedback go (created if needed).")
@click.option("--jobs", "-j", type=int, default=os.cpu_count() or 1, show_default=True,
              help="Learners graded at the same time.")
@exercises_option("Grade")
@click.option("--regrade", is_flag=True,
              help="Grade everyone again instead of reusing results of an earlier run.")
@click.option("--json", "as_json", is_flag=True, help="Print results.json on stdout.")
@common
def grade_class(submissions: Path, out: Path, jobs: int, exercises: tuple, regrade: bool,
                as_json: bool, **opts) -> None:
    """Grade a class: SUBMISSIONS holds one folder per learner, each with any of the
    exercise files (found at any depth, by name).

    Writes OUT/gradebook.csv (a row per learner: a column per exercise, total, status),
    OUT/results.json (every check of every learner, and the most common problems) and
    OUT/feedback/LEARNER.txt. Run it again after a stop to finish the rest: learners whose
    files have not changed are not graded again (unless --regrade). A learner whose code
    crashes, hangs or is missing still gets a row.

    \b
    Example:
        grade class submissions/ --out grades/ --jobs 4
        grade class submissions/ -e ex09_training_loop --regrade
    """
    before = _catch_stop_signals()
    bar = None
    try:
        run = ClassRun(submissions, out, _options(**opts), jobs=jobs,
                       exercises=list(exercises) or None, regrade=regrade)
        roster = len(learners(submissions))
        if sys.stderr.isatty() and not as_json:
            bar = click.progressbar(length=roster, label="Grading", file=sys.stderr)
            bar.__enter__()
            run.on_learner = lambda name: bar.update(1)
        results, pending, meta = run.run()
    except (courses.UnknownExercise, ClassError, GraderError) as exc:
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
    if as_json:
        click.echo((out / "results.json").read_text())
    else:
        click.echo(report.class_summary(results, run.exercises, str(out), pending,
                                        run.resumed))
    if grader_errors(results):
        sys.exit(USAGE_ERROR)
    full = all(lr.max_score and lr.score == lr.max_score for lr in results)
    sys.exit(FULL_MARKS if full and not pending else NOT_FULL_MARKS)


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
@main.command()
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
    chosen = _course(course)
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


@main.command()
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


@main.command("release")
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
    chosen = _course(course)
    try:
        names = [chosen.named(e) for e in exercises] or None
        done = release.release(chosen, out, names)
    except (courses.UnknownExercise, release.ReleaseError, GraderError) as exc:
        raise Failure(str(exc)) from None
    size = sum(done.recorded_bytes.values())
    click.echo(f"Wrote {out}: {len(done.exercises)} exercises, "
               f"{sum(done.calls.values())} recorded reference calls ({size / 1e6:.1f} MB). "
               f"Learners: pip install {out}")


@main.command("nbgrader-export")
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
    chosen = _course(course)
    try:
        names = [chosen.named(e) for e in exercises] or None
        paths = exporter.export(chosen, out, names)
    except (courses.UnknownExercise, exporter.ExportError) as exc:
        raise Failure(str(exc)) from None
    click.echo("Wrote:\n  " + "\n  ".join(str(p) for p in paths))
