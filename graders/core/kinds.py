"""Ready-made checks for the usual shapes of a course exercise, and the probes they run.

A suite declares a check in one statement; the name it is bound to is the check's name:

    outputs_correct = kinds.outputs_match(
        "linear_forward", points=2, tol=FORWARD, hint="`x @ W.T + b`.",
        cases={"a batch": lambda rng: dict(x=rng.normal(size=(5, 3)), ...)},
        misreadings={"`W` is not transposed": lambda a: a["x"] @ a["W"] + a["b"]})

    layers_correct = kinds.layers_match("make_model", example=(11,), points=1, hint="...")

Each kind is also a function a hand-written `@check` can call (`forward_pair`,
`layers_problem`, `misreading`), so a suite that needs a finer diagnosis keeps the mechanics
and adds only its own words. Inputs are numpy arrays built from `rng = t.rng(label)`: fresh
each run, the same for learner and reference, and keyed by the label so that adding a case
does not change the others.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np

from graders.core import expect
from graders.core.expect import fail, fmt_shape
from graders.core.suite import check, probe
from graders.core.tolerances import Tolerance

if TYPE_CHECKING:  # probes run in the worker, which gives them these names
    import torch
    from torch import nn

    from graders.worker import kit


# ----------------------------------------------------------------------------- probes
@probe
def call(sub, function, args, device="cpu", numpy=False):
    """`function(**args)` of the learner's module; arrays arrive as tensors on `device`, or
    as numpy arrays with `numpy=True`."""
    args = {k: (v.numpy() if numpy else v.to(device)) if isinstance(v, torch.Tensor) else v
            for k, v in args.items()}
    return getattr(sub, function)(**args)


@probe
def call_watched(sub, function, args, device="cpu"):
    """`call`, and which tensor arguments `function` changed in place (the names)."""
    args = {k: v.to(device) if isinstance(v, torch.Tensor) else v for k, v in args.items()}
    before = {k: v.clone() for k, v in args.items() if isinstance(v, torch.Tensor)}
    out = getattr(sub, function)(**args)
    changed = [k for k, v in before.items()
               if args[k].shape != v.shape or not torch.equal(args[k], v)]
    return {"out": out, "changed": changed}


@probe
def model_layers(sub, factory, example, fresh=False):
    """The parameter shapes of `factory()`'s model in the order its forward uses them, and
    its parameter count; `example` is one input's shape. With `fresh`, also whether a second
    call builds a model of its own (no parameter shared with the first)."""
    model = kit.returned(getattr(sub, factory)(), nn.Module, f"{factory}()")
    owners = kit.owners_in_call_order(model, torch.zeros(2, *example))
    out = {"shapes": [list(p.shape) for m in owners for p in m.parameters(recurse=False)],
           "count": sum(p.numel() for p in model.parameters())}
    if fresh:
        again = getattr(sub, factory)()
        mine = {id(p) for p in model.parameters()}
        out["fresh"] = again is not model and not any(
            id(p) in mine for p in getattr(again, "parameters", list)())
    return out


@probe
def model_forward(sub, factory, x, device, weights=None, evaluate=False):
    """`factory()(x)` on `device`, without gradients; with `weights`, the model's parameters
    are those first (matched by shape, in call order); with `evaluate`, in evaluation mode."""
    model = kit.returned(getattr(sub, factory)(), nn.Module, f"{factory}()")
    if weights is not None:
        kit.transplant_or_stop(model, weights, f"{factory}()", torch.zeros(2, x.shape[-1]))
    model = model.to(device)
    if evaluate:
        model.eval()
    with torch.no_grad():
        return model(x.to(device))


# ----------------------------------------------------------------------------- helpers
def declared(fn: Callable, points: int, hint: str, **options) -> Callable:
    """`fn(t)` as a check: what each kind returns."""
    return check(points=points, hint=hint, **options)(fn)


def misreading(got, candidates: dict[str, np.ndarray], tol: Tolerance) -> str | None:
    """The name of the first candidate (a usual mistake, computed in numpy) that `got`
    matches within `tol`."""
    for words, value in candidates.items():
        if expect.is_close(got, value, tol):
            return words
    return None


def _candidates(misreadings: dict[str, Callable], args: dict) -> dict[str, np.ndarray]:
    """Each misreading's value for `args`; one that cannot even run on these shapes (numpy's
    broadcasting or indexing error) is not a candidate here."""
    values = {}
    for words, wrong in misreadings.items():
        try:
            values[words] = np.asarray(wrong(args), dtype=np.float64)
        except (ValueError, IndexError, ZeroDivisionError, FloatingPointError):
            continue
    return values


def explain_shape(got_shape, x_shape) -> str:
    """How a model's output came to have the wrong shape, when it is the usual way."""
    if len(x_shape) > 2 and len(got_shape) == 2 and got_shape[0] == np.prod(x_shape[:-1]):
        return (": the leading dimensions were merged into one, as by a `view`, `reshape` or "
                "`flatten` that assumes a 2-D input")
    if len(x_shape) == 1 and len(got_shape) == 2 and got_shape[0] == 1:
        return ": a batch dimension was added, as by a `view` or `reshape` that assumes a 2-D input"
    return ""


