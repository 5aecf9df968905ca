"""Checks for exercise 08: `mse(y_pred, y)` in NumPy and `train_step(model, optimizer, ...)`.

`mse` gets numpy arrays (float, and integer: small int64 values whose mean is no whole number,
and int32 values whose squares overflow int32). `train_step` is called twice, on the two
halves of a fresh batch, with the optimizer's `step` recorded (`kit.StepRecorder`): that is how
a step before `backward()`, a `zero_grad()` in the wrong place and gradients accumulating from
the first call into the second are told apart (`graders.core.training`). The parameters after
a step and the losses depend on each side's own backward pass: TRAINING.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect, kinds, training
from graders.core.expect import fail
from graders.core.suite import check, probe
from graders.core.tolerances import FORWARD, TRAINING

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch

    from graders.worker import kit

TITLE = "The loss and one optimizer step"
TIMEOUT = 10
MSE_HINT = ("Convert to float, then the mean of the squares over every element: "
            "`np.mean((np.asarray(y_pred, dtype=float) - y) ** 2)`.")
STEP_HINT = ("In `train_step`: `optimizer.zero_grad()`, forward pass, loss, `loss.backward()`, "
             "`optimizer.step()`, then `return loss.item()`.")


def _sq(a: dict, cast=np.float64) -> np.ndarray:
    return (a["y_pred"].astype(cast) - a["y"].astype(cast)) ** 2


MISREADINGS = {
    "it sums the squared differences; `nn.MSELoss()` averages them (its reduction is the mean)":
        lambda a: _sq(a).sum(),
    "it divides by the number of rows, `len(y)`; the mean runs over all the elements, "
    "`y.size`": lambda a: _sq(a).sum() / len(a["y"]),
    "it rounds down: `//` is floor division and `int(...)` drops the fraction; use `/` (or "
    "`np.mean`)": lambda a: np.floor(_sq(a).mean()),
    "the squares overflow: `(y_pred - y) ** 2` on int32 arrays wraps around past 2**31; "
    "convert to float first": lambda a: _sq(a, cast=a["y"].dtype).astype(np.float64).mean(),
    "the difference wraps around: `y_pred - y` on unsigned (uint8) arrays cannot go below 0; "
    "convert to float before subtracting":
        lambda a: ((a["y_pred"] - a["y"]).astype(np.float64) ** 2).mean(),
    "it squares the mean difference, `np.mean(y_pred - y) ** 2`; square first, then average":
        lambda a: (a["y_pred"].astype(np.float64) - a["y"]).mean() ** 2,
    "it halves the mean squared error; `nn.MSELoss()` has no 1/2": lambda a: _sq(a).mean() / 2,
    "it divides by N - 1 (as a sample variance does); the mean divides by N, `y.size`":
        lambda a: _sq(a).sum() / (a["y"].size - 1),
    "it converts the arrays to integers, which drops their fractions": lambda a: _sq(
        a, cast=np.int64).mean(),
    "it takes the square root (that is the RMSE)": lambda a: np.sqrt(_sq(a).mean()),
    "it averages absolute differences (the MAE), not squared ones": lambda a: np.sqrt(_sq(
        a)).mean(),
    "it takes the variance of the differences (`np.var(y_pred - y)`), which subtracts their "
    "mean first; the MSE averages the squared differences themselves":
        lambda a: (a["y_pred"].astype(np.float64) - a["y"]).var(),
    "it subtracts a column of targets from a row of predictions (shapes (N, 1) and (N,)), "
    "and broadcasting makes an N x N table of every pair; keep both the same shape":
        lambda a: _pairs(a)}


def _pairs(a: dict) -> float:
    """Every prediction against every target, as (N,) - (N, 1) broadcasts: for 1-D data."""
    if a["y"].ndim != 1:
        return np.nan
    y_pred, y = a["y_pred"].astype(np.float64), a["y"].astype(np.float64)
    return ((y_pred - y[:, None]) ** 2).mean()


def _floats(rng, shape) -> dict:
    return {k: rng.normal(2, 3, size=shape).astype(np.float32) for k in ("y_pred", "y")}


def _ints(rng, high: int, dtype, n: int = 7) -> dict:
    """Integer arrays whose squared differences have no whole-number mean and, for large
    `high`, overflow int32."""
    while True:
        a, b = rng.integers(0, high, size=(2, n)).astype(dtype)
        sq = (a.astype(np.int64) - b) ** 2
        if sq.sum() % n and (a < b).any() and (high < 2**16 or sq.max() >= 2**31):
            return dict(y_pred=a, y=b)


mse_matches_mse_loss = kinds.outputs_match(
    "mse", points=2, tol=FORWARD, hint=MSE_HINT, misreadings=MISREADINGS, numpy=True,
    cases={"8 float predictions": lambda rng: _floats(rng, (8,)),
           "float arrays of shape (16, 3)": lambda rng: _floats(rng, (16, 3))})

mse_of_integer_arrays = kinds.outputs_match(
    "mse", points=1, tol=FORWARD, hint=MSE_HINT, misreadings=MISREADINGS, numpy=True,
    cases={"int64 arrays of small values": lambda rng: _ints(rng, 11, np.int64),
           "int32 arrays of values up to 100000": lambda rng: _ints(rng, 100_000, np.int32),
           "uint8 arrays (pixel values)": lambda rng: _ints(rng, 256, np.uint8)})


@probe
def two_calls(sub, X, y, widths, weights, optimizer, loss, device):
    """`train_step` on each half of (X, y), its optimizer's steps recorded; what each call
    returned, the loss after each call, and the parameters after each call."""
    model = kit.mlp(widths)
    kit.load_params(model, weights)           # created and initialised on CPU, then moved
    model = model.to(device)
    params = list(model.parameters())
    opt = kit.make_optimizer(optimizer, params)
    steps, loss_fn, half = kit.StepRecorder(opt, params), kit.make_loss(loss), len(X) // 2
    returned, after, snaps = [], [], []
    for xb, yb in ((X[:half], y[:half]), (X[half:], y[half:])):
        xb, yb = xb.to(device), yb.to(device)
        returned.append(sub.train_step(model, opt, loss_fn, xb, yb))
        with torch.no_grad():
            after.append(loss_fn(model(xb), yb).item())
        snaps.append(kit.snapshot(model))
    return {**steps.facts(), "returned": returned, "loss_after": after, "first": snaps[0],
            "params": snaps[1], "batch_sizes": [half, len(X) - half]}


def _stepped(t, name="sgd_mse", optimizer=None, loss="mse") -> tuple[dict, dict]:
    """Both observations of two calls, once the learner's made one working step per call."""
    case = dict(training.data(t.rng(name), loss), loss=loss, device=t.device,
                optimizer=optimizer or {"name": "sgd", "lr": 0.1})
    del case["batch_size"]
    got, want = t.both(two_calls, **case)
    training.observed(got, want)
    if got["steps"] != 2:
        own = got["steps"] == 0 and not all(
            np.array_equal(p, w) for p, w in zip(training.arrays(got["params"]), case["weights"]))
        fail(f"In two calls, `train_step` called `optimizer.step()` {got['steps']} times; it "
             "should step exactly once per call" + (", with the `optimizer` it is given: your "
                                                    "code never stepped it, yet the parameters "
                                                    "changed." if own else "."), STEP_HINT)
    problem = training.idle_problem(got, case["weights"])
    if problem:
        fail(problem, STEP_HINT)
    return got, want


