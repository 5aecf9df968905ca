"""Helpers that probes use inside the worker: build inputs into models, record what happened.

Runs in the untrusted worker next to learner code, so nothing here decides a verdict: it only
gathers observations (values, flags, shapes) that the trusted process judges.
"""
from __future__ import annotations

import random

import numpy as np
import torch
from torch import nn


def seed_everything(seed: int) -> None:
    """Seed torch, numpy and random identically for learner and reference."""
    seed = int(seed) % (2**32)
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)


def tensor_facts(value):
    """wire's tensor hook: a tensor's values as a numpy array plus the facts checks need."""
    if not isinstance(value, torch.Tensor):
        return None
    with torch._C.DisableTorchFunctionSubclass():
        type_name = type(value).__name__
        grad_fn = value.grad_fn
        base = torch.Tensor.detach(value)
        kind = ("meta" if base.is_meta else "sparse" if base.is_sparse else
                "quantized" if base.is_quantized else "complex" if base.is_complex() else None)
        if kind:
            from graders.worker.wire import WireError
            raise WireError(f"a {kind} tensor has no values the grader can compare")
        dtype = str(base.dtype).replace("torch.", "")
        device = str(base.device)
        base = base.cpu()
        if base.dtype in (torch.bfloat16, torch.float16):
            base = base.float()
        arr = base.contiguous().numpy().copy()
    return {"array": arr, "dtype": dtype, "device": device,
            "requires_grad": bool(value.requires_grad),
            "grad_fn": None if grad_fn is None else type(grad_fn).__name__,
            "type": type_name}


# ----------------------------------------------------------------------------- mistakes
class Mistake(Exception):
    """A learner's value a probe cannot go on with. The probe stops; the worker sends `facts`
    (never a message) and the trusted side words the learner's failed check from them."""

    def __init__(self, kind: str, **facts):
        super().__init__(kind)
        self.facts = {"kind": kind, **facts}


def returned(value, expected, what: str):
    """`value` if it is an instance of `expected` (a class), else stop: `what` (e.g.
    "make_model()") should have returned one."""
    if not isinstance(value, expected):
        raise Mistake("type", what=what, expected=_type_name(expected),
                      got=type(value).__name__)
    return value


def _type_name(cls) -> str:
    """How a learner writes the class: `nn.Module`, `torch.optim.Optimizer`, `Tensor`."""
    module = getattr(cls, "__module__", "") or ""
    for prefix, short in (("torch.nn", "nn"), ("torch.optim", "torch.optim")):
        if module.startswith(prefix):
            return f"{short}.{cls.__name__}"
    return cls.__name__


def transplant_or_stop(model, arrays: list, what: str, *inputs) -> None:
    """`transplant`, or stop when the model's parameter shapes differ from the arrays'."""
    mismatch = transplant(model, arrays, *inputs)
    if mismatch is not None:
        raise Mistake("shapes", what=what, shapes=mismatch)


# ----------------------------------------------------------------------------- models
def owners_in_call_order(model: nn.Module, *inputs) -> list[nn.Module]:
    """Modules that own parameters directly, in the order a forward pass first uses them.

    Reading the order from a forward pass (not from registration) lets an `nn.Module`
    subclass that defines layers in one order and calls them in another be treated the same
    as an `nn.Sequential`. Owners the forward never calls follow in registration order.
    """
    owners = [m for m in model.modules() if any(True for _ in m.parameters(recurse=False))]
    order: list[nn.Module] = []
    hooks = [m.register_forward_pre_hook(lambda mod, args: order.append(mod)) for m in owners]
    # A layer used as `layer.forward(x)` or `F.linear(x, layer.weight, layer.bias)` fires no
    # hook: the order its parameters are first used in torch calls places it.
    used = _ParameterUse({id(p): m for m in owners for p in m.parameters(recurse=False)})
    try:
        with torch.no_grad(), used:
            model(*inputs)
    except Exception:
        pass   # a model that fails here fails its checks elsewhere; keep the order seen so far
    finally:
        for h in hooks:
            h.remove()
    seen, out = set(), []
    for m in order + used.order + owners:
        if id(m) not in seen:
            seen.add(id(m))
            out.append(m)
    return out


