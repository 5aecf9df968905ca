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

from graders.core import expect
from graders.core.expect import fail
from graders.core.suite import check, probe
from graders.core.tolerances import MOVED, TRAINING

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch
    from torch import nn

    from graders.worker import kit

TITLE = "Freezing layers for fine-tuning"
TIMEOUT = 10
SEQUENTIAL = [8, 16, 16, 16, 8, 4]       # five linear layers with ReLUs between them,
SEQUENTIAL_BIAS = [True, False, True, False, True]   # two without a bias,
SEQUENTIAL_NORM = [1]                    # and a LayerNorm after the second
TOWER = [8, 16, 16, 12, 4]               # features (3 linear layers, nested), LayerNorm, head
TOWER_BIAS = [True, False, True]         # the features' biases
LR = 0.05


# ----------------------------------------------------------------------------- probe
@probe
def freeze(sub, arch, widths, bias, n, x, device, lr, norm_after=(), optimizer="none",
           freezer="learner"):
    model = (kit.mlp(widths, bias=bias, norm_after=norm_after) if arch == "sequential" else
             kit.Tower(widths, norm=True, bias=bias))
    model = model.to(device)
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    layer = {id(p): k for k, m in enumerate(linears) for p in m.parameters(recurse=False)}
    kind = {id(p): type(m).__name__ for m in model.modules() for p in m.parameters(recurse=False)}
    structure = {"layers": [layer.get(id(p)) for p in model.parameters()],
                 "kinds": [kind[id(p)] for p in model.parameters()]}
    before = list(model.parameters())
    if freezer == "learner":
        returned = sub.freeze_first_layers(model, n)
    else:   # judge the optimizer on its own, whatever the learner's freezing does
        for m in linears[:n]:
            m.requires_grad_(False)
        returned = None
    after = list(model.parameters())
    out = {**structure, "names": [name for name, _ in model.named_parameters()],
           "flags": [bool(p.requires_grad) for p in after],
           "same_objects": len(before) == len(after) and all(a is b for a, b in zip(before, after)),
           "returned": ("same" if returned is model else
                        "none" if returned is None else type(returned).__name__)}
    if optimizer == "none":
        return out
    if optimizer == "grader":
        opt = torch.optim.SGD(model.parameters(), lr=lr)
    else:
        opt = sub.make_finetune_optimizer(model, lr)
        if not isinstance(opt, torch.optim.Optimizer):
            out["not_optimizer"] = type(opt).__name__
            return out
    held = {id(q) for group in opt.param_groups for q in group["params"]}
    out["in_optimizer"] = [id(p) in held for p in model.parameters()]
    out["lrs"] = [float(group.get("lr", float("nan"))) for group in opt.param_groups]
    out["optimizer_type"] = type(opt).__name__
    start = kit.snapshot(model)
    opt.zero_grad()
    loss = model(x.to(device)).pow(2).mean()
    if loss.requires_grad:
        loss.backward()
    opt.step()
    out["after_step"] = [p.detach() for p in model.parameters()]
    out["start"] = start
    return out


# ----------------------------------------------------------------------------- helpers
def _case(t, arch: str, n: int, optimizer: str = "none", freezer: str = "learner") -> dict:
    sequential = arch == "sequential"
    widths = SEQUENTIAL if sequential else TOWER
    x = t.rng(f"{arch}-{n}").normal(size=(16, widths[0])).astype(np.float32)
    return dict(arch=arch, widths=widths, bias=SEQUENTIAL_BIAS if sequential else TOWER_BIAS,
                norm_after=SEQUENTIAL_NORM if sequential else [], n=n, x=x, device=t.device,
                lr=LR, optimizer=optimizer, freezer=freezer)


def _run(t, case: dict) -> tuple[dict, dict]:
    return t.learner(freeze, **case), t.reference(freeze, **case)


def _layers(want: dict) -> list[list[int]]:
    """The indices of each linear layer's parameters, layer by layer in `model.modules()` order."""
    out: dict[int, list[int]] = {}
    for i, k in enumerate(want["layers"]):
        if k is not None:
            out.setdefault(k, []).append(i)
    return [out[k] for k in sorted(out)]


def _frozen_layers(flags: list[bool], layers) -> list[int]:
    return [k + 1 for k, idx in enumerate(layers) if not any(flags[i] for i in idx)]


