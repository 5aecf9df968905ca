"""The sandboxed worker: loads one submission, runs probes on it, sends back data.

Everything here runs in the untrusted process. It confines itself first (confine.py), then
answers requests from the grader one at a time over two pipes:

  load  {source, filename, module}      exec the submission as a module
  call  {probe: {name, source}, args, seed}  run a probe on it, return what it observed
  info  {}                               torch version and whether CUDA is usable
  exit  {}

Replies: {"status": "ok", "value": ...} or {"status": "raised", "error": {...}} (learner
exception, described as data), {"status": "exit", "code": ...} for SystemExit, or
{"status": "unsendable", "detail": ...} when a value cannot cross. Learner stdout and stderr go
to a file the grader opened before the worker started (it arrives as descriptor 5 and
becomes 1 and 2; unlinked, out of the worker's reach by path): the grader shows it, never
parses it.
"""
from __future__ import annotations

import builtins
import errno
import linecache
import os
import sys
import time
import traceback
import types
import warnings

from graders.worker import confine, privatefs, wire

CMD_FD, RES_FD, OUT_FD = 3, 4, 5
_MEMORY_PATTERNS = ("can't allocate memory", "out of memory", "cannot allocate memory")


class MissingName(Exception):
    """The submission does not define a name a probe asked for."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class Submission:
    """What probes see of the learner's module: attribute access that names what is missing."""

    def __init__(self, namespace: dict):
        object.__setattr__(self, "_ns", namespace)

    def __getattr__(self, name: str):
        try:
            return self._ns[name]
        except KeyError:
            raise MissingName(name) from None


# ----------------------------------------------------------------------------- setup
def prepare(config: dict) -> dict:
    """Detach, redirect, limit and confine this process; return the layers that are active."""
    layers: dict = {"worker": config.get("start", "fork")}
    if hasattr(os, "setsid") and config.get("start") == "fork":
        os.setsid()                                 # own process group: killpg reaches all of it
    layers["die_with_parent"] = confine.die_with_parent()
    parent = os.getppid() if hasattr(os, "getppid") else None
    tmp = config["tmpdir"]
    try:
        import fcntl
        fcntl.fcntl(OUT_FD, fcntl.F_SETFL, fcntl.fcntl(OUT_FD, fcntl.F_GETFL) | os.O_APPEND)
    except ImportError:      # Windows
        pass
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(OUT_FD, 1)
    os.dup2(OUT_FD, 2)
    if null > OUT_FD:
        os.close(null)
    if hasattr(os, "closerange"):
        os.closerange(OUT_FD, 65536)
    for stream in (sys.stdout, sys.stderr):     # what was printed before a crash still shows
        try:
            stream.reconfigure(line_buffering=True)
        except (AttributeError, ValueError):
            pass
    fs = config.get("fs")
    switch = config.get("confine") and fs is not None and fs["uid"] != os.geteuid()
    private = False
    if fs is not None:
        try:
            layers["filesystem"] = privatefs.enter(fs)
            private = True
        except OSError as exc:
            layers["filesystem"] = f"failed ({exc.strerror or exc}): shared temp folder"
            switch = switch and not fs.get("bridges")   # Python would be out of reach
    else:
        layers["filesystem"] = "shared temp folder (not requested)"
    os.chdir(tmp)
    os.environ.clear()
    os.environ.update(config["env"])
    lim = config["limits"]
    if hasattr(os, "fork"):
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a too-big write fails, not the worker
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # RLIMIT_NPROC counts every process of the uid machine-wide: under a uid shared with
    # other workers (TORCHGRADE_WORKER_UID), theirs would count against this one's, so it is
    # left off there (seccomp still stops new processes; threads are not capped).
    layers["rlimits"] = confine.apply_rlimits(
        cpu_seconds=lim["cpu_seconds"], memory_bytes=lim["memory_mb"] << 20,
        file_bytes=lim["file_mb"] << 20, open_files=lim["open_files"],
        processes=0 if switch and not fs.get("own_uid") else lim["processes"])
    if config.get("confine"):
        if switch:
            layers["privileges"] = _layer(confine.become_user, fs["uid"], fs["gid"])
        elif os.geteuid() != 0 and private:       # it owns a user namespace: drop its caps
            layers["privileges"] = _layer(_drop_namespace_capabilities)
        else:
            layers["privileges"] = _layer(confine.drop_root_capabilities)
        # Without the private mount, /dev/shm would be the machine's shared one: never that.
        # The kernel forgets the parent-death signal when credentials change (the uid
        # switch, a user namespace): ask again, and leave if the parent went meanwhile.
        if layers["die_with_parent"]:
            confine.die_with_parent()
            if os.getppid() != parent:
                os._exit(70)
        rules = [(path, rights) for path, rights in config["landlock"]
                 if private or path != "/dev/shm"]
        if config.get("device", "cpu").startswith("cuda"):
            rules.append((f"/proc/{os.getpid()}/task", confine.DEVICE))
        layers["landlock"] = _layer(confine.apply_landlock, rules)
        layers["seccomp"] = _layer(confine.apply_seccomp)
    else:
        layers["privileges"] = layers["landlock"] = layers["seccomp"] = "off (not requested)"
    return layers