def init_like_torch(t, shapes: list[list[int]], name: str = "weights") -> list[np.ndarray]:
    """Random parameters of these shapes, drawn like PyTorch's default for linear layers
    (uniform within 1/sqrt(fan_in)); a bias takes the fan-in of the matrix before it."""
    rng, out, fan_in = t.rng(name), [], 1
    for shape in shapes:
        if len(shape) >= 2:
            fan_in = int(np.prod(shape[1:]))
        bound = 1 / np.sqrt(max(fan_in, 1))
        out.append(rng.uniform(-bound, bound, size=shape).astype(np.float32))
    return out


def forward_pair(t, factory: str, x: np.ndarray, example: tuple) -> tuple:
    """(learner's output, reference's output array, weights): both models carry the same
    random weights, in the reference's shapes, so the outputs must agree."""
    weights = init_like_torch(t, t.reference(model_layers, factory=factory,
                                             example=example)["shapes"])
    args = dict(factory=factory, x=x, device=t.device, weights=weights)
    got, want = t.both(model_forward, **args)
    return got, want.array, weights


MODE_HINT = ("Use only the layers the spec names: no dropout, no batch norm, and nothing that "
             "depends on `self.training`.")


def same_in_both_modes(t, factory: str, x: np.ndarray, weights: list, want: np.ndarray,
                       what: str, tol: Tolerance, trained_matches: bool) -> None:
    """For a network with nothing that depends on the mode: fail if the learner's output with
    the same weights matches the reference's in one of training and evaluation mode only
    (`trained_matches`: whether it did in training mode, the mode a new model is in)."""
    got = t.learner(model_forward, factory=factory, x=x, device=t.device, weights=weights,
                    evaluate=True)
    arr = getattr(got, "array", None)
    evaluated = isinstance(arr, np.ndarray) and arr.shape == want.shape and \
        expect.is_close(arr, want, tol)
    if trained_matches and not evaluated:
        fail(f"{what} matches the reference's in training mode but not in evaluation mode "
             "(after `model.eval()`): your model changes with its mode (a branch on "
             "`self.training`, a dropout or batch norm layer); this network has none, so both "
             "modes must give the same output.", MODE_HINT)
    if evaluated and not trained_matches:
        fail(f"{what} differs from the reference's in training mode but matches it in "
             "evaluation mode (after `model.eval()`): something in your model acts only while "
             "training, such as a dropout layer; this network has none.", MODE_HINT)


def _linears(shapes) -> list[tuple[int, int]]:
    return [(s[1], s[0]) for s in shapes if len(s) == 2]


def _fmt_layers(layers) -> str:
    return ", ".join(f"({a} -> {b})" for a, b in layers) or "none"


def layers_problem(got: dict, want: dict) -> str | None:
    """What differs between two `model_layers` observations, in the learner's terms."""
    mine, spec = _linears(got["shapes"]), _linears(want["shapes"])
    if not mine:
        return (f"The model has no layers with weights; the spec is {_fmt_layers(spec)}. "
                "(Layers kept in a plain Python list or dict are not part of the model: use "
                "`nn.Sequential`, `nn.ModuleList` or attributes of the module.)")
    if mine != spec:
        k = next(i for i, (a, b) in enumerate(zip(mine + [None], spec + [None])) if a != b)
        if k == len(mine):
            which = f"the spec has {len(spec)} linear layers, the model only {len(mine)}"
        elif k == len(spec):
            which = f"the model has {len(mine)} linear layers, the spec only {len(spec)}"
        else:
            which = (f"layer {k + 1} is {mine[k][0]} -> {mine[k][1]} where the spec has "
                     f"{spec[k][0]} -> {spec[k][1]}")
        return (f"The linear layers, in the order the forward pass uses them, are "
                f"{_fmt_layers(mine)}; the spec is {_fmt_layers(spec)}: {which}.")
    if sorted(got["shapes"]) != sorted(want["shapes"]):
        return (f"The linear layers have the spec's widths, {_fmt_layers(spec)}, but "
                + ("they have no biases; the spec's layers have them."
                   if not [s for s in got["shapes"] if len(s) == 1] else
                   "the model's other parameters differ from the spec's (one bias per layer)."))
    if got["count"] != want["count"]:
        return f"The model has {got['count']} parameters; the spec's layers have {want['count']}."
    return None


