"""The grading pipeline, declared once:

    read the file (trusted, bytes only)
      -> start a sandbox worker and load the submission in it
      -> for each check, in the suite's order:
           build inputs (trusted) -> probe the learner (sandbox) and the reference (sandbox,
           cached for the session) -> compare (trusted) -> outcome, points, message
      -> notes from warnings, isolation layers, score.

Ordering: the file is read before any worker starts so a bad file costs nothing; a load
failure (syntax error, import-time crash or hang) is final for the exercise and every check
reports it; a worker that dies during a check is replaced before the next check.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import threading
import time
import traceback
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from graders.core import course as courses
from graders.core import deadlines, explain, recorded, replies, wording
from graders.core import suite as suites
from graders.core.expect import CheckFailed
from graders.core.load import InvalidSubmission, Source, read_submission
from graders.core.outcomes import Outcome
from graders.core.redact import Redactor
from graders.core.results import CheckResult, ExerciseResult
from graders.core.sandbox import Limits, Reply, SandboxError, Session, Worker
from graders.worker import wire


class GraderError(RuntimeError):
    """The grader, not the learner, failed (reference crashed, sandbox down, bad usage)."""


class LearnerProblem(Exception):
    """The learner's code did not produce an observation: raised, hung, crashed, ..."""

    def __init__(self, outcome: Outcome, message: str, hint: str | None = None):
        super().__init__(message)
        self.outcome = outcome
        self.message = message
        self.hint = hint


@dataclass
class Options:
    device: str = "auto"                 # auto | cpu | cuda
    seed: int | None = None              # None: a fresh one, recorded in the results
    timeout: float | None = None         # overrides every per-call deadline
    confine: bool = True                 # Linux confinement layers (Landlock, seccomp, caps)
    limits: Limits = field(default_factory=Limits)
    start: str = "auto"                  # fork (a template; Linux) | spawn (fresh interpreter)
    course: courses.Course = field(default_factory=courses.resolve)
    record: bool = False                 # keep the reference's observations (`grade release`)


def _digest(args: dict) -> str:
    return hashlib.sha256(wire.encode(args, max_bytes=1 << 30, strict=True)).hexdigest()


def probe_key(probe: suites.Probe, args: dict) -> str:
    """What makes two probe calls the same call: the probe's code and its arguments."""
    try:
        return probe.source + "\0" + _digest(args)
    except wire.WireError as exc:
        raise GraderError(f"probe `{probe.name}` was given an argument the worker cannot "
                          f"receive: {exc}") from None


# ----------------------------------------------------------------------------- runners
class Runner:
    """Runs probes on one source in a sandbox worker; replaces the worker if it dies."""

    def __init__(self, grader: "Grader", source: Source, module: str, label: str):
        self.grader = grader
        self.source = source
        self.module = module
        self.label = label
        self.worker: Worker | None = None
        self.load_reply: Reply | None = None
        self.memo: dict[str, Reply] = {}
        self.warnings: list[dict] = []
        self.layers: dict = {}
        self.spent = 0.0            # wall seconds of loads and calls so far
        self.cell_errors: list[dict] = []   # notebook cells that raised while loading

    def start(self) -> Reply:
        """A live worker with the source loaded; the load's reply (cached once it failed)."""
        if self.worker is not None and self.worker.dead is None:
            return self.load_reply
        if self.load_reply is not None and self.load_reply.status != "ok":
            return self.load_reply
        if self.worker is not None:
            self.worker.close()
        self.worker = self.grader.session.worker(self.label)
        self.layers = self.worker.layers
        t0 = time.monotonic()
        try:
            reply = self.worker.request(
                {"op": "load", "source": self.source.text, "filename": self.source.filename,
                 "module": self.module, "cells": self.source.ranges()},
                deadlines.load(self.grader.options.timeout,
                               self.grader.session.limits.load_timeout))
        except BaseException:
            self.worker.close()         # never a live worker without its load's reply
            self.worker = None
            raise
        self.spent += time.monotonic() - t0
        self.warnings += reply.warnings
        self.load_reply = reply
        if reply.status == "ok":
            self.cell_errors = replies.cell_errors(reply.value)
        return reply

    def call(self, probe: suites.Probe, args: dict, timeout: float) -> Reply:
        key = probe_key(probe, args)
        if key in self.memo:
            return self.memo[key]
        loaded = self.start()
        if loaded.status != "ok":
            return loaded
        seed = zlib.crc32(f"{self.grader.seed}:{key}".encode())
        t0 = time.monotonic()
        reply = self.worker.call(probe.spec(), args, seed, timeout)
        self.spent += time.monotonic() - t0
        self.warnings += reply.warnings
        self.memo[key] = reply
        return reply

    def close(self) -> None:
        if self.worker is not None:
            self.worker.release()       # exits in the background; grading goes on
            self.worker = None


