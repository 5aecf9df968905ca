"""Checks for exercise 04: the 11 -> 20 -> 12 -> 6 -> 4 classifier with a softmax head."""
from __future__ import annotations

import numpy as np

from graders.core import expect, kinds
from graders.core.expect import fail, fmt_num, fmt_shape
from graders.core.suite import check
from graders.core.tolerances import FORWARD, PROBABILITY

TITLE = "The 4-class softmax classifier"
TIMEOUT = 10
MODEL, EXAMPLE = "make_model", (11,)
SOFTMAX_HINT = "Give the softmax the class dimension: `nn.Softmax(dim=-1)`."
LEADING_HINT = ("Let every layer act on the last dimension only, whatever the shape before it: "
                "`nn.Linear` does, and so does `nn.Softmax(dim=-1)`; don't `view`, `reshape` "
                "or `flatten` the input to 2-D.")
DIAGNOSED_HINT = "No activation between the linear layers; one softmax, at the end."


def _softmax(v: np.ndarray, axis: int = -1) -> np.ndarray:
    z = np.exp(v - v.max(axis=axis, keepdims=True))
    return z / z.sum(axis=axis, keepdims=True)


def _np_forward(weights: list[np.ndarray], x: np.ndarray, variant: str = "") -> np.ndarray:
    """The spec network and its usual misreadings, in numpy, to name a learner's mistake."""
    h = x.astype(np.float64)
    pairs = list(zip(weights[0::2], weights[1::2]))
    for i, (w, b) in enumerate(pairs):
        h = h @ w.T.astype(np.float64) + b
        if variant == ("relu_last" if i == len(pairs) - 1 else "relu_between"):
            h = np.maximum(h, 0)
    if variant in ("sigmoid", "no_softmax"):
        return 1 / (1 + np.exp(-h)) if variant == "sigmoid" else h
    p = _softmax(h)
    return _softmax(p) if variant == "softmax_twice" else np.log(p) if variant == "log" else p


MISREADINGS = {
    "relu_between": "it looks like there is a ReLU between the linear layers; this network has "
                    "no activation between them",
    "relu_last": "it looks like there is a ReLU after the last linear layer, before the softmax",
    "log": "it returns log-probabilities: use `nn.Softmax`, not `nn.LogSoftmax`",
    "softmax_twice": "it applies a softmax twice: once, after the last linear layer, is enough",
    "sigmoid": "it applies a sigmoid where a softmax over the classes belongs",
    "no_softmax": "it returns the raw class scores: the softmax at the end is missing",
}


def _softmax_dim_problem(arr, weights, x, summed: str) -> None:
    """Fail naming the dimension a softmax of the right scores ran over, if it is not the last."""
    scores = _np_forward(weights, x, "no_softmax")
    for axis in range(scores.ndim - 1):
        if expect.is_close(arr, _softmax(scores, axis), FORWARD):
            hint = (f"`dim=-1` is the class dimension whatever the input's shape; `dim={axis}` "
                    f"is it only for a {axis + 1}-D input." if axis else SOFTMAX_HINT)
            if axis == 0 and x.ndim == 3:
                hint = ("`nn.Softmax()` without `dim` picks dimension 0 for a 3-D input: give "
                        "it the class dimension, `nn.Softmax(dim=-1)`.")
            fail(f"{summed}: the softmax runs over dimension {axis} of the {x.ndim}-D input, "
                 "not over the last (class) dimension.", hint)


