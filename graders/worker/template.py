"""The worker template: a process that has imported torch and forks a worker per request.

Importing torch costs ~2 s and the first optimizer step another ~1-2 s (torch._dynamo); a fork
of a process that has both loaded costs ~30 ms. The template holds nothing of the grader's:
no reference solution, no checks, no inputs. It never runs torch compute (a process that has
run multi-threaded torch work can hang its forked children) and never touches CUDA (a child
could not initialise it after a fork).

It is also a child subreaper: a grandchild that a worker started with setsid is re-parented
here when the worker dies, and every child that is not a live worker is killed at once.

Protocol, over a SOCK_SEQPACKET socket inherited from the grader (one JSON per message):
  {"op": "spawn", "config": {...}} + fds [cmd_read, result_write, output]  ->  {"pid": N}
  {"op": "reap", "pid": N, "grace": s}   -> {"code": c} | {"signal": s}   (kills if needed)
  {"op": "exit"}
"""
from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
import time
import traceback


def _children() -> set[int]:
    pids: set[int] = set()
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/children") as fh:
                pids.update(int(p) for p in fh.read().split())
    except OSError:
        pass
    return pids


def _child(sock: socket.socket, fds: list[int], config: dict, _exit=os._exit) -> None:
    """The forked worker's side; it must never return into the template's loop."""
    try:
        sock.close()
        from graders.worker import serve as worker
        worker.install_fds(*fds)
        worker.run_forked(config)
    finally:
        _exit(70)


class Template:
    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.workers: set[int] = set()

    def sweep(self) -> None:
        """Kill and reap every child that is not a live worker (adopted orphans)."""
        for _ in range(200):
            strays = _children() - self.workers
            if not strays:
                return
            for pid in strays:
                for target in (-pid, pid):
                    try:
                        os.kill(target, signal.SIGKILL)
                    except OSError:
                        pass
            for pid in strays:
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass
            time.sleep(0.005)

    def spawn(self, config: dict, fds: list[int]) -> dict:
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            return {"error": "spawn needs three fds"}
        pid = os.fork()
        if pid == 0:
            _child(self.sock, fds, config)
        for fd in fds:
            os.close(fd)
        self.workers.add(pid)
        return {"pid": pid}

    def reap(self, pid: int, grace: float) -> dict:
        if pid not in self.workers:
            return {"error": "not a worker"}
        killed = not _exits_within(pid, grace)
        # The worker is a zombie or alive; its pid (and so its group id) cannot be reused
        # until it is reaped, so killing the group now cannot hit an unrelated process.
        for target in (-pid, pid):
            try:
                os.kill(target, signal.SIGKILL)
            except OSError:
                pass
        _, status = os.waitpid(pid, 0)
        self.workers.discard(pid)
        self.sweep()
        if killed:
            return {"signal": signal.SIGKILL, "killed": True}
        if os.WIFSIGNALED(status):
            return {"signal": os.WTERMSIG(status), "killed": False}
        return {"code": os.WEXITSTATUS(status), "killed": False}

    def serve(self) -> None:
        while True:
            ready, _, _ = select.select([self.sock], [], [], 0.5)
            self.sweep()
            if not ready:
                continue
            try:
                data, fds, _, _ = socket.recv_fds(self.sock, 1 << 20, 4)
            except OSError:
                return
            if not data:
                return
            req = json.loads(data)
            op = req.get("op")
            if op == "spawn":
                reply = self.spawn(req["config"], fds)
            elif op == "reap":
                reply = self.reap(int(req["pid"]), float(req.get("grace", 0.0)))
            elif op == "exit":
                return
            else:
                reply = {"error": f"unknown op {op!r}"}
            self.sock.sendall(json.dumps(reply).encode())


def _exits_within(pid: int, grace: float) -> bool:
    """Whether worker `pid` has exited (a zombie, not reaped) within `grace` seconds: woken
    by its pidfd where the kernel has them, else by polling every 5 ms."""
    def exited() -> bool:
        info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        return info is not None and info.si_pid == pid

    if exited():
        return True
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    if pidfd is not None:
        try:
            select.select([pidfd], [], [], max(grace, 0.0))
        finally:
            os.close(pidfd)
        return exited()
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        time.sleep(0.005)
        if exited():
            return True
    return exited()


def main() -> None:
    fd = int(sys.argv[1])
    sock = socket.socket(fileno=fd)
    from graders.worker import confine
    confine.die_with_parent()
    confine.become_subreaper()
    signal.signal(signal.SIGINT, signal.SIG_IGN)       # Ctrl-C is the grader's to handle
    import torch
    import torch._dynamo  # noqa: F401  (the first optimizer step would import it: ~1-2 s)
    import torch.nn.functional  # noqa: F401
    import torch.utils.data  # noqa: F401

    from graders.worker import kit, privatefs, serve  # noqa: F401  (unreadable once confined)
    torch.set_num_threads(1)
    sock.sendall(json.dumps({"ready": True, "torch": torch.__version__}).encode())
    template = Template(sock)
    code = 0
    try:
        template.serve()
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        for pid in list(template.workers):
            try:
                os.kill(-pid, signal.SIGKILL)
            except OSError:
                pass
        template.workers.clear()
        template.sweep()
        # Nothing to save: skip the interpreter's teardown (unloading torch takes ~1 s that
        # the grader would otherwise wait for before it shows any result).
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


if __name__ == "__main__":
    main()
