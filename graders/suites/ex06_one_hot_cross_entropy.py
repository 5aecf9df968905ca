"""Checks for exercise 06: `one_hot(labels, num_classes)` and `cross_entropy(scores, target)`.

Labels skip the highest classes, so a width guessed from the labels shows. Stability is judged
apart from the formula: on scores of +-1000 a finite value that is a usual misreading passes
there (its own check names it). `written_by_hand` watches the torch functions `cross_entropy`
calls itself through a `TorchFunctionMode` (not the calls inside them).
"""
from __future__ import annotations

import numpy as np

from graders.core import expect, kinds
from graders.core.expect import fail, fmt_num, fmt_shape
from graders.core.suite import check, probe
from graders.core.tolerances import FORWARD, Tolerance

TITLE = "One-hot labels and the cross-entropy loss"
TIMEOUT = 10
# float32 scores near 1000 carry rounding of ulp(1000) = 6e-5 into `logsumexp(s) - s[y]`.
LARGE = Tolerance("large-score", rtol=1e-5, atol=5e-4, why="ulp(1000) in float32 is 6e-5")


def _log_softmax(s: np.ndarray, axis: int = 1) -> np.ndarray:
    s = s - s.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


def _loss(a: dict, softmax_first=False, axis=1, reduce="mean") -> np.ndarray:
    """The loss and its usual misreadings, in numpy (float64), for either kind of target."""
    s, y = a["scores"].astype(np.float64), a["target"]
    s = np.exp(_log_softmax(s)) if softmax_first else s
    terms = -(np.eye(s.shape[1])[y] if y.ndim == 1 else y) * _log_softmax(s, axis)
    return terms.sum() / {"mean": len(s), "sum": 1, "all": terms.size,
                          "classes": s.shape[1]}[reduce]


def _batch_sum(a: dict) -> float:
    """Each row shifted by its maximum, then one sum of `exp` over the whole batch."""
    s = a["scores"].astype(np.float64)
    s = s - s.max(axis=1, keepdims=True)
    y = a["target"]
    hot = np.eye(s.shape[1])[y] if y.ndim == 1 else y
    return -(hot * (s - np.log(np.exp(s).sum()))).sum(axis=1).mean()


MISREADINGS = {
    "it applies a softmax to the scores first, a double softmax: cross-entropy takes raw "
    "scores, its log-softmax is the only softmax (never feed probabilities to "
    "`nn.CrossEntropyLoss`)": lambda a: _loss(a, softmax_first=True),
    "it sums the losses over the batch; `nn.CrossEntropyLoss` averages them over the N samples":
        lambda a: _loss(a, reduce="sum"),
    "it averages over all N x C entries of `target * log_probs`; sum over the classes, then "
    "average over the N samples": lambda a: _loss(a, reduce="all"),
    "it divides the summed loss by the number of classes C; average over the N samples "
    "(`scores.shape[0]`)": lambda a: _loss(a, reduce="classes"),
    "its log-softmax runs over the batch (dim=0), not over the classes (dim=1)":
        lambda a: _loss(a, axis=0),
    "its log-sum-exp runs over every score of the batch at once; sum over each row's classes "
    "(`dim=1`)": lambda a: _loss(a, axis=None),
    "its log-sum-exp runs over every score of the batch at once (a `.sum()` without "
    "`dim=1`); sum over each row's classes": _batch_sum,
    "it subtracts each row's maximum `m` before `exp` but does not add it back: "
    "`logsumexp(s) = m + log(sum(exp(s - m)))`":
        lambda a: _loss(a) - a["scores"].astype(np.float64).max(axis=1).mean(),
    "it is missing the minus sign: the loss is the NEGATIVE log-probability":
        lambda a: -_loss(a),
    "it averages the probabilities of the right classes, without the log: the loss is minus "
    "the mean LOG-probability": lambda a: _without_log(a),
    "it indexes every sample with every label (`log_probs[:, target]`, an N x N table); "
    "take one entry per sample: `log_probs[torch.arange(N), target]`":
        lambda a: _every_label(a)}


def _without_log(a: dict) -> float:
    y, p = a["target"], np.exp(_log_softmax(a["scores"].astype(np.float64)))
    hot = np.eye(p.shape[1])[y] if y.ndim == 1 else y
    return -(hot * p).sum(axis=1).mean()


def _every_label(a: dict) -> float:
    if a["target"].ndim != 1:
        return np.nan           # only class indices can be misused this way
    return -_log_softmax(a["scores"].astype(np.float64))[:, a["target"]].mean()