def _drop_namespace_capabilities() -> str:
    confine.drop_capabilities()
    return "not root (capabilities of its user namespace dropped)"


def _layer(fn, *args) -> str:
    try:
        return fn(*args)
    except OSError as exc:
        return f"failed ({exc.strerror or exc})"


# ----------------------------------------------------------------------------- I/O
def _read_exact(fd: int, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _receive(array_factory):
    prefix = _read_exact(CMD_FD, wire.PREFIX.size)
    jlen, blen = wire.frame_sizes(prefix, 1 << 30)
    return wire.decode(prefix + _read_exact(CMD_FD, jlen + blen), max_bytes=1 << 30,
                       array_factory=array_factory)


def _send(message: dict, max_bytes: int, tensor_hook) -> None:
    try:
        frame = wire.encode(message, max_bytes=max_bytes, tensor_hook=tensor_hook)
    except wire.TooLarge as exc:
        frame = wire.encode({"status": "unsendable", "detail": f"too large: {exc}",
                             "id": message.get("id")})
    except (wire.WireError, RecursionError, TypeError, ValueError) as exc:
        frame = wire.encode({"status": "unsendable", "detail": _safe_str(exc),
                             "id": message.get("id")})
    view = memoryview(frame)
    while view:
        written = os.write(RES_FD, view)
        view = view[written:]


# ----------------------------------------------------------------------------- describing
def _safe_str(obj, limit: int = 2000) -> str:
    try:
        text = str(obj)
    except BaseException:  # a learner __str__ may raise anything
        text = "<message could not be shown>"
    if type(text) is not str:
        text = "<message could not be shown>"
    return text[:limit]


def describe(exc: BaseException, learner_file: str, torch_mod) -> dict:
    """A learner exception as plain data: type, message, frames (theirs marked)."""
    frames, tb = [], exc.__traceback__
    while tb is not None and len(frames) < 200:
        code = tb.tb_frame.f_code
        theirs = code.co_filename == learner_file
        text = linecache.getline(code.co_filename, tb.tb_lineno).strip() if theirs else ""
        frames.append({"file": os.path.basename(code.co_filename), "line": tb.tb_lineno,
                       "func": code.co_name, "text": text[:300], "learner": theirs})
        tb = tb.tb_next
    message = _safe_str(exc)
    if isinstance(exc, SyntaxError) and exc.filename == learner_file:
        # Where it is, as a frame of theirs: the grader words the line (a notebook's cell).
        message = str(exc.msg)
        frames.append({"file": os.path.basename(learner_file), "line": exc.lineno or 0,
                       "func": "<module>", "text": (exc.text or "").strip()[:300],
                       "learner": True})
    etype = type(exc)
    memory = isinstance(exc, MemoryError) or (
        torch_mod is not None and isinstance(exc, getattr(torch_mod, "OutOfMemoryError", ()))
    ) or (isinstance(exc, RuntimeError) and any(p in message for p in _MEMORY_PATTERNS)) or (
        isinstance(exc, OSError) and exc.errno == errno.ENOMEM)
    # "Not attempted" is the stub's own `raise NotImplementedError(...)` in the learner's
    # file; PyTorch's "... not implemented for 'Long'" is an error in their code.
    last = frames[-1] if frames else None
    todo = (isinstance(exc, NotImplementedError) and last is not None and last["learner"]
            and last["text"].startswith("raise"))
    return {
        "type": getattr(etype, "__qualname__", "Exception")[:100],
        "module": (getattr(etype, "__module__", "") or "")[:100],
        "message": message,
        "frames": frames[-25:],
        "not_implemented": bool(todo),
        "missing": exc.name if isinstance(exc, MissingName) else None,
        "memory": bool(memory),
        # kit.Mistake: a learner value a probe stopped on; facts only, worded by the grader.
        "mistake": _facts(exc) if etype.__name__ == "Mistake" else None,
    }


def _facts(exc: BaseException):
    try:
        facts = exc.facts
        return facts if type(facts) is dict else None
    except Exception:
        return None


_OOM = {"type": "MemoryError", "module": "builtins", "message": "", "frames": [],
        "not_implemented": False, "missing": None, "memory": True, "mistake": None}


def _describe_safely(exc: BaseException, state: "_State", torch_mod) -> dict:
    """describe(), even when memory has run out; then let go of the learner's frames."""
    try:
        return describe(exc, state.learner_file, torch_mod)
    except MemoryError:
        return dict(_OOM)
    except BaseException:   # an exception whose own attributes raise: describe it plainly
        return dict(_OOM, memory=False, type="Exception",
                    message="(an exception that could not be described)")
    finally:
        traceback.clear_frames(exc.__traceback__)   # frees what a memory hog holds


def _warnings(caught, learner_file: str) -> list[dict]:
    out, seen = [], set()
    for w in caught[:50]:
        msg = _safe_str(w.message, 300)
        if msg in seen:
            continue
        seen.add(msg)
        out.append({"category": getattr(w.category, "__name__", "Warning")[:60], "message": msg,
                    "learner": w.filename == learner_file, "line": int(w.lineno or 0)})
    return out[:10]


# ----------------------------------------------------------------------------- the loop
class _State:
    def __init__(self, config: dict):
        self.config = config
        self.module: types.ModuleType | None = None
        self.learner_file = "<no submission>"
        self.probes: dict[str, types.FunctionType] = {}


MAX_CELL_ERRORS = 5


def _load(state: _State, req: dict, torch_mod) -> dict:
    filename = req["filename"]
    source = req["source"]
    state.learner_file = filename
    # Tracebacks and warnings read source lines through linecache; the file itself may be
    # unreadable from inside the sandbox, so hand it the text we were sent.
    linecache.cache[filename] = (len(source), None, wire.source_lines(source), filename)
    module = types.ModuleType(req["module"])
    module.__file__ = filename
    sys.modules[req["module"]] = module
    state.module = module
    cells = req.get("cells")
    if not cells:
        exec(compile(source, filename, "exec", dont_inherit=True), module.__dict__)
        return {"status": "ok", "value": None}
    # A notebook runs cell by cell, as Jupyter runs it: a cell that raises is reported and
    # the others still define what they define. (An exit, a hang or running out of memory
    # still ends the load.)
    lines, errors = wire.source_lines(source), []
    for start, end in cells:
        padded = "\n" * (start - 1) + "".join(lines[start - 1:end])   # line numbers kept
        try:
            exec(compile(padded, filename, "exec", dont_inherit=True), module.__dict__)
        except (SystemExit, KeyboardInterrupt, MemoryError):
            raise
        except BaseException as exc:  # the learner's exception, whatever it is
            if len(errors) < MAX_CELL_ERRORS:
                errors.append(_describe_safely(exc, state, torch_mod))
    return {"status": "ok", "value": {"cell_errors": errors}}


def _probe(state: _State, spec: dict, kit) -> types.FunctionType:
    key = spec["source"]
    fn = state.probes.get(key)
    if fn is None:
        import numpy as np
        import torch
        glb = {"__builtins__": builtins, "__name__": "probe", "torch": torch, "nn": torch.nn,
               "F": torch.nn.functional, "np": np, "kit": kit}
        filename = f"<probe {spec['name']}>"
        linecache.cache[filename] = (len(key), None, wire.source_lines(key), filename)
        exec(compile(key, filename, "exec", dont_inherit=True), glb)
        fn = glb[spec["name"]]
        state.probes[key] = fn
    return fn


def _call(state: _State, req: dict, kit) -> dict:
    if state.module is None:
        raise RuntimeError("call before load")
    fn = _probe(state, req["probe"], kit)
    kit.seed_everything(req["seed"])
    return {"status": "ok", "value": fn(Submission(state.module.__dict__), **req["args"])}


def _info(torch_mod) -> dict:
    cuda = bool(torch_mod.cuda.is_available())
    # Can this worker's uid still read the install (imports learner code may need later)?
    folders = {os.path.dirname(os.__file__), os.path.dirname(torch_mod.__file__)}
    readable = True
    for folder in folders:
        try:
            os.listdir(folder)
        except OSError:
            readable = False
    return {"status": "ok", "value": {"torch": torch_mod.__version__, "cuda": cuda,
                                      "cuda_devices": torch_mod.cuda.device_count() if cuda else 0,
                                      "python_readable": readable}}


def serve(config: dict) -> None:
    """Answer requests until told to exit or the grader goes away."""
    import torch

    from graders.worker import kit
    max_bytes = config["limits"]["return_mb"] << 20
    state = _State(config)

    def to_tensor(arr):
        return torch.from_numpy(arr)

    while True:
        try:
            req = _receive(to_tensor)
        except (EOFError, OSError, wire.WireError):
            return
        op = req.get("op")
        if op == "exit":
            return
        started = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if op == "load":
                    reply = _load(state, req, torch)
                elif op == "call":
                    reply = _call(state, req, kit)
                elif op == "info":
                    reply = _info(torch)
                else:
                    reply = {"status": "unsendable", "detail": f"unknown op {op!r}"}
            except SystemExit as exc:
                reply = {"status": "exit", "code": f"SystemExit({_safe_str(exc.code, 200)})"}
            except BaseException as exc:  # the learner's exception, whatever it is
                reply = {"status": "raised", "error": _describe_safely(exc, state, torch)}
        reply["warnings"] = _warnings(caught, state.learner_file)
        reply["elapsed"] = time.perf_counter() - started
        reply["id"] = req.get("id")
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        _send(reply, max_bytes, kit.tensor_facts)


def install_fds(cmd_fd: int, res_fd: int, out_fd: int) -> None:
    """Put the three channels at CMD_FD, RES_FD and OUT_FD, whatever numbers they arrived on."""
    import fcntl
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in (cmd_fd, res_fd, out_fd)]
    for fd, target in zip(high, (CMD_FD, RES_FD, OUT_FD)):
        os.dup2(fd, target)
        os.close(fd)


