"""Checks for exercise 04: the 11 -> 20 -> 12 -> 6 -> 4 classifier with a softmax head."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect
from graders.core.expect import fail, fmt_num, fmt_shape
from graders.core.suite import check, probe
from graders.core.tolerances import FORWARD, PROBABILITY

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch
    from torch import nn

    from graders.worker import kit

TITLE = "The 4-class softmax classifier"
TIMEOUT = 10
SOFTMAX_HINT = "Give the softmax the class dimension: `nn.Softmax(dim=-1)`."
LEADING_HINT = ("Let every layer act on the last dimension only, whatever the shape before it: "
                "`nn.Linear` does, and so does `nn.Softmax(dim=-1)`; don't `view`, `reshape` "
                "or `flatten` the input to 2-D.")
DIAGNOSED_HINT = "No activation between the linear layers; one softmax, at the end."
IMPLICIT_DIM_HINT = ("`nn.Softmax()` without `dim` picks dimension 0 for a 3-D input: give it "
                     "the class dimension, `nn.Softmax(dim=-1)`.")


# ----------------------------------------------------------------------------- probes
@probe
def layers(sub):
    model = sub.make_model()
    if not isinstance(model, nn.Module):
        return {"not_module": type(model).__name__}
    owners = kit.owners_in_call_order(model, torch.zeros(2, 11))
    return {"shapes": [list(p.shape) for m in owners for p in m.parameters(recurse=False)],
            "count": sum(p.numel() for p in model.parameters())}


@probe
def forward(sub, x, device, weights=None):
    model = sub.make_model()
    if not isinstance(model, nn.Module):
        return {"not_module": type(model).__name__}
    if weights is not None:
        mismatch = kit.transplant(model, weights, torch.zeros(2, 11))
        if mismatch is not None:
            return {"mismatch": mismatch}
    model = model.to(device)
    with torch.no_grad():
        return {"out": model(x.to(device))}


# ----------------------------------------------------------------------------- helpers
def _features(t, *shape) -> np.ndarray:
    return t.rng().normal(size=shape).astype(np.float32)


def _output(obs: dict, what: str = "`model(x)`"):
    """The model's output from a `forward` observation, or a failure naming what went wrong."""
    if not isinstance(obs, dict):
        fail("The grader could not read your model's output.")
    if "not_module" in obs:
        kind = "`None`" if obs["not_module"] == "NoneType" else f"a `{obs['not_module']}`"
        fail(f"`make_model()` should return an `nn.Module`, but it returned {kind}.",
             "Return the model object itself, e.g. `return nn.Sequential(...)`.")
    if "mismatch" in obs:
        fail("Your layers have different shapes from the spec, so the grader cannot give them "
             "the reference's weights; see `layer_widths_match_spec`.",
             "Fix the layer widths first; this check runs both models with the same weights.")
    return obs["out"]


def _spec_weights(t) -> list[np.ndarray]:
    """Random weights in the shapes the reference uses, in the order its forward uses them."""
    shapes = t.reference(layers)["shapes"]
    rng = t.rng("weights")
    out = []
    for shape in shapes:
        fan_in = shape[1] if len(shape) == 2 else shapes[0][1]
        bound = 1 / np.sqrt(fan_in)
        out.append(rng.uniform(-bound, bound, size=shape).astype(np.float32))
    return out


def _same_weights(t, x: np.ndarray):
    """(learner output, reference output, weights) with both models carrying the same weights."""
    weights = _spec_weights(t)
    want = _output(t.reference(forward, x=x, device=t.device, weights=weights))
    got = _output(t.learner(forward, x=x, device=t.device, weights=weights))
    return got, want.array, weights


def _np_forward(weights: list[np.ndarray], x: np.ndarray, variant: str) -> np.ndarray:
    """The spec network and its usual misreadings, in numpy, to name a learner's mistake."""
    h = x.astype(np.float64)
    pairs = list(zip(weights[0::2], weights[1::2]))
    for i, (w, b) in enumerate(pairs):
        h = h @ w.T.astype(np.float64) + b
        last = i == len(pairs) - 1
        if (variant == "relu_between" and not last) or (variant == "relu_last" and last):
            h = np.maximum(h, 0)
    if variant == "sigmoid":
        return 1 / (1 + np.exp(-h))
    if variant == "no_softmax":
        return h
    def softmax(v):
        z = np.exp(v - v.max(axis=-1, keepdims=True))
        return z / z.sum(axis=-1, keepdims=True)

    p = softmax(h)
    if variant == "softmax_twice":
        return softmax(p)
    return np.log(p) if variant == "log_softmax" else p