def _scores(rng, n: int, c: int, spread: float = 4.0) -> np.ndarray:
    return rng.uniform(-spread, spread, size=(n, c)).astype(np.float32)


def _one_hot(t, labels: np.ndarray, c: int) -> tuple:
    """(learner's observation, reference's, learner's array, how to name the call)."""
    got, want = t.both(kinds.call, function="one_hot", args=dict(labels=labels, num_classes=c),
                       device=t.device)
    what = f"`one_hot(labels, {c})` for {'labels' if labels.ndim else 'the label'} "
    what += str(labels.tolist())
    return got, want, expect.tensor(got, what, floating=False, finite=False), what


def _batch(t) -> tuple[np.ndarray, int]:
    rng = t.rng("one_hot batch")
    c = int(rng.integers(6, 10))
    return rng.integers(0, c - 2, size=10), c        # the two highest classes never occur


@check(points=2, hint="`torch.zeros(*labels.shape, num_classes)`, then a 1.0 at each label's "
                      "index (`scatter_` on the last dimension, or `torch.eye(num_classes)"
                      "[labels]`).")
def one_hot_encodes_labels(t):
    labels, c = _batch(t)
    arr, what = _one_hot(t, labels, c)[2:]
    n, top, hot = len(labels), labels.max(), np.eye(c)[labels]
    if arr.ndim == 2 and arr.shape[0] == n and arr.shape[1] != c:
        fail(f"{what} has {arr.shape[1]} columns" + (
             f", one per class up to the largest label ({top}), as `F.one_hot(labels)` without "
             "`num_classes` guesses the width" if arr.shape[1] == top + 1 else "")
             + f". It should have `num_classes` = {c}, even when the highest classes do not "
             "occur among the labels.")
    if arr.shape != hot.shape:
        fail(f"{what} has shape {fmt_shape(arr.shape)}, expected ({n}, {c}): one row per "
             "label, one column per class.")
    if not expect.is_close(arr, hot, FORWARD):
        row = int(np.argmax(np.abs(arr - hot).max(axis=1)))
        fail(f"Row {row} of {what} is {arr[row].tolist()}; label {labels[row]} asks for a "
             f"single 1.0 in column {labels[row]} (counting from 0), 0.0 elsewhere.")


@check(points=1, hint="Create it with `dtype=torch.float32, device=labels.device`; "
                      "`F.one_hot` returns int64: add `.float()`.")
def one_hot_dtype_and_device(t):
    got, want, _, what = _one_hot(t, *_batch(t))
    if got.dtype != "float32":
        fail(f"{what} has dtype {got.dtype}; the spec asks for float32, the dtype "
             "`nn.CrossEntropyLoss` needs for targets that are rows of probabilities.")
    if got.device != want.device:
        fail(f"{what} is on {got.device}, but `labels` is on {want.device}.")


@check(points=1, hint="Work for any shape of `labels`: `torch.zeros(*labels.shape, "
                      "num_classes)`, not `len(labels)`; a single label gives one row.")
def one_hot_single_label(t):
    rng = t.rng()
    c = int(rng.integers(3, 8))
    label = rng.integers(0, c)
    for labels, shape in ((np.array(label, dtype=np.int64), "0-d, like `torch.tensor(1)`"),
                          (np.array([label], dtype=np.int64), "a batch of one, shape (1,)")):
        arr, what = _one_hot(t, labels, c)[2:]
        hot = np.eye(c)[labels]
        if arr.shape != hot.shape:
            fail(f"{what} ({shape}) has shape {fmt_shape(arr.shape)}, expected "
                 f"{fmt_shape(hot.shape)}: `labels.shape + (num_classes,)`"
                 + (", so a squeeze that drops the batch of one is wrong." if arr.ndim == 1
                    else "."))
        expect.close(arr, hot, what, FORWARD)


loss_with_class_indices = kinds.outputs_match(
    "cross_entropy", points=2, tol=FORWARD, misreadings=MISREADINGS,
    hint="Per row: `log_probs = scores - m - log(sum(exp(scores - m)))` with `m` the row's "
         "maximum; then minus the log-probability of each sample's class, averaged.",
    cases={"8 samples of 5 classes, class-index targets": lambda rng: dict(
        scores=_scores(rng, 8, 5), target=rng.integers(0, 5, size=8))})

