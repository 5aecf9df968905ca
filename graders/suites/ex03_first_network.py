"""Checks for exercise 03: `make_model(hidden)` (8 -> hidden -> 1) and `count_parameters`.

`make_model` gets a fresh `hidden` (never the course's 4); its layers are compared with the
reference's, then its output with the reference's weights put in. `count_parameters` gets the
grader's own networks (fresh widths, a layer without a bias, two layers frozen, and one with a
batch norm), so counting layers, forgetting biases, counting frozen parameters, counting only
linear layers and counting buffers each give a known wrong number.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect, kinds
from graders.core.expect import fail, fmt_shape
from graders.core.suite import check, probe
from graders.core.tolerances import FORWARD

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch
    from torch import nn

    from graders.worker import kit

TITLE = "Your first network, and counting its parameters"
TIMEOUT = 10
FROZEN = [0, 1, 2]      # parameter indices: layer 1's weight and bias, layer 2's weight (no bias)
COUNT_HINT = "Add up `p.numel()` (the number of values) over `model.parameters()`."
WRONG_COUNTS = {        # what each usual wrong count (`_counts`) means
    "layers": "it counts layers or parameter tensors, not parameters: add up `p.numel()` instead",
    "no_bias": "it leaves out the biases: count every parameter tensor",
    "bias_always": "it counts a bias for every linear layer, but a layer made with `bias=False` "
                   "has none: count the parameters the model actually has",
    "lengths": "it adds up `len(p)`, each parameter's first dimension, not `p.numel()`",
    "twice": "it counts every parameter twice: `model.modules()` includes the model itself, "
             "whose `parameters()` already take in every layer's; add up over "
             "`model.parameters()` alone",
    "none": "it counts nothing: without `trainable_only=True` every parameter counts, so "
            "look at the condition that filters them (`if not trainable_only or "
            "p.requires_grad`); `model.parameters()` (recursive by default) yields them all",
    "linear_only": "it counts only the `nn.Linear` layers, but other layers (here a "
                   "`BatchNorm1d`, with a weight and a bias) have parameters too: add up over "
                   "`model.parameters()`",
    "buffers": "it counts buffers too (a `BatchNorm1d`'s running mean and variance and its "
               "batch count, which `state_dict()` holds), but they are not parameters: add up "
               "over `model.parameters()`",
    "frozen": "it counts the frozen parameters too: with `trainable_only=True`, leave out "
              "those with `requires_grad=False`",
    "inverted": "it counts only the frozen parameters (`requires_grad=False`), the opposite of "
                "what `trainable_only=True` asks for",
    "filters": "it leaves out the frozen parameters although `trainable_only` is False: then "
               "every parameter counts"}


@probe
def built(sub, hidden, x=None, weights=None, device="cpu"):
    """`make_model(hidden)`'s parameter shapes in call order and its parameter count (what
    `kinds.model_layers` gives); with `x`, also `model(x)` with `weights` put in first."""
    model = kit.returned(sub.make_model(hidden), nn.Module, f"make_model({hidden})")
    owners = kit.owners_in_call_order(model, torch.zeros(2, 8))
    out = {"shapes": [list(p.shape) for m in owners for p in m.parameters(recurse=False)],
           "count": sum(p.numel() for p in model.parameters())}
    if x is not None:
        kit.transplant_or_stop(model, weights, f"make_model({hidden})", torch.zeros(2, 8))
        with torch.no_grad():
            out["output"] = model.to(device)(x.to(device))
    return out


@probe
def counted(sub, widths, bias, frozen, trainable_only=None):
    """`count_parameters` of the grader's network, some of its parameters frozen."""
    model = kit.mlp(widths, bias=bias)
    for i, p in enumerate(model.parameters()):
        p.requires_grad_(i not in frozen)
    if trainable_only is None:
        return sub.count_parameters(model)
    return sub.count_parameters(model, trainable_only=trainable_only)


@probe
def counted_normed(sub, widths):
    """`count_parameters` of a network with a batch norm: parameters that are not a linear
    layer's, and buffers that are not parameters."""
    a, b, c = widths
    return sub.count_parameters(nn.Sequential(nn.Linear(a, b), nn.BatchNorm1d(b), nn.ReLU(),
                                              nn.Linear(b, c)))


def _counts(shapes: list, frozen: list, trainable_only) -> tuple[int, dict]:
    """The right count and the usual wrong ones that differ from it by construction, from the
    parameter shapes in `model.parameters()` order."""
    size = [int(np.prod(s)) for s in shapes]
    live = [i for i in range(len(shapes)) if i not in frozen]
    keep = live if trainable_only else list(range(len(shapes)))
    weights = [i for i in keep if len(shapes[i]) == 2]
    layers = sum(len(s) == 2 for s in shapes)
    wrong = {"layers": {len(keep), len(shapes), len(live), len(weights), layers, 2 * layers - 1},
             "twice": 2 * sum(size[i] for i in keep), "none": 0,
             "no_bias": sum(size[i] for i in weights),
             "lengths": sum(shapes[i][0] for i in keep)}
    if any(i + 1 == len(shapes) or len(shapes[i + 1]) == 2 for i in weights):  # a bias-free one
        wrong["bias_always"] = sum(size[i] + shapes[i][0] for i in weights)
    if trainable_only:
        wrong.update(frozen=sum(size), inverted=sum(size[i] for i in frozen))
    elif frozen:
        wrong["filters"] = sum(size[i] for i in live)
    return sum(size[i] for i in keep), wrong


