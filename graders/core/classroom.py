"""Grading a class: one folder per learner, a gradebook, feedback, and resuming after a stop.

Every learner ends with a row, whatever their code, their files or the grader do: a failure
while grading one learner becomes that learner's `grader_error`, never the end of the run.
Each learner's result is written to `OUT/learners/` (atomically) as soon as it is ready, tagged
with a fingerprint of their files and of every setting that changes a grade; a re-run reuses a
result whose fingerprint still matches (and that holds no grader error) and grades the rest.
Submission folders are only ever read, and only regular files in them are opened.

Which file is graded for an exercise (also in the README): every .py/.ipynb file whose name
holds the exercise's `exNN` as a whole word (`ex04_softmax_head.py`, `ex04_v2.py`,
`smith_12345_ex04_softmax_head.py`, `ex04_softmax_head-1.py`) is a candidate; a file named
exactly `ex04_softmax_head.py` wins, then `ex04_softmax_head.ipynb`, then the most recently
modified candidate. The result names the file graded and the candidates not graded.
"""
from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import stat
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

from graders import __version__
from graders.core import deadlines, gradebook, report, wording
from graders.core import suite as suites
from graders.core.grading import Grader, Options
from graders.core.load import InvalidSubmission, read_regular
from graders.core.outcomes import Outcome
from graders.core.results import CheckResult, ExerciseResult, LearnerResult

SUFFIXES = (".py", ".ipynb")
MAX_DEPTH = 4
MAX_UNMATCHED = 50           # files listed per learner as matching no exercise
DIGEST_BYTES = 4 << 20       # more than any gradable file (load.MAX_BYTES); the size is hashed too


class ClassError(RuntimeError):
    """A usage problem with the class folder or the output folder."""


def write_atomic(path: Path, text: str) -> None:
    """Write `text` so readers see the old file or the new one, never half of it; with the
    mode a new file gets (the umask's), not mkstemp's 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    """The process's umask, read without changing it (threads may be creating files)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022




class _OutLock:
    """One `grade class` writes an --out at a time: a second would overwrite the first's
    gradebook with its own rows."""

    def __init__(self, out: Path):
        self.path = out / ".torchgrade.lock"

    def __enter__(self) -> "_OutLock":
        import fcntl
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            raise ClassError(f"another `grade class` is writing {self.path.parent}; wait for "
                             "it, or choose another --out") from None
        return self

    def __exit__(self, *exc) -> None:
        os.close(self.fd)           # closing releases the lock


# ----------------------------------------------------------------------------- names
_PLAIN = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")
_HASHED = re.compile(r".*-[0-9a-f]{12}")
_RESERVED = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.IGNORECASE)   # Windows devices


def name_bytes(name: str) -> bytes:
    """A learner's name as bytes, exactly: an undecodable folder name's bytes come back
    (surrogateescape); any other lone surrogate is kept as its code point."""
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogatepass")


def slug(name: str) -> str:
    """A file name for a learner's outputs; distinct names never share one, also where the
    file system ignores case.

    A plain name (lower-case letters, digits, `_`, `-`) is kept as it is; any other name gets
    a hash of the exact name appended, and so does a plain name that looks like a hashed one.
    """
    if _PLAIN.fullmatch(name) and not _HASHED.fullmatch(name) and not _RESERVED.fullmatch(name):
        return name
    base = re.sub(r"[^A-Za-z0-9_-]", "_", name)[:100].strip("_-") or "learner"
    digest = hashlib.sha256(name_bytes(name)).hexdigest()[:12]
    return f"{base}-{digest}"