loss_with_one_hot_targets = kinds.outputs_match(
    "cross_entropy", points=2, tol=FORWARD, misreadings=MISREADINGS,
    hint="With one-hot rows, the log-probability of each sample's class is "
         "`(target * log_probs).sum(dim=1)`; then minus its mean.",
    cases={"6 samples of 4 classes, one-hot float targets": lambda rng: dict(
        scores=_scores(rng, 6, 4), target=np.eye(4, dtype=np.float32)[rng.integers(0, 4, 6)])})


@check(points=2, hint="Subtract each row's maximum before `exp`: `scores - m` is at most 0, so "
                      "`exp` cannot overflow; and take the log-softmax directly, never "
                      "`log(softmax)`, whose tiny probabilities round to 0.")
def stable_for_large_scores(t):
    rng = t.rng()
    args = dict(scores=_scores(rng, 8, 5), target=rng.integers(0, 5, size=8))
    got, want = t.both(kinds.call, function="cross_entropy", args=args, device=t.device)
    if not expect.is_close(expect.tensor(got, "`cross_entropy(scores, target)`", finite=False),
                           want.array, FORWARD):
        fail("`cross_entropy` is not right on ordinary scores yet (see "
             "`loss_with_class_indices`); this check's points come with a right formula.")
    for label, scores, why in [
            ("scores around 1000", 1000 + _scores(rng, 8, 5), "`exp(1000)` overflows to inf "
             "(float32 and float64 alike): the scores go into `exp` without subtracting each "
             "row's maximum first."),
            ("scores from -1000 to 1000", _scores(rng, 8, 5, 1000), "a probability of about "
             "exp(-1500) rounds to 0, and log(0) = -inf: compute the log-softmax as "
             "`scores - m - log(sum(exp(scores - m)))`, not as the log of a softmax, with `m` "
             "each ROW's maximum (`scores.max(dim=1, keepdim=True)`): the whole batch's "
             "maximum leaves rows far below it to underflow.")]:
        args = dict(scores=scores, target=rng.integers(0, 5, size=8))
        got, want = t.both(kinds.call, function="cross_entropy", args=args, device=t.device)
        what = f"`cross_entropy(scores, target)` for {label}"
        arr = expect.tensor(got, what, finite=False)
        if not np.isfinite(arr).all():
            fail(f"{what} is {fmt_num(float(arr.reshape(-1)[0]))}: {why}")
        if not any(expect.is_close(arr, v, LARGE) for v in
                   [want.array] + [wrong(args) for wrong in MISREADINGS.values()]):
            fail(f"{what} is {fmt_num(float(arr.reshape(-1)[0]))}, not the cross-entropy: "
                 "clamping the scores changes the loss, and a log of a probability that "
                 "rounded to 0, kept finite by a clamp or a small epsilon, is still far off.")


@probe
def torch_calls(sub, scores, labels, hot, device):
    """The names of the torch functions `cross_entropy` calls itself, for both targets."""
    from torch.overrides import TorchFunctionMode

    class Calls(TorchFunctionMode):
        names: set = set()

        def __torch_function__(self, func, types, args=(), kwargs=None):
            self.names.add(getattr(func, "__name__", ""))
            return func(*args, **(kwargs or {}))

    with Calls():
        sub.cross_entropy(scores.to(device), labels.to(device))
    try:
        with Calls():
            sub.cross_entropy(scores.to(device), hot.to(device))
    except Exception:       # a broken one-hot path is judged by its own check
        pass
    return sorted(Calls.names)


@check(points=1, hint="Only elementary operations: `max`, `exp`, `sum`, `log` (or "
                      "`torch.logsumexp`), indexing or `gather`, `mean`.")
def written_by_hand(t):
    rng = t.rng()
    labels = rng.integers(0, 4, size=5)
    called = t.learner(torch_calls, scores=_scores(rng, 5, 4), labels=labels,
                       hot=np.eye(4, dtype=np.float32)[labels], device=t.device)
    used = [words for name, words in {
        "cross_entropy": "`F.cross_entropy` (what `nn.CrossEntropyLoss` runs)",
        "nll_loss": "`F.nll_loss` (or `nn.NLLLoss`)", "log_softmax": "a `log_softmax`",
        "special_log_softmax": "`torch.special.log_softmax`"}.items() if name in called]
    if used:
        fail(f"`cross_entropy` calls {' and '.join(used)}: the exercise is to write the "
             "log-softmax and the negative log-likelihood yourself.")
