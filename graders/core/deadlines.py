"""Every deadline the grader keeps, decided in one place.

Learner code gets, per call into it, `--timeout` if given, else the check's own `timeout`,
else its suite's TIMEOUT, else `Limits.call_timeout`; loading a file gets `--timeout` or
`Limits.load_timeout`. An exercise's learner calls together may take BUDGET_CALLS of its
per-call deadlines, so a learner whose code hangs in every check costs a class run minutes,
not an hour. The reference is trusted and cached: it gets at least REFERENCE_FLOOR seconds,
so a busy machine never turns into a grader error.
"""
from __future__ import annotations

BUDGET_CALLS = 3
REFERENCE_FLOOR = 60.0       # seconds a reference call may take, at least
LAST_CALL_FLOOR = 0.5        # a call when the budget is nearly spent still gets this much
HANDSHAKE = {"fork": 60.0, "spawn": 120.0}   # a spawned worker imports torch first
INFO = 60.0                  # a worker's report of the torch version and CUDA devices
TEMPLATE_START = 120.0       # the forkserver importing torch
STOP_SECONDS = 5.0           # after a stop, how long a class run waits for learners in flight


def call(override: float | None, check: float | None, suite: float | None,
         default: float) -> float:
    """Seconds one call into learner code may take."""
    return override or check or suite or default


def load(override: float | None, default: float) -> float:
    """Seconds importing a submission may take."""
    return override or default


def budget(per_call: float) -> float:
    """Seconds all of one exercise's learner calls may take together."""
    return BUDGET_CALLS * per_call


def within_budget(per_call: float, budget_left: float) -> float:
    return min(per_call, max(budget_left, LAST_CALL_FLOOR))


def reference(per_call: float) -> float:
    return max(per_call, REFERENCE_FLOOR)
