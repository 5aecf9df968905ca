"""A worker's private view of the filesystem, set up before any learner code runs.

In a mount namespace of its own (a user namespace too when the grader is not root):
- its temp dir is a tmpfs capped in size and files: the disk cap, and what learner code
  writes there is never visible to the grader, so nothing of it is read or removed by path;
- /dev/shm is a private, capped tmpfs (CUDA workers) instead of the machine's shared one;
- where a Python install lies below a folder the worker's uid may not enter (`/root` when
  the grader is root), a small tmpfs covers that folder and holds only the install,
  bind-mounted at its own path: the worker can import, and sees nothing else of that folder.

The trusted side computes the plan (`plan_bridges`); the worker applies it (`enter`) while it
is still single-threaded and privileged. Standard library only: it runs in the worker.
"""
from __future__ import annotations

import ctypes
import os
import stat

from graders.worker import confine

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    def enc(text: str | None) -> bytes | None:
        return None if text is None else text.encode()

    confine._check(confine._lib().mount(enc(source), enc(target), enc(fstype),
                                        ctypes.c_ulong(flags), enc(data)))


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def plan_bridges(paths: list[str], uid: int, gid: int) -> list[list]:
    """[cover, [paths]]: for each path `uid` cannot reach, the topmost folder that blocks it."""
    covers: dict[str, list[str]] = {}
    for path in paths:
        blocked = None
        parts = os.path.abspath(path).split(os.sep)[1:]
        for i in range(len(parts)):
            ancestor = os.sep + os.sep.join(parts[:i])
            try:
                st = os.stat(ancestor)
            except OSError:
                break
            if not _may_enter(st, uid, gid):
                blocked = ancestor
                break
        if blocked and blocked != path and blocked != os.sep:
            covers.setdefault(blocked, []).append(path)
    out = []
    for cover, found in sorted(covers.items()):
        outer = [p for p in sorted(found)
                 if not any(p != q and p.startswith(q.rstrip(os.sep) + os.sep) for q in found)]
        out.append([cover, outer])
    return out


def _may_enter(st: os.stat_result, uid: int, gid: int) -> bool:
    bits = (st.st_mode >> 6 if st.st_uid == uid else st.st_mode >> 3 if st.st_gid == gid
            else st.st_mode)
    return bool(bits & 0o1)


def enter(plan: dict) -> str:
    """Apply `plan`: tmpdir, disk_bytes, inodes, uid, gid, shm_bytes, bridges. Say what was done.

    Raises OSError when the kernel refuses (no user namespaces, a mount denied); the caller
    then reports the layer as failed and keeps the worker on the plain temp dir.
    """
    euid, egid = os.geteuid(), os.getegid()
    if euid == 0:
        confine._check(confine._lib().unshare(ctypes.c_int(CLONE_NEWNS)))
    else:
        confine._check(confine._lib().unshare(ctypes.c_int(CLONE_NEWUSER | CLONE_NEWNS)))
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{euid} {euid} 1")
        _write("/proc/self/gid_map", f"{egid} {egid} 1")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)      # nothing here propagates outside
    for cover, paths in plan.get("bridges", []):
        _bridge(cover, paths)
    disk_mb = plan["disk_bytes"] >> 20
    _mount("tmpfs", plan["tmpdir"], "tmpfs", MS_NOSUID | MS_NODEV,
           f"size={plan['disk_bytes']},nr_inodes={plan['inodes']},mode=0700,"
           f"uid={plan['uid']},gid={plan['gid']}")
    done = f"private tmpfs of {disk_mb} MiB and {plan['inodes']} files as its folder"
    if euid != 0:
        done += " (in its own user namespace)"
    if plan.get("shm_bytes"):
        _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
               f"size={plan['shm_bytes']},mode=1777")
        done += f", private /dev/shm of {plan['shm_bytes'] >> 20} MiB"
    if plan.get("bridges"):
        done += ", " + ", ".join(c for c, _ in plan["bridges"]) + " hidden but for Python"
    return done


def _bridge(cover: str, paths: list[str]) -> None:
    """Cover `cover` with a tmpfs that holds only `paths`, bind-mounted where they were."""
    held = []
    try:
        for path in paths:
            held.append((path, os.open(path, os.O_PATH | os.O_CLOEXEC)))
        _mount("tmpfs", cover, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
        for path, fd in held:
            parent = cover
            for part in os.path.relpath(os.path.dirname(path), cover).split(os.sep):
                if part in ("", "."):
                    continue
                parent = os.path.join(parent, part)
                if not os.path.isdir(parent):
                    os.mkdir(parent)
                    os.chmod(parent, 0o755)
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                os.mkdir(path)
            else:
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o644))
            os.chmod(path, 0o755)
            _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
    finally:
        for _, fd in held:
            os.close(fd)
