"""Checks for exercise 05: `make_binary_classifier()` (8 -> 1, sigmoid) and `make_regressor()`
(11 -> 20 -> 12 -> 6 -> 1, nothing at the end).

Each model gets the reference's weights (fresh each run) and inputs spread wide enough that the
reference's outputs cover what the head allows: probabilities near 0 and near 1, predictions
below 0 and above 1. A learner's output is judged by its range (a softmax over one output is
always 1.0, a ReLU never goes below 0, a sigmoid stays in (0, 1)) and by its values, with the
usual wrong heads computed in numpy so the one a learner wrote is named.
"""
from __future__ import annotations

import numpy as np

from graders.core import expect, kinds
from graders.core.expect import fail, fmt_num, fmt_shape
from graders.core.suite import check
from graders.core.tolerances import FORWARD

TITLE = "A binary classifier and a regressor: what goes at the end"
TIMEOUT = 10
CLASSIFIER, REGRESSOR = "make_binary_classifier", "make_regressor"
FEATURES = {CLASSIFIER: 8, REGRESSOR: 11}
SOFTMAX = "a softmax over a single output is always 1.0"
CLASSIFIER_HINT = "`nn.Linear(8, 1)`, then `nn.Sigmoid()`: one probability per sample."
REGRESSOR_HINT = ("Four `nn.Linear` layers, 11 -> 20 -> 12 -> 6 -> 1, and nothing after the "
                  "last: a regression target can be any real number.")
END = ": the regressor's output is its last linear layer's, unchanged"
WRONG_CLASSIFIER_HEADS = {   # description -> the head, in numpy, on the linear layer's output
    f"it ends with a softmax, and {SOFTMAX}; use `nn.Sigmoid()`": np.ones_like,
    "it ends with a log-softmax, always 0.0 over a single output; use `nn.Sigmoid()`":
        np.zeros_like,
    "it returns the raw score: the sigmoid at the end is missing": lambda z: z,
    "it applies a softmax over the batch (dim 0), which makes the samples' outputs depend on "
    "each other; a sigmoid treats each sample alone":
        lambda z: np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(0),
    "it ends with a ReLU where a sigmoid belongs": lambda z: np.maximum(z, 0),
    "it ends with a tanh, which gives values in (-1, 1), where a sigmoid belongs": np.tanh,
    "it returns hard 0/1 labels (a threshold at 0.5); the classifier returns the probability "
    "itself": lambda z: (z > 0).astype(np.float64),
    "it applies the sigmoid twice; once, at the end, is enough":
        lambda z: 1 / (1 + np.exp(-1 / (1 + np.exp(-z)))),
    "it ends with a log-sigmoid, a log-probability (at most 0); use `nn.Sigmoid()`":
        lambda z: -np.logaddexp(0, -z)}
WRONG_REGRESSOR_HEADS = {
    "it ends with a sigmoid, which squashes every prediction into (0, 1)" + END:
        lambda z: 1 / (1 + np.exp(-z)),
    "it ends with a ReLU, which clips every negative prediction to 0" + END:
        lambda z: np.maximum(z, 0),
    f"it ends with a softmax, and {SOFTMAX}" + END: np.ones_like,
    "it ends with a tanh, which squashes every prediction into (-1, 1)" + END: np.tanh,
    "it ends with a softplus, which keeps every prediction above 0" + END:
        lambda z: np.logaddexp(0, z)}


def _linears(weights: list, x: np.ndarray, between=lambda h: h) -> np.ndarray:
    """The linear layers (weights and biases, in call order) applied to `x`, in numpy."""
    h = x.astype(np.float64)
    for i in range(0, len(weights), 2):
        h = (between(h) if i else h) @ weights[i].T.astype(np.float64) + weights[i + 1]
    return h


