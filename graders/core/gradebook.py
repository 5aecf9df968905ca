"""A class's gradebook across runs: week-by-week columns, single-learner regrades, shards
merged, late flags, and the statistics the report shows.

One record per (learner, exercise) is the unit: a run replaces the records it graded and
keeps every other, so grading `-e ex05` into last week's `--out` adds ex05's column, and
`--learner ada` changes ada's row only. Shards are runs over disjoint learners, joined the
same way. pandas does the joining and the statistics.
"""
from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime, timezone
from pathlib import Path

from graders.core.outcomes import Outcome
from graders.core.results import ExerciseResult, LearnerResult


class GradebookError(ValueError):
    """Earlier outputs that cannot be joined with these (another seed, a broken file)."""


# ----------------------------------------------------------------------------- loading
def load(out: Path) -> tuple[list[LearnerResult], dict] | None:
    """The learners and run facts (seed, exercises, pending learners, shard, deadlines...)
    in `out/results.json`, or None if there is none yet."""
    path = Path(out) / "results.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        learners = [LearnerResult.from_dict(d) for d in data["learners"]]
        for lr in learners:
            _validate(lr)
        pending = [str(n) for n in data.get("pending", [])]
        meta = {k: data[k] for k in META if k in data}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise GradebookError(f"{path} cannot be read ({type(exc).__name__}: {exc}); move it "
                             "away to start a new gradebook") from None
    meta["pending"] = pending
    return learners, meta


# What a run's results.json says about the run, besides its learners.
META = ("seed", "device", "exercises", "submissions", "layers", "shard", "deadlines")


def _validate(lr: LearnerResult) -> None:
    """Every field a later run reads has the type it is written with (a results.json edited
    by hand, or by a script, fails here and not halfway through writing a gradebook)."""
    texts = [lr.learner, *lr.unmatched]
    for e in lr.exercises:
        texts += [e.exercise, e.title, e.device, *e.notes, *e.ignored,
                  *([e.file] if e.file is not None else [])]
        for c in e.checks:
            texts += [c.name, c.message, c.hint]
            if not (math.isfinite(c.points) and math.isfinite(c.max_points)):
                raise ValueError(f"{lr.learner!r}: check {c.name!r} has points that are not "
                                 "numbers")
    if not all(isinstance(t, str) for t in texts):
        raise TypeError(f"a learner record ({lr.learner!r}) holds a non-text value where text "
                        "belongs")


# ----------------------------------------------------------------------------- joining
def merge(earlier: list[LearnerResult], later: list[LearnerResult],
          order: list[str]) -> list[LearnerResult]:
    """`earlier` with every (learner, exercise) record of `later` put in its place; learners
    sorted by name, exercises in the course's `order` (others after, by name)."""
    import pandas as pd
    frames = []
    for rank, group in enumerate((earlier, later)):
        rows = [{"learner": lr.learner, "exercise": e.exercise, "rank": rank, "record": e}
                for lr in group for e in lr.exercises]
        frames.append(pd.DataFrame(rows, columns=["learner", "exercise", "rank", "record"]))
    both = pd.concat(frames, ignore_index=True)
    position = {name: i for i, name in enumerate(order)}
    both["position"] = [position.get(x, len(order)) for x in both["exercise"]]
    kept = (both.sort_values("rank", kind="stable")
                .drop_duplicates(["learner", "exercise"], keep="last")
                .sort_values(["learner", "position", "exercise"], kind="stable"))
    latest = {lr.learner: lr for lr in earlier}
    latest.update({lr.learner: lr for lr in later})
    merged = []
    for name, rows in kept.groupby("learner", sort=True):
        source = latest[name]
        merged.append(LearnerResult(name, list(rows["record"]), source.fingerprint,
                                    list(source.unmatched)))
    for name in sorted(set(latest) - set(kept["learner"])):     # learners with no exercise
        merged.append(latest[name])
    return sorted(merged, key=lambda lr: lr.learner)