@check(points=2, hint=STEP_HINT)
def train_step_updates_parameters(t):
    got, want = _stepped(t)
    for i, (a, b) in enumerate(zip(training.arrays(got["first"]),
                                   training.arrays(want["first"]))):
        expect.close(a, b, f"Parameter {i} after one `train_step`", TRAINING)


@check(points=1, hint="Call `optimizer.zero_grad()` at the start of every `train_step`, before "
                      "`loss.backward()`.")
def train_step_clears_old_gradients(t):
    got, want = _stepped(t)
    if training.accumulates(got, want):
        fail("At the second call each `.grad` held the sum of both batches' gradients: "
             "`train_step` leaves the first call's gradients behind. Call "
             "`optimizer.zero_grad()` before `loss.backward()`.")
    training.same_params(got, want, "Parameter {i} after two calls of `train_step`")


@check(points=1, hint="`return loss.item()`, with the `loss` that `backward()` was called on.")
def train_step_returns_the_loss(t):
    got, want = _stepped(t)
    for k, (value, before, after, n) in enumerate(zip(got["returned"], want["returned"],
                                                      want["loss_after"], want["batch_sizes"])):
        what = f"What `train_step` returned at the {('first', 'second')[k]} call"
        value = expect.number(value, what)
        if not expect.is_close(value, before, TRAINING) and expect.is_close(
                value, after, TRAINING):
            fail(f"{what} is the loss after `optimizer.step()`; return the loss of the forward "
                 "pass, the one `backward()` was called on.")
        if not expect.is_close(value, before, TRAINING) and expect.is_close(
                value * n, before, TRAINING):
            fail(f"{what} is the loss divided by the batch's {n} samples; the loss is already "
                 "their mean: return `loss.item()` as it is.")
        expect.close(value, before, what, TRAINING)


@check(points=1, hint="Use the `loss_fn` and `optimizer` you are given; don't create your own.")
def works_with_any_optimizer_and_loss(t):
    with t.case("With Adam and cross-entropy"):
        got, want = _stepped(t, "adam_ce", {"name": "adam", "lr": 0.01}, "cross_entropy")
        training.same_params(got, want, "parameter {i} after two calls of `train_step`")
        expect.close([expect.number(v, "What `train_step` returned") for v in got["returned"]],
                     want["returned"], "the losses `train_step` returned", TRAINING)