def _outputs(t, factory: str, n: int, scale: float) -> tuple:
    """The learner's `model(x)` (observed) and the reference's (an array) with the reference's
    weights, for `n` samples of spread `scale`; the learner's checked for shape and
    finiteness."""
    x = (scale * t.rng(f"{factory}:{n}").normal(size=(n, FEATURES[factory]))).astype(np.float32)
    got, want, weights = kinds.forward_pair(t, factory, x, (FEATURES[factory],))
    what = f"`{factory}()(x)` for `x` of shape {fmt_shape(x.shape)}"
    arr = expect.tensor(got, what, finite=False)
    if arr.shape != want.shape:
        fail(f"{what} has shape {fmt_shape(arr.shape)}, expected {fmt_shape(want.shape)}"
             f"{kinds.explain_shape(arr.shape, x.shape)}: one output per sample.")
    expect.finite_values(arr, what)
    return got, want, weights, x, what


def _matches(t, factory: str, n: int, scale: float, heads: dict, hint: str) -> None:
    got, want, weights, x, what = _outputs(t, factory, n, scale)
    candidates = {words: head(_linears(weights, x)) for words, head in heads.items()}
    if factory == REGRESSOR:
        candidates["there is a ReLU between the linear layers; this network has none"] = \
            _linears(weights, x, lambda h: np.maximum(h, 0))
        candidates["there is a sigmoid between the linear layers; this network has none"] = \
            _linears(weights, x, lambda h: 1 / (1 + np.exp(-h)))
    kinds.same_in_both_modes(t, factory, x, weights, want, what, FORWARD,
                             expect.is_close(got.array, want, FORWARD))
    kinds.compare_output(got, want, what, FORWARD, candidates=candidates, hint=hint)


# ----------------------------------------------------------------------------- checks
classifier_layers = kinds.layers_match(CLASSIFIER, example=(8,), points=1, fresh=True,
                                      hint=CLASSIFIER_HINT)


@check(points=1, hint=CLASSIFIER_HINT)
def classifier_outputs_probabilities(t):
    obs, _, _, _, what = _outputs(t, CLASSIFIER, 64, 5.0)
    got = obs.array
    if np.all(got == 1):
        fail(f"{what} is 1.0 for every sample: {SOFTMAX}.")
    if got.min() < 0 or got.max() > 1:
        fail(f"Probabilities lie between 0 and 1, but {what} holds values from "
             f"{fmt_num(float(got.min()))} to {fmt_num(float(got.max()))}: it does not end "
             "with a sigmoid.")


@check(points=2, hint=CLASSIFIER_HINT)
def classifier_matches_with_same_weights(t):
    _matches(t, CLASSIFIER, 32, 3.0, WRONG_CLASSIFIER_HEADS, CLASSIFIER_HINT)
    _matches(t, CLASSIFIER, 1, 3.0, WRONG_CLASSIFIER_HEADS, CLASSIFIER_HINT)


regressor_layers = kinds.layers_match(REGRESSOR, example=(11,), points=1, fresh=True,
                                     hint=REGRESSOR_HINT)


@check(points=1, hint=REGRESSOR_HINT)
def regressor_output_unbounded(t):
    obs, want, _, _, what = _outputs(t, REGRESSOR, 64, 50.0)
    got = obs.array
    lo, hi = float(got.min()), float(got.max())
    span = f"{what} stays between {fmt_num(lo)} and {fmt_num(hi)}, but regression targets here "
    if np.all(got == 1):
        fail(f"{what} is 1.0 for every sample: {SOFTMAX}; a regressor ends with its last "
             "linear layer.")
    if want.min() < 0 and lo >= 0:
        fail(span + "go below 0: " + ("a sigmoid at the end squashes every prediction into "
                                      "(0, 1)." if hi <= 1 else "an activation at the end "
                                      "(a ReLU, a softplus) keeps predictions at or above 0."))
    if want.max() > 1 and hi <= 1:
        fail(span + "go above 1: something bounds the predictions, an activation at the end "
             "(a tanh?) or a squashing one (a sigmoid, a tanh) between the layers.")


@check(points=2, hint=REGRESSOR_HINT)
def regressor_matches_with_same_weights(t):
    _matches(t, REGRESSOR, 64, 10.0, WRONG_REGRESSOR_HEADS, REGRESSOR_HINT)
