"""Checks for exercise 02: `linear_forward(x, W, b)`, the forward pass of a linear layer by hand.

The usual mistakes (`W` not transposed, `W @ x`, the bias missing or added along the wrong
dimension) raise on non-square shapes, so each check's first case is square: there they give a
wrong value of the right shape, which names the mistake.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graders.core import expect, kinds
from graders.core.expect import fail, fmt_shape
from graders.core.suite import check, probe
from graders.core.tolerances import FORWARD, GRADIENT

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch
    from torch import nn

    from graders.worker import kit

TITLE = "A linear layer by hand"
TIMEOUT = 10
HINT = "`x @ W.T + b`: `W` is (out_features, in_features), so transpose it before multiplying."


def _args(rng, x_shape: tuple, n_out: int) -> dict:
    """`x` and an `nn.Linear(x_shape[-1], n_out)`'s `W` and `b`, drawn like its default init."""
    bound = 1 / np.sqrt(x_shape[-1])
    return dict(x=rng.normal(size=x_shape).astype(np.float32),
                W=rng.uniform(-bound, bound, size=(n_out, x_shape[-1])).astype(np.float32),
                b=rng.uniform(-bound, bound, size=n_out).astype(np.float32))


def _wrong(formula):
    """A misreading in float64; NaN where it cannot even run on these shapes."""
    def value(a):
        try:
            return formula(*(a[k].astype(np.float64) for k in "xWb"))
        except ValueError:
            return np.nan
    return value


MISREADINGS = {
    "`W` is not transposed: `x @ W` uses the (out_features, in_features) matrix as if it were "
    "(in_features, out_features); write `x @ W.T`": _wrong(lambda x, W, b: x @ W + b),
    "it computes `W @ x + b`, the formula for one sample written as a column; with one sample "
    "per row it is `x @ W.T + b`": _wrong(lambda x, W, b: W @ x + b),
    "the bias `b` is missing: add `+ b`": _wrong(lambda x, W, b: x @ W.T),
    "the bias is added per sample (sample i gets `b[i]` on every output, as with "
    "`b[:, None]` or `b.unsqueeze(1)`); output j of every sample gets `b[j]`: `x @ W.T + b`":
        _wrong(lambda x, W, b: x @ W.T + b[:, None]),
    "the bias is added to the input before the product, `(x + b) @ W.T`; it is added to the "
    "product": _wrong(lambda x, W, b: (x + b) @ W.T),
    "every output gets the sum of the bias (`b.sum()`); output j gets `b[j]`, which `+ b` "
    "does": _wrong(lambda x, W, b: x @ W.T + b.sum()),
    "every output gets the bias's first entry (`b[0]`); output j gets `b[j]`, which `+ b` "
    "does": _wrong(lambda x, W, b: x @ W.T + b[0]),
    "every output gets the mean of the bias; output j gets `b[j]`, which `+ b` does":
        _wrong(lambda x, W, b: x @ W.T + b.mean()),
    "the output is transposed, one column per sample (`W @ x.T + b[:, None]`); a layer's "
    "output has one ROW per sample: `x @ W.T + b`": _wrong(lambda x, W, b: W @ x.T + b[:, None]),
    "it applies a sigmoid after the layer; a linear layer is `x @ W.T + b` alone":
        _wrong(lambda x, W, b: 1 / (1 + np.exp(-(x @ W.T + b)))),
    "it applies a ReLU after the layer; a linear layer is `x @ W.T + b` alone":
        _wrong(lambda x, W, b: np.maximum(x @ W.T + b, 0)),
}

batch_matches = kinds.outputs_match(
    "linear_forward", points=2, tol=FORWARD, hint=HINT, misreadings=MISREADINGS,
    cases={"a batch of 6 samples through a 6 -> 6 layer": lambda rng: _args(rng, (6, 6), 6),
           "a batch of 5 samples through a 7 -> 3 layer": lambda rng: _args(rng, (5, 7), 3)})


@check(points=1, hint="`x @ W.T + b` works for both shapes as it is; an extra `view`, "
                      "`reshape`, `unsqueeze` or `squeeze` changes the output's shape, and "
                      "`torch.mm` takes 2-D inputs only.")