MISREADINGS = {
    "relu_between": "it looks like there is a ReLU between the linear layers; this network has "
                    "no activation between them",
    "relu_last": "it looks like there is a ReLU after the last linear layer, before the softmax",
    "log_softmax": "it returns log-probabilities: use `nn.Softmax`, not `nn.LogSoftmax`",
    "softmax_twice": "it applies a softmax twice: once, after the last linear layer, is enough",
    "sigmoid": "it applies a sigmoid where a softmax over the classes belongs",
    "no_softmax": "it returns the raw class scores: the softmax at the end is missing",
}


def _diagnose(got: np.ndarray, weights, x: np.ndarray) -> str:
    for variant, words in MISREADINGS.items():
        if expect.is_close(got, _np_forward(weights, x, variant), FORWARD):
            return f"; {words}"
    return ""


def _softmax_axis(got: np.ndarray, weights, x: np.ndarray) -> int | None:
    """The dimension other than the last that a softmax of the class scores ran over, if any."""
    scores = _np_forward(weights, x, "no_softmax")
    for axis in range(scores.ndim - 1):
        z = np.exp(scores - scores.max(axis=axis, keepdims=True))
        if expect.is_close(got, z / z.sum(axis=axis, keepdims=True), FORWARD):
            return axis
    return None


def _reshaped(got_shape, x_shape) -> str:
    """Say how a wrong output shape came about, when it is the usual way."""
    if len(x_shape) > 2 and len(got_shape) == 2 and got_shape[0] == np.prod(x_shape[:-1]):
        return (": the leading dimensions were merged into one, as by a `view`, `reshape` or "
                "`flatten` that assumes a 2-D input")
    if len(x_shape) == 1 and len(got_shape) == 2 and got_shape[0] == 1:
        return (": a batch dimension was added, as by a `view` or `reshape` that assumes a 2-D "
                "input")
    return ""


def _compare_same_weights(t, x: np.ndarray, what: str) -> None:
    got, want, weights = _same_weights(t, x)
    arr = expect.tensor(got, what, finite=False)
    if arr.shape != want.shape:
        fail(f"{what} has shape {fmt_shape(arr.shape)}, expected {fmt_shape(want.shape)}"
             f"{_reshaped(arr.shape, x.shape)}.", LEADING_HINT)
    expect.finite_values(arr, what)
    if expect.is_close(arr, want, FORWARD):
        return
    sums = arr.sum(axis=-1)
    if not np.allclose(sums, 1, atol=PROBABILITY.atol):
        worst = np.unravel_index(np.argmax(np.abs(sums - 1)), sums.shape)
        at = f" at {expect.fmt_index(worst)}" if sums.ndim else ""
        summed = (f"Along the last (class) dimension, {what} should sum to 1, but{at} it sums "
                  f"to {fmt_num(float(sums[worst]))}")
        axis = _softmax_axis(arr, weights, x)
        if axis is not None:
            hint = SOFTMAX_HINT
            if axis == 0 and x.ndim == 3:
                hint = IMPLICIT_DIM_HINT
            elif axis:
                hint = (f"`dim=-1` is the class dimension whatever the input's shape; "
                        f"`dim={axis}` is it only for a {axis + 1}-D input.")
            fail(f"{summed}: the softmax runs over dimension {axis} of the {x.ndim}-D input, "
                 "not over the last (class) dimension.", hint)
        diagnosis = _diagnose(arr, weights, x)
        fail(f"{summed}{diagnosis}.", DIAGNOSED_HINT if diagnosis else
             LEADING_HINT if x.ndim > 2 else SOFTMAX_HINT)
    diagnosis = _diagnose(arr, weights, x)
    if diagnosis:
        fail(f"With the same weights as the reference, {what} computes something else"
             f"{diagnosis}.", DIAGNOSED_HINT)
    expect.close(arr, want, what, FORWARD)


