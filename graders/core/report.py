"""Every renderer: text for people, JSON for machines, CSV for gradebooks. Nothing else renders.

Learner-supplied text (exception messages, folder names) is made safe here: control characters
and terminal escapes are replaced in text, and CSV cells cannot start a formula.
"""
from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections import Counter

from graders import __version__
from graders.core.outcomes import Outcome
from graders.core.results import ExerciseResult, LearnerResult

WIDTH = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe for a terminal or a text file: no escapes, no carriage returns."""
    return _CONTROL.sub("\ufffd", text)


def points(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


# ----------------------------------------------------------------------------- one exercise
def exercise_text(r: ExerciseResult, *, command: str | None = None) -> str:
    lines = [f"{r.exercise}: {r.title}",
             f"file {printable(r.file or '(none)')} | seed {r.seed} | {r.device}", ""]
    name_width = max((len(c.name) for c in r.checks), default=10)
    for i, c in enumerate(r.checks):
        lines.append(f"  {c.outcome.label:<14} {c.name:<{name_width}}  "
                     f"{points(c.points)}/{points(c.max_points)}")
        following = r.checks[i + 1] if i + 1 < len(r.checks) else None
        same_as_next = following is not None and not following.passed and (
            following.outcome, following.message, following.hint) == (c.outcome, c.message,
                                                                       c.hint)
        if not c.passed and not same_as_next:       # one explanation under a run of checks
            lines += _wrapped(c.message, "      ")
            if c.hint and c.outcome is not Outcome.MISSING:
                lines += _wrapped("Hint: " + c.hint, "      ")
    for note in r.notes:
        lines += [""] + _wrapped("Note: " + note, "  ")
    weak = [f"{k}: {v}" for k, v in r.isolation.items()
            if k in ("landlock", "seccomp") and not str(v).startswith("active")]
    if r.isolation.get("worker") and weak:
        lines += [""] + _wrapped("Note: learner code was not fully confined here ("
                                 + "; ".join(weak) + "): this is feedback, not a grade of record.",
                                 "  ")
    lines += ["", f"Score: {points(r.score)}/{points(r.max_score)}"]
    if command and not r.full_marks:
        lines.append(f"Same inputs again: {command} --seed {r.seed}")
    return "\n".join(lines)


def _wrapped(text: str, indent: str) -> list[str]:
    out = []
    for para in printable(text).split("\n"):
        out += textwrap.wrap(para, WIDTH, initial_indent=indent, subsequent_indent=indent,
                             break_long_words=False, break_on_hyphens=False) or [indent]
    return out


def exercise_json(r: ExerciseResult) -> str:
    return json.dumps(dict(r.to_dict(), grader_version=__version__), indent=2)


def exercise_list(suites) -> str:
    width = max(len(s.name) for s in suites)
    rows = [f"{s.name:<{width}}  {s.max_score:>2} points  {s.title}" for s in suites]
    return "\n".join(rows + [f"{'total':<{width}}  {sum(s.max_score for s in suites):>2} points"])


# ----------------------------------------------------------------------------- a class
def _cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    value = printable(str(value))
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def gradebook_csv(learners: list[LearnerResult], exercises: list[str],
                  pending: list[str] = ()) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["learner", *exercises, "total", "max_total", "status"])
    for lr in learners:
        by_name = {e.exercise: e for e in lr.exercises}
        w.writerow([_cell(lr.learner),
                    *(points(by_name[n].score) if n in by_name else "" for n in exercises),
                    points(lr.score), points(lr.max_score), _cell(lr.status)])
    for name in pending:
        w.writerow([_cell(name), *("" for _ in exercises), "", "", "not graded (interrupted)"])
    return buf.getvalue()


def common_problems(learners: list[LearnerResult], top: int = 10) -> list[dict]:
    """The checks that most learners did not pass (missing files aside), with an example."""
    counts: Counter = Counter()
    example: dict = {}
    for lr in learners:
        for e in lr.exercises:
            for c in e.checks:
                if c.passed or c.outcome in (Outcome.MISSING,):
                    continue
                key = (e.exercise, c.name, c.outcome.value)
                counts[key] += 1
                example.setdefault(key, c.message)
    return [{"exercise": ex, "check": ch, "outcome": oc, "learners": n,
             "example": example[(ex, ch, oc)]}
            for (ex, ch, oc), n in counts.most_common(top)]


def class_json(learners: list[LearnerResult], meta: dict, pending: list[str] = ()) -> str:
    return json.dumps(dict(meta, grader_version=__version__,
                           learners=[lr.to_dict() for lr in learners],
                           pending=list(pending), common_problems=common_problems(learners)),
                      indent=2)


def feedback_text(lr: LearnerResult) -> str:
    head = [f"Feedback for {printable(lr.learner)}",
            f"Total: {points(lr.score)}/{points(lr.max_score)}", ""]
    body = [exercise_text(e) for e in lr.exercises]
    return "\n".join(head) + ("\n\n" + "-" * 40 + "\n\n").join(body) + "\n"


def class_summary(learners: list[LearnerResult], exercises: list[str], out_dir: str,
                  pending: list[str] = (), resumed: int = 0) -> str:
    graded = len(learners)
    full = sum(1 for lr in learners if lr.max_score and lr.score == lr.max_score)
    earlier = f" ({resumed} from an earlier run)" if resumed else ""
    lines = [f"Graded {graded} learner(s){earlier}; {full} with full marks."]
    if pending:
        lines.append(f"Interrupted: {len(pending)} learner(s) not graded yet; run the same "
                     "command again to finish.")
    problems = common_problems(learners, top=5)
    if problems:
        lines += ["", "Most common problems:"]
        for p in problems:
            lines.append(f"  {p['learners']:>3} x {p['exercise']} {p['check']} ({p['outcome']})")
    lines += ["", f"Gradebook: {out_dir}/gradebook.csv", f"Details:   {out_dir}/results.json",
              f"Feedback:  {out_dir}/feedback/"]
    return "\n".join(lines)
