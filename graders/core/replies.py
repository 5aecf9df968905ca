"""Every reply from a worker is checked here, once, before anything else reads it.

A worker runs learner code, so a reply is whatever that code managed to write: any field may
be missing, of another type, or absurdly long (a 26 KB exception type name made the hint
regexes take seconds). `reply()` returns the fields the grader uses, each of the right type
and within its bounds, or raises `BadReply`; the learner's outcome is then `invalid`. The
values a probe returned (`value`) are checked by `wire` (types, sizes) and by the checks.
"""
from __future__ import annotations

import re
from typing import Any

STATUSES = ("ok", "raised", "exit", "unsendable")
MAX_NAME = 100          # an exception type, a module, a function name
MAX_MESSAGE = 2000      # an exception message
MAX_LINE_TEXT = 300     # a source line quoted in a frame
MAX_FRAMES = 25
MAX_WARNINGS = 10
MAX_LINE = 10_000_000   # a line number


class BadReply(ValueError):
    """A reply that does not follow the protocol; it is never used."""


# Characters that would act instead of showing, in a terminal (ESC sequences clear the screen
# and redraw it), an editor or a browser (bidi overrides reorder a line): shown as escapes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                      "\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BREAK = re.compile(_CONTROL.pattern[:-1] + "\n]")


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def text(value: Any, limit: int) -> str:
    """Learner-made text (an exception's message), cut to `limit` characters, with control
    and bidi characters escaped so that it can only show as text; line breaks stay."""
    return _CONTROL.sub(_escaped, value[:limit]) if type(value) is str else ""


def line(value: Any, limit: int) -> str:
    """As `text`, on one line: a file's name, a line of source quoted in a frame."""
    return _CONTROL_OR_BREAK.sub(_escaped, value[:limit]) if type(value) is str else ""


def integer(value: Any, low: int, high: int, default: int = 0) -> int:
    return value if type(value) is int and low <= value <= high else default


# A call may show its arguments as code: `make_model(16)`, `f(x, trainable_only=True)`.
_NAME = re.compile(r"(?=.{1,100}$)[A-Za-z_][\w.]*(\((-?[\w.=]+(, ?-?[\w.=]+)*)?\))?")


def name(value: Any) -> str:
    """A code name (`make_model()`, `make_model(16)`, `nn.Module`, a type's name) as the
    worker sent it, or "" when it is anything else: these are quoted in sentences the grader
    words, so no quotes or punctuation that could make them read as the grader's own words
    (a space only after a comma between a call's arguments)."""
    return value if type(value) is str and _NAME.fullmatch(value) else ""


_CODE = re.compile(r"[\w.<>]{1,100}")


def code(value: Any, default: str = "") -> str:
    """An exception type's qualified name, a module, a function or a warning category as
    Python names them (`_LinAlgError`, `torch.nn`, `<lambda>`, `f.<locals>.E`), or `default`:
    they are quoted inside the grader's sentences, so nothing else may pass."""
    return value if type(value) is str and _CODE.fullmatch(value) else default


def flag(value: Any) -> bool:
    return value is True


def frame(raw: Any) -> dict | None:
    if type(raw) is not dict:
        return None
    return {"file": line(raw.get("file"), 200), "line": integer(raw.get("line"), 0, MAX_LINE),
            "func": code(raw.get("func"), "<unknown>"),
            "text": line(raw.get("text"), MAX_LINE_TEXT),
            "learner": flag(raw.get("learner"))}


def error(raw: Any) -> dict:
    """The learner's exception, as the worker described it, within bounds."""
    if type(raw) is not dict:
        raw = {}
    frames = raw.get("frames") if type(raw.get("frames")) is list else []
    missing = raw.get("missing")
    return {
        "type": code(raw.get("type"), "Exception"),
        "module": code(raw.get("module")),
        "message": text(raw.get("message"), MAX_MESSAGE),
        "frames": [f for f in map(frame, frames[-MAX_FRAMES:]) if f is not None],
        "not_implemented": flag(raw.get("not_implemented")),
        "missing": code(missing) or None if missing is not None else None,
        "memory": flag(raw.get("memory")),
        "mistake": mistake(raw.get("mistake")),
    }


MISTAKES = ("type", "shapes")
MAX_SHAPES = 64


def mistake(raw: Any) -> dict | None:
    """A `kit.Mistake`'s facts, or None when absent or malformed (then the exception is
    treated as the learner's error, like any other)."""
    if type(raw) is not dict or type(raw.get("kind")) is not str or raw["kind"] not in MISTAKES:
        return None
    out = {"kind": raw["kind"], **{k: name(raw.get(k)) for k in ("what", "expected", "got")}}
    if not out["what"]:
        return None
    if raw["kind"] == "shapes":
        shapes = raw.get("shapes") if type(raw.get("shapes")) is list else []
        out["shapes"] = [[integer(d, 0, 1 << 40) for d in s[:8]] for s in shapes[:MAX_SHAPES]
                         if type(s) is list]
    return out


def warning(raw: Any) -> dict | None:
    if type(raw) is not dict:
        return None
    return {"category": code(raw.get("category"), "Warning"),
            "message": text(raw.get("message"), 300), "learner": flag(raw.get("learner")),
            "line": integer(raw.get("line"), 0, MAX_LINE)}


def reply(raw: Any, request_id: int) -> dict:
    """The checked fields of one reply to request `request_id`."""
    # Types first: a decoded frame may hold an array anywhere, and `array in tuple` raises.
    if type(raw) is not dict or type(raw.get("status")) is not str \
            or raw["status"] not in STATUSES:
        raise BadReply("the reply did not follow the protocol")
    if type(raw.get("id")) is not int or raw["id"] != request_id:
        # Something other than the worker loop wrote to the result channel.
        raise BadReply("the reply did not answer the request")
    warnings = raw.get("warnings") if type(raw.get("warnings")) is list else []
    return {
        "status": raw["status"],
        "value": raw.get("value"),
        "error": error(raw.get("error")) if raw["status"] == "raised" else None,
        "code": text(raw.get("code"), 200),
        "detail": text(raw.get("detail"), 500),
        "warnings": [w for w in map(warning, warnings[:MAX_WARNINGS]) if w is not None],
    }


MAX_CELL_ERRORS = 5


def cell_errors(value: Any) -> list[dict]:
    """The notebook cells that raised while loading, as a load's reply lists them."""
    raw = value.get("cell_errors") if type(value) is dict else None
    return [error(e) for e in raw[:MAX_CELL_ERRORS]] if type(raw) is list else []