# ----------------------------------------------------------------------------- files
def learners(submissions: Path) -> list[tuple[str, Path]]:
    """(name, folder) for each learner folder, sorted; hidden folders and loose files skipped.

    A top-level symlink to a folder counts as a learner: the instructor put it there.
    """
    if not submissions.is_dir():
        raise ClassError(f"{submissions} is not a folder of learner folders")
    out = []
    for entry in sorted(submissions.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        out.append((entry.name, entry))
    return out


def _word(name: str) -> re.Pattern:
    """`exNN` as a whole word of a file's stem: at the start or after `_`, `-`, a space or a
    dot, and at the end or before one (learning platforms prefix and suffix exported files)."""
    prefix = name[:4] if re.match(r"ex\d{2}_", name) else name
    return re.compile(rf"(?:^|[-_\s.(]){re.escape(prefix)}(?:$|[-_\s.()])", re.IGNORECASE)


def exercise_of(path: Path, names: list[str]) -> str | None:
    """The one exercise a file's name matches by the rule of `find_all`, or None (no match,
    or several)."""
    hits = [n for n in names if _word(n).search(path.stem)]
    return hits[0] if len(hits) == 1 else None


def find_all(folder: Path, exercises: list[str],
             known: list[str] = ()) -> tuple[dict[str, list[Path]], list[str]]:
    """Candidate files per exercise under `folder` (not following symlinked folders), and the
    .py/.ipynb files (relative paths) that match no exercise of the course."""
    words = {name: _word(name) for name in dict.fromkeys([*exercises, *known])}
    found: dict[str, list[Path]] = {name: [] for name in exercises}
    unmatched: list[str] = []
    base_depth = len(folder.parts)
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__"
                         and len(Path(root, d).parts) - base_depth <= MAX_DEPTH)
        for f in sorted(files):
            p = Path(root, f)
            if p.suffix not in SUFFIXES or f.startswith("."):
                continue
            hits = [name for name, word in words.items() if word.search(p.stem)]
            for name in hits:
                if name in found:
                    found[name].append(p)
            if not hits:
                unmatched.append(p.relative_to(folder).as_posix())
    if len(unmatched) > MAX_UNMATCHED:
        unmatched[MAX_UNMATCHED:] = [f"... and {len(unmatched) - MAX_UNMATCHED} more"]
    return found, unmatched




def choose(candidates: list[Path], name: str) -> tuple[Path | None, list[Path]]:
    """The file to grade for `name` and the candidates not graded (see the module docstring):
    the exact name (.py, then .ipynb), else the most recently modified; regular files first."""
    def rank(p: Path) -> tuple:
        exact = {name + ".py": 2, name + ".ipynb": 1}.get(p.name, 0)
        try:
            st = os.lstat(p)
            regular, mtime = stat.S_ISREG(st.st_mode), st.st_mtime_ns
        except OSError:
            regular, mtime = False, 0
        return exact, regular, mtime, str(p)
    if not candidates:
        return None, []
    ordered = sorted(candidates, key=rank, reverse=True)
    return ordered[0], ordered[1:]


def _file_digest(path: Path) -> str:
    """What a file's grade depends on: its size and content; or why it cannot be read."""
    try:
        data, size = read_regular(path, DIGEST_BYTES)
    except InvalidSubmission as exc:
        return f"unreadable: {exc}"
    return f"{size}:{hashlib.sha256(data).hexdigest()}"