def run_forked(config: dict, _exit=os._exit) -> None:
    """Entry point in a child forked by the template; never returns."""
    code = 0
    try:
        layers = prepare(config)
        _send({"ready": True, "pid": os.getpid(), "layers": layers}, 1 << 20, None)
        serve(config)
    except BaseException:
        code = 70
    finally:
        _exit(code)     # bound at import: learner code rebinding os._exit cannot keep us alive


def run_spawned(_exit=os._exit) -> None:
    """Entry point of a fresh interpreter (platforms without fork): config on argv.

    Confinement comes before `import torch`, which starts a thread that Landlock (before
    ABI 8) would not cover. `kit` lives in the course folder, unreadable once confined, so
    its source is read first and executed after torch is imported.
    """
    import importlib.util
    import json
    config = json.loads(sys.argv[1])
    install_fds(0, 1, int(config["out_fd"]))
    origin = importlib.util.find_spec("graders.worker.kit").origin
    with open(origin, encoding="utf-8") as fh:
        kit_source = fh.read()
    code = 0
    try:
        layers = prepare(config)
        import torch  # noqa: F401  (after confinement, under the same limits)
        torch.set_num_threads(1)
        kit = types.ModuleType("graders.worker.kit")
        kit.__file__ = origin
        sys.modules["graders.worker.kit"] = kit
        exec(compile(kit_source, origin, "exec"), kit.__dict__)
        _send({"ready": True, "pid": os.getpid(), "layers": layers}, 1 << 20, None)
        serve(config)
    except BaseException:
        code = 70
    finally:
        _exit(code)
