"""The `grade` entry point, and the client side of the grading service.

`grade check ...` and `grade class ...` are sent to this user's service (started here when
none answers) and their output and exit status are replayed as they come; every other
command, and these where the service cannot be used, run in this process as before.
Standard library only until the fallback: a warm check must not pay for importing the grader.
"""
from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from graders.service import place
from graders.service.place import Unavailable

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
    """`grade ARGV` run by the service, its output written here; None if no service could
    take it (the caller then runs the command itself)."""
    wrote = False

    def show(stream: str, text: str) -> None:
        nonlocal wrote
        wrote = True
        out = sys.stderr if stream == "err" else sys.stdout
        out.buffer.write(text.encode("utf-8", "surrogateescape"))
        out.flush()
    try:
        reply = request({"op": "command", "argv": argv, "cwd": os.getcwd(),
                         "tty": sys.stdout.isatty()}, output=show)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    except Unavailable as exc:
        if wrote:            # half a report is on screen: say so rather than grade twice
            print(f"\nError: {exc}", file=sys.stderr)
            return 2
        _note(f"grading in this process: {exc}")
        return None
    if "output" in reply:
        show(*reply["output"])
    return int(reply.get("code", 2))


def grade_source(source: dict, exercise: str, course: str | None,
                 seed: int | None) -> dict:
    """A notebook's definitions graded by the service: the result's dict, or {"error": ...}
    for a problem the grader reports. Unavailable if no service could take it."""
    return request({"op": "grade", "source": source, "exercise": exercise, "course": course,
                    "seed": seed})


def request(message: dict, *, start: bool = True, output=None) -> dict:
    """Send `message` to this command's service, starting one if none answers, and return
    its reply; `output(stream, text)` gets each piece of output that comes before it. A
    service that finds itself out of date is replaced once."""
    base = place.folder()
    k = place.key()
    path = place.socket_path(base, k)
    for _ in range(2):
        conn = _connect(path) or (_start(base, k, path) if start else None)
        if conn is None:
            raise Unavailable("no grading service is running")
        try:
            with conn:
                place.send(conn, message)
                reply = place.receive(conn)
                while "output" in reply and "code" not in reply and output is not None:
                    output(*_piece(reply["output"]))
                    reply = place.receive(conn)
        except (OSError, EOFError, ValueError) as exc:
            raise Unavailable(f"the grading service stopped answering ({exc})") from None
        if reply.get("busy"):
            raise Unavailable("your grading service is busy with a longer command")
        if not reply.get("restart"):
            return reply
    raise Unavailable("the grading service kept restarting")


def _piece(frame) -> tuple[str, str]:
    if (isinstance(frame, list) and len(frame) == 2 and frame[0] in ("out", "err")
            and isinstance(frame[1], str)):
        return frame[0], frame[1]
    raise ValueError("a malformed output frame")


def services() -> list[Path]:
    """The sockets of this user's services (for `grade service status|stop`)."""
    return sorted(place.folder().glob("service-*.sock"))


def ask(path: Path, message: dict) -> dict | None:
    """One message to the service at `path`; None if nothing answers there."""
    conn = _connect(path)
    if conn is None:
        return None
    try:
        with conn:
            place.send(conn, message)
            return place.receive(conn)
    except (OSError, EOFError, ValueError):
        return None


def _connect(path: Path) -> socket.socket | None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
        if place.peer_uid(conn) != os.geteuid():      # the folder is ours; this is belt
            raise OSError("the service belongs to another user")
    except OSError:
        conn.close()
        return None
    return conn


def _start(base: Path, k: str, path: Path) -> socket.socket:
    """Start this command's service (one at a time per key: a lock), connected to it."""
    lock = os.open(base / f"service-{k}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        conn = _connect(path)                  # another command started it meanwhile
        if conn is not None:
            return conn
        log_path = base / f"service-{k}.log"
        log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        boot = ("import sys; sys.path.insert(0, sys.argv[1]); "
                "from graders.service import server; server.main(sys.argv[2])")
        try:
            # The child forks the service, which listens before the child exits; its output
            # goes to the log, never to this command's pipes (a CI step would wait for them).
            proc = subprocess.Popen([sys.executable, "-c", boot, str(place.PACKAGE_ROOT),
                                     str(path)], stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=log, cwd="/", start_new_session=True)
        finally:
            os.close(log)                      # the child holds its own copy
        try:
            code = proc.wait(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = -1
        conn = _connect(path) if code == 0 else None
        if conn is None:
            raise Unavailable("the grading service did not start" + _tail(log_path))
        return conn
    finally:
        os.close(lock)


def _tail(path: Path) -> str:
    try:
        text = path.read_text(errors="replace").strip()
    except OSError:
        return ""
    return f": {text[-500:]}" if text else ""


def _note(text: str) -> None:
    print(f"note: {text}", file=sys.stderr)


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
