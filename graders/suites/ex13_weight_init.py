"""Checks for exercise 13: `init_weights(model)`, Kaiming-uniform weights and zero biases.

Random initial values differ with the order of the calls, so the weights are judged by their
distribution, not against the reference's values: every value within the Kaiming bound
b = sqrt(6 / fan_in), the largest close to it, mean and variance (b^2 / 3) within
`STAT_SIGMAS` standard errors. The layers are large enough that a correct solution fails
these less than once in a billion runs, and the usual wrong initialisers miss by far more.
Parameters of other layers (a LayerNorm) start off their defaults, so any change to them shows;
"in place" and "other layers untouched" earn points only once some weights were initialised.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect
from graders.core.expect import fail, fmt_num
from graders.core.suite import check, probe
from graders.core.tolerances import STAT_SIGMAS

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch
    from torch import nn

    from graders.worker import kit

TITLE = "Weight initialisation"
TIMEOUT = 10
SEQUENTIAL = [20, 64, 48, 32]            # three layers of 1280 to 3072 weights
TOWER = [20, 64, 48, 32, 16]             # nested: features (3 layers), LayerNorm, head
KAIMING = "`nn.init.kaiming_uniform_(layer.weight, nonlinearity='relu')`."
NOT_REACHED = ("Loop over `model.modules()` (every layer, nested ones too) and pick the "
               "`nn.Linear` ones; `model.parameters()` yields tensors, never layers.")


# ----------------------------------------------------------------------------- probe
@probe
def initialise(sub, arch, widths, device):
    model = kit.mlp(widths) if arch == "sequential" else kit.Tower(widths, norm=True)
    with torch.no_grad():   # other layers' parameters off their defaults: any change shows
        for m in model.modules():
            if not isinstance(m, nn.Linear):
                for p in m.parameters(recurse=False):
                    p.uniform_(0.5, 1.5)
    before = list(model.parameters())
    values_before = kit.snapshot(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)   # built before init_weights
    sub.init_weights(model)
    after = list(model.parameters())
    same = len(before) == len(after) and all(a is b for a, b in zip(before, after))
    values = kit.snapshot(model)
    model = model.to(device)
    x = torch.randn(8, widths[0]).to(device)
    optimizer.zero_grad()
    model(x).pow(2).mean().backward()
    optimizer.step()
    moved = [not torch.equal(a, p.detach().cpu()) for a, p in zip(values, model.parameters())]
    return {"names": [n for n, _ in model.named_parameters()], "same_objects": same,
            "before": values_before, "after": values, "moved": moved}


# ----------------------------------------------------------------------------- judging
def _run(t, arch: str) -> dict:
    widths = SEQUENTIAL if arch == "sequential" else TOWER
    return t.learner(initialise, arch=arch, widths=widths, device=t.device)


def _linear(obs: dict):
    """(label, weight, weight before, bias, bias before) for each linear layer, in order."""
    names = obs["names"]
    after = [expect.tensor(v, f"`{n}`", finite=False) for n, v in zip(names, obs["after"])]
    before = [expect.tensor(v, f"`{n}`", finite=False) for n, v in zip(names, obs["before"])]
    out = []
    for i, name in enumerate(names):
        if name.endswith("weight") and after[i].ndim == 2:
            j = i + 1 if i + 1 < len(names) and names[i + 1] == name[:-6] + "bias" else None
            fan_out, fan_in = after[i].shape
            label = f"Linear layer {len(out) + 1} ({fan_in} -> {fan_out})"
            out.append((label, after[i], before[i],
                        after[j] if j is not None else None, before[j] if j is not None else None))
    return out


def _guess(bound: float, fan_in: int, fan_out: int) -> str:
    """Name the initialiser whose bound is `bound`, if it is a usual one."""
    known = {
        "PyTorch's default initialisation (bound 1/sqrt(fan_in))": 1 / math.sqrt(fan_in),
        "`mode='fan_out'` (bound sqrt(6 / fan_out))": math.sqrt(6 / fan_out),
        "Xavier/Glorot uniform (bound sqrt(6 / (fan_in + fan_out)))":
            math.sqrt(6 / (fan_in + fan_out)),
        "gain 1, as for `nonlinearity='linear'` (bound sqrt(3 / fan_in))": math.sqrt(3 / fan_in),
    }
    for name, b in known.items():
        if abs(bound / b - 1) < 0.08:
            return f"; that looks like {name}"
    return ""


def _shape(w: np.ndarray) -> str:
    """Say what kind of distribution overshoots the bound."""
    if w.min() >= 0:
        return "; they are all positive, as from `nn.init.uniform_`'s default range [0, 1)"
    z = (w - w.mean()) / w.std()
    if float((z ** 4).mean()) > 2.4:      # uniform: 1.8, normal: 3
        return "; they look normally distributed (`kaiming_normal_`?), not uniform"
    return ""


def judge_weight(label: str, w: np.ndarray, before: np.ndarray) -> str | None:
    """Why `w` is not a Kaiming-uniform sample, or None if it is one."""
    fan_out, fan_in = w.shape
    b = math.sqrt(6 / fan_in)
    n = w.size
    if np.array_equal(w, before):
        return f"{label}: the weights were not changed by `init_weights`."
    expect.finite_values(w, f"{label}'s weights")
    top = float(np.abs(w).max())
    if top > b * (1 + 1e-5) + 1e-7:
        return (f"{label}: weights reach {fmt_num(top)}, beyond the Kaiming-uniform bound "
                f"±{fmt_num(b)} = ±sqrt(6 / fan_in)"
                f"{_guess(top, fan_in, fan_out) or _shape(w)}.")
    if top < 0.9 * b:
        return (f"{label}: the weights stay within ±{fmt_num(top)}, well inside the "
                f"Kaiming-uniform bound ±{fmt_num(b)}{_guess(top, fan_in, fan_out)}.")
    mean, var = float(w.mean()), float(w.var())
    if abs(mean) > STAT_SIGMAS * b / math.sqrt(3 * n):
        return f"{label}: the weights average {fmt_num(mean)}; uniform on [-b, b] averages 0."
    want = b * b / 3
    if abs(var / want - 1) > STAT_SIGMAS * math.sqrt(0.8 / n):
        return (f"{label}: the weights' variance is {fmt_num(var)}; uniform on "
                f"[-{fmt_num(b)}, {fmt_num(b)}] has {fmt_num(want)}.")
    return None


def _initialised(obs: dict) -> None:
    """Fail unless some linear layer's weights changed: other properties are worth nothing
    while nothing was initialised."""
    if all(np.array_equal(w, w0) for _, w, w0, _, _ in _linear(obs)):
        fail("`init_weights` changed none of the linear layers' weights: the model is exactly "
             "as it was built.", NOT_REACHED)


def _weights_ok(obs: dict) -> None:
    for label, w, w0, _, _ in _linear(obs):
        problem = judge_weight(label, w, w0)
        if problem:
            fail(problem, NOT_REACHED if "not changed" in problem else KAIMING)


def _biases_ok(obs: dict) -> None:
    for label, _, _, bias, _ in _linear(obs):
        if bias is not None and np.any(bias != 0):
            largest = fmt_num(float(np.abs(bias).max()))
            fail(f"{label}: the bias is not zero (largest entry {largest}).",
                 "`nn.init.zeros_(layer.bias)` sets it to zero in place.")


# ----------------------------------------------------------------------------- checks
@check(points=1, hint="Initialise the existing tensors (`nn.init.*_` functions work in place); "
                      "never assign a new `nn.Parameter`.")
def initialises_in_place(t):
    obs = _run(t, "sequential")
    _initialised(obs)
    if not obs["same_objects"]:
        fail("`init_weights` replaced the model's parameters with new `nn.Parameter` objects, so "
             "an optimizer built before it no longer trains the model.")
    stuck = [n for n, m in zip(obs["names"], obs["moved"]) if not m]
    if stuck:
        fail(f"After `init_weights`, an optimizer built before it no longer moves `{stuck[0]}`: "
             "the model's parameters were replaced or detached.")


@check(points=2, hint=KAIMING)
def weights_follow_kaiming_uniform(t):
    _weights_ok(_run(t, "sequential"))


@check(points=1, hint="`nn.init.zeros_(layer.bias)`.")
def biases_are_zero(t):
    _biases_ok(_run(t, "sequential"))


@check(points=1, hint=NOT_REACHED)
def every_linear_layer_initialised(t):
    obs = _run(t, "tower")
    _weights_ok(obs)
    _biases_ok(obs)


@check(points=1, hint="Only `nn.Linear` layers are initialised; test each module's type.")
def other_layers_untouched(t):
    obs = _run(t, "tower")
    _initialised(obs)
    for name, a, b in zip(obs["names"], obs["after"], obs["before"]):
        if name.startswith("norm.") and not np.array_equal(
                expect.tensor(a, f"`{name}`", finite=False),
                expect.tensor(b, f"`{name}`", finite=False)):
            fail(f"`init_weights` changed `{name}`, a LayerNorm parameter; only linear layers "
                 "should be initialised.")