def single_sample(t):
    for x_shape, n_out, label in (((6,), 6, "one sample `x` of shape (6,)"),
                                  ((7,), 3, "one sample `x` of shape (7,)"),
                                  ((1, 7), 3, "a batch of one, `x` of shape (1, 7)")):
        args = _args(t.rng(label), x_shape, n_out)
        what = f"`linear_forward(x, W, b)` for {label} and a {x_shape[-1]} -> {n_out} layer"
        got, want = t.both(kinds.call, function="linear_forward", args=args, device=t.device)
        out = expect.tensor(got, what, finite=False)
        if len(x_shape) == 2 and out.shape == want.array.shape[1:]:
            fail(f"{what} has shape {fmt_shape(out.shape)}, expected (1, {n_out}): the batch "
                 "dimension was dropped, as by a `squeeze()`.")
        if len(x_shape) == 1 and out.shape == (n_out, n_out):
            fail(f"{what} has shape {fmt_shape(out.shape)}, expected ({n_out},): the bias was "
                 "added as a column (`b[:, None]`), and broadcasting made a square of it.")
        kinds.compare_output(got, want.array, what, FORWARD, x_shape=x_shape, candidates={
            words: wrong(args) for words, wrong in MISREADINGS.items()})


@probe
def through_layer(sub, x, W, b, g, device):
    """`linear_forward(x, layer.weight, layer.bias)` and `layer(x)` for an `nn.Linear` holding
    `W` and `b`; then the gradients that `backward` with upstream `g` gives the layer."""
    layer = nn.Linear(W.shape[1], W.shape[0])
    with torch.no_grad():
        layer.weight.copy_(W)
        layer.bias.copy_(b)
    layer, g = layer.to(device), g.to(device)
    x = x.to(device).requires_grad_()       # as the output of a layer before it would be
    out = kit.returned(sub.linear_forward(x, layer.weight, layer.bias), torch.Tensor,
                       "linear_forward(x, layer.weight, layer.bias)")
    if out.requires_grad and out.shape == g.shape:
        (out * g).sum().backward()
    return {"out": out.detach(), "requires_grad": out.requires_grad,
            "layer": layer(x).detach(), "grads": [layer.weight.grad, layer.bias.grad, x.grad]}


@check(points=1, hint="Only tensor operations on `x`, `W` and `b`: no `torch.no_grad()`, "
                      "`.detach()`, `.data`, `.item()` or NumPy, so autograd can follow.")
def equals_nn_linear(t):
    rng = t.rng()
    args = dict(_args(rng, (8, 5), 4), g=rng.normal(size=(8, 4)).astype(np.float32))
    got, want = t.both(through_layer, device=t.device, **args)
    what = "`linear_forward(x, layer.weight, layer.bias)` for an `nn.Linear(5, 4)` `layer`"
    if got["out"].dtype != want["layer"].dtype:
        fail(f"{what} has dtype {got['out'].dtype}; `layer(x)` gives {want['layer'].dtype}: "
             "keep the inputs' dtype (no `.double()`, no NumPy round trip).")
    expect.close(expect.tensor(got["out"], what, shape=want["layer"].shape),
                 want["layer"].array, f"{what}, compared with `layer(x)`", FORWARD)
    if not got["requires_grad"]:
        fail(f"{what} has the right values but is cut off from autograd (`requires_grad` is "
             "False): no gradient can reach `layer.weight` and `layer.bias`.")
    for name, mine, spec in zip(("layer.weight", "layer.bias", "x"), got["grads"],
                                want["grads"]):
        if mine is None:
            fail(f"After `backward()` through {what}, `{name}.grad` is None: the output does "
                 f"not depend on `{name}` through autograd"
                 + (" (a `.detach()` or `.data` on `x` cuts off the layers before this one)."
                    if name == "x" else "."))
        expect.close(expect.tensor(mine, f"`{name}.grad`"), spec.array,
                     f"`{name}.grad` after `backward()`", GRADIENT)
