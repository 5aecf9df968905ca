"""The trusted side of the sandbox: start workers, talk to them under deadlines, clean up.

A `Session` owns one worker template (Linux: a forkserver that has imported torch) and hands
out `Worker`s. Every exchange with a worker has a wall-clock deadline enforced here; reads
never block past it, replies are decoded by `wire` under a size cap, and a worker that runs
over, dies or sends garbage is killed with its whole process group (the template also kills
any grandchild that escaped the group). What comes back is a `Reply`: data, never objects.
"""
from __future__ import annotations

import itertools
import json
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graders.core import cleanup, deadlines, replies
from graders.worker import confine, paths, privatefs, wire

PACKAGE_ROOT = Path(__file__).resolve().parents[2]   # the folder holding `graders/`


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the learner's code): a system error."""


@dataclass
class Limits:
    """Per-worker limits; each one that fires is reported as its own outcome."""
    call_timeout: float = 30.0      # wall-clock seconds per probe call
    load_timeout: float = 30.0      # wall-clock seconds to import a submission
    memory_mb: int = 2048           # RLIMIT_AS on top of what the template already maps
    cpu_seconds: int = 600          # RLIMIT_CPU for the worker's whole life
    file_mb: int = 64               # RLIMIT_FSIZE: largest file (and captured output) written
    disk_mb: int = 256              # the worker's private tmpfs (all files it writes, together)
    disk_files: int = 10000         # ... and how many files and folders it may hold
    shm_mb: int = 64                # a CUDA worker's private /dev/shm
    open_files: int = 256
    processes: int = 256            # RLIMIT_NPROC (the kernel ignores it for root; seccomp doesn't)
    return_mb: int = 64             # largest reply accepted from a worker
    output_kb: int = 16             # learner output kept for display per call

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Reply:
    """What one request to a worker came to."""
    status: str                  # ok | raised | exit | timed_out | crashed | invalid
    value: Any = None
    error: dict | None = None    # the learner's exception, as data (see worker.describe)
    detail: str = ""
    output: str = ""             # learner stdout/stderr during the call (display only)
    warnings: list = field(default_factory=list)
    elapsed: float = 0.0


def _clean_env(tmpdir: str) -> dict:
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "CUDA_VISIBLE_DEVICES",
                                       "NVIDIA_VISIBLE_DEVICES", "LD_LIBRARY_PATH")
            if k in os.environ}
    import site
    # HOME moves to the temp dir; PYTHONUSERBASE keeps a `pip install --user` torch importable.
    keep.update(HOME=tmpdir, TMPDIR=tmpdir, PYTHONDONTWRITEBYTECODE="1",
                PYTHONUSERBASE=site.getuserbase(),
                OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0",
                MPLBACKEND="Agg", MPLCONFIGDIR=tmpdir)   # plots in learner code draw nowhere
    return keep


# A root grader gives each worker a uid of its own from this range, so that no worker can
# reach another through what the kernel allows between processes of one uid, and
# RLIMIT_NPROC caps each worker's threads (it counts a uid's processes machine-wide). A
# block of 100 per grading process (by pid), one uid per worker in turn.
UID_POOL = 2_000_000_000


def worker_identity() -> tuple[int, int, bool] | None:
    """(uid, gid, own) a root grader runs workers as; None when not root. `own`: each worker
    gets a uid of its own from UID_POOL (the default); TORCHGRADE_WORKER_UID fixes one."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    fixed = os.environ.get("TORCHGRADE_WORKER_UID")
    if fixed is None:
        base = UID_POOL + (os.getpid() % 20_000) * 100
        return base, base, True
    uid = int(fixed)
    gid = int(os.environ.get("TORCHGRADE_WORKER_GID", str(uid)))
    return (uid, gid, False) if uid != 0 else None


def _output_file(folder: str) -> int:
    """An unlinked file for one worker's stdout/stderr: the grader reads it by descriptor."""
    try:
        return os.open(folder, os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC, 0o600)
    except (AttributeError, OSError):
        fd, path = tempfile.mkstemp(dir=folder, prefix="output-")
        os.unlink(path)
        return fd


