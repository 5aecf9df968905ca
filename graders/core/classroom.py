"""Grading a class: one folder per learner, a gradebook, feedback, and resuming after a stop.

Every learner ends with a row, whatever their code does. Each learner's result is written to
`OUT/learners/` (atomically) as soon as it is ready, tagged with a fingerprint of their files,
the seed, the device and the grader; a re-run reuses every result whose fingerprint still
matches and grades the rest. Submission folders are only ever read.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

from graders import __version__
from graders.core import report
from graders.core import suite as suites
from graders.core.grading import Grader, Options
from graders.core.outcomes import Outcome
from graders.core.results import LearnerResult

SUFFIXES = (".py", ".ipynb")
MAX_DEPTH = 4


class ClassError(RuntimeError):
    """A usage problem with the class folder or the output folder."""


def write_atomic(path: Path, text: str) -> None:
    """Write `text` so readers see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
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


def slug(name: str) -> str:
    """A file name for a learner's outputs; distinct names never collide."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name).strip(".") or "learner"
    if safe != name:
        safe += "-" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return safe[:120]


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


def find_files(folder: Path, exercises: list[str]) -> dict[str, list[Path]]:
    """Candidate files per exercise under `folder` (not following symlinked folders)."""
    found: dict[str, list[Path]] = {name: [] for name in exercises}
    base_depth = len(folder.parts)
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__"
                         and len(Path(root, d).parts) - base_depth <= MAX_DEPTH)
        for f in sorted(files):
            p = Path(root, f)
            if p.suffix not in SUFFIXES:
                continue
            for name in exercises:
                if re.match(rf"^{name[:4]}(_|$)", p.stem):      # ex04_softmax_head, ex04_v2
                    found[name].append(p)
    return found


def choose(candidates: list[Path], name: str) -> tuple[Path | None, str]:
    """The one file to grade for `name`, or why there is none."""
    if not candidates:
        return None, f"No file for {name} ({name}.py or {name}.ipynb) was submitted."
    for suffix in SUFFIXES:
        exact = [p for p in candidates if p.name == name + suffix]
        if len(exact) == 1:
            return exact[0], ""
        if len(exact) > 1:
            return None, (f"More than one {name}{suffix} was submitted: "
                          + ", ".join(str(p) for p in exact))
    if len(candidates) == 1:
        return candidates[0], ""
    return None, (f"Several files could be {name}: " + ", ".join(p.name for p in candidates)
                  + f"; name the one to grade {name}.py.")


def _digest_file(h, path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            h.update(fh.read(4 << 20))
    except OSError as exc:
        h.update(f"unreadable:{exc.errno}".encode())


class ClassRun:
    """Grades every learner folder under `submissions` into `out`."""

    def __init__(self, submissions: Path, out: Path, options: Options, *, jobs: int = 1,
                 exercises: list[str] | None = None, regrade: bool = False,
                 on_learner: Callable[[str], None] | None = None):
        self.submissions = Path(submissions).resolve()
        self.out = Path(out).resolve()
        if self.out == self.submissions or self.submissions in self.out.parents:
            raise ClassError("the output folder must not be inside the submissions folder "
                             "(submission folders are never modified)")
        self.options = options
        self.jobs = max(1, jobs)
        self.exercises = exercises or suites.names()
        for name in self.exercises:
            suites.load(name)
        self.regrade = regrade
        self.on_learner = on_learner or (lambda name: None)
        self.cancelled = threading.Event()
        self.resumed = 0

    # -- state -----------------------------------------------------------------------------
    def _seed(self) -> int | None:
        run_file = self.out / "run.json"
        if self.options.seed is not None or not run_file.exists():
            return self.options.seed
        try:
            return int(json.loads(run_file.read_text())["seed"])
        except (ValueError, KeyError, OSError, TypeError):
            return None

    def _grader_digest(self) -> str:
        h = hashlib.sha256(__version__.encode())
        for name in self.exercises:
            s = suites.load(name)
            for p in (Path(s.module.__file__), s.solution_path):
                _digest_file(h, p)
        return h.hexdigest()

    def fingerprint(self, folder: Path, files: dict[str, Path | None], grader: Grader) -> str:
        h = hashlib.sha256(f"{self._digest}|{grader.seed}|{grader.device}".encode())
        for name in sorted(files):
            path = files[name]
            h.update(f"|{name}:{path.relative_to(folder) if path else '-'}:".encode())
            if path is not None:
                _digest_file(h, path)
        return h.hexdigest()

    def _state_path(self, name: str) -> Path:
        return self.out / "learners" / f"{slug(name)}.json"

    def _load_state(self, name: str, fingerprint: str) -> LearnerResult | None:
        if self.regrade:
            return None
        try:
            data = json.loads(self._state_path(name).read_text())
            result = LearnerResult.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if result.learner != name or result.fingerprint != fingerprint:
            return None
        return result

    # -- grading ---------------------------------------------------------------------------
    def _grade_learner(self, grader: Grader, name: str, folder: Path) -> LearnerResult | None:
        found = find_files(folder, self.exercises)
        chosen = {n: choose(found[n], n) for n in self.exercises}
        fp = self.fingerprint(folder, {n: p for n, (p, _) in chosen.items()}, grader)
        cached = self._load_state(name, fp)
        if cached is not None:
            self.resumed += 1
            return cached
        results = []
        for n in self.exercises:
            if self.cancelled.is_set():
                return None
            path, why = chosen[n]
            s = grader.suite(n)
            if path is None:
                outcome = Outcome.MISSING if not found[n] else Outcome.INVALID
                results.append(grader.invalid(s, None, why, outcome))
            else:
                results.append(grader.grade(path, n, within=folder))
        if self.cancelled.is_set():
            return None   # a stop may have killed its workers mid-check: never keep that
        result = LearnerResult(name, results, fp)
        write_atomic(self._state_path(name), json.dumps(result.to_dict(), indent=1))
        return result

    def run(self) -> tuple[list[LearnerResult], list[str], dict]:
        """Grade everyone; on KeyboardInterrupt write what is done and re-raise."""
        roster = learners(self.submissions)
        self.out.mkdir(parents=True, exist_ok=True)
        self._digest = self._grader_digest()
        options = Options(**{**self.options.__dict__, "seed": self._seed()})
        grader = Grader(options, hidden=[self.submissions, self.out])
        grader.open()
        meta = {"seed": grader.seed, "device": grader.device,
                "submissions": str(self.submissions),
                "exercises": [{"name": n, "title": grader.suite(n).title,
                               "max_score": grader.suite(n).max_score} for n in self.exercises]}
        write_atomic(self.out / "run.json", json.dumps(meta, indent=2))
        done: dict[str, LearnerResult] = {}
        interrupted = False
        pool = ThreadPoolExecutor(max_workers=self.jobs)
        try:
            futures = {pool.submit(self._grade_learner, grader, name, folder): name
                       for name, folder in roster}
            for fut in as_completed(futures):
                name = futures[fut]
                result = fut.result()
                if result is not None:
                    done[name] = result
                self.on_learner(name)
        except KeyboardInterrupt:
            interrupted = True
            self.cancelled.set()
            pool.shutdown(wait=False, cancel_futures=True)
        finally:
            grader.close()          # kills every worker, so in-flight learners end quickly
            pool.shutdown(wait=True, cancel_futures=True)
        ordered = [done[name] for name, _ in roster if name in done]
        pending = [name for name, _ in roster if name not in done]
        meta["layers"] = next((e.isolation for lr in ordered for e in lr.exercises
                               if e.isolation.get("worker")), {})
        self.write_outputs(ordered, pending, meta)
        if interrupted:
            raise KeyboardInterrupt
        return ordered, pending, meta

    def write_outputs(self, results: list[LearnerResult], pending: list[str], meta: dict) -> None:
        write_atomic(self.out / "gradebook.csv",
                     report.gradebook_csv(results, self.exercises, pending))
        write_atomic(self.out / "results.json", report.class_json(results, meta, pending))
        for lr in results:
            write_atomic(self.out / "feedback" / f"{slug(lr.learner)}.txt",
                         report.feedback_text(lr))


def grader_errors(results: list[LearnerResult]) -> bool:
    return any(e.grader_error for lr in results for e in lr.exercises)

