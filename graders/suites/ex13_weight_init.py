"""Checks for exercise 13: `init_weights(model)`, Kaiming-uniform weights and zero biases.

Random initial values differ with the order of the calls, so the weights are judged by their
distribution, not against the reference's values: every value within the Kaiming bound
b = sqrt(6 / fan_in), the largest close to it, mean and variance (b^2 / 3) within
`STAT_SIGMAS` standard errors (`graders.core.stats`). The layers are large enough that a
correct solution fails these less than once in a billion runs, and the usual wrong
initialisers miss by far more (each is named by the range it draws from).
Parameters of other layers (a LayerNorm) start off their defaults, so any change to them shows;
"in place" and "other layers untouched" earn points only once some weights were initialised.
"""
from __future__ import annotations

import math

import numpy as np

from graders.core import expect, models, stats
from graders.core.expect import fail, fmt_num
from graders.core.suite import check

TITLE = "Weight initialisation"
TIMEOUT = 10
SEQUENTIAL = dict(build="mlp", widths=[20, 64, 48, 32])   # three layers of 1280 to 3072 weights
TOWER = dict(build="Tower", widths=[20, 64, 48, 32, 16], norm=True)   # nested, and a LayerNorm
KAIMING = "`nn.init.kaiming_uniform_(layer.weight, nonlinearity='relu')`."
NOT_REACHED = ("Loop over `model.modules()` (every layer, nested ones too) and pick the "
               "`nn.Linear` ones; `model.parameters()` yields tensors, never layers.")


def _run(t, net: dict) -> dict:
    """`init_weights` on the grader's network; then one step of an optimizer built before."""
    x = t.rng(net["build"]).normal(size=(8, net["widths"][0])).astype(np.float32)
    got, want = t.both(models.in_place, function="init_weights", net=net, x=x,
                       device=t.device, others_off="Linear")
    models.observed(got, want, "init_weights")
    return got


def _known(fan_in: int, fan_out: int) -> dict[str, tuple[float, float]]:
    """The ranges of the usual wrong initialisers, to name the one a learner used."""
    bounds = {
        "PyTorch's default initialisation (bound 1/sqrt(fan_in))": 1 / math.sqrt(fan_in),
        "`mode='fan_out'` (bound sqrt(6 / fan_out))": math.sqrt(6 / fan_out),
        "Xavier/Glorot uniform (bound sqrt(6 / (fan_in + fan_out)))":
            math.sqrt(6 / (fan_in + fan_out)),
        "Xavier/Glorot uniform with the ReLU gain (bound sqrt(2) sqrt(6 / (fan_in + fan_out)))":
            math.sqrt(12 / (fan_in + fan_out)),
        "gain 1, as for `nonlinearity='linear'` (bound sqrt(3 / fan_in))": math.sqrt(3 / fan_in),
        "a bound computed with fan_in taken as the weight's number of elements, "
        "sqrt(6 / (fan_in * fan_out)); fan_in is the number of inputs, `weight.shape[1]`":
            math.sqrt(6 / (fan_in * fan_out)),
        "`nonlinearity='tanh'` (gain 5/3, bound 5/3 sqrt(3 / fan_in))":
            5 / 3 * math.sqrt(3 / fan_in),
    }
    return {name: (-b, b) for name, b in bounds.items()}


def _weights_ok(obs: dict) -> None:
    for label, params in models.by_layer(obs):
        w, before = params["weight"]
        if np.array_equal(w, before):
            fail(f"{label}: the weights were not changed by `init_weights`.", NOT_REACHED)
        fan_out, fan_in = w.shape
        b = math.sqrt(6 / fan_in)
        bound = f"the Kaiming-uniform bound ±{fmt_num(b)} = ±sqrt(6 / fan_in)"
        problem = stats.uniform_problem(w, -b, b, "the weights", bound=bound,
                                        known=_known(fan_in, fan_out), normal="`kaiming_normal_`")
        if problem:
            fail(f"{label}: {problem}", KAIMING)


def _biases_ok(obs: dict) -> None:
    for label, params in models.by_layer(obs):
        if "bias" in params and np.any(params["bias"][0] != 0):
            fail(f"{label}: the bias is not zero (largest entry "
                 f"{fmt_num(float(np.abs(params['bias'][0]).max()))}).",
                 "`nn.init.zeros_(layer.bias)` sets it to zero in place.")


def _initialised(obs: dict) -> None:
    """Fail unless some linear layer's weights changed: nothing else counts until then."""
    if all(np.array_equal(*params["weight"]) for _, params in models.by_layer(obs)):
        fail("`init_weights` changed none of the linear layers' weights: the model is exactly "
             "as it was built.", NOT_REACHED)


def _one_value(observed) -> bool:
    arr = expect.tensor(observed, "a parameter", finite=False)
    return arr.size > 0 and np.ptp(arr) == 0


# ----------------------------------------------------------------------------- checks
@check(points=1, hint="Initialise the existing tensors (`nn.init.*_` functions work in place); "
                      "never assign a new `nn.Parameter`.")
def initialises_in_place(t):
    obs = _run(t, SEQUENTIAL)
    _initialised(obs)
    if not obs["same_objects"]:
        fail("`init_weights` replaced the model's parameters with new `nn.Parameter` objects, so "
             "an optimizer built before it no longer trains the model.")
    moved = models.changed(obs["stepped"], obs["after"], None)
    stuck = [name for name, m in zip(obs["names"], moved) if not m]
    # A weight set to one value everywhere (`zeros_` on the weight) starves its own and other
    # layers of gradient, in place or not: `weights_follow_kaiming_uniform` names that.
    if stuck and not any(name.endswith("weight") and _one_value(a)
                         for name, a in zip(obs["names"], obs["after"])):
        fail(f"After `init_weights`, an optimizer built before it no longer moves `{stuck[0]}`: "
             "the model's parameters were replaced or detached.")


@check(points=2, hint=KAIMING)
def weights_follow_kaiming_uniform(t):
    _weights_ok(_run(t, SEQUENTIAL))


@check(points=1, hint="`nn.init.zeros_(layer.bias)`.")
def biases_are_zero(t):
    _biases_ok(_run(t, SEQUENTIAL))


@check(points=1, hint=NOT_REACHED)
def every_linear_layer_initialised(t):
    obs = _run(t, TOWER)
    _weights_ok(obs)
    _biases_ok(obs)


@check(points=1, hint="Only `nn.Linear` layers are initialised; test each module's type.")
def other_layers_untouched(t):
    obs = _run(t, TOWER)
    _initialised(obs)
    changed = models.changed(obs["after"], obs["before"], None)
    for name, owner, change in zip(obs["names"], obs["owners"], changed):
        if owner != "Linear" and change:
            fail(f"`init_weights` changed `{name}`, a {owner} parameter; only linear layers "
                 "should be initialised.")