class Session:
    """One grading session's workers, all started from one template (or spawned)."""

    def __init__(self, *, limits: Limits | None = None, device: str = "cpu",
                 confine: bool = True, hidden: list[Path] | tuple = (), start: str = "auto",
                 readable: list[Path] | tuple = (), prestart: bool = False):
        self.limits = limits or Limits()
        self.device = device
        self.confine = confine and sys.platform.startswith("linux")
        if start == "auto":
            start = os.environ.get("TORCHGRADE_START") or (
                "fork" if sys.platform.startswith("linux") else "spawn")
        self.start = start
        self.hidden = [Path(h) for h in hidden]
        self.readable = [str(Path(r).resolve()) for r in readable]
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._workdir = tempfile.mkdtemp(prefix="torchgrade-session-")
        self._rules: list | None = None
        self._bridges: list | None = None
        self._live: set[int] = set()
        self.closed = False
        self.cuda: bool | None = None       # whether a worker sees CUDA, once a Grader asked
        # `prestart`: keep one spare worker starting while the last one handed out works, so
        # the next `worker()` need not wait for a fork and a handshake.
        self.prestart = prestart and self.start == "fork"
        self._spare: _Spare | None = None
        self._spare_lock = threading.Lock()
        self._settings = 0                  # bumped when what a new worker gets changes
        self.closer = _Closer()
        # As root, workers run as an unprivileged uid (forked workers: a spawned one must
        # import torch itself, before the switch could be checked).
        self.identity = worker_identity() if self.confine and self.start == "fork" else None
        self.identity_note = ""
        self._uids = itertools.count()

    def pids(self) -> set[int]:
        """The processes this session keeps alive: its template and its open workers."""
        return ({self._proc.pid} if self._proc and not self.closed else set()) | set(self._live)

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> "Session":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        if self.start == "fork" and self._proc is None:
            self._start_template()
            if self.identity is not None:
                self._check_identity()

    def _check_identity(self) -> None:
        """Can a worker under the unprivileged uid still read Python? If not, stay root
        without capabilities, and say why in every result."""
        w = self.worker("uid-check")
        try:
            reply = w.request({"op": "info"}, deadlines.INFO)
        finally:
            w.close()
        readable = reply.status == "ok" and (reply.value or {}).get("python_readable")
        if not readable:
            self.identity_note = ("an unprivileged uid could not read the Python install "
                                  "even through the private mounts")
            self.identity = None
            self._rules = self._bridges = None
            self._settings += 1

    def _start_template(self) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        log = open(os.path.join(self._workdir, "template.log"), "wb")
        boot = ("import sys; sys.path.insert(0, sys.argv[2]); "
                "from graders.worker import template; template.main()")
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-E", "-c", boot, str(child.fileno()), str(PACKAGE_ROOT),
                 "torchgrade-template"],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                env=_clean_env(self._workdir), cwd=self._workdir, start_new_session=True)
        finally:
            child.close()
            log.close()
        self._sock = parent
        parent.settimeout(deadlines.TEMPLATE_START)
        try:
            hello = json.loads(parent.recv(1 << 16) or b"{}")
        except (OSError, ValueError):
            hello = {}
        if not hello.get("ready"):
            self.close()
            raise SandboxError("the worker template did not start: "
                               + self._template_log()[-2000:])

    def _template_log(self) -> str:
        try:
            return Path(self._workdir, "template.log").read_text(errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with self._spare_lock:
            spare, self._spare = self._spare, None
        if self._sock is not None:
            try:
                self._sock.sendall(b'{"op": "exit"}')
            except OSError:
                pass
        if self._proc is not None:
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _kill_group(self._proc.pid)
                self._proc.wait()
        # The template took every worker with it; what is left is their descriptors and
        # folders (a spare's, and those the closer had not got to yet).
        if spare is not None:
            spare.discard()
        self.closer.stop()
        if self._sock is not None:
            self._sock.close()
        cleanup.remove_tree(self._workdir)

    # -- template requests -----------------------------------------------------------------
    def _ask(self, request: dict, fds: list[int] = ()) -> dict:
        with self._lock:
            if self._sock is None or self.closed:
                raise SandboxError("the session is closed")
            try:
                data = json.dumps(request).encode()
                if fds:
                    socket.send_fds(self._sock, [data], list(fds))
                else:
                    self._sock.sendall(data)
                reply = self._sock.recv(1 << 16)
            except OSError as exc:
                raise SandboxError(f"the worker template stopped answering: {exc}") from None
        if not reply:
            raise SandboxError("the worker template exited: " + self._template_log()[-2000:])
        return json.loads(reply)

    # -- workers ---------------------------------------------------------------------------
    def use_device(self, device: str) -> None:
        """Where later workers run (the device rules in Landlock follow)."""
        if device != self.device:
            self.device = device
            self._rules = None
            self._settings += 1

    def landlock_rules(self) -> list:
        if self._rules is None:
            self._rules = paths.landlock_rules(self.hidden, self.readable, self.device,
                                               self.private_fs)
        return self._rules

    @property
    def private_fs(self) -> bool:
        """Workers get a private mount namespace (Linux; the worker reports if it failed)."""
        return sys.platform.startswith("linux")

    def _fs_plan(self, tmpdir: str) -> dict | None:
        if not self.private_fs:
            return None
        uid, gid, own = self._identity() or (os.geteuid(), os.getegid(), False)
        if self._bridges is None:     # the same for every uid that owns nothing there
            paths = [p for p, rights in self.landlock_rules() if rights == confine.READ]
            self._bridges = privatefs.plan_bridges(paths, uid, gid) if self.identity else []
        lim = self.limits
        return {"tmpdir": tmpdir, "disk_bytes": lim.disk_mb << 20, "inodes": lim.disk_files,
                "uid": uid, "gid": gid, "own_uid": own, "bridges": self._bridges,
                "shm_bytes": lim.shm_mb << 20 if self.device.startswith("cuda") else 0}

    def _identity(self) -> tuple[int, int, bool] | None:
        """The uid/gid the next worker runs as (a root grader's), in turn from its block."""
        if self.identity is None:
            return None
        uid, gid, own = self.identity
        if not own:
            return uid, gid, own
        n = next(self._uids) % 100
        return uid + n, gid + n, own

    def worker(self, label: str = "worker") -> "Worker":
        """A fresh worker, confined and limited, ready for `load`: the spare started while
        the last one worked, if it is there and still current, else one started now."""
        with self._spare_lock:
            spare, self._spare = self._spare, None
        w = spare.take(self._settings) if spare is not None else None
        if w is None:
            w = self._new_worker(label)
        if self.prestart:
            with self._spare_lock:
                if self._spare is None and not self.closed:
                    self._spare = _Spare(self, self._settings)
        return w

    def _new_worker(self, label: str, restart: bool = True) -> "Worker":
        tmpdir = tempfile.mkdtemp(prefix=f"torchgrade-{label[:20]}-")
        held = cleanup.open_dir(tmpdir)           # taken before anything runs in it
        output = _output_file(self._workdir)
        fs = self._fs_plan(tmpdir)
        if self.identity is not None:             # if the private tmpfs fails, still writable
            os.fchown(held, fs["uid"], fs["gid"])
        config = {
            "tmpdir": tmpdir, "env": _clean_env(tmpdir), "limits": self.limits.to_dict(),
            "confine": self.confine, "landlock": self.landlock_rules() + [[tmpdir, confine.WRITE]],
            "device": self.device, "start": self.start, "fs": fs,
        }
        try:
            if self.start == "fork":
                w = self._fork_worker(config, held, output, restart)
            else:
                w = self._spawn_worker(config, held, output)
        except BaseException:       # no Worker owns the descriptors yet
            cleanup.remove_tree(tmpdir, held)
            for fd in (held, output):
                _close(fd)
            raise
        # From here the Worker owns them: a failed handshake closes it, and them, once.
        w.handshake(timeout=deadlines.HANDSHAKE.get(self.start, deadlines.HANDSHAKE["spawn"]))
        if self.identity_note:
            w.layers["privileges"] = f"{w.layers.get('privileges')} ({self.identity_note})"
        return w

    def _fork_worker(self, config: dict, held: int, output: int,
                     restart: bool = True) -> "Worker":
        with self._lock:
            if self._proc is not None and self._proc.poll() is not None and not self.closed:
                if not restart:
                    raise SandboxError("the worker template has exited")
                # The template died (the OOM killer, say): start another, once per death.
                self._sock.close()
                self._proc = None
                self._start_template()
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        try:
            reply = self._ask({"op": "spawn", "config": config}, [cmd_r, res_w, output])
        finally:
            os.close(cmd_r)
            os.close(res_w)
        if "pid" not in reply:
            os.close(cmd_w)
            os.close(res_r)
            raise SandboxError(f"could not start a worker: {reply.get('error')}")
        w = Worker(self, reply["pid"], cmd_w, res_r, config["tmpdir"], held, output)
        self._live.add(w.pid)
        return w

    def _spawn_worker(self, config: dict, held: int, output: int) -> "Worker":
        boot = ("import sys; sys.path.insert(0, sys.argv[2]); "
                "from graders.worker import serve; serve.run_spawned()")
        config = dict(config, start="spawn", out_fd=output)
        proc = subprocess.Popen(
            [sys.executable, "-E", "-c", boot, json.dumps(config), str(PACKAGE_ROOT)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=output, pass_fds=(output,),
            env=config["env"], cwd=config["tmpdir"],
            start_new_session=hasattr(os, "setsid"))
        cmd_w = os.dup(proc.stdin.fileno())
        res_r = os.dup(proc.stdout.fileno())
        proc.stdin.close()
        proc.stdout.close()
        w = Worker(self, proc.pid, cmd_w, res_r, config["tmpdir"], held, output, proc=proc)
        self._live.add(w.pid)
        return w

    def reap(self, worker: "Worker", grace: float) -> dict:
        if worker.proc is not None:                       # spawned
            try:
                worker.proc.wait(timeout=grace)
                killed = False
            except subprocess.TimeoutExpired:
                killed = True
            _kill_group(worker.pid)
            rc = worker.proc.wait()
            if killed:
                return {"signal": 9, "killed": True}
            return {"signal": -rc, "killed": False} if rc < 0 else {"code": rc, "killed": False}
        return self._ask({"op": "reap", "pid": worker.pid, "grace": grace})


class _Spare:
    """A worker being started on a thread of its own, for the session's next `worker()`.
    It never starts a template (one started on this short-lived thread would die with it:
    PR_SET_PDEATHSIG follows the thread): with none alive it gives up, and `worker()`
    starts one itself."""

    def __init__(self, session: Session, settings: int):
        self.session = session
        self.settings = settings
        self.worker: Worker | None = None
        self.thread = threading.Thread(target=self._start, daemon=True)
        self.thread.start()

    def _start(self) -> None:
        try:
            self.worker = self.session._new_worker("worker", restart=False)
        except BaseException:        # SandboxError, or a session closed meanwhile
            self.worker = None

    def take(self, settings: int) -> "Worker | None":
        """The spare, if it started with today's settings and has not died since."""
        self.thread.join()
        w = self.worker
        if w is None:
            return None
        if settings != self.settings or _exited(w.pid):
            w.release()
            return None
        return w

    def discard(self) -> None:
        self.thread.join()
        if self.worker is not None:
            self.worker.close()


class _Closer:
    """Closes released workers on a thread of its own, so grading goes on to the next worker
    while the last one exits and its folder is removed. At most `depth` wait their turn:
    a worker that will not exit costs its grace period here, never piles up."""

    def __init__(self, depth: int = 4):
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def put(self, worker: "Worker") -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True)
                self._thread.start()
        self._queue.put(worker)

    def _run(self) -> None:
        while True:
            worker = self._queue.get()
            try:
                if worker is None:
                    return
                worker.close()
            except Exception:        # closing is best effort; the template kills it anyway
                pass
            finally:
                self._queue.task_done()

    def settle(self) -> None:
        """Return once every worker released so far is closed."""
        self._queue.join()

    def stop(self) -> None:
        """Close everything released so far, then end the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()


def _exited(pid: int, timeout: float = 0.0) -> bool | None:
    """Whether process `pid` (not necessarily our child) ended within `timeout` seconds,
    woken by its pidfd; None where the kernel has no pidfds."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    except (AttributeError, OSError):
        return None
    try:
        ready, _, _ = select.select([pidfd], [], [], timeout)
        return bool(ready)
    finally:
        os.close(pidfd)


remove_tree = cleanup.remove_tree


def _close(fd: int | None) -> None:
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass


def _kill_group(pid: int) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGTERM)
    except OSError:
        pass