class _ParameterUse(torch.overrides.TorchFunctionMode):
    """Records the owners of parameters passed to torch functions, in the order first used;
    reading a parameter's metadata (`.shape`, `.device`) is not using it."""

    METADATA = {"shape", "device", "dtype", "requires_grad", "is_cuda", "grad", "data", "ndim"}

    def __init__(self, owner_of: dict):
        super().__init__()
        self.owner_of, self.order = owner_of, []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        getter = getattr(func, "__name__", "") == "__get__"
        if not (getter and getattr(getattr(func, "__self__", None), "__name__", "")
                in self.METADATA):
            for a in (*args, *kwargs.values()):
                for t in (a if isinstance(a, (list, tuple)) else (a,)):
                    owner = self.owner_of.get(id(t)) if isinstance(t, torch.Tensor) else None
                    if owner is not None:
                        self.order.append(owner)
        return func(*args, **kwargs)


def params_in_call_order(model: nn.Module, *inputs) -> list[nn.Parameter]:
    return [p for m in owners_in_call_order(model, *inputs) for p in m.parameters(recurse=False)]


def transplant(model: nn.Module, arrays: list, *inputs):
    """Copy `arrays` into the model's parameters, in place.

    The k-th parameter of a given shape, in call order, gets the k-th array of that shape, so
    a model that registers all weights before all biases is matched like one that does not.
    Returns None on success, or the model's parameter shapes when they do not match.
    """
    params = params_in_call_order(model, *inputs)
    shapes = [list(p.shape) for p in params]
    if sorted(shapes) != sorted(list(a.shape) for a in arrays):
        return shapes
    queues: dict[tuple, list] = {}
    for a in arrays:
        queues.setdefault(tuple(a.shape), []).append(a)
    with torch.no_grad():
        for p in params:
            a = queues[tuple(p.shape)].pop(0)
            p.copy_(a.to(dtype=p.dtype, device=p.device))
    return None


def mlp(widths: list[int], dropout: float = 0.0, bias=True, norm_after=()) -> nn.Sequential:
    """Linear layers of the given widths with ReLU between them (and optional dropout).

    `bias`: one flag for every layer, or a list of flags, one per layer; `norm_after`: the
    (0-based) layers that a LayerNorm follows, before their ReLU.
    """
    pairs = list(zip(widths[:-1], widths[1:]))
    biases = list(bias) if isinstance(bias, (list, tuple)) else [bias] * len(pairs)
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(pairs):
        layers.append(nn.Linear(a, b, bias=biases[i]))
        if i in norm_after:
            layers.append(nn.LayerNorm(b))
        if i < len(pairs) - 1:
            layers.append(nn.ReLU())
            if dropout:
                layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


class Tower(nn.Module):
    """A network written as a Module subclass with nested blocks, for order-blind checks."""

    def __init__(self, widths: list[int], norm: bool = False, bias=True):
        super().__init__()
        *body, last_in, out = widths
        self.features = mlp(body + [last_in], bias=bias)
        self.act = nn.ReLU()
        self.norm = nn.LayerNorm(last_in) if norm else nn.Identity()
        self.head = nn.Linear(last_in, out)

    def forward(self, x):
        return self.head(self.norm(self.act(self.features(x))))


def load_params(model: nn.Module, arrays: list) -> None:
    """Overwrite a grader-built model's parameters (registration order) in place."""
    with torch.no_grad():
        for p, a in zip(model.parameters(), arrays):
            p.copy_(a)


def snapshot(model: nn.Module) -> list[torch.Tensor]:
    return [p.detach().cpu().clone() for p in model.parameters()]


