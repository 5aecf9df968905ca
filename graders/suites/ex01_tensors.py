"""Checks for exercise 01: tensors from lists and arrays, dtypes, memory sharing, broadcasting.

Memory sharing is observed, not guessed: a probe builds the array, calls the learner's function,
changes the array (or tensor) in place, and reports whether the returned tensor followed.
Square cases come first where a usual mistake (a broadcast along the wrong dimension, a matrix
product) gives a wrong value there, so it can be named; on non-square shapes it raises.
"""
from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect, kinds
from graders.core.expect import fail, fmt_shape
from graders.core.suite import check, probe
from graders.core.tolerances import FORWARD

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch

    from graders.worker import kit

TITLE = "Tensors from lists and arrays"
TIMEOUT = 10


@probe
def after_change(sub, function, x, device="cpu", numpy=False):
    """`function(arr)` on a fresh tensor (`numpy`: array) from `x`; did its result follow
    `arr += 1`?"""
    arr = x.numpy().copy() if numpy else x.to(device)
    out = kit.returned(getattr(sub, function)(arr), torch.Tensor, f"{function}(...)")
    before = out.clone()
    arr += 1
    return {"out": before, "followed": not torch.equal(out, before)}


def _changed_names(changed, args: dict) -> list[str]:
    """The argument names a probe says were changed, kept only if they are real ones."""
    return [n for n in args if isinstance(changed, list) and n in changed]


def _same(got, want, what: str, why: str = "") -> None:
    """The learner's tensor has the reference's dtype, shape and values; `why` explains a
    float dtype where an integer one belongs."""
    arr = expect.tensor(got, what, floating=False)
    if got.dtype != want.dtype:
        floats = got.dtype.startswith("float") and not want.dtype.startswith("float")
        fail(f"{what} has dtype {got.dtype}, expected {want.dtype}{why if floats else ''}.")
    if arr.shape != want.array.shape:
        fail(f"{what} has shape {fmt_shape(arr.shape)}, expected {fmt_shape(want.array.shape)}.")
    expect.close(arr, want.array, what, FORWARD)


def _outputs(t, function, cases, misreadings):
    """`function(**args)` for each case (label -> args); a wrong output that matches a
    misreading (description -> numpy formula, which may raise on these shapes) is named."""
    for label, args in cases.items():
        with t.case(f"For {label}"):
            seen, want = t.both(kinds.call_watched, function=function, args=args,
                                device=t.device)
            got, want = seen["out"], want["out"]
            what = f"`{function}({', '.join(args)})`"
            changed = [f"`{n}`" for n in _changed_names(seen["changed"], args)]
            if changed:
                fail(f"{what} changed {' and '.join(changed)} in place (an in-place operation "
                     "such as `+=`, `*=` or `unsqueeze_`): the caller's tensors must stay as "
                     "they were; compute a new tensor instead.",
                     "`+` and `*` make a new tensor; `+=`, `*=` and the methods ending in `_` "
                     "(`add_`, `unsqueeze_`) change the tensor they are called on.")
            arr = expect.tensor(got, what, floating=False)
            for words, wrong in misreadings.items():
                with contextlib.suppress(ValueError):    # numpy's broadcasting error
                    if not expect.is_close(arr, want.array, FORWARD) \
                            and expect.is_close(arr, wrong(**args), FORWARD):
                        fail(f"{what} is not what the spec asks for: {words}.")
            _same(got, want, what)


# ----------------------------------------------------------------------------- checks
@check(points=1, hint="`torch.tensor(readings)`: whole numbers give an int64 tensor.")
def list_becomes_int64_tensor(t):
    readings = t.rng().integers(40, 100, size=(3, 5)).tolist()
    got, want = t.both(kinds.call, function="readings_to_tensor", args={"readings": readings})
    _same(got, want, "`readings_to_tensor(readings)`",
          "; `torch.Tensor(...)` and `torch.FloatTensor(...)` always make float32, "
          "`torch.tensor(readings)` keeps whole numbers as int64")


def _a(kind: str) -> str:
    return f"{'an' if kind.startswith('int') else 'a'} {kind}"