def join_shards(outs: list[tuple[list[LearnerResult], dict]],
                order: list[str]) -> tuple[list[LearnerResult], dict]:
    """Shard outputs joined: one seed and one set of exercises, every shard of K/N once, each
    learner from one shard; learners a shard did not finish stay pending."""
    seeds = {meta.get("seed") for _, meta in outs}
    if len(seeds) > 1:
        raise GradebookError(f"these outputs were graded with different seeds "
                             f"({', '.join(map(str, sorted(seeds, key=str)))}); grade every "
                             "shard with the same --seed")
    _check_shards([meta.get("shard") for _, meta in outs])
    exercise_sets = {tuple(sorted(e["name"] for e in meta.get("exercises", [])))
                     for _, meta in outs}
    if len(exercise_sets) > 1:
        raise GradebookError("these outputs graded different exercises ("
                             + " vs ".join(", ".join(x) or "none" for x in exercise_sets)
                             + "); grade the same -e in every shard")
    seen: dict[str, int] = {}
    joined: list[LearnerResult] = []
    pending: set[str] = set()
    for i, (learners, meta) in enumerate(outs):
        for lr in learners:
            if lr.learner in seen:
                raise GradebookError(f"learner {lr.learner!r} is in outputs {seen[lr.learner]}"
                                     f" and {i + 1}: merge the outputs of one class's shards")
            seen[lr.learner] = i + 1
        pending.update(meta.get("pending", []))
        joined = merge(joined, learners, order)
    meta = {k: v for k, v in outs[0][1].items() if k not in ("shard", "pending")}
    meta["pending"] = sorted(pending - set(seen))
    return joined, meta


def _check_shards(shards: list[str | None]) -> None:
    """Outputs of `--shard K/N` runs: all of them, K = 1..N once each, one N."""
    if not any(shards):
        raise GradebookError("these outputs are not shards (no --shard K/N): grade merge "
                             "joins the outputs of `grade class --shard` runs")
    if not all(shards):
        raise GradebookError("some outputs are shards and some are not: merge only the "
                             "outputs of `grade class --shard K/N` runs")
    parsed = [parse_shard(x) for x in shards]
    counts = {n for _, n in parsed}
    if len(counts) > 1:
        raise GradebookError(f"these shards split the class differently (N = "
                             f"{', '.join(map(str, sorted(counts)))}): use one N")
    n = counts.pop()
    ks = [k for k, _ in parsed]
    twice = sorted({k for k in ks if ks.count(k) > 1})
    missing = sorted(set(range(1, n + 1)) - set(ks))
    if twice:
        raise GradebookError(f"shard {', '.join(map(str, twice))}/{n} is given more than once")
    if missing:
        raise GradebookError(f"shard {', '.join(map(str, missing))}/{n} is missing: merge "
                             f"all {n} shards' outputs")


def exercise_columns(learners: list[LearnerResult], order: list[str]) -> list[str]:
    names = {e.exercise for lr in learners for e in lr.exercises}
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


