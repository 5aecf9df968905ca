"""Where a user's grading services listen, which one a command belongs to, and the framing.

Standard library only: the client imports this before deciding whether to import anything
heavy.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import struct
import sys
import tempfile
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]   # the folder holding `graders/`
SOURCE_ROOTS = (PACKAGE_ROOT / "graders", PACKAGE_ROOT / "torchgrade")
# What a grading run reads from its environment (beyond TORCHGRADE_*): commands that differ
# in any of these get services of their own.
ENV_KEYS = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "PYTHONPATH", "PYTHONUSERBASE",
            "OMP_NUM_THREADS", "MKL_NUM_THREADS", "CUDA_VISIBLE_DEVICES",
            "NVIDIA_VISIBLE_DEVICES", "LD_LIBRARY_PATH")
MAX_MESSAGE = 256 << 20          # a notebook's source or a class's worth of JUnit fits
IDLE_SECONDS = 600.0
_HEADER = struct.Struct(">I")


class Unavailable(Exception):
    """No service can be used here; the command grades in its own process."""


def enabled() -> bool:
    setting = os.environ.get("TORCHGRADE_SERVICE", "on").strip().lower()
    return (setting not in ("0", "off", "no", "false") and sys.platform.startswith("linux")
            and hasattr(socket, "AF_UNIX"))


def idle_seconds() -> float:
    text = os.environ.get("TORCHGRADE_SERVICE_IDLE") or str(IDLE_SECONDS)
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < 1e7:
        raise Unavailable(f"TORCHGRADE_SERVICE_IDLE={text!r} is not a number of seconds")
    return value


class Folder:
    """This user's service folder, held open: every name in it is reached through the
    descriptor (`at`, `dir_fd=`), so swapping the folder or a name in it for a link after
    the check reaches nothing else."""

    def __init__(self, fd: int, path: Path):
        self.fd, self.path = fd, path

    @classmethod
    def open(cls) -> "Folder":
        """Made if missing; Unavailable unless it is a real folder this user owns and
        nobody else can enter, in a parent nobody else can swap it in."""
        base = _chosen_folder()
        try:
            os.mkdir(base, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise Unavailable(f"cannot make {base}: {exc.strerror}") from None
        try:
            fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as exc:
            raise Unavailable(f"{base} is not a folder that only you can open "
                              f"({exc.strerror})") from None
        info = os.fstat(fd)
        parent = os.stat(base.parent)
        euid = os.geteuid()
        swappable = parent.st_uid not in (euid, 0) or (
            parent.st_mode & 0o022 and not parent.st_mode & stat.S_ISVTX)
        if info.st_uid != euid or info.st_mode & 0o077 or swappable:
            os.close(fd)
            raise Unavailable(f"{base} is not a folder that only you can open")
        return cls(fd, base)

    def at(self, name: str) -> str:
        """A path to `name` in this folder that goes through the open descriptor."""
        return f"/proc/self/fd/{self.fd}/{name}"

    def names(self, pattern: str) -> list[str]:
        import fnmatch
        return sorted(n for n in os.listdir(self.fd) if fnmatch.fnmatch(n, pattern))

    def close(self) -> None:
        os.close(self.fd)

    def __enter__(self) -> "Folder":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _chosen_folder() -> Path:
    chosen = os.environ.get("TORCHGRADE_SERVICE_DIR")
    if chosen:
        return Path(os.path.abspath(chosen))
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime):
        return Path(runtime) / "torchgrade"
    return Path(tempfile.gettempdir()).resolve() / f"torchgrade-service-{os.geteuid()}"


def key() -> str:
    """Which service a command belongs to: this Python, this package, this environment, this
    view of the file system (a command in another mount namespace or root names other
    files by the same paths)."""
    env = {k: v for k, v in os.environ.items() if k.startswith("TORCHGRADE_") or k in ENV_KEYS}
    blob = json.dumps([sys.executable, str(PACKAGE_ROOT), env, namespace()], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def namespace(pid: int | str = "self") -> list | None:
    """The mount namespace and root directory of process `pid`; None if unreadable."""
    try:
        root = os.stat(f"/proc/{pid}/root")
        return [os.readlink(f"/proc/{pid}/ns/mnt"), root.st_dev, root.st_ino]
    except OSError:
        return None


def socket_name(k: str) -> str:
    return f"service-{k}.sock"


def fingerprint(roots, every_file: bool = False) -> str:
    """The files under `roots` (Python files, or `every_file`), by path, inode, size and
    change time: what a process that read them would be stale against. ctime moves on any
    write, whatever the modification time is set back to."""
    digest = hashlib.sha256()
    for root in roots:
        for top, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if every_file or name.endswith(".py"):
                    _stamp(digest, os.path.join(top, name))
    return digest.hexdigest()


def stamp(paths) -> str:
    """The same for single files (the installed torch and numpy a service imported)."""
    digest = hashlib.sha256()
    for path in paths:
        _stamp(digest, path)
    return digest.hexdigest()


def _stamp(digest, path: str) -> None:
    try:
        info = os.stat(path)
    except OSError:
        digest.update(f"{path}:missing\n".encode())
        return
    digest.update(f"{path}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:"
                  f"{info.st_ctime_ns}\n".encode())


def peer(conn: socket.socket) -> tuple[int, int]:
    """(pid, uid) of the process at the other end of a Unix socket, as the kernel says."""
    raw = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid, uid, _ = struct.unpack("3i", raw)
    return pid, uid


def send(conn: socket.socket, message: dict) -> None:
    data = json.dumps(message).encode()
    conn.sendall(_HEADER.pack(len(data)) + data)


def receive(conn: socket.socket) -> dict:
    """One message; EOFError when the other side closed first."""
    (size,) = _HEADER.unpack(_exactly(conn, _HEADER.size))
    if size > MAX_MESSAGE:
        raise ValueError(f"a message of {size} bytes is over the limit")
    message = json.loads(_exactly(conn, size))
    if not isinstance(message, dict):
        raise ValueError("a message is not a JSON object")
    return message


def _exactly(conn: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = conn.recv(min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)
