"""Result records: one per check, one per exercise, one per learner. Plain data with to_dict."""
from __future__ import annotations

from dataclasses import dataclass, field

from graders.core.outcomes import Outcome


@dataclass
class CheckResult:
    name: str
    outcome: Outcome
    points: float
    max_points: float
    message: str = ""
    hint: str = ""
    elapsed: float = 0.0
    hidden: bool = False        # counted, but its verdict is not shown before grades are out
    evidence: dict = field(default_factory=dict)   # data beside the verdict (Trial.record)

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED

    def to_dict(self) -> dict:
        return {"name": self.name, "outcome": self.outcome.value, "points": self.points,
                "max_points": self.max_points, "message": self.message, "hint": self.hint,
                "elapsed": round(self.elapsed, 4), "hidden": self.hidden,
                "evidence": dict(self.evidence)}

    @classmethod
    def from_dict(cls, d: dict) -> "CheckResult":
        return cls(d["name"], Outcome(d["outcome"]), float(d["points"]), float(d["max_points"]),
                   d.get("message", ""), d.get("hint", ""), float(d.get("elapsed", 0.0)),
                   bool(d.get("hidden", False)), dict(d.get("evidence", {})))


@dataclass
class ExerciseResult:
    exercise: str
    title: str
    file: str | None
    seed: int
    device: str
    checks: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    isolation: dict = field(default_factory=dict)
    elapsed: float = 0.0
    ignored: list[str] = field(default_factory=list)   # other files that could be this one
    submitted: str | None = None    # when the graded file was submitted (UTC, ISO 8601)
    late: bool = False              # submitted after the run's --deadline

    @property
    def score(self) -> float:
        return sum(c.points for c in self.checks)

    @property
    def max_score(self) -> float:
        return sum(c.max_points for c in self.checks)

    @property
    def full_marks(self) -> bool:
        return self.max_score > 0 and self.score == self.max_score

    @property
    def grader_error(self) -> bool:
        return any(c.outcome is Outcome.GRADER_ERROR for c in self.checks)

    @property
    def status(self) -> str:
        """One word for the gradebook: the exercise's worst problem, or 'graded'."""
        return _status({c.outcome for c in self.checks})

    @property
    def visible_status(self) -> str:
        """The same over the checks a learner sees: a hidden check's outcome never shows."""
        return _status({c.outcome for c in self.checks if not c.hidden})

    def to_dict(self) -> dict:
        return {"exercise": self.exercise, "title": self.title, "file": self.file,
                "score": self.score, "max_score": self.max_score, "status": self.status,
                "seed": self.seed, "device": self.device,
                "checks": [c.to_dict() for c in self.checks], "notes": list(self.notes),
                "isolation": dict(self.isolation), "elapsed": round(self.elapsed, 3),
                "ignored": list(self.ignored), "submitted": self.submitted, "late": self.late}

    @classmethod
    def from_dict(cls, d: dict) -> "ExerciseResult":
        return cls(d["exercise"], d.get("title", ""), d.get("file"), int(d["seed"]), d["device"],
                   [CheckResult.from_dict(c) for c in d["checks"]], list(d.get("notes", [])),
                   dict(d.get("isolation", {})), float(d.get("elapsed", 0.0)),
                   [str(p) for p in d.get("ignored", [])], d.get("submitted"),
                   bool(d.get("late", False)))


@dataclass
class LearnerResult:
    learner: str
    exercises: list[ExerciseResult]
    fingerprint: str = ""
    unmatched: list[str] = field(default_factory=list)  # .py/.ipynb files for no exercise

    @property
    def score(self) -> float:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)

    @property
    def status(self) -> str:
        problems = [f"{e.exercise}: {e.status.replace('_', ' ')}" for e in self.exercises
                    if e.status not in ("graded",)]
        return "; ".join(problems) if problems else "ok"

    def to_dict(self) -> dict:
        return {"learner": self.learner, "score": self.score, "max_score": self.max_score,
                "status": self.status, "fingerprint": self.fingerprint,
                "exercises": [e.to_dict() for e in self.exercises],
                "unmatched": list(self.unmatched)}

    @classmethod
    def from_dict(cls, d: dict) -> "LearnerResult":
        return cls(d["learner"], [ExerciseResult.from_dict(e) for e in d["exercises"]],
                   d.get("fingerprint", ""), [str(p) for p in d.get("unmatched", [])])


def _status(outcomes: set[Outcome]) -> str:
    for o in (Outcome.GRADER_ERROR, Outcome.MISSING, Outcome.INVALID, Outcome.TIMED_OUT,
              Outcome.OUT_OF_MEMORY, Outcome.CRASHED, Outcome.EXITED):
        if o in outcomes:
            return o.value
    # Every check the same non-result: not attempted, or raised everywhere (a file that
    # crashes while loading, say). Mixed results are graded.
    if outcomes in ({Outcome.NOT_ATTEMPTED}, {Outcome.ERROR}):
        return outcomes.pop().value
    return "graded"
