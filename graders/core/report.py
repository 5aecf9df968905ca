"""Every renderer: text for people, JSON for machines, CSV for gradebooks. Nothing else renders.

Learner-supplied text (exception messages, folder and file names) is made safe here: control
characters, terminal escapes and bidi overrides are replaced in text; a learner's name shows its
hidden characters as visible escapes (`\\u202e`) with a note; CSV text cells are quoted and a
cell a spreadsheet could run as a formula is prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
import io
import json
import re
import textwrap
import unicodedata
from collections import Counter

from graders import __version__
from graders.core.outcomes import Outcome
from graders.core.results import ExerciseResult, LearnerResult

WIDTH = 100
# C0/C1 controls but newline and tab; lone surrogates (undecodable file names); bidi controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
                      "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
HIDDEN_NOTE = "learner name has hidden characters (shown as \\u escapes)"


def printable(text: str) -> str:
    """Text safe for a terminal or a text file: no escapes, no carriage returns."""
    return _CONTROL.sub("\ufffd", text)


def _hidden(ch: str) -> bool:
    """Invisible or layout-changing: controls, format characters (zero-width, bidi),
    line/paragraph separators, unusual spaces, surrogates, private use."""
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or (cat == "Zs" and ch != " ")


def shown_name(name: str) -> tuple[str, bool]:
    """A learner's name as it is shown (hidden characters escaped visibly) and whether any
    were."""
    if not any(_hidden(ch) for ch in name):
        return name, False
    out = "".join(_ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF
                                        else f"\\U{ord(ch):08x}") if _hidden(ch) else ch
                  for ch in name)
    return out, True


def file_name(name: str) -> str:
    """A learner's file name on one line: hidden characters, newlines among them, escaped."""
    return shown_name(name)[0]


