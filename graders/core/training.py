"""Judging training: trajectories compared with the reference, and the usual step mistakes named.

A training probe wraps the optimizer with `kit.StepRecorder` and returns
`{**recorder.facts(), "params": [...], "losses": [...]}`: how many steps ran, the gradients
the first few steps saw, and whether a backward pass preceded each. From those, this module
tells apart the mistakes learners make in a step (no `step()`, no `backward()`, `zero_grad()`
between them, gradients accumulating, a step per epoch instead of per batch, an optimizer of
their own) before any trajectory is compared, so the message names the mistake rather than
a number.
"""
from __future__ import annotations

import numpy as np

from graders.core import expect
from graders.core.expect import fail
from graders.core.tolerances import GRADIENT, TRAINING

STEP_HINT = ("Per batch: forward pass, loss, `optimizer.zero_grad()`, `loss.backward()`, "
             "`optimizer.step()`.")
WIPED = ("`optimizer.zero_grad()` comes between `loss.backward()` and `optimizer.step()`: it "
         "wipes the gradients backward has just computed, so the step sees none. Clear the "
         "gradients before `loss.backward()` (or after `optimizer.step()`).")


def data(rng: np.random.Generator, loss: str) -> dict:
    """Fresh data, an MLP's widths and initial weights (PyTorch's default ranges) for a small
    regression ("mse") or 3-class classification ("cross_entropy") problem."""
    if loss == "mse":
        n, widths, batch = 64, [4, 8, 1], 16
        X = rng.normal(size=(n, 4)).astype(np.float32)
        y = (X @ rng.normal(size=(4, 1)) + 0.1 * rng.normal(size=(n, 1))).astype(np.float32)
    else:
        n, widths, batch = 60, [5, 8, 3], 20
        X = rng.normal(size=(n, 5)).astype(np.float32)
        y = np.argmax(X @ rng.normal(size=(5, 3)), axis=1).astype(np.int64)
    weights = []
    for a, b in zip(widths[:-1], widths[1:]):
        bound = 1 / np.sqrt(a)
        weights.append(rng.uniform(-bound, bound, size=(b, a)).astype(np.float32))
        weights.append(rng.uniform(-bound, bound, size=(b,)).astype(np.float32))
    return dict(X=X, y=y, widths=widths, weights=weights, batch_size=batch)


def arrays(tensors, what: str = "a parameter") -> list[np.ndarray]:
    return [expect.tensor(p, what, finite=False) for p in tensors]


def losses(got: dict, epochs: int, what: str = "The list `train` returned") -> list[float]:
    """One plain number per epoch, or a failure saying what came back instead."""
    items = expect.sequence(got["losses"], what, epochs)
    return [expect.number(v, f"Epoch {i + 1}'s loss in {what[0].lower()}{what[1:]}")
            for i, v in enumerate(items)]


def observed(got: dict, want: dict) -> None:
    """Fail unless the learner's observation holds the model's parameters, in their shapes,
    and a gradient slot per parameter at each recorded step: the model is the grader's, so a
    shorter list means something hid or emptied them, and an empty list must never read as
    "every parameter matches"."""
    n = len(want["params"])
    ok = (isinstance(got.get("params"), list) and len(got["params"]) == n
          and all(a.shape == b.shape for a, b in zip(arrays(got["params"]),
                                                     arrays(want["params"])))
          and isinstance(got.get("grads"), list)
          and all(g is None or (isinstance(g, list) and len(g) == n) for g in got["grads"]))
    if not ok:
        fail(f"After training, the grader no longer sees the model's {n} parameters (and a "
             "gradient for each at every step) in their shapes: train the model's own "
             "parameters; don't replace, hide or reorder them.", STEP_HINT)


def grads(obs: dict, k: int) -> list[np.ndarray] | None:
    """The gradients the k-th step saw, or None when it saw none (or never ran)."""
    if len(obs["grads"]) <= k or any(g is None for g in obs["grads"][k]):
        return None
    return [expect.tensor(g, "a gradient", finite=False) for g in obs["grads"][k]]


