"""Every way a check (or a whole exercise) can end, with the same names in every format."""
from __future__ import annotations

from enum import Enum


class Outcome(str, Enum):
    PASSED = "passed"
    FAILED = "failed"                  # ran, and the result is wrong
    NOT_ATTEMPTED = "not_attempted"    # still the stub's NotImplementedError
    ERROR = "error"                    # the learner's code raised
    TIMED_OUT = "timed_out"            # wall-clock deadline or CPU-time limit
    OUT_OF_MEMORY = "out_of_memory"
    CRASHED = "crashed"                # the worker died from a signal
    EXITED = "exited"                  # sys.exit / os._exit in learner code
    INVALID = "invalid"                # unreadable file, syntax error, missing name, bad reply
    MISSING = "missing"                # no file for this exercise
    GRADER_ERROR = "grader_error"      # our fault, not the learner's: exit status 2

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