# ----------------------------------------------------------------------------- the run
class ClassRun:
    """Grades every learner folder under `submissions` into `out`."""

    def __init__(self, submissions: Path, out: Path, options: Options, *, jobs: int = 1,
                 exercises: list[str] | None = None, regrade: bool = False,
                 on_learner: Callable[[str], None] | None = None,
                 only: list[str] | None = None, shard: tuple[int, int] | None = None,
                 deadline: datetime | None = None,
                 submitted: dict[str, datetime] | None = None):
        self.submissions = Path(submissions).resolve()
        self.out = Path(out).resolve()
        if self.out == self.submissions or self.submissions in self.out.parents:
            raise ClassError("the output folder must not be inside the submissions folder "
                             "(submission folders are never modified)")
        self.options = options
        self.jobs = max(1, jobs)
        self.course = options.course
        self.exercises = ([self.course.named(n) for n in exercises] if exercises
                          else self.course.names())
        for name in self.exercises:
            self.course.load(name)
        self.regrade = regrade
        self.only, self.shard = list(only or []), shard
        self.deadline, self.submitted = deadline, dict(submitted or {})
        self.deadlines: dict[str, datetime] = {}
        self.warnings: list[str] = []       # for the operator, printed by the CLI
        if shard and options.seed is None:
            raise ClassError("--shard needs --seed: every shard must grade with the same "
                             "inputs for their outputs to merge into one gradebook")
        self.on_learner = on_learner or (lambda name: None)
        self.cancelled = threading.Event()
        self.resumed = 0
        self._resumed_lock = threading.Lock()
        self._digest: str | None = None
        self._threads: list[threading.Thread] = []

    # -- state -----------------------------------------------------------------------------
    def _seed(self) -> int | None:
        run_file = self.out / "run.json"
        if self.options.seed is not None or not run_file.exists():
            return self.options.seed
        try:
            return int(json.loads(run_file.read_text())["seed"])
        except (ValueError, KeyError, OSError, TypeError):
            return None

    def grader_digest(self) -> str:
        """The grader's version and code (check kinds live in the engine), and every suite,
        course helper and reference this run uses."""
        if self._digest is None:
            engine = Path(__file__).resolve().parents[1]
            parts = [__version__, *(f"{p.relative_to(engine)}:{_file_digest(p)}"
                                    for p in sorted(engine.glob("*/*.py")))]
            parts += self.course.digest(self.exercises)
            self._digest = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
        return self._digest

    def fingerprint(self, folder: Path, files: dict[str, Path | None], grader: Grader,
                    extra: dict | None = None) -> str:
        """Everything a learner's result depends on: their files, the seed, the device, the
        grader, isolation and every limit. Each part is framed (one JSON list), so no two
        different sets of parts can run together into the same text."""
        o = self.options
        files_part = [[name, files[name].relative_to(folder).as_posix() if files[name] else None,
                       _file_digest(files[name]) if files[name] else None]
                      for name in sorted(files)]
        parts = {"grader": self.grader_digest(), "seed": grader.seed, "device": grader.device,
                 "confine": o.confine, "timeout": o.timeout, "limits": o.limits.to_dict(),
                 "start": o.start, "files": files_part, "extra": extra or {}}
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def _state_path(self, name: str) -> Path:
        return self.out / "learners" / f"{slug(name)}.json"

    def _load_state(self, name: str, fingerprint: str) -> LearnerResult | None:
        if self.regrade:
            return None
        try:
            data = json.loads(self._state_path(name).read_text())
            result = LearnerResult.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if result.learner != name or result.fingerprint != fingerprint:
            return None
        if any(e.grader_error for e in result.exercises):
            return None                 # our failure, not the learner's: always try again
        return result

    # -- grading one learner ---------------------------------------------------------------
    def _grade_learner(self, grader: Grader, name: str, folder: Path) -> LearnerResult | None:
        found, unmatched = find_all(folder, self.exercises, self.course.names())
        picks = {n: choose(found[n], n) for n in self.exercises}
        ignored = {n: [p.relative_to(folder).as_posix() for p in rest]
                   for n, (_, rest) in picks.items()}
        fp = self.fingerprint(folder, {n: p for n, (p, _) in picks.items()}, grader,
                              {"ignored": ignored, "unmatched": unmatched})
        cached = self._load_state(name, fp)
        if cached is not None:
            with self._resumed_lock:
                self.resumed += 1
            return cached
        results = []
        for n in self.exercises:
            if self.cancelled.is_set():
                return None
            path, _ = picks[n]
            s = grader.suite(n)
            if path is None:
                results.append(grader.invalid(
                    s, None, wording.no_file(n), Outcome.MISSING))
                continue
            try:
                result = grader.grade(path, n, within=folder)
            except Exception as exc:     # a bug of ours: this exercise's row says so
                result = _grader_failed(grader, s, exc)
            result.file = path.relative_to(folder).as_posix()
            result.ignored = ignored[n]
            results.append(result)
        if self.cancelled.is_set():
            return None   # a stop may have killed its workers mid-check: never keep that
        result = LearnerResult(name, results, fp, unmatched)
        try:
            write_atomic(self._state_path(name), json.dumps(result.to_dict(), indent=1))
        except OSError:
            pass          # the gradebook still has the row; a re-run grades this learner again
        return result

    def _grade_safely(self, grader: Grader, name: str, folder: Path) -> LearnerResult | None:
        """A learner's result whatever happens: an exception is that learner's grader error."""
        try:
            result = self._grade_learner(grader, name, folder)
            if result is not None:
                self._mark_late(result, folder)
            return result
        except Exception as exc:
            if self.cancelled.is_set():
                return None
            return LearnerResult(name, [_grader_failed(grader, grader.suite(n), exc)
                                        for n in self.exercises])

    def _mark_late(self, result: LearnerResult, folder: Path) -> None:
        """Each graded file's submission time and, against its exercise's deadline (this
        run's, else the one an earlier run into this --out gave it), whether it came late.
        With an LMS export, its time is the only one: a learner sets their files' own."""
        for e in result.exercises:
            when = None
            if self.submitted:
                when = self.submitted.get(result.learner)
            elif e.file:
                try:
                    when = gradebook.file_time(os.lstat(folder / e.file).st_mtime)
                except OSError:
                    when = None
            gradebook.mark_late(e, when if e.file else None, self.deadlines.get(e.exercise))

    # -- the whole class -------------------------------------------------------------------
    def roster(self) -> list[tuple[str, Path]]:
        """The learners this run grades: everyone, the --learner names, or one shard."""
        everyone = learners(self.submissions)
        if not everyone:
            loose = [p.name for p in self.submissions.iterdir()
                     if p.suffix in SUFFIXES and p.is_file()]
            raise ClassError(f"{self.submissions} holds no learner folders (one folder per "
                             "learner, each with their files)" + (
                                 f"; it holds {len(loose)} loose exercise file(s), e.g. "
                                 f"{loose[0]}: put each learner's files in a folder named "
                                 "after them" if loose else ""))
        if self.only:
            names = {name for name, _ in everyone}
            unknown = [n for n in self.only if n not in names]
            if unknown:
                raise ClassError(f"no learner folder named {', '.join(map(repr, unknown))} in "
                                 f"{self.submissions}")
            everyone = [(n, f) for n, f in everyone if n in self.only]
        if self.shard:
            everyone = [(n, f) for n, f in everyone if gradebook.in_shard(n, self.shard)]
        return everyone

    def run(self) -> tuple[list[LearnerResult], list[str], dict]:
        """Grade everyone; on KeyboardInterrupt (Ctrl-C, or SIGTERM through the CLI) stop
        within seconds, write what is done and re-raise."""
        roster = self.roster()
        self.out.mkdir(parents=True, exist_ok=True)
        with _OutLock(self.out):
            return self._run(roster)

    def _run(self, roster: list[tuple[str, Path]]) -> tuple[list[LearnerResult], list[str],
                                                             dict]:
        earlier = gradebook.load(self.out)      # a broken results.json stops us before grading
        self._check_earlier(earlier)
        self.deadlines = dict(earlier[1].get("deadlines") or {}) if earlier else {}
        if self.deadline:
            self.deadlines.update({n: self.deadline.isoformat() for n in self.exercises})
        self.deadlines = {n: gradebook.parse_time(t) if isinstance(t, str) else t
                          for n, t in self.deadlines.items()}
        self._report_lms_names(roster)
        self.cancelled.clear()
        options = Options(**{**self.options.__dict__, "seed": self._seed()})
        grader = Grader(options, hidden=[self.submissions, self.out])
        done: dict[str, LearnerResult] = {}
        interrupted = False
        try:
            try:
                grader.open()
                self.grader_digest()
                write_atomic(self.out / "run.json", json.dumps(self._meta(grader), indent=2))
                self._grade_all(grader, roster, done)
            except KeyboardInterrupt:
                interrupted = True
        finally:
            self.cancelled.set()
            grader.close()          # kills every worker, so in-flight learners end quickly
            self._wait_for_threads()
        ordered = [done[name] for name, _ in roster if name in done]
        pending = [name for name, _ in roster if name not in done]
        meta = self._meta(grader)
        meta["layers"] = next((e.isolation for lr in ordered for e in lr.exercises
                               if e.isolation.get("worker")), {})
        meta["deadlines"] = {n: t.isoformat() for n, t in sorted(self.deadlines.items())}
        if self.shard:
            meta["shard"] = f"{self.shard[0]}/{self.shard[1]}"
        if earlier:                 # week by week, one learner, a resumed run: keep the rest
            meta["exercises"] = _union(earlier[1].get("exercises", []), meta["exercises"],
                                       self.course.names())
            book = gradebook.merge(earlier[0], ordered, self.course.names())
            graded_now = {lr.learner for lr in ordered}
            pending = sorted(set(pending) | (set(earlier[1]["pending"]) - graded_now))
        else:
            book = ordered
        write_outputs(self.out, book, meta, pending, self.course.names())
        if interrupted:
            raise KeyboardInterrupt
        return ordered, pending, meta

    def _check_earlier(self, earlier: tuple[list[LearnerResult], dict] | None) -> None:
        """An --out holds one class's gradebook, graded with one seed, in one way."""
        if earlier is None:
            return
        meta = earlier[1]
        if meta.get("submissions") and meta["submissions"] != str(self.submissions):
            raise ClassError(f"{self.out} holds the gradebook of {meta['submissions']}: "
                             "choose another --out for this class")
        if self.options.seed is not None and meta.get("seed") not in (None, self.options.seed):
            raise ClassError(f"{self.out} was graded with seed {meta['seed']}: leave out "
                             "--seed (a later run reuses it), or choose another --out")
        shard = f"{self.shard[0]}/{self.shard[1]}" if self.shard else None
        if meta.get("shard") != shard:
            raise ClassError(f"{self.out} holds " + (f"shard {meta['shard']}" if meta.get(
                "shard") else "a whole class") + ": grade " + (f"shard {shard}" if shard else
                                                               "the whole class")
                             + " into another --out")

    def _report_lms_names(self, roster: list[tuple[str, Path]]) -> None:
        """With an LMS export, the learners it does not list (graded, with no submission
        time) and the names it lists that are no learner's folder."""
        if not self.submitted:
            return
        names = {n for n, _ in learners(self.submissions)}
        unlisted = sorted({n for n, _ in roster} - set(self.submitted))
        unknown = sorted(set(self.submitted) - names)
        if unlisted:
            self.warnings.append(f"--submitted lists no time for {len(unlisted)} learner(s) "
                                 f"({', '.join(unlisted[:5])}{', ...' if len(unlisted) > 5 else ''}"
                                 "): they are graded, and never marked late")
        if unknown:
            self.warnings.append(f"--submitted names {len(unknown)} learner(s) with no folder "
                                 f"here ({', '.join(unknown[:5])}"
                                 f"{', ...' if len(unknown) > 5 else ''})")

    def _meta(self, grader: Grader) -> dict:
        return {"seed": grader.seed, "device": grader.device,
                "submissions": str(self.submissions),
                "exercises": [{"name": n, "title": grader.suite(n).title,
                               "max_score": grader.suite(n).max_score} for n in self.exercises]}

    def _grade_all(self, grader: Grader, roster: list[tuple[str, Path]],
                   done: dict[str, LearnerResult]) -> None:
        """Grade the roster on `jobs` daemon threads; the main thread only collects, so a
        signal reaches it at once and a learner stuck in the grader cannot hold the exit."""
        todo: queue.SimpleQueue = queue.SimpleQueue()
        for item in roster:
            todo.put(item)
        finished: queue.SimpleQueue = queue.SimpleQueue()

        def work() -> None:
            while not self.cancelled.is_set():
                try:
                    name, folder = todo.get_nowait()
                except queue.Empty:
                    return
                result = None
                try:
                    result = self._grade_safely(grader, name, folder)
                finally:
                    finished.put((name, result))

        self._threads = [threading.Thread(target=work, name=f"torchgrade-class-{i}", daemon=True)
                         for i in range(min(self.jobs, len(roster)))]
        for t in self._threads:
            t.start()
        for _ in roster:
            while True:
                try:
                    name, result = finished.get(timeout=0.25)
                    break
                except queue.Empty:
                    continue
            if result is not None:
                done[name] = result
            self.on_learner(name)

    def _wait_for_threads(self) -> None:
        """Give learners still in progress a few seconds to notice the stop; after that they
        are left behind (daemon threads: they do not hold the process)."""
        end = time.monotonic() + deadlines.STOP_SECONDS
        for t in self._threads:
            t.join(max(0.0, end - time.monotonic()))


