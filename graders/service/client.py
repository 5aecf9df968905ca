"""The `grade` entry point, and the client side of the grading service.

`grade check ...` and `grade class ...` are sent to this user's service (started here when
none answers) and their output and exit status are replayed as they come; every other
command, and these where the service cannot be used, run in this process as before.
Standard library only until the fallback: a warm check must not pay for importing the grader.
"""
from __future__ import annotations

import errno
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time

from graders.service import place
from graders.service.place import Folder, Unavailable

START_TIMEOUT = 60.0          # seconds for a new service to start listening


def main() -> None:
    """`grade`: `check` and `class` through the service where it can be used."""
    argv = sys.argv[1:]
    if argv[:1] in (["check"], ["class"]) and "--no-service" not in argv \
            and place.enabled():
        code = run_command(argv)
        if code is not None:
            sys.exit(code)
    from graders.core.cli import main as command
    command(prog_name="grade")


def run_command(argv: list[str]) -> int | None:
    """`grade ARGV` run by the service, its output written here as it comes; None if no
    service could take it (the caller then runs the command itself)."""
    if sys.stdout is None or sys.stderr is None:
        return None
    try:
        message = {"op": "command", "argv": argv, "cwd": os.getcwd(), "umask": _umask(),
                   "tty": [_isatty(sys.stdout), _isatty(sys.stderr)]}
    except OSError:                      # no working folder (it was removed)
        return None
    shown = _Shown()
    # Ctrl-C or SIGTERM stop the command in the service (as `grade class` stops itself on
    # either), even where this process was started with SIGINT ignored (a background job).
    before = {signum: signal.signal(signum, _interrupted)
              for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        reply = request(message, output=shown.write)
    except Unavailable as exc:
        if shown.any:        # half a report is on screen: say so rather than grade twice
            _say(f"\nError: {exc}")
            return 2
        _say(f"note: grading in this process: {exc}")
        for signum, handler in before.items():     # the command's own, as before
            signal.signal(signum, handler)
        return None
    if "output" in reply:
        shown.write(*reply["output"])
    return int(reply.get("code", 2))


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


class _Shown:
    """Output frames written to this command's stdout and stderr; a reader that went away
    (`| head`) is not written to again, as a command of its own would have died quietly."""

    def __init__(self):
        self.any = False
        self.closed: set[str] = set()

    def write(self, stream: str, text: str) -> None:
        self.any = True
        if stream in self.closed:
            return
        out = sys.stderr if stream == "err" else sys.stdout
        try:
            out.buffer.write(text.encode("utf-8", "surrogateescape"))
            out.flush()
        except (BrokenPipeError, ValueError, OSError):
            self.closed.add(stream)


def grade_source(source: dict, exercise: str, course: str | None,
                 seed: int | None) -> dict:
    """A notebook's definitions graded by the service: the result's dict, or {"error": ...}
    for a problem the grader reports. Unavailable if no service could take it."""
    return request({"op": "grade", "source": source, "exercise": exercise, "course": course,
                    "seed": seed})


def request(message: dict, *, output=None) -> dict:
    """Send `message` to this command's service, starting one if none answers, and return
    its reply; `output(stream, text)` gets each piece of output that comes before it. A
    service that finds itself out of date is replaced once. Ctrl-C asks the service to stop
    the command (as Ctrl-C would stop it here) and still shows what it says while stopping;
    a second Ctrl-C leaves at once."""
    place.idle_seconds()                 # a bad setting is a message here, not in a log
    k = place.key()
    with Folder.open() as folder:
        for _ in range(2):
            try:
                conn = _connect(folder, k) or _start(folder, k)
            except OSError as exc:       # a lock or log that is a link, say
                raise Unavailable(f"cannot start the grading service ({exc})") from None
            with conn:
                reply = _exchange(conn, message, output)
            if reply.get("busy"):
                raise Unavailable("your grading service is busy with a longer command")
            if reply.get("elsewhere"):
                raise Unavailable("the grading service sees other files than this command")
            if not reply.get("restart"):
                return reply
    raise Unavailable("the grading service kept restarting")


def _exchange(conn: socket.socket, message: dict, output) -> dict:
    interrupted = False
    try:
        place.send(conn, message)
        while True:
            try:
                reply = place.receive(conn)
            except KeyboardInterrupt:
                if interrupted:
                    raise
                interrupted = True
                conn.shutdown(socket.SHUT_WR)    # the service sees its command go
                continue
            if "output" in reply and "code" not in reply and output is not None:
                output(*_piece(reply["output"]))
                continue
            if interrupted and "code" in reply:
                reply["code"] = 130
            return reply
    except KeyboardInterrupt:
        _say("\nInterrupted.")
        return {"code": 130}
    except (OSError, EOFError, ValueError) as exc:
        if interrupted:
            _say("\nInterrupted.")
            return {"code": 130}
        raise Unavailable(f"the grading service stopped answering ({exc})") from None


def _piece(frame) -> tuple[str, str]:
    if (isinstance(frame, list) and len(frame) == 2 and frame[0] in ("out", "err")
            and isinstance(frame[1], str)):
        return frame[0], frame[1]
    raise ValueError("a malformed output frame")


def ask_all(message: dict) -> list[dict]:
    """`message` to every service of this user (`grade service status|stop`): the replies
    of those that answer; sockets nothing listens on any more are removed."""
    found = []
    with Folder.open() as folder:
        for name in folder.names("service-*.sock"):
            conn = _connect_to(folder, name)
            if conn is None:
                continue
            try:
                with conn:
                    place.send(conn, message)
                    found.append(dict(place.receive(conn), socket=name))
            except (OSError, EOFError, ValueError):
                pass
    return found


def _connect(folder: Folder, k: str) -> socket.socket | None:
    return _connect_to(folder, place.socket_name(k))


def _connect_to(folder: Folder, name: str) -> socket.socket | None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(folder.at(name))
        if place.peer(conn)[1] != os.geteuid():   # the folder is ours; this is belt
            raise OSError("the service belongs to another user")
    except OSError as exc:
        conn.close()
        if exc.errno == errno.ECONNREFUSED:       # a service that died left its socket
            try:
                os.unlink(name, dir_fd=folder.fd)
            except OSError:
                pass
        return None
    return conn


def _start(folder: Folder, k: str) -> socket.socket:
    """Start this command's service (one at a time per key: a lock), connected to it."""
    flags = os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
    lock = os.open(f"service-{k}.lock", flags | os.O_RDWR, 0o600, dir_fd=folder.fd)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        conn = _connect(folder, k)               # another command started it meanwhile
        if conn is not None:
            return conn
        log = os.open(f"service-{k}.log", flags | os.O_WRONLY, 0o600, dir_fd=folder.fd)
        os.ftruncate(log, 0)
        boot = ("import sys; sys.path.insert(0, sys.argv[1]); "
                "from graders.service import server; "
                "server.main(int(sys.argv[2]), sys.argv[3])")
        try:
            # The child forks the service, which listens before the child exits; its output
            # goes to the log, never to this command's pipes (a CI step would wait for them).
            proc = subprocess.Popen(
                [sys.executable, "-c", boot, str(place.PACKAGE_ROOT), str(folder.fd),
                 place.socket_name(k)], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                cwd="/", start_new_session=True, pass_fds=(folder.fd,))
        finally:
            os.close(log)                        # the child holds its own copy
        try:
            code = proc.wait(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = -1
        conn = _connect(folder, k) if code == 0 else None
        if conn is None:
            raise Unavailable("the grading service did not start" + _last_line(folder, k))
        return conn
    finally:
        os.close(lock)


def _last_line(folder: Folder, k: str) -> str:
    try:
        fd = os.open(f"service-{k}.log", os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder.fd)
        with os.fdopen(fd, errors="replace") as fh:
            lines = [line.strip() for line in fh.read()[-4000:].splitlines() if line.strip()]
    except OSError:
        return ""
    return f" ({lines[-1][:300]})" if lines else ""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _say(text: str) -> None:
    try:
        print(text, file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass


def wait_gone(pid: int, timeout: float) -> bool:
    """Whether process `pid` ended within `timeout` seconds (a stopped service)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                        return True            # ended; someone else's to reap
            except (OSError, IndexError):
                return True
        time.sleep(0.02)
    return False