class Reference:
    """The reference solution of one exercise, run once per distinct probe for the session."""

    def __init__(self, grader: "Grader", s: suites.Suite):
        try:
            source = read_submission(s.solution_path)
        except InvalidSubmission as exc:
            raise GraderError(f"the reference solution for {s.name} is not available: "
                              f"{exc}") from None
        self.runner = Runner(grader, source, f"reference_{s.name}", f"ref-{s.name}")
        self.lock = threading.Lock()
        self.stub = _stub(s)
        self.solution = source.text
        self.seed = grader.seed
        self.recorded: dict[str, Any] | None = {} if grader.options.record else None

    def call(self, probe: suites.Probe, args: dict, timeout: float) -> Any:
        with self.lock:
            reply = self.runner.call(probe, args, timeout)
        if reply.status != "ok":
            err = reply.error or {}
            raise GraderError(f"the reference solution failed on probe `{probe.name}` "
                              f"({reply.status}: {err.get('type', '')} "
                              f"{err.get('message', reply.detail)})".strip())
        if self.recorded is not None:
            self.recorded[recorded.call_key(self.seed, probe_key(probe, args))] = reply.value
        return reply.value

    def close(self) -> None:
        self.runner.close()


class RecordedReference:
    """The reference's observations as recorded at release time (`graders.core.recorded`):
    where the solution is not shipped, the same checks replay on the recorded seeds."""

    def __init__(self, grader: "Grader", s: suites.Suite, recording: recorded.Recording):
        if grader.seed not in recording.seeds:
            raise GraderError(f"{s.name} can be checked here with seeds "
                              f"{', '.join(map(str, recording.seeds))} only (`--seed`)")
        self.recording = recording
        self.seed = grader.seed
        self.stub = _stub(s)
        self.solution = ""

    def call(self, probe: suites.Probe, args: dict, timeout: float) -> Any:
        try:
            return self.recording.lookup(self.seed, probe_key(probe, args))
        except recorded.NotRecorded:
            raise GraderError(wording.NOT_RECORDED) from None

    def close(self) -> None:
        pass


def _stub(s: suites.Suite) -> str:
    return s.stub_path.read_text() if s.stub_path and s.stub_path.exists() else ""


# ----------------------------------------------------------------------------- trials
EVIDENCE_VALUES = 4096
MAX_MESSAGE = 2000       # characters of one check's message or hint


_NOT_DATA = object()


def evidence_value(value: Any) -> Any:
    """`value` as plain JSON data (arrays and tensors as nested lists, non-finite numbers as
    None), or None when it is not data or holds more than EVIDENCE_VALUES numbers."""
    out = _plain(value, [EVIDENCE_VALUES])
    return None if out is _NOT_DATA else out


def _plain(value: Any, left: list[int]) -> Any:
    left[0] -= 1                       # every value counts against one budget, nested too
    if left[0] < 0:
        return _NOT_DATA
    if isinstance(value, wire.TensorObs):
        value = value.array
    if isinstance(value, np.ndarray):
        if value.size > left[0] or value.dtype.kind not in "biuf":
            return _NOT_DATA
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        items = []
        for v in value:
            items.append(_plain(v, left))
            if items[-1] is _NOT_DATA:
                return _NOT_DATA
        return items
    if isinstance(value, str):
        return value[:500]
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, (float, np.floating, np.integer)):
        return float(value) if np.isfinite(float(value)) else None
    return _NOT_DATA