def _flag_problem(got: dict, want: dict, n: int) -> str | None:
    flags, expected = got["flags"], want["flags"]
    if flags == expected:
        return None
    layers = _layers(want)
    frozen = _frozen_layers(flags, layers)
    where = f"In a network of {len(layers)} linear layers with n={n}"
    if not any(flags):
        return (f"{where}, every parameter is frozen; only the first {n} linear layers should "
                "be, and the rest must stay trainable.")
    if all(flags):
        return f"{where}, no parameter is frozen: `requires_grad` is still True everywhere."
    others = [i for i, k in enumerate(want["layers"]) if k is None and not flags[i]]
    if others:
        return (f"{where}, `{want['names'][others[0]]}` (a `{want['kinds'][others[0]]}` "
                f"parameter) is frozen; only the first {n} `nn.Linear` layers should be: count "
                "`nn.Linear` layers, not parameters (a layer may have no bias, and other layers "
                "have parameters too).")
    weights_only = all(   # idx: the weight, then the bias if the layer has one
        (not flags[idx[0]]) == (not expected[idx[0]])
        and (len(idx) < 2 or flags[idx[1]] or not expected[idx[1]])
        for idx in layers)
    if weights_only:
        return (f"{where}, the weights of the first {n} layers are frozen but their biases still "
                "require grad: freeze the biases too.")
    relu = (" Only `nn.Linear` layers count: ReLUs and other modules are not layers here."
            if len(frozen) < n else "")
    if frozen == [1] and n > 1:
        return f"{where}, only the first linear layer is frozen; the first {n} should be.{relu}"
    partly = [k + 1 for k, idx in enumerate(layers)
              if any(flags[i] for i in idx) and not all(flags[i] for i in idx)]
    return (f"{where}, the frozen layers are {', '.join(map(str, frozen)) or 'none'}"
            + (f" (layer {', '.join(map(str, partly))} only partly)" if partly else "")
            + f"; expected the first {n}: {', '.join(map(str, range(1, n + 1)))}.{relu}")


def _moved(obs: dict) -> list[bool]:
    return [not expect.is_close(expect.tensor(a, "a parameter", finite=False),
                                expect.tensor(b, "a parameter", finite=False), MOVED)
            for a, b in zip(obs["after_step"], obs["start"])]


# ----------------------------------------------------------------------------- checks
@check(points=2, hint="For each of the first `n` `nn.Linear` layers in `model.modules()`, set "
                      "`requires_grad = False` on its weight and its bias, if it has one (or "
                      "call `layer.requires_grad_(False)`).")
def requires_grad_flags_exact(t):
    for arch, n in (("sequential", 2), ("tower", 3), ("sequential", 4)):
        got, want = _run(t, _case(t, arch, n))
        problem = _flag_problem(got, want, n)
        if problem:
            fail(problem)


@check(points=1, hint="Frozen means `requires_grad=False`: then no gradient is computed and no "
                      "optimizer moves the parameter. `model.eval()` and `torch.no_grad()` "
                      "freeze nothing.")
def frozen_params_do_not_move(t):
    got, want = _run(t, _case(t, "sequential", 2, optimizer="grader"))
    for name, flag, moved in zip(got["names"], want["flags"], _moved(got)):
        if not flag and moved:
            fail(f"`{name}` changed after `optimizer.step()`, but it belongs to the first 2 "
                 "layers and should be frozen.")
        if flag and not moved:
            fail(f"`{name}` did not change after `optimizer.step()`, but only the first 2 "
                 "layers should be frozen.")


@check(points=1, hint="Change `requires_grad` on the parameters the model already has.")
def same_parameter_objects(t):
    got, _ = _run(t, _case(t, "sequential", 2))
    if all(got["flags"]):
        fail("`freeze_first_layers` froze nothing: every parameter still requires grad.",
             "Set `requires_grad = False` on the parameters of the first `n` `nn.Linear` "
             "layers, on the objects the model already has.")
    if not got["same_objects"]:
        fail("`freeze_first_layers` replaced parameters with new `nn.Parameter` objects; an "
             "optimizer or a saved reference to them would no longer match the model.")
    if got["returned"] not in ("same", "none"):
        fail(f"`freeze_first_layers` returned a `{got['returned']}`; it should work on the "
             "model it was given, in place.")


@check(points=1, hint="`torch.optim.SGD([p for p in model.parameters() if p.requires_grad], "
                      "lr=lr)`.")
def finetune_optimizer_trains_the_rest(t):
    got, want = _run(t, _case(t, "sequential", 2, optimizer="learner", freezer="grader"))
    if "not_optimizer" in got:
        kind = ("`None`" if got["not_optimizer"] == "NoneType" else
                f"a `{got['not_optimizer']}`")
        fail(f"`make_finetune_optimizer` should return a `torch.optim.Optimizer`, but it "
             f"returned {kind}.")
    trainable = [i for i, flag in enumerate(want["flags"]) if flag]
    missing = [got["names"][i] for i in trainable if not got["in_optimizer"][i]]
    if missing:
        fail(f"The optimizer does not hold `{missing[0]}`"
             + (f" (nor {len(missing) - 1} other trainable parameters)" if len(missing) > 1
                else "") + ": build it from the parameters of the `model` you are given.")
    if got["optimizer_type"] != "SGD" or any(lr != LR for lr in got["lrs"]):
        rates = ", ".join(f"{lr:g}" for lr in got["lrs"])
        fail(f"The optimizer is `{got['optimizer_type']}` with learning rate(s) {rates}; it "
             f"should be SGD with the `lr` it is given (here {LR:g}).")
    if any(got["in_optimizer"][i] for i, flag in enumerate(want["flags"]) if not flag):
        t.note("Your fine-tuning optimizer also holds the frozen parameters. Plain SGD skips "
               "them (they get no gradient), but filtering on `p.requires_grad` says what you "
               "mean and saves memory with optimizers that keep state, like Adam.")
    for name, a, b in zip(got["names"], got["after_step"], want["after_step"]):
        expect.close(expect.tensor(a, f"`{name}`"), expect.tensor(b, f"`{name}`"),
                     f"`{name}` after one step of your optimizer", TRAINING)