def idle_problem(got: dict, initial: list[np.ndarray]) -> str | None:
    """Name the mistake that kept the optimizer from moving anything, if it is one of these."""
    if got["steps"] == 0:
        if any(not np.allclose(p, w) for p, w in zip(arrays(got["params"]), initial,
                                                      strict=True)):
            return ("The `optimizer` passed to `train` was never stepped, yet the parameters "
                    "changed: use the optimizer you are given instead of creating your own.")
        return ("`optimizer.step()` was never called, so the parameters never changed: call it "
                "once per batch, after `loss.backward()`.")
    first = got["grads"][0] if got["grads"] else []
    if first and all(g is None or not np.any(expect.tensor(g, "a gradient", finite=False))
                     for g in first):
        if got["backward"] and got["backward"][0]:   # backward ran, then the grads were cleared
            return WIPED
        if all(g is None for g in first):
            return ("`optimizer.step()` ran, but no gradients had been computed: call "
                    "`loss.backward()` before each `optimizer.step()`.")
    return None


def accumulates(got: dict, want: dict) -> bool:
    """Did the learner's second step see the sum of two batches' gradients?"""
    g2, r1, r2 = grads(got, 1), grads(want, 0), grads(want, 1)
    if g2 is None or r1 is None or r2 is None:
        return False
    fresh = all(expect.is_close(a, b, GRADIENT) for a, b in zip(g2, r2, strict=True))
    summed = all(expect.is_close(a, b + c, GRADIENT)
                 for a, b, c in zip(g2, r1, r2, strict=True))
    return summed and not fresh


def step_problem(got: dict, want: dict, initial, batches: int, epochs: int) -> str | None:
    """Name the usual mistake behind a wrong trajectory, from the recorded steps."""
    problem = idle_problem(got, initial)
    if problem:
        return problem
    if got["steps"] != want["steps"]:
        return (f"`optimizer.step()` was called {got['steps']} times in {epochs} epochs of "
                f"{batches} batches; it should be called once per batch ({want['steps']} "
                "times).")
    if accumulates(got, want):
        return ("Gradients accumulate from one batch to the next: at the second step each "
                "`.grad` holds the sum of two batches' gradients. Call `optimizer.zero_grad()` "
                "once per batch.")
    return None


def fail_on_steps(got: dict, want: dict, initial, batches: int, epochs: int) -> None:
    problem = step_problem(got, want, initial, batches, epochs)
    if problem:
        fail(problem, STEP_HINT)


def trained(got: dict, initial) -> None:
    """Fail unless training moved the parameters: other properties are worth nothing then."""
    if all(np.array_equal(p, w) for p, w in zip(arrays(got["params"]), initial, strict=True)):
        fail(idle_problem(got, initial) or "After training, every parameter still has its "
             "initial value: the model was not trained.", STEP_HINT)


def same_params(got: dict, want: dict, what: str = "Parameter {i} after training") -> None:
    for i, (a, b) in enumerate(zip(arrays(got["params"]), arrays(want["params"]), strict=True)):
        expect.close(a, b, what.format(i=i), TRAINING)


def same_losses(reported: list[float], got: dict, want: dict, what: str) -> None:
    """The reported losses must be the reference's; say so plainly when only they differ."""
    params_ok = all(expect.is_close(a, b, TRAINING)
                    for a, b in zip(arrays(got["params"]), arrays(want["params"]), strict=True))
    if params_ok and not expect.is_close(reported, want["losses"], TRAINING):
        fail("The model trains exactly as expected, but the losses you report are not each "
             "epoch's mean batch loss.", "Sum `loss.item()` over the epoch's batches and "
             "divide by the number of batches.")
    expect.close(reported, want["losses"], what, TRAINING)