def _grader_failed(grader: Grader, s: suites.Suite, exc: BaseException) -> ExerciseResult:
    """Every check of `s` ends with the grader's own failure, named."""
    message = wording.grader_failed(f"(internal {type(exc).__name__}: {exc}).", on="exercise")
    checks = [CheckResult(c.name, Outcome.GRADER_ERROR, 0, c.points, message) for c in s.checks]
    return ExerciseResult(s.name, s.title, None, grader.seed, grader.device, checks)


def write_outputs(out: Path, results: list[LearnerResult], meta: dict, pending: list[str],
                  order: list[str]) -> None:
    """Everything a class run (or `grade merge`) leaves in `out`, from the gradebook's
    records: gradebook.csv, results.json, junit.xml, report.html and the feedback."""
    from graders.core import html_report, junit
    exercises = gradebook.exercise_columns(results, order) or [
        e["name"] for e in meta.get("exercises", [])]
    stats = gradebook.statistics(results, exercises)
    write_atomic(out / "gradebook.csv", report.gradebook_csv(results, exercises, pending))
    document = report.class_json(results, meta, pending, stats)
    write_atomic(out / "results.json", document)
    parsed = json.loads(document)
    for lr, data in zip(results, parsed["learners"]):
        write_atomic(out / "feedback" / f"{slug(lr.learner)}.txt", report.feedback_text(lr))
        write_atomic(out / "feedback" / f"{slug(lr.learner)}.html",
                     html_report.learner_feedback(data, parsed))
    write_atomic(out / "report.html", html_report.class_report(parsed))
    write_atomic(out / "junit.xml", junit.document(
        [(lr.learner, lr.exercises) for lr in results], show_hidden=True))


def _union(earlier: list[dict], now: list[dict], order: list[str]) -> list[dict]:
    """Exercise descriptions of both runs, the later one winning, in course order."""
    by_name = {e["name"]: e for e in [*earlier, *now]}
    return sorted(by_name.values(), key=lambda e: (order.index(e["name"]) if e["name"] in order
                                                   else len(order), e["name"]))


def grader_errors(results: list[LearnerResult]) -> bool:
    return any(e.grader_error for lr in results for e in lr.exercises)