# ----------------------------------------------------------------------------- training
def make_optimizer(spec: dict, params) -> torch.optim.Optimizer:
    kind = spec["name"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec.get("momentum", 0.0))
    if kind == "adam":
        return torch.optim.Adam(params, lr=spec["lr"])
    raise ValueError(f"unknown optimizer {kind}")


def make_loss(name: str) -> nn.Module:
    return {"mse": nn.MSELoss, "cross_entropy": nn.CrossEntropyLoss}[name]()


class StepRecorder:
    """Wraps `optimizer.step` to count calls and keep, for the first few, the gradients it saw
    and whether a backward pass had put gradients into the parameters since the last step;
    with `model`, also how many steps it took in evaluation mode."""

    def __init__(self, optimizer: torch.optim.Optimizer, params: list, keep: int = 3,
                 model: torch.nn.Module | None = None):
        self.calls = 0
        self.eval_steps = 0         # steps taken while `model` was in evaluation mode
        self.grads: list[list] = []
        self.backward: list[bool] = []
        self._params = list(params)
        self._keep = keep
        self._accumulated = False
        real_step = optimizer.step

        def accumulated(_param):
            self._accumulated = True

        for p in self._params:
            if p.requires_grad:
                p.register_post_accumulate_grad_hook(accumulated)

        def step(*args, **kwargs):
            self.calls += 1
            self.eval_steps += model is not None and not model.training
            closure = kwargs.get("closure", args[0] if args else None)
            if closure is None:
                self._record()
                return real_step(*args, **kwargs)
            # `optimizer.step(closure)`: the backward pass runs inside the step, so the
            # gradients are those the closure leaves, seen before the update uses them.
            recorded = False

            def recording():
                nonlocal recorded
                loss = closure()
                if not recorded:
                    recorded = True
                    self._record()
                return loss

            if "closure" in kwargs:
                kwargs["closure"] = recording
            else:
                args = (recording, *args[1:])
            out = real_step(*args, **kwargs)
            if not recorded:                    # an optimizer that never called it
                self._record()
            return out

        optimizer.step = step

    def _record(self) -> None:
        if len(self.grads) < self._keep:
            self.grads.append([None if p.grad is None else p.grad.detach().cpu().clone()
                               for p in self._params])
            self.backward.append(self._accumulated)
        self._accumulated = False

    def facts(self) -> dict:
        """What `graders.core.training` judges steps from."""
        return {"steps": self.calls, "grads": self.grads, "backward": self.backward,
                "eval_steps": self.eval_steps}


class _PassSampler(torch.utils.data.Sampler):
    """A shuffle for each pass over the data, fixed by the seed and by `clock()` (the optimizer
    steps taken so far) when the pass begins: a pass that takes no step (an evaluation pass)
    does not change the batches of the training passes after it."""

    def __init__(self, n: int, seed: int, clock):
        self.n, self.seed, self.clock = n, int(seed), clock

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        gen = torch.Generator().manual_seed((self.seed * 1_000_003 + self.clock()) % 2**63)
        return iter(torch.randperm(self.n, generator=gen).tolist())


def loader(X, y, batch_size: int, seed: int, shuffle: bool = True, steps: StepRecorder = None):
    """A DataLoader whose shuffling is fixed by `seed`, identical for learner and reference.

    With `steps`, each pass's order depends only on the steps taken before it, so extra passes
    (validation under `torch.no_grad()`) leave the training passes' batches as they were.
    """
    from torch.utils.data import DataLoader, TensorDataset
    data = TensorDataset(X, y)
    # Its own generator for what DataLoader draws per pass, so the global RNG is untouched.
    gen = torch.Generator().manual_seed(int(seed))
    if shuffle and steps is not None:
        sampler = _PassSampler(len(data), seed, lambda: steps.calls)
        return DataLoader(data, batch_size=batch_size, sampler=sampler, generator=gen)
    return DataLoader(data, batch_size=batch_size, shuffle=shuffle, generator=gen)