# ----------------------------------------------------------------------------- checks
@check(points=1, hint="The last linear layer decides the output width: `nn.Linear(6, 4)`.")
def output_shape(t):
    x = _features(t, 32, 11)
    want = _output(t.reference(forward, x=x, device=t.device))
    got = _output(t.learner(forward, x=x, device=t.device))
    expect.tensor(got, "`model(x)` for `x` of shape (32, 11)", shape=want.shape, finite=False)


@check(points=1, hint=SOFTMAX_HINT)
def rows_are_probabilities(t):
    x = _features(t, 32, 11)
    out = expect.tensor(_output(t.learner(forward, x=x, device=t.device)), "`model(x)`")
    if out.ndim != 2:
        fail(f"`model(x)` should be a batch of rows, but it has shape {fmt_shape(out.shape)}.")
    if (out < 0).any() or (out > 1 + PROBABILITY.atol).any():
        fail(f"Probabilities lie between 0 and 1, but `model(x)` holds values from "
             f"{fmt_num(float(out.min()))} to {fmt_num(float(out.max()))}: it does not end "
             "with a softmax.", "End the model with `nn.Softmax(dim=-1)`.")
    rows = out.sum(axis=1)
    worst = int(np.argmax(np.abs(rows - 1)))
    if abs(rows[worst] - 1) > PROBABILITY.atol:
        cols = out.sum(axis=0)
        over_batch = np.allclose(cols, 1, atol=PROBABILITY.atol)
        fail(f"Each row of `model(x)` should sum to 1, but row {worst} sums to "
             f"{fmt_num(float(rows[worst]))}"
             + ("; the columns sum to 1, so the softmax runs over the batch dimension (dim=0)."
                if over_batch else "."))


def _linears(shapes) -> list[tuple[int, int]]:
    """(in, out) of each layer with a weight matrix, in call order."""
    return [(s[1], s[0]) for s in shapes if len(s) == 2]


def _fmt_layers(layers) -> str:
    return ", ".join(f"({a} -> {b})" for a, b in layers) or "none"


@check(points=1, hint="Four `nn.Linear` layers: 11 -> 20, 20 -> 12, 12 -> 6, 6 -> 4.")
def layer_widths_match_spec(t):
    want = t.reference(layers)
    got = t.learner(layers)
    if "not_module" in got:
        _output(got)
    mine, spec = _linears(got["shapes"]), _linears(want["shapes"])
    if not mine:
        fail(f"The model has no layers with weights; the spec is {_fmt_layers(spec)}.")
    if mine != spec:
        k = next(i for i, (a, b) in enumerate(zip(mine + [None], spec + [None])) if a != b)
        if k == len(mine):
            which = f"the spec has {len(spec)} linear layers, the model only {len(mine)}"
        elif k == len(spec):
            which = f"the model has {len(mine)} linear layers, the spec only {len(spec)}"
        else:
            which = (f"layer {k + 1} is {mine[k][0]} -> {mine[k][1]} where the spec has "
                     f"{spec[k][0]} -> {spec[k][1]}")
        fail(f"The linear layers, in the order the forward pass uses them, are "
             f"{_fmt_layers(mine)}; the spec is {_fmt_layers(spec)}: {which}.")
    if sorted(got["shapes"]) != sorted(want["shapes"]):
        fail(f"The linear layers have the spec's widths, {_fmt_layers(spec)}, but "
             + ("they have no biases; the spec's layers have them."
                if not [s for s in got["shapes"] if len(s) == 1] else
                "the model's other parameters differ from the spec's (one bias per layer)."))
    if got["count"] != want["count"]:
        fail(f"The model has {got['count']} parameters; the spec's layers have "
             f"{want['count']}.")


@check(points=2, hint=DIAGNOSED_HINT)
def matches_reference_with_same_weights(t):
    _compare_same_weights(t, _features(t, 64, 11), "`model(x)`")


@check(points=1, hint=SOFTMAX_HINT)
def single_sample(t):
    _compare_same_weights(t, _features(t, 11), "`model(x)` for one sample `x` of shape (11,)")
    _compare_same_weights(t, _features(t, 1, 11), "`model(x)` for a batch of one, shape (1, 11)")


@check(points=1, hint=LEADING_HINT)
def any_leading_shape(t):
    _compare_same_weights(t, _features(t, 2, 5, 11), "`model(x)` for `x` of shape (2, 5, 11)")