def compare_output(got, want: np.ndarray, what: str, tol: Tolerance, *, x_shape=None,
                   candidates: dict[str, np.ndarray] | None = None, hint: str | None = None,
                   numeric: bool = False) -> np.ndarray:
    """The learner's output must be a tensor (with `numeric`: a tensor, array or number) of
    the reference's shape and values; one that matches a usual mistake is failed with that
    mistake's name."""
    arr = expect.numeric(got, what) if numeric else expect.tensor(got, what, finite=False)
    if arr.shape != want.shape:
        fail(f"{what} has shape {fmt_shape(arr.shape)}, expected {fmt_shape(want.shape)}"
             f"{explain_shape(arr.shape, x_shape) if x_shape is not None else ''}.", hint)
    expect.finite_values(arr, what)
    if not expect.is_close(arr, want, tol):
        named = misreading(arr, candidates or {}, tol)
        if named:
            fail(f"{what} is not what the spec asks for: {named}.")
    expect.close(arr, want, what, tol, hint)
    return arr


# ----------------------------------------------------------------------------- kinds
def outputs_match(function: str, *, cases: dict[str, Callable], tol: Tolerance, points: int = 1,
                  hint: str = "", misreadings: dict[str, Callable] | None = None,
                  numpy: bool = False, **options) -> Callable:
    """Call the learner's `function` on each case's fresh inputs (`cases[label](rng)` gives
    the keyword arguments) and compare the output with the reference's within `tol`.
    `misreadings` maps a usual mistake's description to the numpy value it would give
    (`fn(args)`; one that raises on a case's shapes is skipped there), so a learner who makes
    it is told which; `numpy=True` passes numpy arrays
    instead of tensors (the result may then be a numpy array)."""
    def run(t):
        for label, make in cases.items():
            args = make(t.rng(f"{function}:{label}"))
            with t.case(f"For {label}"):
                got, want = t.both(call, function=function, args=args, device=t.device,
                                   numpy=numpy)
                candidates = _candidates(misreadings or {}, args)
                compare_output(got, expect.numeric(want, "the reference's output"),
                               f"`{function}(...)`", tol, candidates=candidates, numeric=numpy)
    return declared(run, points, hint, **options)


def layers_match(factory: str, *, example: tuple, points: int = 1, hint: str = "",
                 fresh: bool = False, **options) -> Callable:
    """The linear layers of `factory()`'s model, in the order its forward pass uses them,
    have the reference's widths, biases and parameter count (`nn.Sequential` or any
    `nn.Module` subclass alike); with `fresh`, each call builds a new model."""
    def run(t):
        got, want = t.both(model_layers, factory=factory, example=example, fresh=fresh)
        problem = layers_problem(got, want)
        if problem:
            fail(problem)
        if fresh and got.get("fresh") is not True:
            fail(f"Two calls of `{factory}()` returned the same model (or models sharing "
                 "parameters): training one would change the other. Build a new model inside "
                 "the function, on every call.")
    return declared(run, points, hint, **options)


def forward_matches(factory: str, *, inputs: dict[str, tuple], example: tuple, tol: Tolerance,
                    points: int = 1, hint: str = "", **options) -> Callable:
    """With the reference's weights transplanted, `factory()(x)` equals the reference's
    output for an `x` of each shape in `inputs` (label -> shape)."""
    def run(t):
        for label, shape in inputs.items():
            x = t.rng(f"{factory}:{label}").normal(size=shape).astype(np.float32)
            got, want, _ = forward_pair(t, factory, x, example)
            compare_output(got, want, f"`model(x)` for {label}", tol, x_shape=x.shape)
    return declared(run, points, hint, **options)
