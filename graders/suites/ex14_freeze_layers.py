"""Checks for exercise 14: `freeze_first_layers(model, n)` and `make_finetune_optimizer`.

The grader builds the networks (an `nn.Sequential` and a `Module` subclass with nested blocks),
with bias-free linear layers and LayerNorms among them, so that counting parameters is not
counting layers; it knows every parameter's name and layer, and the expected flags come from
the reference on the same network and `n`. Keeping the parameter objects earns points only
once something was frozen.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect, models
from graders.core.expect import fail
from graders.core.suite import check, probe
from graders.core.tolerances import TRAINING

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch
    from torch import nn

    from graders.worker import kit

TITLE = "Freezing layers for fine-tuning"
TIMEOUT = 10
NETS = {"sequential": dict(build="mlp", widths=[8, 16, 16, 16, 8, 4],   # five linear layers,
                          bias=[True, False, True, False, True],   # two of them without a bias,
                          norm_after=[1]),                  # and a LayerNorm after the second
        "tower": dict(build="Tower", widths=[8, 16, 16, 12, 4], norm=True,   # nested features
                      bias=[True, False, True])}            # (3 linear layers), LayerNorm, head
LR = 0.05


# ----------------------------------------------------------------------------- probe
@probe
def finetune(sub, net, n, x, device, lr):
    """The learner's optimizer for the grader's network with its first `n` linear layers
    frozen (whatever the learner's freezing does), and the parameters after one step."""
    spec = dict(net)
    model = getattr(kit, spec.pop("build"))(**spec).to(device)
    for m in [m for m in model.modules() if isinstance(m, nn.Linear)][:n]:
        m.requires_grad_(False)
    opt = kit.returned(sub.make_finetune_optimizer(model, lr), torch.optim.Optimizer,
                       "make_finetune_optimizer")
    held = {id(q) for group in opt.param_groups for q in group["params"]}
    opt.zero_grad()
    model(x.to(device)).pow(2).mean().backward()
    opt.step()
    return {"names": [name for name, _ in model.named_parameters()],
            "flags": [bool(p.requires_grad) for p in model.parameters()],
            "in_optimizer": [id(p) in held for p in model.parameters()],
            "lrs": [float(group.get("lr", float("nan"))) for group in opt.param_groups],
            "extras": sorted({f"{k}={group[k]!r}"[:60] for group in opt.param_groups
                              for k in ("momentum", "dampening", "weight_decay", "nesterov",
                                        "maximize") if group.get(k) not in (None, 0, False)}),
            "optimizer_type": type(opt).__name__,
            "after_step": [p.detach() for p in model.parameters()]}


# ----------------------------------------------------------------------------- judging
def _case(t, arch: str, n: int) -> dict:
    x = t.rng(f"{arch}-{n}").normal(size=(16, NETS[arch]["widths"][0])).astype(np.float32)
    return dict(net=NETS[arch], x=x, device=t.device, lr=LR)


def _frozen(t, arch: str, n: int) -> tuple[dict, dict]:
    """`freeze_first_layers(model, n)`, then one step of an SGD optimizer built before it."""
    got, want = t.both(models.in_place, function="freeze_first_layers", args=[n],
                       **_case(t, arch, n))
    models.observed(got, want, "freeze_first_layers")
    return got, want


# ----------------------------------------------------------------------------- checks
@check(points=2, hint="For each of the first `n` `nn.Linear` layers in `model.modules()`, set "
                      "`requires_grad = False` on its weight and its bias, if it has one (or "
                      "call `layer.requires_grad_(False)`).")
def requires_grad_flags_exact(t):
    problems = []
    for arch, n in (("sequential", 2), ("tower", 3), ("sequential", 4)):
        try:
            got, want = _frozen(t, arch, n)
        except Exception:
            if problems:     # a later case that cannot even run: the first problem stands
                break
            raise
        problem = models.freezing_problem(got["flags"], want["flags"], want["names"],
                                          want["owners"], case=f"with n={n}")
        problems += [problem] if problem else []
    if problems:   # the first case's, unless a later one shows the first n parameters frozen
        fail(next((p for p in problems if models.FIRST_N_PARAMETERS in p), problems[0]))


@check(points=1, hint="Frozen means `requires_grad=False`: then no gradient is computed and no "
                      "optimizer moves the parameter. `model.eval()` and `torch.no_grad()` "
                      "freeze nothing.")
def frozen_params_do_not_move(t):
    got, want = _frozen(t, "sequential", 2)
    for name, flag, moved in zip(got["names"], want["flags"],
                                 models.changed(got["stepped"], got["after"])):
        if flag != moved:
            fail(f"`{name}` {'did not change' if flag else 'changed'} after `optimizer.step()`, "
                 + ("but only the first 2 layers should be frozen." if flag else
                    "but it belongs to the first 2 layers and should be frozen."))


@check(points=1, hint="Change `requires_grad` on the parameters the model already has.")
def same_parameter_objects(t):
    got, _ = _frozen(t, "sequential", 2)
    if all(got["flags"]):
        fail("`freeze_first_layers` froze nothing: every parameter still requires grad.",
             "Set `requires_grad = False` on the parameters of the first `n` `nn.Linear` "
             "layers, on the objects the model already has.")
    if not got["same_objects"]:
        fail("`freeze_first_layers` replaced parameters with new `nn.Parameter` objects; an "
             "optimizer or a saved reference to them would no longer match the model.")
    if got["returned"] is not None:
        fail(f"`freeze_first_layers` returned a `{expect.code_name(got['returned'])}`; it "
             "should work on the model it was given, in place.")


@check(points=1, hint="`torch.optim.SGD([p for p in model.parameters() if p.requires_grad], "
                      "lr=lr)`.")
def finetune_optimizer_trains_the_rest(t):
    got, want = t.both(finetune, n=2, **_case(t, "sequential", 2))
    models.observed(got, want, "make_finetune_optimizer")
    missing = models.optimizer_misses(got["names"], want["flags"], got["in_optimizer"])
    if missing:
        fail(missing)
    if got["optimizer_type"] != "SGD" or any(lr != LR for lr in got["lrs"]):
        kind = expect.code_name(got["optimizer_type"])
        fail(f"The optimizer is `{kind}` with learning rate(s) "
             f"{', '.join(f'{lr:g}' for lr in got['lrs'])}; it should be SGD with the `lr` it "
             f"is given (here {LR:g}).")
    extras = [expect.code_name(e.split("=")[0]) for e in got["extras"] if e not in want["extras"]]
    if extras:
        fail(f"The optimizer also sets {', '.join(f'`{e}`' for e in extras)}; the fine-tuning "
             f"optimizer here is plain SGD with only the `lr` it is given.")
    if any(held and not flag for flag, held in zip(want["flags"], got["in_optimizer"])):
        t.note("Your fine-tuning optimizer also holds the frozen parameters. Plain SGD skips "
               "them (they get no gradient), but filtering on `p.requires_grad` says what you "
               "mean and saves memory with optimizers that keep state, like Adam.")
    for name, a, b in zip(got["names"], got["after_step"], want["after_step"]):
        expect.close(expect.tensor(a, f"`{name}`"), expect.tensor(b, f"`{name}`"),
                     f"`{name}` after one step of your optimizer", TRAINING)