class WorkerGone(Exception):
    pass


class Worker:
    """One sandboxed process holding one submission. Not thread-safe: one caller at a time."""

    def __init__(self, session: Session, pid: int, cmd_fd: int, res_fd: int, tmpdir: str,
                 held: int, output: int, proc: subprocess.Popen | None = None):
        self.session = session
        self.pid = pid
        self.proc = proc
        self.tmpdir = tmpdir
        self._cmd = cmd_fd
        self._res = res_fd
        self._held = held             # the temp dir, opened before the worker ran
        self._output = output         # its stdout/stderr: an unlinked file, read by descriptor
        os.set_blocking(cmd_fd, False)
        os.set_blocking(res_fd, False)
        self._out_pos = 0
        self._sent = 0
        self.layers: dict = {}
        self.dead: Reply | None = None
        self.closed = False

    def handshake(self, timeout: float) -> None:
        reply = self._exchange(None, timeout)
        if reply.status != "ok" or not isinstance(reply.value, dict):
            self.close()
            raise SandboxError(f"a worker failed to start ({reply.status}: {reply.detail})"
                               + (f"\n{reply.output}" if reply.output else ""))
        self.layers = reply.value.get("layers", {})

    # -- requests --------------------------------------------------------------------------
    def load(self, source: str, filename: str, module: str) -> Reply:
        return self.request({"op": "load", "source": source, "filename": filename,
                             "module": module}, self.session.limits.load_timeout)

    def call(self, probe: dict, args: dict, seed: int, timeout: float | None = None) -> Reply:
        return self.request({"op": "call", "probe": probe, "args": args, "seed": seed},
                            timeout or self.session.limits.call_timeout)

    def request(self, message: dict, timeout: float) -> Reply:
        if self.dead is not None:
            return self.dead
        self._sent += 1
        return self._exchange(dict(message, id=self._sent), timeout)

    def _exchange(self, message: dict | None, timeout: float) -> Reply:
        deadline = time.monotonic() + timeout
        started = time.monotonic()
        try:
            if message is not None:
                self._write(wire.encode(message, max_bytes=1 << 30), deadline)
            raw = self._read_frame(deadline)
        except TimeoutError:
            return self._fail("timed_out", f"no answer within {_seconds(timeout)}", grace=0.0)
        except WorkerGone:
            return self._fail("crashed", "", grace=1.0)
        except wire.TooLarge as exc:
            return self._fail("invalid", f"the reply was too large ({exc})", grace=0.0)
        except wire.WireError as exc:
            return self._fail("invalid", f"the reply was not readable ({exc})", grace=0.0)
        output = self._new_output()
        if message is None:                               # the ready frame
            return Reply("ok", value=raw if isinstance(raw, dict) else None, output=output)
        try:
            checked = replies.reply(raw, message["id"])
        except Exception as exc:   # BadReply, or a value no check of ours foresaw
            return self._fail("invalid", str(exc), grace=0.0)
        elapsed = time.monotonic() - started
        status = checked["status"]
        if status == "unsendable":
            return Reply("invalid", detail=checked["detail"], output=output, elapsed=elapsed)
        detail = checked["code"] if status == "exit" else ""
        return Reply(status, value=checked["value"], error=checked["error"], detail=detail,
                     output=output, warnings=checked["warnings"], elapsed=elapsed)

    def _fail(self, status: str, detail: str, grace: float) -> Reply:
        """The worker is unusable: kill it, learn how it ended, remember why."""
        end = self._finish(grace)
        if status == "crashed":
            if end.get("signal"):
                sig = end["signal"]
                status, detail = "crashed", f"killed by signal {sig} ({_signame(sig)})"
                if sig == signal.SIGKILL:
                    detail += ", which is how the system stops a process that runs out of memory"
                if sig == getattr(signal, "SIGXCPU", -1):
                    status, detail = "timed_out", "used up its CPU time limit"
            else:
                status, detail = "exit", f"the process exited with status {end.get('code')}"
        self.dead = Reply(status, detail=detail, output=self._new_output())
        return self.dead

    def _finish(self, grace: float) -> dict:
        if self.closed:
            return {}
        self.closed = True
        for fd in (self._cmd, self._res):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            end = self.session.reap(self, grace)
        except SandboxError:
            end = {}
        self.session._live.discard(self.pid)
        return end

    def close(self) -> None:
        """Ask the worker to exit, then make sure it and everything it started are gone."""
        if self.closed:
            self._cleanup()
            return
        try:
            self._write(wire.encode({"op": "exit"}), time.monotonic() + 1.0)
        except (TimeoutError, WorkerGone, OSError):
            pass
        # Wait for the exit here, not in the template: it serves other threads' forks
        # meanwhile. Where there are no pidfds, the template waits as before.
        waited = _exited(self.pid, 1.0) if self.proc is None else None
        self._finish(grace=1.0 if waited is None else 0.0)
        self._cleanup()

    def release(self) -> None:
        """Close this worker in the background (the session's closer); nothing may use it
        after this."""
        if self._held is None:
            return
        self.session.closer.put(self)

    def _cleanup(self) -> None:
        if self._held is None:
            return
        cleanup.remove_tree(self.tmpdir, self._held)
        for fd in (self._held, self._output):
            _close(fd)
        self._held = self._output = None

    # -- pipes -----------------------------------------------------------------------------
    def _write(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            _, ready, _ = select.select([], [self._cmd], [], remaining)
            if not ready:
                continue
            try:
                n = os.write(self._cmd, view)
            except BlockingIOError:
                continue
            except (BrokenPipeError, OSError):
                raise WorkerGone from None
            view = view[n:]

    def _read_exact(self, n: int, deadline: float) -> bytes:
        chunks, got = [], 0
        while got < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self._res], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(self._res, min(n - got, 1 << 20))
            except BlockingIOError:
                continue
            except OSError:
                raise WorkerGone from None
            if not chunk:
                raise WorkerGone
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _read_frame(self, deadline: float) -> Any:
        cap = self.session.limits.return_mb << 20
        prefix = self._read_exact(wire.PREFIX.size, deadline)
        jlen, blen = wire.frame_sizes(prefix, cap)
        body = self._read_exact(jlen + blen, deadline)
        return wire.decode(prefix + body, max_bytes=cap)

    def _new_output(self) -> str:
        """Learner output written since the last call, capped for display.

        Read through the descriptor the grader created (never a path in the worker's
        folder, which learner code could swap for a link or a FIFO)."""
        cap = self.session.limits.output_kb << 10
        if self._output is None:
            return ""
        try:
            size = os.fstat(self._output).st_size
            if size <= self._out_pos:
                self._out_pos = min(self._out_pos, size)
                return ""
            head = os.pread(self._output, min(cap, size - self._out_pos), self._out_pos)
            truncated = size - self._out_pos > cap
            self._out_pos = size
        except OSError:
            return ""
        text = head.decode("utf-8", errors="replace")
        return text + "\n[... output truncated ...]" if truncated else text


def _seconds(x: float) -> str:
    """'10 s', '2.5 s': a deadline as a person would say it."""
    return f"{x:.0f} s" if x >= 10 else f"{x:.2g} s"


def _signame(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"
