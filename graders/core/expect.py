"""Learner-message helpers: validate an observation, compare it, or raise `CheckFailed`.

Messages name the learner's own expression in backticks, say what was expected and what came
out, and report the largest error and where it is, never the reference's values.
"""
from __future__ import annotations

import re
from typing import Any, NoReturn

import numpy as np

from graders.core.tolerances import Tolerance
from graders.worker.wire import TensorObs, Unsupported


class CheckFailed(Exception):
    """The learner's result is wrong. `hint` replaces the check's hint when given."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


def fail(message: str, hint: str | None = None) -> NoReturn:
    raise CheckFailed(message, hint)


def kind_of(value: Any) -> str:
    """How to name a value's type to a learner: 'a tensor', '`None`', 'a `list`'."""
    if value is None:
        return "`None`"
    if isinstance(value, TensorObs):
        return "a tensor"
    if isinstance(value, np.ndarray):
        return "a numpy array"
    if isinstance(value, Unsupported):
        return f"a `{value.type_name}`"
    if isinstance(value, np.generic):
        return f"a `numpy.{value.dtype.name}`"
    return f"a `{type(value).__name__}`"


_CODE_NAME = re.compile(r"[A-Za-z_][\w.]{0,99}")


def code_name(value: Any, instead: str = "object") -> str:
    """A learner-made name (their class's `__name__`) fit to quote in a message: an identifier
    of at most 100 characters, else `instead` (a name can hold any text, even the reference's
    lines, which the redactor only catches in exception messages)."""
    return value if isinstance(value, str) and _CODE_NAME.fullmatch(value) else instead


def fmt_shape(shape) -> str:
    return "(" + ", ".join(str(int(d)) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def fmt_index(idx) -> str:
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def fmt_num(x: float) -> str:
    return f"{x:.4g}"


def tensor(value: Any, what: str, *, shape=None, finite: bool = True,
           floating: bool = True) -> np.ndarray:
    """`value` must be a tensor (of `shape`, finite, floating point); return its array."""
    if not isinstance(value, TensorObs):
        fail(f"{what} should be a tensor, but it is {kind_of(value)}.")
    arr = value.array
    if floating and not np.issubdtype(arr.dtype, np.floating):
        fail(f"{what} should hold floating-point numbers, but its dtype is {value.dtype}.")
    if shape is not None and tuple(arr.shape) != tuple(shape):
        fail(f"{what} has shape {fmt_shape(arr.shape)}, expected {fmt_shape(shape)}.")
    if finite:
        finite_values(arr, what)
    return arr


def numeric(value: Any, what: str) -> np.ndarray:
    """`value` must be numbers: a tensor, a numpy array or a plain number; return an array."""
    if isinstance(value, TensorObs):
        value = value.array
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return value
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return np.asarray(value, dtype=np.float64)
    fail(f"{what} should be numbers (a tensor, an array or a number), but it is "
         f"{kind_of(value)}.")


def finite_values(arr: np.ndarray, what: str) -> None:
    if np.issubdtype(arr.dtype, np.floating):
        bad = ~np.isfinite(arr)
        if bad.any():
            idx = np.argwhere(bad)[0]
            kind = "NaN" if np.isnan(arr[tuple(idx)]) else "an infinite value"
            where = f" at {fmt_index(idx)}" if arr.ndim else ""
            fail(f"{what} contains {kind}{where}.",
                 "NaN or inf usually comes from a learning rate that is far too large, a log of "
                 "zero, or a division by zero.")


def close(got: np.ndarray, want: np.ndarray, what: str, tol: Tolerance,
          hint: str | None = None) -> None:
    """`got` must match `want` within `tol`; the message shows the learner's side only."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        fail(f"{what} has shape {fmt_shape(got.shape)}, expected {fmt_shape(want.shape)}.", hint)
    finite_values(got, what)
    err = np.abs(got - want)
    allowed = tol.atol + tol.rtol * np.abs(want)
    over = err > allowed
    if over.any():
        flat = int(np.argmax(np.where(over, err - allowed, -np.inf)))
        idx = np.unravel_index(flat, got.shape) if got.ndim else ()
        where = f" at {fmt_index(idx)}" if got.ndim else ""
        fail(f"{what}: the largest difference from the expected values is "
             f"{fmt_num(float(err[idx]))}{where} (yours: {fmt_num(float(got[idx]))}); "
             f"{int(over.sum())} of {over.size} values are outside the {tol.name} tolerance.",
             hint)


def is_close(got, want, tol: Tolerance) -> bool:
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    return (got.shape == want.shape and bool(np.isfinite(got).all())
            and bool((np.abs(got - want) <= tol.atol + tol.rtol * np.abs(want)).all()))


def number(value: Any, what: str) -> float:
    """A plain Python or numpy number (not a tensor); return it as a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        if isinstance(value, TensorObs):
            holds = (f" that still holds the autograd graph (`grad_fn={value.grad_fn}`)"
                     if value.grad_fn else "")
            fail(f"{what} is a tensor{holds}, not a plain number.",
                 "Call `.item()` on a one-element tensor to get a Python float; keeping the "
                 "tensor keeps its whole computation graph in memory.")
        fail(f"{what} should be a number, but it is {kind_of(value)}.")
    return float(value)


def sequence(value: Any, what: str, length: int | None = None) -> list:
    if not isinstance(value, (list, tuple)):
        fail(f"{what} should be a list, but it is {kind_of(value)}.")
    if length is not None and len(value) != length:
        fail(f"{what} has {len(value)} items, expected {length}.")
    return list(value)
