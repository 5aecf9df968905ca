"""The grading service: one warm grader that serves one user's commands, one at a time.

Started by `client._start` as `server.main(SOCKET)`: it forks once (the starting command does
not wait for it), listens, warms torch and the default worker template, and then serves:

  {"op": "command", "argv": [...], "cwd": ..., "tty": b}
      -> {"output": [out|err, text]} as the command writes it, ..., then {"code": n}
  {"op": "grade", "source": {...}, "exercise": ..., "course": ..., "seed": ...}
                                                     -> {"result": {...}} | {"error": ...}
  {"op": "status"} -> facts;  {"op": "stop"} -> {"stopping": true}
  any request, when the package or a loaded course changed on disk -> {"restart": true}
  a command that would wait behind one running for BUSY_SECONDS -> {"busy": true}

A command runs through the same click command as in a process of its own, its output
captured; each Grader borrows a warm Session (a worker template) with the settings it asks
for, and every exercise still gets a fresh confined worker. A client that goes away mid-request
(Ctrl-C, a killed notebook) interrupts its request; the service then drops its sessions,
since an interrupted exchange may have left a template's reply unread.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import select
import signal
import socket
import sys
import threading
import time
import traceback
from pathlib import Path

from graders.service import place

# A command arriving while a class runs, or while a check has run this long (one that
# hangs), is sent back to grade in its own process rather than wait; so is one behind
# MAX_QUEUED others.
BUSY_SECONDS = 3.0
MAX_QUEUED = 4
MAX_SESSIONS = 3          # warm templates kept (each ~200 MB); the least recently used goes


def main(folder_fd: int, name: str) -> None:
    """Listen at `name` in the folder open as `folder_fd` (see place.Folder), let the
    starting command go, then warm up and serve until idle."""
    folder = place.Folder(folder_fd, Path(f"/proc/self/fd/{folder_fd}"))
    listener = _listen(folder, name)
    if os.fork():                       # the starting command waits only for this
        os._exit(0)
    # A cancelled request is interrupted by SIGINT (see _Hangup), whatever the starting
    # command did with it; no terminal reaches this process (a session of its own).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 0
    try:
        server = Server(listener, folder, name)
        server.warm()
        server.serve()
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)                  # unloading torch is nobody's wait


def _listen(folder: place.Folder, name: str) -> socket.socket:
    """A listening socket at `name`, put there in one step (a stale one is replaced)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    staging = f".{name}.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(staging, dir_fd=folder.fd)
    old = os.umask(0o077)
    try:
        listener.bind(folder.at(staging))
    finally:
        os.umask(old)
    listener.listen(64)
    os.replace(staging, name, src_dir_fd=folder.fd, dst_dir_fd=folder.fd)
    return listener


class SessionPool:
    """Warm Sessions by the settings Graders ask for; lent, never closed by a Grader."""

    def __init__(self):
        self._sessions: dict[str, object] = {}
        self._lock = threading.Lock()

    def lend(self, **settings):
        from graders.core.sandbox import Session
        k = json.dumps({name: _plain(value) for name, value in settings.items()},
                       sort_keys=True)
        with self._lock:
            session = self._sessions.pop(k, None)
            if session is None or session.closed:
                session = Session(**settings)
            self._sessions[k] = session          # most recently used last
            old = list(self._sessions)[:-MAX_SESSIONS]
            retired = [self._sessions.pop(name) for name in old]
        for s in retired:
            with contextlib.suppress(Exception):
                s.close()
        return session

    def close_all(self) -> None:
        with self._lock:
            sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            with contextlib.suppress(Exception):
                session.close()

    def __len__(self) -> int:
        return len(self._sessions)


def _plain(value):
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return value


