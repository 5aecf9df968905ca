"""Shared fixtures: one grading session (one worker template) for the whole test run.

The seed is fresh for every run, as in real grading, and printed in the report header;
TORCHGRADE_TEST_SEED reproduces a run. TORCHGRADE_TEST_DEVICE=cuda runs the suites on a GPU.
"""
from __future__ import annotations

import os
import re
import secrets
import sys
from pathlib import Path

import pytest

from graders.core.grading import Grader, Options
from graders.core.sandbox import Limits
from graders.worker import confine

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
SEED = int(os.environ.get("TORCHGRADE_TEST_SEED") or secrets.randbelow(2**31))
DEVICE = os.environ.get("TORCHGRADE_TEST_DEVICE", "cpu")
# .ci/run sets this: there, a confinement test that would skip is a failure instead.
REQUIRE_CONFINEMENT = os.environ.get("TORCHGRADE_REQUIRE_CONFINEMENT") == "1"
# Orphans of the processes these tests start come back to this process, not to init: the
# leftover-process checks then look only at this test run's own tree, never at another
# torchgrade run on the same machine.
SUBREAPER = confine.become_subreaper()
# `grade` commands these tests run grade in their own process: a warm grading service would
# outlive the test that started it. tests/test_service.py turns it on, in a folder of its own.
os.environ["TORCHGRADE_SERVICE"] = "off"


def pytest_report_header(config):
    return [f"torchgrade: seed {SEED} (TORCHGRADE_TEST_SEED={SEED} reproduces), device {DEVICE}",
            f"torchgrade: Landlock ABI {confine.landlock_abi()}, "
            f"confinement required: {REQUIRE_CONFINEMENT}"]


def pytest_collection_modifyitems(config, items):
    cuda = DEVICE.startswith("cuda")
    for item in items:
        if "gpu" in item.keywords and not cuda:
            item.add_marker(pytest.mark.skip(
                reason="needs CUDA: run with TORCHGRADE_TEST_DEVICE=cuda on a GPU machine"))


def needs_linux_confinement():
    """Skip (or, where confinement is required, fail) without Landlock on Linux."""
    if sys.platform.startswith("linux") and confine.landlock_abi() >= 1:
        return
    if REQUIRE_CONFINEMENT:
        pytest.fail("confinement is required here but the kernel has no Landlock")
    pytest.skip("this kernel has no Landlock")


OPEN_GRADERS: list[Grader] = []


def open_grader(**options) -> Grader:
    """A grader the process-leak checks know about (its template and workers are expected)."""
    g = Grader(Options(**{"device": DEVICE, "seed": SEED, **options}))
    g.open()
    OPEN_GRADERS.append(g)
    return g


def close_grader(g: Grader) -> None:
    g.close()
    OPEN_GRADERS.remove(g)


def expected_pids() -> set[int]:
    """The processes open graders keep, once the workers they released have been closed
    (a released worker, and what it started, goes on a closer thread, a moment later)."""
    for g in OPEN_GRADERS:
        g.session.closer.settle()
    return set().union(*(g.session.pids() for g in OPEN_GRADERS))


def descendants(pid: int | None = None) -> set[int]:
    """Every live process below `pid` (default: this test process), through /proc."""
    out: set[int] = set()
    todo = [pid or os.getpid()]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{parent}/task/{tid}/children") as fh:
                    kids = {int(k) for k in fh.read().split()}
            except OSError:
                continue
            todo.extend(kids - out)
            out |= kids
    return out


@pytest.fixture(scope="session")
def grader():
    g = open_grader()
    yield g
    close_grader(g)


@pytest.fixture(scope="session")
def quick_grader():
    """Short deadlines, for submissions that hang."""
    g = open_grader(timeout=2.0, limits=Limits(call_timeout=2.0, load_timeout=2.0))
    yield g
    close_grader(g)


def expectations(path: Path) -> dict:
    """A test file's header: `# expect: CHECK: PHRASE`, `# note: PHRASE`, `# device: D`."""
    out = {"expect": [], "note": [], "device": None}
    for line in path.read_text().splitlines():
        m = re.match(r"#\s*(expect|note|device):\s*(.*)$", line)
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        kind, rest = m.groups()
        if kind == "expect":
            check, phrase = rest.split(":", 1)
            out["expect"].append((check.strip(), phrase.strip()))
        elif kind == "note":
            out["note"].append(rest.strip())
        else:
            out["device"] = rest.strip()
    return out
