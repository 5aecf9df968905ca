"""Exercises whose function changes a model in place (initialise, freeze, prune, ...), and a
model's parameters grouped by layer, on the trusted side, from what a probe observed.

The probe `in_place` runs the learner's `function(model, *args)` on a network the grader
builds and reports each parameter as `named_parameters` lists them, with the class of the
module that owns each:

    modules = dict(model.named_modules())
    names = [name for name, _ in model.named_parameters()]
    owners = [type(modules[name.rpartition(".")[0]]).__name__ for name in names]

and per-parameter facts (flags, values) in the same order (a suite's own probe can report the
same). The helpers below turn them into layers, so a check speaks of "linear layer 2 and its
bias", not of parameter indices, and name the usual mistakes of freezing and of building an
optimizer for a model.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect
from graders.core.suite import probe
from graders.core.tolerances import MOVED, Tolerance

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch

    from graders.worker import kit


# ----------------------------------------------------------------------------- probe
@probe
def in_place(sub, function, net, args=(), x=None, device="cpu", lr=0.1, others_off=None):
    """The learner's `function(model, *args)` on a network of `kit`'s (`net`: a builder's name
    and its arguments, {"build": "mlp", "widths": [...]}), built and changed on the CPU.

    With `others_off` (a class: "Linear"), the parameters of every other module are first set
    off their defaults (uniform in [0.5, 1.5]), so any change to them shows. An SGD optimizer
    (`lr`) over the parameters is built before the call; with `x`, the model then moves to
    `device` and the optimizer takes one step on `model(x).pow(2).mean()`, as training would.

    Per parameter (`names`, `owners`): `flags` (requires_grad after the call), values `before`
    and `after` it, and `stepped` after the step; `same_objects`: the model kept its parameter
    objects; `returned`: None when `function` returned None or the model, else its type.
    """
    spec = dict(net)
    model = getattr(kit, spec.pop("build"))(**spec)
    modules = dict(model.named_modules())
    names = [name for name, _ in model.named_parameters()]
    owners = [type(modules[name.rpartition(".")[0]]).__name__ for name in names]
    with torch.no_grad():
        for p, owner in zip(model.parameters(), owners):
            if others_off is not None and owner != others_off:
                p.uniform_(0.5, 1.5)
    params, before = list(model.parameters()), kit.snapshot(model)
    optimizer = torch.optim.SGD(params, lr=lr)
    returned = getattr(sub, function)(model, *args)
    now = list(model.parameters())
    out = {"names": names, "owners": owners, "before": before, "after": kit.snapshot(model),
           "flags": [bool(p.requires_grad) for p in now],
           "same_objects": len(params) == len(now) and all(a is b for a, b in zip(params, now)),
           "returned": None if returned is None or returned is model else type(returned).__name__}
    if x is not None:
        model = model.to(device)
        optimizer.zero_grad()
        loss = model(x.to(device)).pow(2).mean()
        if loss.requires_grad:
            loss.backward()
        optimizer.step()
        out["stepped"] = kit.snapshot(model)
    return out


COUNTED_PARAMETERS = "layers, not parameters"
FIRST_N_PARAMETERS = "(as `list(model.parameters())[:n]` does)"   # names one mistake exactly
PER_PARAMETER = ("names", "owners", "before", "after", "stepped", "flags", "in_optimizer",
                 "after_step")


def observed(got: dict, want: dict, function: str) -> None:
    """Fail unless the learner's observation describes the grader's own network: the same
    parameters (names, owners, shapes) with one entry for each in every per-parameter list.
    The network is the grader's, so only a function that hides, swaps or reorders what the
    model lists (a patched `parameters()`, lists emptied behind the probe's back) fails here,
    before a check could read an empty list as "nothing wrong"."""
    n = len(want["names"])
    keys = [k for k in PER_PARAMETER if k in want]
    ok = all(isinstance(got.get(k), list) and len(got[k]) == n for k in keys) and all(
        got[k] == want[k] for k in ("names", "owners") if k in want) and all(
        expect.tensor(a, "a parameter", finite=False).shape
        == expect.tensor(b, "a parameter", finite=False).shape
        for k in ("after", "after_step") if k in want for a, b in zip(got[k], want[k]))
    if not ok:
        expect.fail(f"After `{function}`, the model no longer lists the network's {n} "
                    "parameters (`model.named_parameters()`) in their places and shapes: "
                    "change the parameters the model has, in place; don't replace, hide or "
                    "reorder them.")


# ----------------------------------------------------------------------------- layers
@dataclass
class Layer:
    path: str                  # the module's name in the model: "features.0" ("" for the model)
    kind: str                  # its class: "Linear", "LayerNorm"
    params: dict[str, int] = field(default_factory=dict)   # "weight" -> index in the model's list


def layers(names: list[str], owners: list[str], kind: str | None = None) -> list[Layer]:
    """The modules that own parameters, in `model.modules()` order (only those of class `kind`,
    when given), each with the indices of its own parameters."""
    out: dict[str, Layer] = {}
    for i, (name, owner) in enumerate(zip(names, owners)):
        path, _, local = name.rpartition(".")
        out.setdefault(path, Layer(path, owner)).params[local] = i
    return [layer for layer in out.values() if kind is None or layer.kind == kind]


def by_layer(obs: dict, kind: str = "Linear") -> list[tuple[str, dict]]:
    """Each layer of class `kind` in an `in_place` observation, in order: its label ("Linear
    layer 1 (20 -> 64)") and, for each of its parameters ("weight", "bias"), the arrays of its
    values (after the call, before it)."""
    out = []
    for k, layer in enumerate(layers(obs["names"], obs["owners"], kind)):
        values = {local: tuple(expect.tensor(obs[key][i], f"`{obs['names'][i]}`", finite=False)
                               for key in ("after", "before"))
                  for local, i in layer.params.items()}
        shape = values["weight"][0].shape if "weight" in values else ()
        size = f" ({shape[1]} -> {shape[0]})" if len(shape) >= 2 else ""
        out.append((f"{kind} layer {k + 1}{size}", values))
    return out


def frozen(layers: list[Layer], flags: list[bool], *, partly: bool = False) -> list[int]:
    """The 1-based positions of the layers none of whose parameters require grad (with
    `partly`: some of whose parameters do and some do not)."""
    out = []
    for k, layer in enumerate(layers):
        trainable = [bool(flags[i]) for i in layer.params.values()]
        if (any(trainable) and not all(trainable)) if partly else not any(trainable):
            out.append(k + 1)
    return out


def positions(ks: list[int]) -> str:
    """`1, 2, 3`, or `none`."""
    return ", ".join(map(str, ks)) or "none"


def freezing_problem(flags: list[bool], expected: list[bool], names: list[str],
                     owners: list[str], kind: str = "Linear", case: str = "") -> str | None:
    """What is wrong with a model's `requires_grad` flags, said by layer of class `kind`, or
    None when they are the `expected` ones; `case` says what else the learner was given
    ("with n=2"), so the message reads "In a network of 5 linear layers with n=2, ...".

    Named in this order: everything or nothing frozen, a parameter of another module frozen
    (parameters counted as layers), weights frozen but biases left trainable, the first layer
    alone frozen, else which layers are frozen (and which partly) against which should be.
    """
    if flags == expected:
        return None
    own = layers(names, owners, kind)
    where = f"In a network of {len(own)} {kind.lower()} layers{' ' + case if case else ''}, "
    return where + _freezing(flags, expected, names, owners, own, kind)


def _freezing(flags, expected, names, owners, own: list[Layer], kind: str) -> str:
    want = frozen(own, expected)
    first = want == list(range(1, len(want) + 1))

    def these(noun: str) -> str:       # "the first 2 linear layers", "linear layers 3, 4"
        return f"the first {len(want)} {noun}layers" if first else f"{noun}layers {positions(want)}"

    if not any(flags):
        return (f"every parameter is frozen; only {these(kind.lower() + ' ')} should be, and the "
                "rest must stay trainable.")
    if all(flags):
        return ("no parameter is frozen: `requires_grad` is still True everywhere. Setting "
                "`requires_grad = False` on the module (`layer.requires_grad = False`) or on "
                "`p.data` (a new tensor each time) does not reach the parameter, and "
                "`model.eval()`, `torch.no_grad()`, `p.grad = None` or a hook that zeroes "
                "gradients freeze nothing: set it on each parameter, or call "
                "`layer.requires_grad_(False)`.")
    idle = [i for i, f in enumerate(flags) if not f]
    whole = {i for k in frozen(own, flags) for i in own[k - 1].params.values()}
    if first and idle == list(range(len(want))) and set(idle) != whole:
        # The first n parameters, and not whole linear layers: only counting parameters does.
        return (f"the first {len(want)} parameters are frozen {FIRST_N_PARAMETERS}, not the "
                f"first {len(want)} layers: count `nn.{kind}` "
                f"{COUNTED_PARAMETERS} (a layer has a weight and usually a bias).")
    others = [i for i, owner in enumerate(owners) if owner != kind and not flags[i]]
    if others:
        return (f"`{names[others[0]]}` (a `{owners[others[0]]}` parameter) is frozen; only "
                f"{these(f'`nn.{kind}` ')} should be: count `nn.{kind}` {COUNTED_PARAMETERS} "
                "(a layer may have no bias, and other layers have parameters too).")
    weights = [layer.params["weight"] for layer in own if "weight" in layer.params]
    too_many = any(e and not f for f, e in zip(flags, expected))   # frozen, but should not be
    if not too_many and all(flags[i] == expected[i] for i in weights):   # only biases differ
        return (f"the weights of {these('')} are frozen but their biases still require grad: "
                "freeze the biases too.")
    got = frozen(own, flags)
    fewer = (f" Only `nn.{kind}` layers count: ReLUs and other modules are not layers here."
             if len(got) < len(want) else "")
    if got == [1] and first and len(want) > 1:
        return (f"only the first {kind.lower()} layer is frozen; the first {len(want)} should "
                f"be.{fewer}")
    partly = frozen(own, flags, partly=True)
    return (f"the frozen layers are {positions(got)}"
            + (f" (layer {positions(partly)} only partly)" if partly else "")
            + f"; expected {f'the first {len(want)}: ' if first else ''}{positions(want)}.{fewer}")


def optimizer_misses(names: list[str], wanted: list[bool], held: list[bool],
                     which: str = "trainable") -> str | None:
    """Which parameters an optimizer should hold (`wanted`) but does not (`held`: whether each
    is in one of its param groups), or None."""
    missing = [name for name, w, h in zip(names, wanted, held) if w and not h]
    if not missing:
        return None
    if all(name.endswith("bias") for name in missing) and any(
            w and h and name.endswith("weight") for name, w, h in zip(names, wanted, held)):
        advice = "it holds the weights but not the biases: it needs every " + which + \
            " parameter, `[p for p in model.parameters() if p.requires_grad]`"
    elif any(h for h in held):
        advice = ("it holds only some of them: build it from every " + which + " parameter "
                  "of the whole `model`, `[p for p in model.parameters() if p.requires_grad]`")
    else:
        advice = "build it from the parameters of the `model` you are given"
    return (f"The optimizer does not hold `{missing[0]}`"
            + (f" (nor {len(missing) - 1} other {which} parameters)" if len(missing) > 1 else "")
            + f": {advice}.")


def changed(after: list, before: list, tol: Tolerance | None = MOVED) -> list[bool]:
    """For each parameter, whether it changed between two observed snapshots (tensors): by
    more than `tol`, or at all with `tol=None`."""
    pairs = [(expect.tensor(a, "a parameter", finite=False),
              expect.tensor(b, "a parameter", finite=False)) for a, b in zip(after, before)]
    return [not (np.array_equal(a, b) if tol is None else expect.is_close(a, b, tol))
            for a, b in pairs]