def points(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


# ----------------------------------------------------------------------------- one exercise
def exercise_text(r: ExerciseResult, *, command: str | None = None) -> str:
    late = f" | submitted {r.submitted}, after the deadline" if r.late else ""
    lines = [f"{r.exercise}: {r.title}",
             f"file {file_name(r.file or '(none)')} | seed {r.seed} | {r.device}{late}", ""]
    name_width = max((len(c.name) for c in r.checks), default=10)
    shown = [c for c in r.checks if not c.hidden]
    for i, c in enumerate(shown):
        lines.append(f"  {c.outcome.label:<14} {c.name:<{name_width}}  "
                     f"{points(c.points)}/{points(c.max_points)}")
        following = shown[i + 1] if i + 1 < len(shown) else None
        same_as_next = following is not None and not following.passed and (
            following.outcome, following.message, following.hint) == (c.outcome, c.message,
                                                                       c.hint)
        if not c.passed and not same_as_next:       # one explanation under a run of checks
            lines += _wrapped(c.message, "      ")
            if c.hint and c.outcome is not Outcome.MISSING:
                lines += _wrapped("Hint: " + c.hint, "      ")
    if r.ignored:
        lines += [""] + _wrapped(
            f"Note: {len(r.ignored) + 1} files could be {r.exercise}; graded "
            f"{file_name(r.file or '')}, not graded: {', '.join(map(file_name, r.ignored))} "
            f"(the rule: a file named exactly "
            f"{r.exercise}.py, then {r.exercise}.ipynb, else the most recently modified).", "  ")
    for note in r.notes:
        lines += [""] + _wrapped("Note: " + note, "  ")
    weak = [f"{k}: {v}" for k, v in r.isolation.items()
            if k in ("landlock", "seccomp") and not str(v).startswith("active")]
    if r.isolation.get("worker") and weak:
        lines += [""] + _wrapped("Note: learner code was not fully confined here ("
                                 + "; ".join(weak) + "): this is feedback, not a grade of record.",
                                 "  ")
    held = sum(c.max_points for c in r.checks if c.hidden)
    score, out_of = sum(c.points for c in shown), sum(c.max_points for c in shown)
    lines += ["", f"Score: {points(score)}/{points(out_of)}" + (
        f", and hidden checks worth {points(held)} more, shown when grades are released"
        if held else "")]
    if command and score < out_of:
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
    width = max((len(s.name) for s in suites), default=5)
    rows = [f"{s.name:<{width}}  {s.max_score:>2} points  {s.title}" for s in suites]
    return "\n".join(rows + [f"{'total':<{width}}  {sum(s.max_score for s in suites):>2} points"])


# ----------------------------------------------------------------------------- a class
_FORMULA = ("=", "+", "-", "@")
_SEPARATORS = (",", ";", "\t", "|")


def _cell(value: str, *, learner: bool = False) -> str:
    """A CSV text cell a spreadsheet will not run as a formula: one that starts with = + - @
    (also after blanks) gets an apostrophe in front. A learner-supplied cell also gets one if
    it holds a separator a spreadsheet may split on (`a;=cmd()`). Text cells are quoted."""
    raw = str(value)
    shown = shown_name(raw)[0] if learner else printable(raw)
    risky = any(v.lstrip(" \t\r\n")[:1] in _FORMULA for v in (raw, shown))
    if learner:
        risky = risky or any(sep in raw for sep in _SEPARATORS)
    return "'" + shown if risky else shown


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(float(x), 2)


def gradebook_csv(learners: list[LearnerResult], exercises: list[str],
                  pending: list[str] = ()) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    w.writerow(["learner", *exercises, "total", "max_total", "status", "late"])
    pending_set, rows = set(pending), {lr.learner for lr in learners}
    for lr in learners:
        by_name = {e.exercise: e for e in lr.exercises}
        w.writerow([_cell(lr.learner, learner=True),
                    *(_number(by_name[n].score) if n in by_name else "" for n in exercises),
                    _number(lr.score), _number(lr.max_score),
                    _cell(_row_status(lr, [n for n in exercises if n not in by_name],
                                      lr.learner in pending_set)),
                    "; ".join(e.exercise for e in lr.exercises if e.late)])
    for name in pending:
        if name in rows:
            continue            # their row from an earlier run is above, marked
        status = "not graded (interrupted)"
        if shown_name(name)[1]:
            status = f"{HIDDEN_NOTE}; {status}"
        w.writerow([_cell(name, learner=True), *("" for _ in exercises), "", "", status, ""])
    return buf.getvalue()


def _row_status(lr: LearnerResult, absent: list[str], pending: bool) -> str:
    """A row's status: its problems, the exercises graded for others but not for this
    learner (a week they were not in the class), and whether this run left them out."""
    parts = [f"{n}: not graded" for n in absent]
    if _status(lr) != "ok" or not parts:
        parts.insert(0, _status(lr))
    if pending:
        parts.append("not graded in this run (interrupted)")
    return "; ".join(parts)


def _status(lr: LearnerResult) -> str:
    return f"{HIDDEN_NOTE}; {lr.status}" if shown_name(lr.learner)[1] else lr.status


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


def class_json(learners: list[LearnerResult], meta: dict, pending: list[str] = (),
               statistics: dict | None = None) -> str:
    return json.dumps(dict(meta, grader_version=__version__,
                           learners=[lr.to_dict() for lr in learners],
                           pending=list(pending), common_problems=common_problems(learners),
                           statistics=statistics or {}),
                      indent=2)


def feedback_text(lr: LearnerResult) -> str:
    name, hidden = shown_name(lr.learner)
    head = [f"Feedback for {name}"]
    if hidden:
        head.append(f"Note: the {HIDDEN_NOTE}.")
    shown = [c for e in lr.exercises for c in e.checks if not c.hidden]
    held = sum(c.max_points for e in lr.exercises for c in e.checks if c.hidden)
    head.append(f"Total: {points(sum(c.points for c in shown))}/"
                f"{points(sum(c.max_points for c in shown))}"
                + (f", and hidden checks worth {points(held)} more" if held else ""))
    if lr.unmatched:
        head += [""] + _wrapped("Not graded, named like no exercise: "
                                + ", ".join(file_name(p) for p in lr.unmatched)
                                + ". Name each file after its exercise (for example "
                                "ex04_softmax_head.py).", "")
    body = [exercise_text(e) for e in lr.exercises]
    return "\n".join(head) + "\n\n" + ("\n\n" + "-" * 40 + "\n\n").join(body) + "\n"


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
              f"Report:    {out_dir}/report.html", f"JUnit:     {out_dir}/junit.xml",
              f"Feedback:  {out_dir}/feedback/"]
    return "\n".join(lines)