# ----------------------------------------------------------------------------- shards
def in_shard(name: str, shard: tuple[int, int]) -> bool:
    """Whether learner `name` belongs to shard K of N (K from 1): a hash of the exact name,
    so every machine splits a class the same way, whatever order it lists folders in."""
    k, n = shard
    from graders.core.classroom import name_bytes
    digest = hashlib.sha256(name_bytes(name)).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def parse_shard(text: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise GradebookError(f"--shard {text!r}: write K/N, e.g. 2/8") from None
    if not (n >= 1 and 1 <= k <= n):
        raise GradebookError(f"--shard {text!r}: K must be between 1 and N")
    return k, n


# ----------------------------------------------------------------------------- lateness
def parse_time(text: str) -> datetime:
    """An ISO 8601 time, in UTC; one without a zone is this machine's local time."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        return (when if when.tzinfo else when.astimezone()).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise GradebookError(f"{text!r} is not a time (write ISO 8601, e.g. "
                             "2026-12-01T23:59 or 2026-12-01T23:59+01:00)") from None


def file_time(seconds: float) -> datetime | None:
    """A file's modification time, or None where it is no date (a learner can set any)."""
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


def read_submitted(path: Path) -> dict[str, datetime]:
    """Submission times from an LMS export: a CSV with columns `learner` and `submitted`
    (names as the submission folders are named; a learner listed more than once counts at
    their latest time, the submission that was graded)."""
    import pandas as pd
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise GradebookError(f"{path} cannot be read as CSV: {exc}") from None
    missing = {"learner", "submitted"} - set(table.columns)
    if missing:
        raise GradebookError(f"{path} needs the columns learner and submitted (missing: "
                             f"{', '.join(sorted(missing))})")
    times: dict[str, datetime] = {}
    for name, when in zip(table["learner"], table["submitted"]):
        if when.strip():
            t = parse_time(when)
            times[name.strip()] = max(t, times.get(name.strip(), t))
    return times


def mark_late(result: ExerciseResult, submitted: datetime | None,
              deadline: datetime | None) -> None:
    """Record when the graded file was submitted and, against a deadline, whether late."""
    result.submitted = submitted.isoformat(timespec="seconds") if submitted else None
    result.late = bool(deadline and submitted and submitted > deadline)


# ----------------------------------------------------------------------------- statistics
def statistics(learners: list[LearnerResult], exercises: list[str]) -> dict:
    """What the report shows, from the records: totals, and pass rates per exercise (full
    marks) and per check (passed, of those graded; a missing file counts as not passed)."""
    import pandas as pd
    rows = [{"learner": lr.learner, "exercise": e.exercise, "check": c.name,
             "passed": c.passed, "missing": c.outcome is Outcome.MISSING,
             "points": c.points, "max_points": c.max_points}
            for lr in learners for e in lr.exercises for c in e.checks]
    checks = pd.DataFrame(rows, columns=["learner", "exercise", "check", "passed", "missing",
                                         "points", "max_points"])
    totals = pd.DataFrame([{"learner": lr.learner, "score": lr.score,
                            "max_score": lr.max_score} for lr in learners],
                          columns=["learner", "score", "max_score"])
    per_exercise = []
    if len(checks):
        marks = checks.groupby(["exercise", "learner"]).agg(
            points=("points", "sum"), max_points=("max_points", "sum"),
            missing=("missing", "all"))
        marks["full"] = (marks["points"] == marks["max_points"]) & (marks["max_points"] > 0)
        for name in exercises:
            if name not in marks.index.get_level_values(0):
                continue
            m = marks.loc[name]
            per_exercise.append({"exercise": name, "learners": int(len(m)),
                                 "full_marks": int(m["full"].sum()),
                                 "missing": int(m["missing"].sum()),
                                 "pass_rate": _rate(m["full"].sum(), len(m)),
                                 "mean_score": _round(m["points"].mean())})
    per_check = []
    if len(checks):
        grouped = checks.groupby(["exercise", "check"], sort=False).agg(
            passed=("passed", "sum"), graded=("passed", "size"), missing=("missing", "sum"))
        for (exercise, check), g in grouped.iterrows():
            per_check.append({"exercise": exercise, "check": check, "passed": int(g["passed"]),
                              "graded": int(g["graded"]), "missing": int(g["missing"]),
                              "pass_rate": _rate(g["passed"], g["graded"])})
    return {"learners": int(len(totals)),
            "mean_total": _round(totals["score"].mean()) if len(totals) else None,
            "median_total": _round(totals["score"].median()) if len(totals) else None,
            "max_total": _round(totals["max_score"].max()) if len(totals) else None,
            "full_marks": int(((totals["score"] == totals["max_score"])
                               & (totals["max_score"] > 0)).sum()),
            "exercises": per_exercise, "checks": per_check}


def _rate(part, whole) -> float | None:
    return round(float(part) / float(whole), 4) if whole else None


def _round(x) -> float:
    return round(float(x), 4)
