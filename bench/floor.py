"""The floor for grading speed: torchgrade's own checks and probes, with no isolation.

A bench tool, never used to grade. `FloorSession` stands in for `sandbox.Session`: its
"workers" run each request in this process (the worker's own `serve` functions, the same
wire encoding both ways), so a `Grader` on it does exactly the work of a real one (the same
probe calls on the same inputs, the same comparisons) minus processes, confinement and
pipes. `floor_class` grades a class the way the issue defines the floor: torch imported and
the reference observations computed once in a warm parent, then one fork per learner.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from graders.core import replies
from graders.core.grading import Grader, Options
from graders.core.sandbox import Reply
from graders.worker import serve, wire

BIG = 1 << 30


class FloorWorker:
    """One submission, served in this process."""

    def __init__(self, session: "FloorSession"):
        self.session = session
        self.layers: dict = {"worker": "in-process (floor: no isolation)"}
        self.dead: Reply | None = None
        self.state = serve._State({"limits": session.limits.to_dict()})
        self._sent = 0

    def call(self, probe: dict, args: dict, seed: int, timeout: float | None = None) -> Reply:
        return self.request({"op": "call", "probe": probe, "args": args, "seed": seed}, 0)

    def request(self, message: dict, timeout: float) -> Reply:
        import torch

        from graders.worker import kit
        self._sent += 1
        started = time.monotonic()
        req = wire.decode(wire.encode(dict(message, id=self._sent), max_bytes=BIG),
                          max_bytes=BIG, array_factory=torch.from_numpy)
        try:
            if req["op"] == "load":
                reply = serve._load(self.state, req, torch)
            elif req["op"] == "call":
                reply = serve._call(self.state, req, kit)
            else:
                reply = serve._info(torch)
        except SystemExit as exc:
            reply = {"status": "exit", "code": f"SystemExit({exc.code})"}
        except BaseException as exc:  # the learner's exception, as the worker reports it
            reply = {"status": "raised", "error": serve._describe_safely(exc, self.state,
                                                                         torch)}
        reply.update(warnings=[], elapsed=time.monotonic() - started, id=self._sent)
        raw = wire.decode(wire.encode(reply, max_bytes=BIG, tensor_hook=kit.tensor_facts),
                          max_bytes=BIG)
        checked = replies.reply(raw, self._sent)
        if checked["status"] == "unsendable":
            return Reply("invalid", detail=checked["detail"])
        return Reply(checked["status"], value=checked["value"], error=checked["error"],
                     detail=checked["code"] if checked["status"] == "exit" else "",
                     warnings=checked["warnings"], elapsed=time.monotonic() - started)

    def close(self) -> None:
        pass

    release = close


class FloorSession:
    """What a `Grader` asks of its session, answered in this process."""

    def __init__(self, real) -> None:
        self.limits, self.device, self.cuda = real.limits, "cpu", False

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def use_device(self, device: str) -> None:
        self.device = device

    def worker(self, label: str = "worker") -> FloorWorker:
        return FloorWorker(self)


def floor_grader(seed: int) -> Grader:
    grader = Grader(Options(seed=seed, device="cpu"))
    grader.session = FloorSession(grader.session)
    grader.open()
    return grader


def floor_class(klass: Path, exercises: list[str], seed: int) -> tuple[float, float]:
    """(warm-up, grading) seconds: torch and the reference's observations once in this
    process (by grading the first learner), then a fork per learner grading every exercise."""
    t0 = time.perf_counter()
    import torch
    torch.set_num_threads(1)        # as in a worker; and a fork after a thread pool can hang
    grader = floor_grader(seed)
    folders = sorted(p for p in klass.iterdir() if p.is_dir())
    for name in exercises:
        grader.grade(folders[0] / f"{name}.py", name)
    warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    for folder in folders:
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                for name in exercises:
                    grader.grade(folder / f"{name}.py", name)
            except BaseException:
                code = 1
            finally:
                sys.stdout.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if status:
            raise RuntimeError(f"the floor failed on {folder.name}")
    return warm, time.perf_counter() - t0