class Server:
    def __init__(self, listener: socket.socket, folder: place.Folder, name: str):
        self.listener = listener
        self.folder, self.name = folder, name
        self.inode = os.stat(name, dir_fd=folder.fd, follow_symlinks=False).st_ino
        self.started = time.time()
        self.requests = 0
        self.stopping = False
        self.running: str | None = None            # the command being served: check|class
        self.package = place.fingerprint(place.SOURCE_ROOTS)
        self.libraries: list[str] = []             # torch's and numpy's files, once imported
        self.courses: dict[str, str] = {}          # suites folder -> its fingerprint
        self.pool = SessionPool()
        self.idle = place.idle_seconds()
        self.namespace = place.namespace()

    # -- life ------------------------------------------------------------------------------
    def warm(self) -> None:
        """Import what grading needs and open the default session (built-in or
        $TORCHGRADE_COURSE course, default limits), the template starting beside the
        imports; a failure here is left for the first request to report."""
        from graders.core.grading import Grader, Options

        def imports():
            import torch  # noqa: F401
            import torch.nn.functional  # noqa: F401
            import torch.utils.data  # noqa: F401

            from graders.core import cli  # noqa: F401
        importer = threading.Thread(target=imports, daemon=True)
        importer.start()
        Grader.lender = self.pool.lend
        # Sessions start in the main thread only: a template dies with the thread that
        # started it (PR_SET_PDEATHSIG), and requests are served in this thread.
        with contextlib.suppress(Exception):
            with Grader(Options()):
                pass
        importer.join()
        # An upgraded torch or numpy under a running service makes it stale too.
        self.libraries = [m.__file__ for m in (sys.modules.get("torch"),
                                               sys.modules.get("numpy")) if m is not None]
        self.library_stamp = place.stamp(self.libraries)

    def serve(self) -> None:
        """Grade queued requests on this thread (sessions start on it, see warm) until idle
        or stopped; a thread of its own accepts connections meanwhile."""
        self.queue: queue.Queue = queue.Queue()
        self.busy_since: float | None = None
        threading.Thread(target=self._accept, daemon=True).start()
        try:
            while not self.stopping:
                try:
                    conn, message = self.queue.get(timeout=self.idle)
                except queue.Empty:
                    break
                if conn is None:
                    break
                self.busy_since = time.monotonic()
                try:
                    with conn:
                        self.handle(conn, message)
                except KeyboardInterrupt:        # a cancel that landed after its request
                    pass
                finally:
                    self.busy_since = None
        finally:
            self.leave()
            self._send_back()
            self.pool.close_all()

    def _send_back(self) -> None:
        """Queued commands go to the next service (the client starts one and retries)."""
        while True:
            try:
                conn, _ = self.queue.get_nowait()
            except queue.Empty:
                return
            if conn is not None:
                with conn, contextlib.suppress(OSError):
                    place.send(conn, {"restart": True})

    def leave(self) -> None:
        """Take our socket away (not a newer service's) so no command waits on us."""
        with contextlib.suppress(OSError):
            fd = self.folder.fd
            if os.stat(self.name, dir_fd=fd, follow_symlinks=False).st_ino == self.inode:
                os.unlink(self.name, dir_fd=fd)

    # -- requests --------------------------------------------------------------------------
    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with contextlib.suppress(Exception):
                self._triage(conn)

    def _triage(self, conn: socket.socket) -> None:
        """On the accepting thread: answer what needs no grading, queue the rest, and send
        commands that would wait behind a long one (a class, say) back to be graded in
        their own process."""
        conn.settimeout(30)
        try:
            pid, uid = place.peer(conn)
            if uid != os.geteuid():
                conn.close()
                return
            message = place.receive(conn)
        except (OSError, EOFError, ValueError):
            conn.close()
            return
        op = message.get("op")
        if op == "status":
            reply = self.status()
        elif op == "stop":           # after the command running now, if any: not mid-way
            self.stopping = True
            self.leave()
            self.queue.put((None, None))
            reply = {"stopping": True, "pid": os.getpid(), "running": self.running}
        elif op in ("command", "grade") and place.namespace(pid) != self.namespace:
            # Another mount namespace or root: the same paths may name other files there.
            reply = {"elsewhere": True}
        elif op in ("command", "grade"):
            since = self.busy_since
            waits = self.running == "class" or (
                since is not None and time.monotonic() - since > BUSY_SECONDS)
            if not waits and self.queue.qsize() < MAX_QUEUED:
                self.queue.put((conn, message))
                return
            reply = {"busy": True}
        else:
            reply = {"error": f"unknown op {op!r}"}
        with conn, contextlib.suppress(OSError):
            place.send(conn, reply)

    def handle(self, conn: socket.socket, message: dict) -> None:
        """One queued command or notebook check, on the grading thread."""
        if _gone(conn):                          # its command went away while it waited
            return
        if self.stale():
            self.stopping = True
            self.leave()
            reply = {"restart": True}
        else:
            self.requests += 1
            argv = message.get("argv") or ["check"]
            self.running = "class" if argv[:1] == ["class"] else "check"
            conn.settimeout(None)        # output waits for a slow reader, never dropped
            hangup = _Hangup(conn)
            try:
                with hangup:
                    reply = (self.command(message, conn) if message["op"] == "command"
                             else self.grade(message))
            finally:
                self.running = None
                if hangup.fired:                 # an exchange may have been cut mid-way
                    self.pool.close_all()
        with contextlib.suppress(OSError):
            place.send(conn, reply)

    def status(self) -> dict:
        from graders import __version__
        return {"pid": os.getpid(), "version": __version__, "root": str(place.PACKAGE_ROOT),
                "python": sys.executable, "started": self.started, "requests": self.requests,
                "sessions": len(self.pool), "idle_seconds": self.idle,
                "running": self.running}

    def stale(self) -> bool:
        """Whether the package, or a course this service imported suites from, changed."""
        if place.fingerprint(place.SOURCE_ROOTS) != self.package:
            return True
        if self.libraries and place.stamp(self.libraries) != self.library_stamp:
            return True
        return any(place.fingerprint([folder], every_file=True) != seen
                   for folder, seen in self.courses.items())

    def _note_courses(self) -> None:
        from graders.core import course as courses
        for course in list(courses._courses.values()):
            folder = str(course.suites_dir)
            if not course.builtin and folder not in self.courses:
                self.courses[folder] = place.fingerprint([folder], every_file=True)

    def command(self, message: dict, conn: socket.socket) -> dict:
        """Run `grade ARGV` in the client's folder; its output goes to the client as it is
        written (a long command shows progress), then the exit status."""
        from graders.core import cli
        argv, cwd = message.get("argv"), message.get("cwd")
        if not (isinstance(argv, list) and all(isinstance(a, str) for a in argv)
                and isinstance(cwd, str)):
            return {"code": 2, "output": ["err", "Error: a malformed request\n"]}
        try:
            os.chdir(cwd)
        except OSError as exc:
            return {"code": 2, "output": ["err", f"Error: cannot enter {cwd}: {exc}\n"]}
        tty = message.get("tty")
        out_tty, err_tty = (bool(t) for t in tty) if isinstance(tty, list) and len(tty) == 2 \
            else (False, False)
        umask = message.get("umask")
        old_umask = os.umask(umask if isinstance(umask, int) and 0 <= umask <= 0o777 else 0o022)
        try:
            with contextlib.redirect_stdout(_stream(conn, "out", out_tty)), \
                    contextlib.redirect_stderr(_stream(conn, "err", err_tty)):
                code = _exit_code(lambda: cli.main(args=argv, prog_name="grade"))
        finally:
            os.umask(old_umask)
            os.chdir("/")
            self._note_courses()
        return {"code": code}

    def grade(self, message: dict) -> dict:
        from graders.core import course as courses
        from graders.core.grading import Grader, GraderError, Options
        from graders.core.load import InvalidSubmission, Source
        try:
            raw = message["source"]
            source = Source(str(raw["text"]), str(raw["filename"]),
                            [tuple(c) for c in raw.get("cells", [])],
                            [tuple(p) for p in raw.get("pieces", [])])
            course = courses.resolve(message.get("course"))
            name = course.named(str(message["exercise"]))
            seed = message.get("seed")
            with Grader(Options(seed=seed, course=course)) as grader:
                result = grader.grade_source(source, name)
        except (GraderError, InvalidSubmission, courses.CourseError,
                courses.UnknownExercise) as exc:
            return {"error": str(exc)}
        except (KeyError, TypeError, ValueError) as exc:
            return {"error": f"a malformed request ({exc})"}
        finally:
            self._note_courses()
        return {"result": result.to_dict()}


