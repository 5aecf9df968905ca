"""The bench's floor (bench/floor.py) does the grader's own work: it must reach the same
verdicts as the confined grader, or its ratios measure something else."""
from __future__ import annotations

import sys

import pytest
from conftest import ROOT, SEED, TESTS, open_grader

sys.path.insert(0, str(ROOT / "bench"))
from floor import floor_grader  # noqa: E402


@pytest.mark.filterwarnings("ignore::UserWarning")   # learner code warns, in-process here
def test_the_floor_reaches_the_graders_verdicts():
    files = [p for name in ("ex04_softmax_head", "ex09_training_loop", "ex14_freeze_layers")
             for kind in ("variants", "mistakes")
             for p in sorted((TESTS / kind / name).glob("*.py"))[:2]]
    floor, real = floor_grader(SEED), open_grader(device="cpu")
    for path in files:
        exercise = path.parent.name
        got = [(c.name, c.outcome, c.points) for c in floor.grade(path, exercise).checks]
        want = [(c.name, c.outcome, c.points) for c in real.grade(path, exercise).checks]
        assert got == want, path