def _followed(t, function: str) -> str | None:
    """The kind of array (int64, then float64) whose change showed in `function(arr)`'s tensor,
    or None: after a check that the tensor has the array's dtype and values."""
    for kind in ("int64", "float64"):
        rng = t.rng(f"{function}:{kind}")
        x = rng.integers(-50, 50, size=(3, 4)) if kind == "int64" else rng.normal(size=(4, 3))
        got, want = t.both(after_change, function=function, x=x, numpy=True)
        _same(got["out"], want["out"], f"`{function}(arr)` for {_a(kind)} array `arr`",
              "; the tensor keeps the array's dtype (converting it makes a copy)")
        if got["followed"] != want["followed"]:
            return kind
    return None


@check(points=1, hint="`torch.from_numpy(arr)` shares the array's memory; `torch.tensor(arr)` "
                      "copies it.")
def from_numpy_shares_memory(t):
    kind = _followed(t, "shared_from_array")
    if kind:
        fail(f"`shared_from_array(arr)` for {_a(kind)} array returned a copy: after `arr += 1` "
             "the tensor still held the old values. The spec asks for a tensor that shares "
             "memory with `arr`.")


@check(points=1, hint="`torch.tensor(arr)` copies the data; `torch.from_numpy(arr)` and "
                      "`torch.as_tensor(arr)` share it with the array.")
def copy_does_not_share_memory(t):
    kind = _followed(t, "copied_from_array")
    if kind:
        fail(f"`copied_from_array(arr)` for {_a(kind)} array shares memory with `arr`: after "
             "`arr += 1` the tensor changed too. The spec asks for a copy.")


@check(points=1, hint="`offsets` has shape (N,); `temps + offsets` lines it up with the LAST "
                      "dimension (the columns). Give it a column shape first: "
                      "`offsets[:, None]` or `offsets.unsqueeze(1)`, shape (N, 1).")
def offsets_added_per_row(t):
    rng = t.rng()
    cases = {f"{n} thermometers of {d} readings":    # distinct offsets: a wrong row shows
             {"temps": rng.integers(40, 100, size=(n, d)),
              "offsets": rng.permutation(np.arange(-5, 6))[:n]} for n, d in ((3, 3), (4, 6))}
    _outputs(t, "adjust_readings", cases, {
        "it adds `offsets[j]` to column j, not `offsets[i]` to row i: broadcasting lines "
        "`offsets` up with the last dimension": lambda temps, offsets: temps + offsets,
        "it adds 2 to every reading (the example's offsets), not the given `offsets`":
            lambda temps, offsets: temps + 2})


@check(points=1, hint="`a * b` multiplies element by element; `a @ b` (or `torch.matmul`, "
                      "`torch.mm`) is the matrix product.")
def product_is_elementwise(t):
    rng = t.rng()
    cases = {f"`a` and `b` of shape ({n}, {d})": {
        k: rng.normal(size=(n, d)).astype(np.float32) for k in "ab"} for n, d in ((3, 3), (4, 6))}
    _outputs(t, "multiply_elementwise", cases, {
        "it is the matrix product `a @ b`": lambda a, b: a.astype(np.float64) @ b})


@check(points=1, hint="`t.to(torch.float32, copy=True)` or `t.clone().float()`: `t.float()` "
                      "alone returns `t` itself when it is already float32.")
def float_copy_is_separate(t):
    rng = t.rng()
    for kind, x in (("int64", rng.integers(40, 100, size=(2, 5))),
                    ("float32", rng.normal(size=(5, 2)).astype(np.float32))):
        got, want = t.both(after_change, function="float_copy", x=x, device=t.device)
        _same(got["out"], want["out"], f"`float_copy(t)` for {_a(kind)} tensor `t`")
        if got["followed"]:
            fail(f"`float_copy(t)` for {_a(kind)} tensor shares memory with `t`: after `t += 1` "
                 "the copy changed too. For a float32 `t`, `t.float()` and `t.to(torch.float32)` "
                 "return `t` itself, not a copy.")