class Trial:
    """What a check sees: seeded inputs, the learner's and the reference's probes, the device."""

    def __init__(self, grading: "_Grading", check: suites.Check, *, rehearsal: bool = False):
        self._g = grading
        self.check = check
        self.device = grading.grader.device
        self.seed = grading.grader.seed
        # A rehearsal runs the check with the reference standing in for the learner: it tells
        # a check that cannot cope with the learner's values from a check that is broken.
        self.rehearsal = rehearsal
        self.evidence: dict[str, dict] = {}

    def rng(self, name: str | None = None) -> np.random.Generator:
        """Fresh inputs each run; the same `name` gives the same inputs within a run."""
        key = zlib.crc32(f"{self._g.suite.name}:{name or self.check.name}".encode())
        return np.random.default_rng([self.seed, key])

    def _timeout(self) -> float:
        return deadlines.within_budget(self._g.call_timeout(self.check), self._g.budget_left())

    def learner(self, probe: suites.Probe, **args) -> Any:
        if self.rehearsal:
            return self.reference(probe, **args)
        reply = self._g.learner.call(probe, args, self._timeout())
        if reply.status == "ok":
            return reply.value
        if reply.status == "raised" and reply is not self._g.learner.load_reply:
            # Did the probe itself fail (a bug of ours), or the learner's code? The reference
            # answers: run on the same inputs, it raises GraderError if the probe is broken.
            self.reference(probe, **args)
        raise self._g.problem(reply)

    def reference(self, probe: suites.Probe, **args) -> Any:
        return self._g.reference.call(probe, args,
                                      deadlines.reference(self._g.call_timeout(self.check)))

    def both(self, probe: suites.Probe, **args) -> tuple[Any, Any]:
        """(learner's, reference's) observation of `probe` on the same arguments. The reference
        runs first: a probe that cannot run is then the grader's error, never the learner's."""
        want = self.reference(probe, **args)
        return self.learner(probe, **args), want

    def record(self, name: str, learner: Any, reference: Any = None) -> None:
        """Keep data beside the verdict (e.g. both loss curves) for reports and CI formats:
        JSON numbers, strings and lists of them, a few thousand values at most."""
        if not self.rehearsal:
            self.evidence[name] = {"learner": evidence_value(learner),
                                   "reference": evidence_value(reference)}

    def note(self, text: str) -> None:
        """Advice that costs no points, under the exercise's result (never from a hidden
        check: its notes would tell its verdict)."""
        if not self.rehearsal and not self.check.hidden and text not in self._g.notes:
            self._g.notes.append(text)

    @contextmanager
    def case(self, label: str):
        """Prefix every failure inside the block with `label` ("With Adam and ...")."""
        try:
            yield
        except (CheckFailed, LearnerProblem) as exc:
            if getattr(exc, "outcome", None) is not Outcome.NOT_ATTEMPTED:
                exc.message = f"{label}: {exc.message}"
            raise


