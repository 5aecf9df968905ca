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
import time
from pathlib import Path

import click

from graders import __version__
from graders.core import course as courses
from graders.core import gradebook, report, wording
from graders.core.classroom import ClassError, ClassRun, grader_errors
from graders.core.grading import Grader, GraderError, Options
from graders.core.outcomes import Outcome
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
    chosen = _course(course)
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
    options = _options(**opts)
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
        run = ClassRun(submissions, out, _options(**opts), jobs=jobs,
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


@main.command()
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
    order = _course(course).names()
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


# ----------------------------------------------------------------------------- CI
@main.command("gradescope-bundle")
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
    chosen = _course(course)
    try:
        names = [chosen.named(e) for e in exercises] or None
        members = gradescope.bundle(chosen, out, names)
    except (courses.UnknownExercise, OSError, ValueError) as exc:
        raise Failure(str(exc)) from None
    click.echo(f"Wrote {out} ({len(members)} files): upload it as the assignment's autograder.")


@main.command("classroom-workflow")
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
    chosen = _course(course)
    try:
        names = [chosen.named(e) for e in exercises] or None
        text = gh.workflow(chosen, names, install=install)
        path = repo / ".github" / "workflows" / "classroom.yml"
        write_atomic(path, text)
    except (courses.UnknownExercise, OSError, ValueError) as exc:
        raise Failure(str(exc)) from None
    click.echo(f"Wrote {path}")


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


@main.command()
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