def _exit_code(run) -> int:
    """What `run()` (a click command in standalone mode) would exit the process with."""
    try:
        run()
    except SystemExit as exc:
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code
        print(exc.code, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BaseException:
        traceback.print_exc()
        return 2
    return 0


def _stream(conn: socket.socket, name: str, tty: bool) -> io.TextIOWrapper:
    """A text stream whose writes go to the client as {"output": [name, text]} frames; a
    client that is gone is not written to (its request is being cancelled)."""
    class Sink(io.RawIOBase):
        def writable(self):
            return True

        def isatty(self):
            return tty

        def write(self, data):
            with contextlib.suppress(OSError):
                place.send(conn, {"output": [name, bytes(data).decode("utf-8",
                                                                      "surrogateescape")]})
            return len(data)
    return io.TextIOWrapper(Sink(), encoding="utf-8", errors="surrogateescape",
                            write_through=True)


def _gone(conn: socket.socket) -> bool:
    """Whether the client already closed its end (it sends nothing after its request)."""
    ready, _, _ = select.select([conn], [], [], 0)
    return bool(ready)


class _Hangup:
    """Interrupt the request being served when its client goes away: the client sends
    nothing after its request, so anything readable on the connection is its end."""

    def __init__(self, conn: socket.socket):
        self.conn = conn
        self.fired = False
        self._done = threading.Event()
        self._main = threading.main_thread().ident

    def __enter__(self) -> "_Hangup":
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        poller = select.poll()
        poller.register(self.conn.fileno(), select.POLLIN | select.POLLHUP | select.POLLERR
                        | getattr(select, "POLLRDHUP", 0))
        while not self._done.is_set():
            if poller.poll(200) and not self._done.is_set():
                self.fired = True
                signal.pthread_kill(self._main, signal.SIGINT)
                return
