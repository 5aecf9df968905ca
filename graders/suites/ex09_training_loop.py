"""Checks for exercise 09: `train(model, loader, loss_fn, optimizer, epochs)`.

Learner and reference get identical models (same weights), identical loaders (same shuffling,
whatever extra passes such as a validation pass they make) and identical, fresh data; their
trajectories must agree within the training tolerance. The optimizer's `step` is wrapped so
the gradients it sees can be compared step by step: that is how accumulation (a missing
`zero_grad`) is told apart from other mistakes. Properties beside the trajectory (the losses'
type, the mode, the device) earn points only once the parameters were actually trained.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect
from graders.core.expect import fail
from graders.core.suite import check, probe
from graders.core.tolerances import GRADIENT, TRAINING

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    from graders.worker import kit

TITLE = "The training loop"
TIMEOUT = 15


# ----------------------------------------------------------------------------- probe
@probe
def fit(sub, X, y, widths, weights, optimizer, loss, epochs, batch_size, loader_seed, device,
        dropout=0.0, start_in_eval=False):
    model = kit.mlp(widths, dropout=dropout)
    kit.load_params(model, weights)           # created and initialised on CPU, then moved
    model = model.to(device)
    if start_in_eval:
        model.eval()
    params = list(model.parameters())
    opt = kit.make_optimizer(optimizer, params)
    steps = kit.StepRecorder(opt, params)
    loader = kit.loader(X, y, batch_size, loader_seed, steps=steps)   # extra passes: same batches
    losses = sub.train(model, loader, kit.make_loss(loss), opt, epochs)
    return {"losses": losses, "params": [p.detach() for p in params], "steps": steps.calls,
            "grads": steps.grads, "backward": steps.backward,
            "training": [m.training for m in model.modules()],
            "devices": [str(p.device) for p in model.parameters()]}


# ----------------------------------------------------------------------------- cases
def _case(t, name: str, *, optimizer: dict, loss: str = "mse", epochs: int = 3,
          dropout: float = 0.0, start_in_eval: bool = False) -> dict:
    """Fresh data and initial weights; the same `name` gives the same case within a run."""
    rng = t.rng(name)
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
    return dict(X=X, y=y, widths=widths, weights=weights, optimizer=optimizer, loss=loss,
                epochs=epochs, batch_size=batch, loader_seed=int(rng.integers(2**31)),
                device=t.device, dropout=dropout, start_in_eval=start_in_eval)


def sgd_mse(t) -> dict:
    return _case(t, "sgd_mse", optimizer={"name": "sgd", "lr": 0.05})


def _run(t, case: dict) -> tuple[dict, dict]:
    want = t.reference(fit, **case)
    got = t.learner(fit, **case)
    return got, want


def _losses(got: dict, epochs: int) -> list[float]:
    items = expect.sequence(got["losses"], "The list `train` returned", epochs)
    return [expect.number(v, f"Epoch {i + 1}'s loss in the list `train` returned")
            for i, v in enumerate(items)]


def _arrays(tensors) -> list[np.ndarray]:
    return [expect.tensor(p, "a parameter", finite=False) for p in tensors]


# ----------------------------------------------------------------------------- diagnosis
STEP_HINT = ("Per batch: forward pass, loss, `optimizer.zero_grad()`, `loss.backward()`, "
             "`optimizer.step()`.")
WIPED = ("`optimizer.zero_grad()` comes between `loss.backward()` and `optimizer.step()`: it "
         "wipes the gradients backward has just computed, so the step sees none. Clear the "
         "gradients before `loss.backward()` (or after `optimizer.step()`).")


def _idle_problem(got: dict, case: dict) -> str | None:
    """Name the mistake that kept the optimizer from moving anything, if it is one of these."""
    if got["steps"] == 0:
        moved = any(not np.allclose(p, w) for p, w in zip(_arrays(got["params"]), case["weights"]))
        if moved:
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


def _step_problem(got: dict, want: dict, case: dict) -> str | None:
    """Name the usual mistake behind a wrong trajectory, from the recorded steps."""
    problem = _idle_problem(got, case)
    if problem:
        return problem
    if got["steps"] != want["steps"]:
        n_batches = len(case["X"]) // case["batch_size"]
        return (f"`optimizer.step()` was called {got['steps']} times in {case['epochs']} epochs "
                f"of {n_batches} batches; it should be called once per batch "
                f"({want['steps']} times).")
    if _accumulates(got, want):
        return ("Gradients accumulate from one batch to the next: at the second step each "
                "`.grad` holds the sum of two batches' gradients. Call `optimizer.zero_grad()` "
                "once per batch.")
    return None


def _grads(obs: dict, k: int):
    if len(obs["grads"]) <= k or any(g is None for g in obs["grads"][k]):
        return None
    return [expect.tensor(g, "a gradient", finite=False) for g in obs["grads"][k]]


def _accumulates(got: dict, want: dict) -> bool:
    g2, r1, r2 = _grads(got, 1), _grads(want, 0), _grads(want, 1)
    if g2 is None or r1 is None or r2 is None:
        return False
    fresh = all(expect.is_close(a, b, GRADIENT) for a, b in zip(g2, r2))
    summed = all(expect.is_close(a, b + c, GRADIENT) for a, b, c in zip(g2, r1, r2))
    return summed and not fresh


def _fail_on_steps(got: dict, want: dict, case: dict) -> None:
    problem = _step_problem(got, want, case)
    if problem:
        fail(problem, STEP_HINT)


def _trained(got: dict, case: dict) -> None:
    """Fail unless `train` moved the parameters: the other properties are worth nothing then."""
    if all(np.array_equal(p, w) for p, w in zip(_arrays(got["params"]), case["weights"])):
        fail(_idle_problem(got, case) or "After `train`, every parameter still has its initial "
             "value: the model was not trained.", STEP_HINT)


def _losses_ok(losses: list[float], got: dict, want: dict, what: str) -> None:
    """The reported losses must be the reference's; say so plainly when only they differ."""
    params_ok = all(expect.is_close(a, b, TRAINING)
                    for a, b in zip(_arrays(got["params"]), _arrays(want["params"])))
    if params_ok and not expect.is_close(losses, want["losses"], TRAINING):
        fail("The model trains exactly as expected, but the losses you report are not each "
             "epoch's mean batch loss.", "Sum `loss.item()` over the epoch's batches and "
             "divide by the number of batches.")
    expect.close(losses, want["losses"], what, TRAINING)


