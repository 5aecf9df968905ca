"""Every sentence the engine itself shows a learner, in one place.

Suites word their own checks; this module words what is the same for every exercise: why the
learner's code produced no observation (it raised, hung, exited, crashed, ran out of memory,
returned the wrong kind of thing), a spent time budget, a check that could not judge what it
got, and the grader's own failures. Hints for the usual exceptions are in `explain`.

Everything quoted from a reply passes through `clean` (the redactor) first.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from graders.core import explain, replies
from graders.core.outcomes import Outcome

TOP_LEVEL = ("Code at the top level of your file (outside functions) runs when it is loaded: "
             "put experiments under `if __name__ == \"__main__\":`.")
ENDLESS = "Look for a loop that never ends, or far too much work."
FIX_FILE = "Fix the file and grade it again."


@dataclass
class Said:
    """What a learner reads for one problem: its outcome, the message and the hint (None:
    the check's own hint)."""
    outcome: Outcome
    message: str
    hint: str | None = None


@dataclass
class Context:
    """What the wording needs to know about the submission and the limits."""
    clean: Callable[[str], str]
    where: Callable[[int], str]      # "line 12" or "cell 3, line 2"
    memory_mb: int
    cpu_seconds: int


def reply_problem(reply, ctx: Context, loading: bool) -> Said:
    """Why a reply from the learner's worker carries no observation."""
    when = " while your file was being loaded" if loading else ""
    if reply.status == "timed_out":
        if "CPU" in reply.detail:
            return Said(Outcome.TIMED_OUT,
                        f"Your code used up its CPU time limit ({ctx.cpu_seconds} s){when}.")
        return Said(Outcome.TIMED_OUT, f"Your code did not finish{when}: {reply.detail}.",
                    TOP_LEVEL if loading else ENDLESS)
    if reply.status == "exit":
        how = (f"raised `{ctx.clean(reply.detail)}` (`sys.exit`, `exit` or `quit`)"
               if reply.detail.startswith("SystemExit") else
               f"ended the process: {ctx.clean(reply.detail) or 'it exited'}")
        return Said(Outcome.EXITED, f"Your code {how}{when}, instead of returning.",
                    "Remove `sys.exit()`, `exit()`, `quit()` and `os._exit()`: the grader calls "
                    "your functions and needs them to return.")
    if reply.status == "crashed":
        return Said(Outcome.CRASHED, f"The process running your code was {reply.detail}{when}."
                    f"{_last_output(reply.output, ctx.clean)}")
    if reply.status == "invalid":
        return Said(Outcome.INVALID, f"Your code produced something the grader cannot read"
                    f"{when}: {ctx.clean(reply.detail)}.")
    return _raised(reply.error or {}, ctx, when)


def _last_output(output: str, clean) -> str:
    """The end of what the learner's code printed, as context for a crash."""
    lines = [line for line in output.splitlines() if line.strip()][-3:]
    if not lines:
        return ""
    return " Its last output:\n" + "\n".join("| " + replies.line(clean(line), 200)
                                             for line in lines)


def _raised(err: dict, ctx: Context, when: str) -> Said:
    etype = str(err.get("type", "Exception"))
    message = ctx.clean(str(err.get("message", "")))
    if len(message) > 300:
        message = message[:300].rsplit(" ", 1)[0] + " ..."
    frames = [f for f in err.get("frames", []) if isinstance(f, dict) and f.get("learner")]
    last = frames[-1] if frames else None
    where = ""
    if last:
        where = f" in `{last.get('func')}`, {ctx.where(int(last.get('line', 0)))}"
        if last.get("text"):
            where += f": `{ctx.clean(str(last['text']))}`"
    if err.get("mistake"):
        return mistake(err["mistake"], ctx.clean)
    if err.get("missing"):
        return Said(Outcome.INVALID, f"Your file does not define `{err['missing']}`.",
                    "Keep the names and signatures from the exercise stub.")
    if err.get("not_implemented"):
        func = f"`{last['func']}`" if last else "your code"
        return Said(Outcome.NOT_ATTEMPTED, f"Not attempted yet: {func} still raises "
                    "NotImplementedError.",
                    "Replace the `raise NotImplementedError(...)` with your code.")
    if err.get("memory"):
        return Said(Outcome.OUT_OF_MEMORY, f"Your code ran out of memory (limit "
                    f"{ctx.memory_mb} MiB){where}.", "Look for tensors far larger than the "
                    "exercise needs, or results kept across the whole loop.")
    if etype in ("SyntaxError", "IndentationError", "TabError"):
        at = ""
        if last:
            at = f" ({ctx.where(int(last.get('line', 0)))}"
            at += f": `{ctx.clean(str(last['text']))}`)" if last.get("text") else ")"
        return Said(Outcome.INVALID, f"Your file has a {etype}: {message}{at}.",
                    "Fix the syntax error; the file can't run until then.")
    text = f"{etype}: {message}" if message else etype
    hint = explain.error_hint(etype, message)
    if when and not hint:
        hint = "Code at the top level of your file runs when the grader loads it."
    return Said(Outcome.ERROR, f"Your code raised `{text}`{where}{when}.", hint)


def _kind(type_name: str) -> str:
    return "`None`" if type_name == "NoneType" else f"a `{type_name}`"


def mistake(m: dict, clean) -> Said:
    """A value of the learner's that a probe could not go on with (`kit.returned`,
    `kit.transplant_or_stop`): their failed check, worded here from the facts sent."""
    what = clean(m["what"])
    if m["kind"] == "type":
        article = "an" if m["expected"][:1].lower() in "aeiou" or m["expected"][:3] == "nn." \
            else "a"
        return Said(Outcome.FAILED, f"`{what}` should return {article} `{m['expected']}`, but "
                    f"it returned {_kind(m['got'])}.",
                    f"Build the `{m['expected']}` and return it (not its class, not `None`), "
                    "keeping the stub's signature.")
    shapes = ", ".join("(" + ", ".join(map(str, s)) + ")" for s in m["shapes"]) or "none"
    return Said(Outcome.FAILED, f"The parameters of `{what}` have shapes {shapes}, which do "
                "not match the spec's layers, so the grader cannot give them the reference's "
                "weights to compare outputs.",
                "Fix the layer widths first (another check names the layer that differs).")


def budget_spent(budget: float) -> Said:
    return Said(Outcome.TIMED_OUT, f"Not run: your code has used up this exercise's time "
                f"budget ({budget:g} s in all) in the checks above.", ENDLESS)


def not_judged(detail: str) -> str:
    return ("What your code returned could not be judged against the expected behaviour (the "
            f"check stopped on `{detail}`): look at the shape, size and type of what it "
            "returns.")


def grader_failed(detail: str, on: str = "check") -> str:
    return f"The grader failed on this {on}, not your code: {detail}"


NOT_RECORDED = ("your code led this check to a case the course bundle holds no recorded answer "
                "for, so it cannot be judged here; the instructor's grader will judge it")


def cell_failed(message: str) -> str:
    return (f"A cell of your notebook raised when it ran, so what it defines is missing: "
            f"{message} The checks ran on what the other cells define.")


def no_file(exercise: str) -> str:
    """An exercise a class or folder was graded on, with no file for it."""
    return f"No file for {exercise} ({exercise}.py or {exercise}.ipynb) was submitted."
