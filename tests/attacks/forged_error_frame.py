"""Answer the grader's request with a forged "raised" frame: a 26 KB exception type (the hint
regexes were cubic in its length), a line number that is not a number and a 5000-digit int.
It must cost bounded time and read as this learner's problem, never the grader's."""
import os
import sys

import graders.worker.wire as wire

CALLS = [1]            # the load was request 1; each call to make_model is the next one


def make_model():
    CALLS[0] += 1
    sys.set_int_max_str_digits(0)
    frame = wire.encode({
        "status": "raised", "id": CALLS[0], "warnings": [{"category": "W" * 30000,
                                                          "message": "m", "line": "x"}],
        "error": {"type": "expected scalar type Long " * 1000, "message": "Float " * 5000,
                  "frames": [{"file": "ex04_softmax_head.py", "line": "abc", "func": "f",
                              "text": "t", "learner": True}], "memory": "yes",
                  "not_implemented": 1, "missing": None}})
    os.write(4, frame)
    os.write(4, wire.encode({"status": "ok", "id": CALLS[0] + 1, "value": 10 ** 4999}))
    raise SystemExit(0)