# ----------------------------------------------------------------------------- one submission
class _Grading:
    def __init__(self, grader: "Grader", s: suites.Suite, source: Source):
        self.grader = grader
        self.suite = s
        self.source = source
        self.reference = grader.reference(s)
        self.learner = Runner(grader, source, s.name, s.name)
        self.redactor = Redactor(self.reference.solution, self.reference.stub, source.text)
        self.notes: list[str] = []
        self.budget = deadlines.budget(self.call_timeout(None))

    def call_timeout(self, c: suites.Check | None) -> float:
        return deadlines.call(self.grader.options.timeout, c.timeout if c else None,
                              self.suite.timeout, self.grader.session.limits.call_timeout)

    def budget_left(self) -> float:
        return self.budget - self.learner.spent

    def clean(self, text: str) -> str:
        # Under Landlock the worker cannot read solutions/, so a reference line in its text is
        # one the learner wrote or guessed; hiding it would only tell them the guess was right.
        if str(self.learner.layers.get("landlock", "")).startswith("active"):
            return text
        return self.redactor.clean(text)

    def problem(self, reply: Reply) -> LearnerProblem:
        """Turn a failed reply into the outcome and message a learner reads."""
        limits = self.grader.session.limits
        said = wording.reply_problem(
            reply, wording.Context(self.clean, self.source.where, limits.memory_mb,
                                   limits.cpu_seconds),
            loading=reply is self.learner.load_reply)
        return LearnerProblem(said.outcome, said.message, said.hint)

    def run(self) -> ExerciseResult:
        started = time.perf_counter()
        results = []
        try:
            for c in self.suite.checks:
                if c.hidden and self.grader.options.record:
                    continue        # a learner's bundle has no hidden check, nor its answers
                results.append(self._run_check(c))
        finally:
            self.learner.close()
        self._collect_notes()
        return ExerciseResult(self.suite.name, self.suite.title, self.source.filename,
                              self.grader.seed, self.grader.device, results, self.notes,
                              self.grader.isolation(self.learner.layers),
                              time.perf_counter() - started)

    def _result(self, c: suites.Check, outcome: Outcome, message: str, hint: str | None,
                t0: float, evidence: dict | None = None) -> CheckResult:
        points = c.points if outcome is Outcome.PASSED else 0
        hint = c.hint if hint is None else hint
        return CheckResult(c.name, outcome, points, c.points, self._shown(message),
                           self._shown(hint), time.perf_counter() - t0,
                           hidden=c.hidden, evidence=evidence or {})

    @staticmethod
    def _shown(text: str) -> str:
        """A message capped: a check may quote learner-made text (a type's name, a value).
        (Not redacted as a whole: the suite's own words name the solution's calls.)"""
        if len(text) > MAX_MESSAGE:
            text = text[:MAX_MESSAGE].rsplit(" ", 1)[0] + " ..."
        return text

    def _run_check(self, c: suites.Check) -> CheckResult:
        t0 = time.perf_counter()
        if self.budget_left() <= 0:
            said = wording.budget_spent(self.budget)
            return self._result(c, said.outcome, said.message, said.hint, t0)
        trial = Trial(self, c)
        try:
            loaded = self.learner.start()
            if loaded.status != "ok":
                raise self.problem(loaded)
            try:
                c.fn(trial)
            except (CheckFailed, LearnerProblem, GraderError, SandboxError):
                raise
            except Exception as e:
                raise self._blame(c, e) from None
        except CheckFailed as f:
            cause = explain.likely_cause(self._warning_notes())
            message = f"{f.message} This may be why: {cause}" if cause else f.message
            return self._result(c, Outcome.FAILED, message, f.hint, t0, trial.evidence)
        except LearnerProblem as p:
            return self._result(c, p.outcome, p.message, p.hint, t0, trial.evidence)
        except (GraderError, SandboxError) as g:
            return self._result(c, Outcome.GRADER_ERROR, wording.grader_failed(str(g)), "", t0)
        except Exception as e:  # a bug in a check: never a traceback, always a row
            detail = "\n" + traceback.format_exc() if os.environ.get("TORCHGRADE_DEBUG") else ""
            return self._result(c, Outcome.GRADER_ERROR, wording.grader_failed(
                f"(internal {type(e).__name__}: {e}).{detail}"), "", t0)
        return self._result(c, Outcome.PASSED, "", "", t0, trial.evidence)

    def _blame(self, c: suites.Check, exc: Exception) -> Exception:
        """A check's own code raised. If the same check copes with the reference's values, the
        learner's values caused it (an empty output, zero-width weights, a huge number): that
        is their `failed`, with a message. Otherwise the check is broken: ours."""
        try:
            c.fn(Trial(self, c, rehearsal=True))
        except Exception:
            return exc
        return CheckFailed(wording.not_judged(
            f"{type(exc).__name__}: {self.clean(str(exc))[:200]}".rstrip(": ")))

    def _collect_notes(self) -> None:
        for err in self.learner.cell_errors:
            said = wording.reply_problem(Reply("raised", error=err), wording.Context(
                self.clean, self.source.where, 0, 0), loading=True)
            note = wording.cell_failed(said.message)
            if note not in self.notes:
                self.notes.append(note)
        for note in self._warning_notes(explained_only=False):
            if note not in self.notes:
                self.notes.append(note)

    def _warning_notes(self, explained_only: bool = True) -> list[str]:
        """A note for each warning the learner's worker has reported so far; without
        `explained_only`, the learner's own unexplained warnings too, as they are."""
        notes = []
        for w in self.learner.warnings:
            if not isinstance(w, dict):
                continue
            msg = explain.clean_warning(self.clean(str(w.get("message", ""))))
            note = explain.warning_note(msg)
            if note is None and w.get("learner") and not explained_only:
                note = f"Your code triggered a warning: {w.get('category')}: {msg}"
            if note:
                notes.append(note)
        return notes


