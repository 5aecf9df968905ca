"""The statistical judge: a true uniform sample passes, whatever its range and size, and the
usual wrong samples (normal, wrong bound, shifted, one-sided, constant) are failed by name."""
from __future__ import annotations

import math

import numpy as np
import pytest

from graders.core import stats

B = math.sqrt(6 / 20)                    # a Kaiming bound, fan_in 20
KNOWN = {"Xavier": (-math.sqrt(6 / 84), math.sqrt(6 / 84)),
         "PyTorch's default": (-1 / math.sqrt(20), 1 / math.sqrt(20))}


@pytest.fixture
def rng():
    return np.random.default_rng(20240613)


@pytest.mark.parametrize("low,high", [(-B, B), (-4.0, -2.0), (0.85, 0.99), (0.0, 1.0)])
@pytest.mark.parametrize("n", [5, 50, 1280, 100_000])
def test_a_true_uniform_sample_passes(rng, low, high, n):
    """Does a uniform sample pass, for any range and any size (float32 included)?"""
    for _ in range(20):
        v = rng.uniform(low, high, size=n).astype(np.float32)
        assert stats.uniform_problem(v, low, high) is None


def test_the_ranges_of_a_later_exercise(rng):
    """Can a log-uniform learning rate and a uniform momentum be judged (as for ex21)?"""
    lrs = 10 ** rng.uniform(-4, -2, size=2000)
    assert stats.uniform_problem(np.log10(lrs), -4, -2, "the learning rates' log10") is None
    linear = rng.uniform(1e-4, 1e-2, size=2000)             # uniform, not log-uniform
    said = stats.uniform_problem(np.log10(linear), -4, -2, "the learning rates' log10")
    assert said and said.startswith("the learning rates' log10 average -2.")
    assert "averages -3." in said and "normally" not in said       # skewed, not normal
    narrow = rng.uniform(0.9, 0.99, size=2000)
    said = stats.uniform_problem(narrow, 0.85, 0.99, "the momenta")
    assert said and said.startswith("the momenta lie in [0.9") and "[0.85, 0.99]" in said


def test_a_normal_sample_is_named(rng):
    said = stats.uniform_problem(rng.normal(0, math.sqrt(2 / 20), size=1280), -B, B,
                                 "the weights", normal="`kaiming_normal_`")
    assert said and "beyond the range ±0.5477" in said
    assert "normally distributed (`kaiming_normal_`?), not uniform" in said
    narrow = rng.normal(0, B / 4, size=1280)     # inside the bound: its variance shows it
    said = stats.uniform_problem(np.clip(narrow, -0.99 * B, 0.99 * B), -B, B)
    assert said and "normally distributed, not uniform" in said


def test_a_wrong_bound_is_named(rng):
    b = KNOWN["Xavier"][1]
    said = stats.uniform_problem(rng.uniform(-b, b, size=1280), -B, B, "the weights",
                                 bound="the Kaiming bound", known=KNOWN)
    assert said and said.startswith("the weights stay within ±0.26")
    assert said.endswith(", well inside the Kaiming bound; that looks like Xavier.")
    said = stats.uniform_problem(rng.uniform(-2 * B, 2 * B, size=1280), -B, B, known=KNOWN)
    assert said and "beyond the range ±0.5477" in said and "looks like" not in said


def test_the_unit_range_is_named(rng):
    said = stats.uniform_problem(rng.uniform(0, 1, size=1280), -B, B)
    assert said and "beyond" in said and "`nn.init.uniform_`'s default range [0, 1)" in said


def test_a_shifted_or_one_sided_sample_is_named(rng):
    shifted = rng.uniform(-B, B, size=100_000) * 0.97 + 0.03 * B
    said = stats.uniform_problem(shifted, -B, B)
    assert said and said.startswith("the values average") and "averages 0" in said
    positive = np.abs(rng.uniform(-B, B, size=1280))
    said = stats.uniform_problem(positive, -B, B)
    assert said and "never near the lower end" in said and "they are all positive" in said


def test_a_squeezed_sample_fails_on_its_variance(rng):
    """Values that reach both ends but crowd towards them (or the middle) fail on variance."""
    v = rng.uniform(-B, B, size=5000)
    v = np.sign(v) * np.abs(v / B) ** 0.7 * B            # pushed towards the ends
    said = stats.uniform_problem(v, -B, B)
    assert said and said.startswith("the variance of the values is")


def test_degenerate_samples_are_named():
    assert stats.uniform_problem(np.zeros(1280), -B, B) == (
        "the values stay within ±0, well inside the range ±0.5477; they all equal 0.")
    assert "hold no values" in stats.uniform_problem(np.zeros(0), -B, B)
    assert "NaN" in stats.uniform_problem(np.array([0.1, np.nan]), -B, B)
    with pytest.raises(ValueError):
        stats.uniform_problem(np.zeros(3), 1.0, 1.0)
