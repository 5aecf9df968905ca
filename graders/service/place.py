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
ENV_KEYS = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "PYTHONUSERBASE",
            "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "LD_LIBRARY_PATH")
MAX_MESSAGE = 256 << 20          # a notebook's source or a class's worth of JUnit fits
_HEADER = struct.Struct(">I")


class Unavailable(Exception):
    """No service can be used here; the command grades in its own process."""


def enabled() -> bool:
    setting = os.environ.get("TORCHGRADE_SERVICE", "on").strip().lower()
    return (setting not in ("0", "off", "no", "false") and sys.platform.startswith("linux")
            and hasattr(socket, "AF_UNIX"))


def folder() -> Path:
    """This user's service folder, made if missing; Unavailable unless it is a real folder
    that this user owns and nobody else can enter."""
    chosen = os.environ.get("TORCHGRADE_SERVICE_DIR")
    if chosen:
        base = Path(chosen)
    elif os.environ.get("XDG_RUNTIME_DIR"):
        base = Path(os.environ["XDG_RUNTIME_DIR"]) / "torchgrade"
    else:
        base = Path(tempfile.gettempdir()) / f"torchgrade-service-{os.geteuid()}"
    try:
        os.mkdir(base, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise Unavailable(f"cannot make {base}: {exc.strerror}") from None
    try:
        info = os.lstat(base)
    except OSError as exc:
        raise Unavailable(f"cannot read {base}: {exc.strerror}") from None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() \
            or info.st_mode & 0o077:
        raise Unavailable(f"{base} is not a folder that only you can open")
    return base


def key() -> str:
    """Which service a command belongs to: this Python, this package, this environment."""
    env = {k: v for k, v in os.environ.items() if k.startswith("TORCHGRADE_") or k in ENV_KEYS}
    blob = json.dumps([sys.executable, str(PACKAGE_ROOT), env], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def socket_path(base: Path, k: str) -> Path:
    path = base / f"service-{k}.sock"
    if len(os.fsencode(path)) > 100:           # sun_path holds 108 bytes
        raise Unavailable(f"the folder {base} has too long a name for a socket")
    return path


def fingerprint(roots) -> str:
    """Every Python file under `roots`, by path, size and modification time: what a process
    that imported them would be stale against."""
    digest = hashlib.sha256()
    for root in roots:
        for top, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    try:
                        info = os.stat(os.path.join(top, name))
                    except OSError:
                        continue
                    digest.update(f"{top}/{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def peer_uid(conn: socket.socket) -> int:
    """The uid of the process at the other end of a Unix socket (the kernel says so)."""
    raw = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", raw)[1]


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
