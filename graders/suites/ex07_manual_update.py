"""Checks for exercise 07: `sgd_step(params, lr)`, one gradient-descent step by hand.

The grader builds a 3-layer MLP (on the CPU, then on the run's device), fills every `.grad`
with a backward pass on fresh data and calls `sgd_step(list(model.parameters()), lr)`; the
parameters before the call and the gradients come from the grader, identical for learner and
reference. One step is one formula on identical inputs, so it is judged within FORWARD; two
steps within TRAINING, since the second backward starts from parameters that may already
differ by an ulp.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect, kinds, models
from graders.core.expect import fail, fmt_shape
from graders.core.suite import check, probe
from graders.core.tolerances import FORWARD, GRADIENT, TRAINING

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch

    from graders.worker import kit

TITLE = "One gradient-descent step by hand"
TIMEOUT = 10
WIDTHS = [5, 16, 8, 3]                      # three linear layers, ReLU between them
HINT = "Under `with torch.no_grad():`, for each `p` in `params`: `p -= lr * p.grad`."
IN_PLACE = ("rebinding a name (`p = p - lr * p.grad`, `weight = weight - lr * weight.grad`) "
            "makes a new tensor and leaves the model's parameter unchanged, and so does an "
            "in-place update of a copy (`p.clone().sub_(...)`, `p.detach().clone()`); update "
            "the parameter itself in place: "
            "`p -= lr * p.grad` or `p.sub_(lr * p.grad)` under `torch.no_grad()`")


@probe
def steps(sub, widths, weights, batches, lr, device):
    """For each (X, y): summed squared error, backward, then the learner's `sgd_step`; per step the
    parameters before and after, the gradients it got and those it left; then the flags."""
    model = kit.mlp(widths)
    kit.load_params(model, weights)         # created and initialised on CPU, then moved
    model = model.to(device)
    out = []
    for X, y in batches:
        ((model(X.to(device)) - y.to(device)) ** 2).sum().backward()   # gradients over 1
        grads = [None if p.grad is None else p.grad.detach().cpu().clone()
                 for p in model.parameters()]
        before = kit.snapshot(model)
        sub.sgd_step(list(model.parameters()), lr)
        grad_on = torch.is_grad_enabled()
        torch.set_grad_enabled(True)        # judged by `two_steps_in_a_row`; the next step runs
        out.append({"grad_on": grad_on, "before": before, "grads": grads,
                    "after": kit.snapshot(model),
                    "left": [None if p.grad is None else p.grad.detach().cpu().clone()
                             for p in model.parameters()]})
    return {"steps": out, "requires_grad": [bool(p.requires_grad) for p in model.parameters()]}


def _case(t, name: str, n_steps: int = 1) -> dict:
    rng = t.rng(name)
    shapes = [s for a, b in zip(WIDTHS[:-1], WIDTHS[1:]) for s in ([b, a], [b])]
    return dict(widths=WIDTHS, weights=kinds.init_like_torch(t, shapes, f"{name}:weights"),
                device=t.device,
                batches=[[rng.normal(size=(32, WIDTHS[0])).astype(np.float32),
                          rng.normal(size=(32, WIDTHS[-1])).astype(np.float32)]
                         for _ in range(n_steps)], lr=float(rng.uniform(0.05, 0.5)))


def _arrays(values) -> list[np.ndarray]:
    return [expect.tensor(v, "a parameter", finite=False) for v in values]


def _one_step(t) -> tuple[dict, dict, dict]:
    """The learner's and the reference's observations of one step, and the case."""
    case = _case(t, "one step")
    return *t.both(steps, **case), case


def _names(indices, before) -> str:
    return ", ".join(f"`params[{i}]` {fmt_shape(before[i].shape)}" for i in indices)


@check(points=2, hint=HINT)
def updates_every_parameter(t):
    got, want, case = _one_step(t)
    lr, got, want = case["lr"], got["steps"][0], want["steps"][0]
    before, grads, after = _arrays(want["before"]), _arrays(want["grads"]), _arrays(got["after"])
    idle = [i for i, moved in enumerate(models.changed(got["after"], want["before"]))
            if not moved and np.any(grads[i])]
    if len(idle) == len(after):
        cleared = all(g is None or not np.any(g.array) for g in got["left"])
        fail("After `sgd_step(params, lr)` every parameter is unchanged, although each had a "
             f"gradient: {IN_PLACE}." + (" The gradients are cleared too: if you clear them "
                                         "first, clear them after the update instead."
                                         if cleared else ""))
    if idle:
        biases = [i for i, p in enumerate(before) if p.ndim == 1]
        fail(f"After `sgd_step(params, lr)`, {_names(idle, before)} "
             f"{'is' if len(idle) == 1 else 'are'} unchanged although "
             f"{'it' if len(idle) == 1 else 'they'} had a gradient"
             + (": the biases were not updated" if idle == biases else "")
             + ". Update every parameter in `params`.")
    k = next(i for i, g in enumerate(grads) if np.any(g))
    c = -float(np.vdot(after[k] - before[k], grads[k]) / np.vdot(grads[k], grads[k]))
    if not np.isclose(c, lr, rtol=1e-3) and all(
            expect.is_close(a, b - c * g, FORWARD) for a, b, g in zip(after, before, grads)):
        fail("The parameters moved uphill: `sgd_step` adds `lr * p.grad`, which makes the "
             "loss larger; gradient descent subtracts it, `p -= lr * p.grad`."
             if np.isclose(c, -lr, rtol=1e-3) else
             f"`sgd_step` moved every parameter by {c:.4g} times its gradient, but `lr` is "
             f"{lr:.4g}: step by `lr * p.grad`, with the `lr` you are given.")
    for i, (a, b) in enumerate(zip(after, _arrays(want["after"]))):
        expect.close(a, b, f"`params[{i}]` after `sgd_step`", FORWARD)


def _updated(t) -> dict:
    """The learner's one-step observation; the points below count only once the step moved
    something."""
    got, want, _ = _one_step(t)
    if not any(models.changed(got["steps"][0]["after"], want["steps"][0]["before"])):
        fail("`sgd_step` changed no parameter of the model (see `updates_every_parameter`).")
    return got


@check(points=1, hint="After the update: `p.grad = None` (or `p.grad.zero_()`) for every `p`.")
def clears_gradients(t):
    left = _updated(t)["steps"][0]["left"]
    kept = [i for i, g in enumerate(left) if g is not None and np.any(g.array)]
    if kept:
        fail(f"After `sgd_step`, `params[{kept[0]}].grad` still holds its gradient"
             + (f" (and {len(kept) - 1} more)" if len(kept) > 1 else "")
             + ": clear every gradient, or the next `backward()` adds to the old one.")


@check(points=1, hint="Let `torch.no_grad()` keep autograd out of the update; don't change "
                      "`requires_grad`.")
def parameters_stay_trainable(t):
    frozen = [i for i, flag in enumerate(_updated(t)["requires_grad"]) if not flag]
    if frozen:
        fail(f"After `sgd_step`, `params[{frozen[0]}]` no longer requires grad: the model "
             "cannot learn any more. Update under `torch.no_grad()` instead of switching "
             "`requires_grad` off.")


@check(points=1, hint=HINT)
def two_steps_in_a_row(t):
    got, want = t.both(steps, **_case(t, "two steps", n_steps=2))
    if any(isinstance(s, dict) and s.get("grad_on") is False for s in got["steps"]):
        fail("`sgd_step` left gradient tracking switched off (as `torch.set_grad_enabled(False)` "
             "does): the next forward pass builds no graph, and its `backward()` fails. Update "
             "inside `with torch.no_grad():`, which switches tracking back on when it ends.")
    first, second = (_arrays(want["steps"][k]["grads"]) for k in (0, 1))
    seen = _arrays(got["steps"][1]["grads"]) if None not in got["steps"][1]["grads"] else []
    if seen and all(expect.is_close(s, a + b, GRADIENT) for s, a, b in
                    zip(seen, first, second, strict=True)):
        fail("At the second step each `.grad` held the sum of both batches' gradients: "
             "`sgd_step` did not clear the gradients, so the second step went the wrong way.")
    for i, (a, b) in enumerate(zip(_arrays(got["steps"][1]["after"]),
                                   _arrays(want["steps"][1]["after"]))):
        expect.close(a, b, f"`params[{i}]` after two steps", TRAINING)