def _compare_same_weights(t, shape: tuple, what: str) -> None:
    x = t.rng(what).normal(size=shape).astype(np.float32)
    got, want, weights = kinds.forward_pair(t, MODEL, x, EXAMPLE)
    arr = expect.tensor(got, what, finite=False)
    if arr.shape != want.shape:
        fail(f"{what} has shape {fmt_shape(arr.shape)}, expected {fmt_shape(want.shape)}"
             f"{kinds.explain_shape(arr.shape, x.shape)}.", LEADING_HINT)
    expect.finite_values(arr, what)
    matches = expect.is_close(arr, want, FORWARD)
    kinds.same_in_both_modes(t, MODEL, x, weights, want, what, FORWARD, matches)
    if matches:
        return
    named = kinds.misreading(arr, {words: _np_forward(weights, x, v)
                                   for v, words in MISREADINGS.items()}, FORWARD)
    sums = arr.sum(axis=-1)
    if not np.allclose(sums, 1, atol=PROBABILITY.atol):
        worst = np.unravel_index(np.argmax(np.abs(sums - 1)), sums.shape)
        at = f" at {expect.fmt_index(worst)}" if sums.ndim else ""
        summed = (f"Along the last (class) dimension, {what} should sum to 1, but{at} it sums "
                  f"to {fmt_num(float(sums[worst]))}")
        _softmax_dim_problem(arr, weights, x, summed)
        fail(f"{summed}{'; ' + named if named else ''}.", DIAGNOSED_HINT if named else
             LEADING_HINT if x.ndim > 2 else SOFTMAX_HINT)
    if named:
        fail(f"With the same weights as the reference, {what} computes something else; "
             f"{named}.", DIAGNOSED_HINT)
    expect.close(arr, want, what, FORWARD)


# ----------------------------------------------------------------------------- checks
@check(points=1, hint="The last linear layer decides the output width: `nn.Linear(6, 4)`.")
def output_shape(t):
    x = t.rng().normal(size=(32, 11)).astype(np.float32)
    got, want = t.both(kinds.model_forward, factory=MODEL, x=x, device=t.device)
    expect.tensor(got, "`model(x)` for `x` of shape (32, 11)", shape=want.shape, finite=False)


@check(points=1, hint=SOFTMAX_HINT)
def rows_are_probabilities(t):
    x = t.rng().normal(size=(32, 11)).astype(np.float32)
    out = expect.tensor(t.learner(kinds.model_forward, factory=MODEL, x=x, device=t.device),
                        "`model(x)`")
    if out.ndim != 2:
        fail(f"`model(x)` should be a batch of rows, but it has shape {fmt_shape(out.shape)}.")
    if (out < 0).any() or (out > 1 + PROBABILITY.atol).any():
        fail(f"Probabilities lie between 0 and 1, but `model(x)` holds values from "
             f"{fmt_num(float(out.min()))} to {fmt_num(float(out.max()))}: it does not end "
             "with a softmax.", "End the model with `nn.Softmax(dim=-1)`.")
    rows = out.sum(axis=1)
    worst = int(np.argmax(np.abs(rows - 1)))
    if abs(rows[worst] - 1) > PROBABILITY.atol:
        over_batch = np.allclose(out.sum(axis=0), 1, atol=PROBABILITY.atol)
        fail(f"Each row of `model(x)` should sum to 1, but row {worst} sums to "
             f"{fmt_num(float(rows[worst]))}"
             + ("; the columns sum to 1, so the softmax runs over the batch dimension (dim=0)."
                if over_batch else ": it does not end with a softmax over the classes."))


layer_widths_match_spec = kinds.layers_match(
    MODEL, example=EXAMPLE, points=1,
    hint="Four `nn.Linear` layers: 11 -> 20, 20 -> 12, 12 -> 6, 6 -> 4.")


@check(points=2, hint=DIAGNOSED_HINT)
def matches_reference_with_same_weights(t):
    _compare_same_weights(t, (64, 11), "`model(x)`")


@check(points=1, hint=SOFTMAX_HINT)
def single_sample(t):
    _compare_same_weights(t, (11,), "`model(x)` for one sample `x` of shape (11,)")
    _compare_same_weights(t, (1, 11), "`model(x)` for a batch of one, shape (1, 11)")


@check(points=1, hint=LEADING_HINT)
def any_leading_shape(t):
    _compare_same_weights(t, (2, 5, 11), "`model(x)` for `x` of shape (2, 5, 11)")