def _network(t) -> tuple[list, list, list]:
    """Fresh widths of 3 or 4 linear layers, the second without a bias, and the parameter
    shapes; drawn again until, in each call the checks make, every wrong count differs from
    the right one and from the others."""
    rng = t.rng("network")
    while True:
        n = int(rng.integers(3, 5))
        widths, bias = [int(w) for w in rng.integers(3, 25, size=n + 1)], [i != 1 for i in range(n)]
        shapes = [s for a, b, has in zip(widths, widths[1:], bias) for s in ([b, a], [b])[:1 + has]]
        calls = [_counts(shapes, frozen, flag) for frozen, flag in
                 (([], None), (FROZEN, None), (FROZEN, True))]
        if all(len(set(vs)) == len(vs) and not set(vs) & wrong["layers"] for right, wrong in calls
               for vs in [[right] + [v for k, v in wrong.items() if k != "layers"]]):
            return widths, bias, shapes


def _judge_count(t, frozen: list, trainable_only=None):
    """The learner's count for the grader's network; a usual wrong count is named."""
    widths, bias, shapes = _network(t)
    call = f"count_parameters(model{', trainable_only=True' if trainable_only else ''})"
    with t.case(f"For the network {' -> '.join(map(str, widths))} (linear layers, ReLUs "
                f"between, layer 2 without a bias{'; layers 1 and 2 frozen' if frozen else ''})"):
        got, want = t.both(counted, widths=widths, bias=bias, frozen=frozen,
                           trainable_only=trainable_only)
        return _judged(call, got, want, _counts(shapes, frozen, trainable_only)[1])


def _judge_normed(t):
    """The learner's count for a network with a batch norm (parameters beyond the linear
    layers', and buffers): counting only linear layers, or a `state_dict()`, is named."""
    a, b, c = (int(w) for w in t.rng("normed").integers(3, 25, size=3))
    right = a * b + b + 2 * b + b * c + c
    with t.case(f"For the network {a} -> {b} -> {c} (linear layers, a `BatchNorm1d({b})` and a "
                "ReLU between them)"):
        got, want = t.both(counted_normed, widths=[a, b, c])
        _judged("count_parameters(model)", got, want,
                {"linear_only": right - 2 * b, "buffers": right + 2 * b + 1, "none": 0})


def _judged(call: str, got, want, wrong: dict):
    """`got` if it is the reference's count; else a failure naming the wrong count it is."""
    value = expect.numeric(got, f"`{call}`")
    if value.size != 1:
        fail(f"`{call}` should be one number, but it has shape {fmt_shape(value.shape)}.",
             COUNT_HINT)
    if float(value) == float(expect.numeric(want, "the reference's count")):
        return got
    named = next((WRONG_COUNTS[k] for k, v in wrong.items()
                  if float(value) in (v if isinstance(v, set) else {v})), None)
    fail(f"`{call}` returned {float(value):g}" + (f": {named}." if named else
                                                  ", which is not its number of parameters."))


def _wrong_outputs(weights: list, x: np.ndarray) -> dict:
    """The 8 -> hidden -> 1 network's usual misreadings, in numpy."""
    w1, b1, w2, b2 = (np.asarray(w, dtype=np.float64) for w in weights)
    h = x.astype(np.float64) @ w1.T + b1
    out, end = h @ w2.T + b2, "; the output is the last linear layer's, unchanged"
    return {"there is a ReLU between the two linear layers; this network has none":
            np.maximum(h, 0) @ w2.T + b2, "it ends with a sigmoid" + end: 1 / (1 + np.exp(-out)),
            "it ends with a ReLU" + end: np.maximum(out, 0)}


# ----------------------------------------------------------------------------- checks
@check(points=1, hint="`nn.Linear(8, hidden)`, then `nn.Linear(hidden, 1)`: use the `hidden` "
                      "you are given, and keep the biases.")
def layers_match_spec(t):
    hidden = int(t.rng("hidden").integers(9, 40))   # never 8, the input width
    problem = kinds.layers_problem(*t.both(built, hidden=hidden))
    if problem:
        fail(f"For `make_model({hidden})`: {problem}")


@check(points=2, hint="Two linear layers and nothing else: no activation between them or "
                      "after the last.")
def forward_matches_with_same_weights(t):
    hidden = int(t.rng("hidden").integers(9, 40))   # never 8, the input width
    weights = kinds.init_like_torch(t, t.reference(built, hidden=hidden)["shapes"])
    for label, shape in (("a batch of 32", (32, 8)), ("one sample of shape (1, 8)", (1, 8))):
        x = (3 * t.rng(label).normal(size=shape)).astype(np.float32)   # outputs of both signs
        got, want = t.both(built, hidden=hidden, x=x, weights=weights, device=t.device)
        kinds.compare_output(got["output"], want["output"].array,
                             f"`make_model({hidden})(x)` for {label}", FORWARD, x_shape=shape,
                             candidates=_wrong_outputs(weights, x))


@check(points=2, hint=COUNT_HINT + " A layer made with `bias=False` has no bias to count.")
def counts_every_parameter(t):
    _judge_count(t, [])
    _judge_count(t, FROZEN)
    _judge_normed(t)


@check(points=2, hint="With `trainable_only=True`, count only the parameters with "
                      "`p.requires_grad`.")
def counts_trainable_only(t):
    _judge_count(t, FROZEN, True)


@check(points=1, hint="`sum(p.numel() for p in ...)` is a Python int; `.item()` turns a "
                      "one-element tensor into a Python number.")
def returns_a_python_int(t):
    try:
        got = _judge_count(t, [])
    except expect.CheckFailed:
        fail("`count_parameters(model)` does not count right yet (see `counts_every_parameter`)"
             "; this point comes with a right count.", COUNT_HINT)
    if type(got) is not int:
        fail(f"`count_parameters(model)` returned {expect.kind_of(got)}; the spec asks for a "
             "Python `int`.")