# ----------------------------------------------------------------------------- checks
@check(points=1, hint="Append `loss.item()`-based floats; a tensor keeps its whole graph alive.")
def returns_one_float_per_epoch(t):
    case = sgd_mse(t)
    got, _ = _run(t, case)
    _losses(got, case["epochs"])
    _trained(got, case)


@check(points=2, hint="Each epoch's loss is the mean of its batch losses, `loss.item()`.")
def losses_match_reference(t):
    case = sgd_mse(t)
    got, want = _run(t, case)
    losses = _losses(got, case["epochs"])
    _fail_on_steps(got, want, case)
    _losses_ok(losses, got, want, "The per-epoch losses")


@check(points=1, hint="Per batch: forward, loss, `zero_grad()`, `backward()`, `step()`.")
def final_parameters_match_reference(t):
    case = sgd_mse(t)
    got, want = _run(t, case)
    _fail_on_steps(got, want, case)
    for i, (a, b) in enumerate(zip(_arrays(got["params"]), _arrays(want["params"]))):
        expect.close(a, b, f"Parameter {i} after training", TRAINING)


@check(points=1, hint="Call `optimizer.zero_grad()` once per batch (before `backward()` or "
                      "after `step()`).")
def gradients_cleared_each_step(t):
    case = sgd_mse(t)
    got, want = _run(t, case)
    if got["steps"] < 2:
        _fail_on_steps(got, want, case)
        fail(f"`optimizer.step()` was called {got['steps']} time(s); the grader needs to see "
             "at least two steps to check the gradients.")
    idle = _idle_problem(got, case)
    if idle:
        fail(idle, STEP_HINT)
    first, ref_first = _grads(got, 0), _grads(want, 0)
    if first is None:
        _fail_on_steps(got, want, case)
        fail("No gradients had been computed at the first `optimizer.step()`.")
    if not all(expect.is_close(a, b, GRADIENT) for a, b in zip(first, ref_first)):
        fail("The gradients at the first `optimizer.step()` are not those of the first batch's "
             "loss: compute the loss on the batch with the `loss_fn` you are given.")
    if _accumulates(got, want):
        _fail_on_steps(got, want, case)
    second = _grads(got, 1)
    if second is None or not all(expect.is_close(a, b, GRADIENT)
                                 for a, b in zip(second, _grads(want, 1))):
        fail("The gradients at the second `optimizer.step()` are not those of the second "
             "batch's loss alone.")


@check(points=2, hint="Use the `loss_fn` and `optimizer` arguments; don't create your own.")
def works_with_any_optimizer_and_loss(t):
    cases = {
        "SGD with momentum and MSE": _case(t, "momentum_mse", optimizer={
            "name": "sgd", "lr": 0.02, "momentum": 0.9}),
        "Adam and cross-entropy": _case(t, "adam_ce", optimizer={"name": "adam", "lr": 0.01},
                                        loss="cross_entropy"),
    }
    for label, case in cases.items():
        with t.case(f"With {label}"):
            got, want = _run(t, case)
            losses = _losses(got, case["epochs"])
            _fail_on_steps(got, want, case)
            _losses_ok(losses, got, want, "the per-epoch losses")
            for i, (a, b) in enumerate(zip(_arrays(got["params"]), _arrays(want["params"]))):
                expect.close(a, b, f"parameter {i} after training", TRAINING)


@check(points=1, hint="Call `model.train()` at the start of `train`: the model may arrive in "
                      "evaluation mode, and dropout or batch norm behave differently there.")
def ends_in_training_mode(t):
    case = _case(t, "eval_start", optimizer={"name": "sgd", "lr": 0.05}, epochs=1,
                 dropout=0.2, start_in_eval=True)
    got = t.learner(fit, **case)
    _trained(got, case)
    if not all(got["training"]):
        fail("After `train`, the model is in evaluation mode (`model.training` is False); it "
             "should train, and stay, in training mode.")


@check(points=1, hint="Move each batch to `next(model.parameters()).device`; never a fixed "
                      "device.")
def trains_on_the_models_device(t):
    case = _case(t, "device", optimizer={"name": "sgd", "lr": 0.05}, epochs=1)
    got = t.learner(fit, **case)
    moved = sorted({d for d in got["devices"] if d.split(":")[0] != t.device.split(":")[0]})
    if moved:
        fail(f"The model was on {t.device}, but after `train` its parameters are on "
             f"{', '.join(moved)}: train the model where it is.")
    _losses(got, case["epochs"])
    _trained(got, case)
