"""Checks for exercise 09: `train(model, loader, loss_fn, optimizer, epochs)`.

Learner and reference get identical models (same weights), identical loaders (same shuffling,
whatever extra passes such as a validation pass they make) and identical, fresh data; their
trajectories must agree within the training tolerance. The optimizer's `step` is wrapped so
the gradients it sees can be compared step by step: that is how accumulation (a missing
`zero_grad`) is told apart from other mistakes (`graders.core.training`). Properties beside
the trajectory (the losses' type, the mode, the device) earn points only once the parameters
were actually trained.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from graders.core import expect, training
from graders.core.expect import fail
from graders.core.suite import check, probe
from graders.core.tolerances import GRADIENT

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    from graders.worker import kit

TITLE = "The training loop"
TIMEOUT = 15


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
    steps = kit.StepRecorder(opt, params, model=model)
    loader = kit.loader(X, y, batch_size, loader_seed, steps=steps)   # extra passes: same batches
    losses = sub.train(model, loader, kit.make_loss(loss), opt, epochs)
    return {**steps.facts(), "losses": losses, "params": [p.detach() for p in params],
            "training": [m.training for m in model.modules()],
            "devices": [str(p.device) for p in model.parameters()]}


def _case(t, name: str, optimizer: dict, loss: str = "mse", epochs: int = 3, **extra) -> dict:
    """Fresh data and initial weights; the same `name` gives the same case within a run."""
    rng = t.rng(name)
    return dict(training.data(rng, loss), optimizer=optimizer, loss=loss, epochs=epochs,
                loader_seed=int(rng.integers(2**31)), device=t.device, **extra)


def _sgd_mse(t) -> dict:
    return _case(t, "sgd_mse", {"name": "sgd", "lr": 0.05})


def _both(t, case: dict) -> tuple[dict, dict]:
    got, want = t.both(fit, **case)
    training.observed(got, want)
    return got, want


def _steps_ok(got: dict, want: dict, case: dict) -> None:
    training.fail_on_steps(got, want, case["weights"], len(case["X"]) // case["batch_size"],
                           case["epochs"])


def _trajectory(t, case: dict, what: str) -> None:
    got, want = _both(t, case)
    reported = training.losses(got, case["epochs"])
    t.record("losses", reported, want["losses"])
    _steps_ok(got, want, case)
    training.same_losses(reported, got, want, what)


# ----------------------------------------------------------------------------- checks
@check(points=1, hint="Append `loss.item()`-based floats; a tensor keeps its whole graph alive.")
def returns_one_float_per_epoch(t):
    case = _sgd_mse(t)
    got = t.learner(fit, **case)
    training.losses(got, case["epochs"])
    training.trained(got, case["weights"])


@check(points=2, hint="Each epoch's loss is the mean of its batch losses, `loss.item()`.")
def losses_match_reference(t):
    _trajectory(t, _sgd_mse(t), "The per-epoch losses")


@check(points=1, hint="Per batch: forward, loss, `zero_grad()`, `backward()`, `step()`.")
def final_parameters_match_reference(t):
    case = _sgd_mse(t)
    got, want = _both(t, case)
    _steps_ok(got, want, case)
    training.same_params(got, want)


@check(points=1, hint="Call `optimizer.zero_grad()` once per batch (before `backward()` or "
                      "after `step()`).")
def gradients_cleared_each_step(t):
    case = _sgd_mse(t)
    got, want = _both(t, case)
    if got["steps"] < 2 or got["steps"] != want["steps"]:
        _steps_ok(got, want, case)
        fail(f"`optimizer.step()` was called {got['steps']} time(s); the grader needs to see "
             "at least two steps to check the gradients.")
    idle = training.idle_problem(got, case["weights"])
    if idle:
        fail(idle, training.STEP_HINT)
    first = training.grads(got, 0)
    if first is None:
        _steps_ok(got, want, case)
        fail("No gradients had been computed at the first `optimizer.step()`.")
    if not all(expect.is_close(a, b, GRADIENT)
               for a, b in zip(first, training.grads(want, 0), strict=True)):
        fail("The gradients at the first `optimizer.step()` are not those of the first batch's "
             "loss: compute the loss on the batch with the `loss_fn` you are given.")
    if training.accumulates(got, want):
        _steps_ok(got, want, case)
    second = training.grads(got, 1)
    if second is None or not all(expect.is_close(a, b, GRADIENT)
                                 for a, b in zip(second, training.grads(want, 1), strict=True)):
        fail("The gradients at the second `optimizer.step()` are not those of the second "
             "batch's loss alone.")


@check(points=2, hint="Use the `loss_fn` and `optimizer` arguments; don't create your own.")
def works_with_any_optimizer_and_loss(t):
    cases = {"SGD with momentum and MSE": _case(t, "momentum_mse", {
                 "name": "sgd", "lr": 0.02, "momentum": 0.9}),
             "Adam and cross-entropy": _case(t, "adam_ce", {"name": "adam", "lr": 0.01},
                                             loss="cross_entropy")}
    for label, case in cases.items():
        with t.case(f"With {label}"):
            _trajectory(t, case, "the per-epoch losses")
            training.same_params(*_both(t, case), what="parameter {i} after training")


@check(points=1, hint="Call `model.train()` at the start of `train` (and again after any "
                      "`model.eval()` inside it): the model may arrive in evaluation mode, and "
                      "dropout or batch norm behave differently there.")
def ends_in_training_mode(t):
    case = _case(t, "eval_start", {"name": "sgd", "lr": 0.05}, epochs=2, dropout=0.2,
                 start_in_eval=True)
    got = t.learner(fit, **case)
    training.trained(got, case["weights"])
    eval_steps, steps = (got.get(k) if type(got.get(k)) is int else 0
                         for k in ("eval_steps", "steps"))
    if eval_steps:
        fail(f"{eval_steps} of the {steps} optimizer steps ran with the model in "
             "evaluation mode (`model.training` False, dropout off): it must be in training "
             "mode for every step, also after an evaluation pass inside the loop.")
    if not all(got["training"]):
        fail("After `train`, the model is in evaluation mode (`model.training` is False); it "
             "should train, and stay, in training mode.")


@check(points=1, hint="Move each batch to `next(model.parameters()).device`; never a fixed "
                      "device.")
def trains_on_the_models_device(t):
    case = _case(t, "device", {"name": "sgd", "lr": 0.05}, epochs=1)
    got = t.learner(fit, **case)
    moved = sorted({d for d in got["devices"] if d.split(":")[0] != t.device.split(":")[0]})
    if moved:
        fail(f"The model was on {t.device}, but after `train` its parameters are on "
             f"{', '.join(moved)}: train the model where it is.")
    training.losses(got, case["epochs"])
    training.trained(got, case["weights"])
