"""CUDA: the same suites on a GPU give the same verdicts as on the CPU.

Skipped without CUDA. On a GPU machine: `TORCHGRADE_TEST_DEVICE=cuda python -m pytest`, which
also runs every other test with learner and reference code on the GPU.
"""
from __future__ import annotations

import pytest
from conftest import ROOT, SEED, TESTS, close_grader, open_grader

from graders.core.course import builtin

NAMES = builtin().names()


def _files():
    for name in NAMES:
        yield name, builtin().load(name).solution_path
        for kind in ("mistakes", "variants"):
            for path in sorted((TESTS / kind / name).glob("*.py")):
                yield name, path


@pytest.mark.gpu
@pytest.mark.slow
def test_cuda_verdicts_equal_cpu_verdicts():
    """Does every reference, variant and known mistake get the same outcome on every check on
    CUDA as on the CPU (device-specific mistakes aside)?"""
    cpu, cuda = open_grader(), None
    cpu_only = {"hardcoded_cuda", "forgot_to_move_batch"}
    try:
        from graders.core.grading import Grader, Options
        cuda = Grader(Options(device="cuda", seed=SEED))
        cuda.open()
        assert cuda.device == "cuda"
        for name, path in _files():
            if path.stem in cpu_only:
                continue
            a = cpu.grade(path, name)
            b = cuda.grade(path, name)
            assert [(c.name, c.outcome) for c in a.checks] == \
                   [(c.name, c.outcome) for c in b.checks], f"{name}/{path.name}"
    finally:
        close_grader(cpu)
        if cuda is not None:
            cuda.close()


@pytest.mark.gpu
def test_batches_left_on_the_cpu_are_caught_on_cuda():
    """On CUDA, is a loop that never moves its batches to the model's device caught?"""
    g = open_grader(device="cuda")
    try:
        path = TESTS / "mistakes" / "ex09_training_loop" / "forgot_to_move_batch.py"
        r = g.grade(path, "ex09_training_loop")
        assert not {c.name: c for c in r.checks}["trains_on_the_models_device"].passed
    finally:
        close_grader(g)
    assert ROOT
