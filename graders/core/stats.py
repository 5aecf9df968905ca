"""Judging random samples by their distribution, for values a learner's code draws at random.

Random values differ with the order of the calls that draw them, so a learner's sample cannot
be compared with the reference's: it is judged against the distribution the spec names. Each
test allows STAT_SIGMAS standard errors (or the same tail probability), so a correct sample
fails less than once in a billion runs whatever its size; the smaller the sample, the larger
a mistake must be to show, so judge a few thousand values where the exercise allows. A sample
that fails is compared with the usual wrong distributions, so the message names the mistake.

    uniform_problem(w, -b, b, "the weights", bound=f"the Kaiming-uniform bound ±{b:.4g}")
    uniform_problem(np.log10(lrs), -4, -2, "the learning rates' log10")   # log-uniform
    uniform_problem(momenta, 0.85, 0.99, "the momenta")
"""
from __future__ import annotations

import math

import numpy as np

from graders.core.expect import fmt_num
from graders.core.tolerances import STAT_SIGMAS

# The chance that a correct sample fails one test: the two-sided normal tail at STAT_SIGMAS.
FALSE_ALARM = math.erfc(STAT_SIGMAS / math.sqrt(2))
# A uniform sample's kurtosis is 1.8, a normal one's 3; from 200 values on, a uniform sample's
# stays below this (its standard deviation is then 0.08). Both are symmetric (skewness 0).
NORMAL_KURTOSIS, KURTOSIS_MIN_SIZE, NORMAL_SKEW = 2.4, 200, 0.5
# A sample "looks like" a known range when both its ends are this close (share of the width).
MATCH = 0.04
UNIT = "`nn.init.uniform_`'s default range [0, 1) (or `torch.rand`)"


def interval(low: float, high: float) -> str:
    """`±b` for a range symmetric about 0, else `[low, high]`."""
    return f"±{fmt_num(high)}" if low == -high else f"[{fmt_num(low)}, {fmt_num(high)}]"


def uniform_problem(values, low: float, high: float, what: str = "the values", *,
                    bound: str | None = None, known: dict[str, tuple[float, float]] | None = None,
                    normal: str | None = None) -> str | None:
    """Why `values` are not a sample of the uniform distribution on [low, high], or None if they
    could be one: a clause about `what` (a plural noun phrase, "the weights"), in lower case
    unless `what` is not, to follow a label and a colon or to be capitalised.

    In order: every value finite and within [low, high] (float32 rounding aside), the smallest
    and the largest near their ends, then the mean and the variance. `bound` words the range
    ("the Kaiming-uniform bound ±0.5477"; default "the range [low, high]"); `known` maps the
    usual wrong ranges by name, to say which one a sample was drawn from; `normal` is where a
    normally distributed sample usually comes from ("`kaiming_normal_`").
    """
    if not low < high:
        raise ValueError(f"an empty range [{low}, {high}]")
    v = np.asarray(values, dtype=np.float64).ravel()
    if v.size == 0:
        return f"{what} hold no values."
    if not np.isfinite(v).all():
        return f"{what} include NaN or infinite values."
    n, width, lo, hi = v.size, high - low, float(v.min()), float(v.max())
    bound = bound or f"the range {interval(low, high)}"
    named = _named(v, low, high, known or {}, normal)
    rounding = 1e-5 * max(abs(low), abs(high)) + 1e-7
    if lo < low - rounding or hi > high + rounding:
        far = max(abs(lo), abs(hi)) if low == -high else lo if low - lo > hi - high else hi
        return f"{what} reach {fmt_num(far)}, beyond {bound}{named}."
    # A correct sample's end falls this short of its bound with probability FALSE_ALARM.
    short = width * max(0.05, 1 - FALSE_ALARM ** (1 / n))
    if lo > low + short and hi < high - short:
        top = max(abs(lo), abs(hi))
        seen = interval(-top, top) if low == -high and abs(lo + hi) < short else interval(lo, hi)
        return f"{what} stay within {seen}, well inside {bound}{named}."
    if lo > low + short or hi < high - short:
        return (f"{what} lie in {interval(lo, hi)}, never near the "
                f"{'lower' if lo > low + short else 'upper'} end of {bound}{named}.")
    mean, var, want = float(v.mean()), float(v.var()), width * width / 12
    span = f"[{fmt_num(low)}, {fmt_num(high)}]"
    if abs(mean - (low + high) / 2) > STAT_SIGMAS * width / math.sqrt(12 * n):
        return (f"{what} average {fmt_num(mean)}; uniform on {span} averages "
                f"{fmt_num((low + high) / 2)}{named}.")
    if abs(var / want - 1) > STAT_SIGMAS * math.sqrt(0.8 / n):   # var(s^2) = 0.8 sigma^4 / n
        return (f"the variance of {what} is {fmt_num(var)}; uniform on {span} has "
                f"{fmt_num(want)}{named}.")
    return None


def _named(v: np.ndarray, low: float, high: float, known: dict, normal: str | None) -> str:
    """'; that looks like ...': the usual wrong distribution `v` seems drawn from, or ''."""
    lo, hi = float(v.min()), float(v.max())

    def near(a: float, b: float) -> bool:     # the sample spans about [a, b]
        return abs(lo - a) <= MATCH * (b - a) and abs(hi - b) <= MATCH * (b - a)

    # The nearest of those the sample spans: two bounds can lie a few % apart for one layer
    # (Xavier with the ReLU gain, sqrt(12 / (fan_in + fan_out)), and sqrt(3 / fan_in)).
    spanned = [(abs(lo - a) + abs(hi - b), name) for name, (a, b) in
               {**known, UNIT: (0.0, 1.0)}.items()
               if abs(a - low) + abs(b - high) > MATCH * (b - a) and near(a, b)]  # not asked for
    if spanned:
        return f"; that looks like {min(spanned)[1]}"
    if lo == hi:
        return f"; they all equal {fmt_num(lo)}"
    z = (v - v.mean()) / v.std()
    normal_like = (v.size >= KURTOSIS_MIN_SIZE and abs(float((z ** 3).mean())) < NORMAL_SKEW
                   and float((z ** 4).mean()) > NORMAL_KURTOSIS)
    if normal_like:
        return f"; they look normally distributed{f' ({normal}?)' if normal else ''}, not uniform"
    if low < 0 <= lo or hi <= 0 < high:
        return f"; they are all {'positive' if lo >= 0 else 'negative'}"
    return ""