# ----------------------------------------------------------------------------- the session
class Grader:
    """A grading session: one sandbox, one seed and device, reference results cached."""

    # A long-lived process (`graders.service`) sets this to lend each Grader a warm Session
    # with the settings asked for; that Session outlives the Grader. None: each Grader
    # starts a Session of its own and closes it.
    lender: Callable[..., Session] | None = None

    def __init__(self, options: Options | None = None, *, hidden: list[Path] | tuple = ()):
        self.options = options or Options()
        self.course = self.options.course
        if self.options.seed is not None:
            self.seed = self.options.seed
        elif self.course.released:              # only the recorded seeds can be replayed
            self.seed = secrets.choice(recorded.SEEDS)
        else:
            self.seed = secrets.randbelow(2**31)
        # Learner code never reads a course (solutions, suites), this one or the built-in one;
        # only the course's data.
        hidden = [*self.course.secrets(), *courses.builtin_secrets(), *hidden]
        settings = dict(limits=self.options.limits, device=self.options.device,
                        confine=self.options.confine, hidden=hidden,
                        readable=[self.course.data_dir], start=self.options.start,
                        prestart=True)
        lender = Grader.lender
        self._owns_session = lender is None
        self.session = Session(**settings) if lender is None else lender(**settings)
        self.device = self.options.device
        if self.course.released:
            if self.device == "cuda":
                raise GraderError("this course bundle checks on the CPU only: its reference "
                                  "was recorded there (leave out --device cuda)")
            self.device = "cpu"
        self._refs: dict[str, Reference | RecordedReference] = {}
        self._refs_lock = threading.Lock()

    def __enter__(self) -> "Grader":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        try:
            self.session.open()
            if self.device in ("auto", "cuda"):
                self.device = self._resolve_device(self.device)
        except SandboxError as exc:
            self.close()
            raise GraderError(str(exc)) from None
        self.session.use_device(self.device)

    def _resolve_device(self, wanted: str) -> str:
        if self.session.cuda is None:         # asked once per session (a lent one is reused)
            w = self.session.worker("info")
            try:
                reply = w.request({"op": "info"}, deadlines.INFO)
            finally:
                w.close()
            self.session.cuda = reply.status == "ok" and bool((reply.value or {}).get("cuda"))
        cuda = self.session.cuda
        if wanted == "cuda" and not cuda:
            raise GraderError("--device cuda was asked for, but torch sees no CUDA device here")
        return "cuda" if cuda else "cpu"

    def close(self) -> None:
        for ref in self._refs.values():
            ref.close()
        if self._owns_session:
            self.session.close()

    def suite(self, name: str) -> suites.Suite:
        return self.course.load(name)

    def reference(self, s: suites.Suite) -> Reference | RecordedReference:
        with self._refs_lock:
            if s.name not in self._refs:
                if self.course.released:
                    try:
                        recording = recorded.Recording(
                            recorded.path_for(self.course.recorded_dir, s.name), s)
                    except recorded.RecordingError as exc:
                        raise GraderError(str(exc)) from None
                    self._refs[s.name] = RecordedReference(self, s, recording)
                else:
                    self._refs[s.name] = Reference(self, s)
            return self._refs[s.name]

    def recorded(self, name: str) -> dict[str, Any]:
        """The reference observations of `name` kept so far (with `Options.record`)."""
        ref = self._refs.get(name)
        return dict(ref.recorded or {}) if isinstance(ref, Reference) else {}

    def isolation(self, layers: dict) -> dict:
        lim = self.session.limits
        return dict(layers, limits=f"{self.options.timeout or lim.call_timeout:g} s per call, "
                    f"{lim.memory_mb} MiB memory, {lim.cpu_seconds} s CPU, "
                    f"{lim.file_mb} MiB files, {lim.return_mb} MiB replies")

    def grade(self, path: Path, exercise: str | None = None, *,
              within: Path | None = None) -> ExerciseResult:
        """Grade one file for one exercise (inferred from the file name if not given)."""
        name = exercise or self.course.infer(Path(path))
        s = self.suite(name)
        try:
            source = read_submission(Path(path), within=within)
        except InvalidSubmission as exc:
            return self.invalid(s, Path(path).name, str(exc))
        return _Grading(self, s, source).run()

    def grade_source(self, source: Source, exercise: str) -> ExerciseResult:
        """Grade source text already read (a notebook kernel's definitions)."""
        s = self.suite(exercise)
        if not source.text.strip():
            return self.invalid(s, source.filename, f"{source.filename} defines nothing yet: "
                                "run the cells with your functions first.")
        return _Grading(self, s, source).run()

    def invalid(self, s: suites.Suite, filename: str | None, message: str,
                outcome: Outcome = Outcome.INVALID) -> ExerciseResult:
        """Every check of `s` ends with the same problem (bad or missing file)."""
        hint = "" if outcome is Outcome.MISSING else wording.FIX_FILE
        checks = [CheckResult(c.name, outcome, 0, c.points, message, hint) for c in s.checks]
        return ExerciseResult(s.name, s.title, filename, self.seed, self.device, checks, [],
                              self.isolation({}))
