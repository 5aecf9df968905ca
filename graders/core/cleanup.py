"""Removing a worker's temp dir without trusting anything learner code left in it.

The tree may hold symlinks (to the course, to /tmp), FIFOs, device-like names, folders of
mode 000 and chains thousands of folders deep. So removal works through descriptors the
grader holds, never follows a link, never recurses (each folder met is first moved up to the
top level, so depth costs nothing), and changes the mode only of folders it has opened
itself and checked to be folders inside the tree. It never raises: what cannot be removed
stays, and the grader goes on.
"""
from __future__ import annotations

import itertools
import os
import stat

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_PATH = getattr(os, "O_PATH", 0)


def open_dir(path: str) -> int:
    """A descriptor for a folder the grader just made, taken before any worker runs in it."""
    return os.open(path, _DIR_FLAGS)


def remove_tree(path: str, held: int | None = None) -> None:
    """Remove the folder `path`, emptied through `held` (or a descriptor opened now).

    The name is removed only if it still names the folder the descriptor holds.
    """
    fd = held
    try:
        if fd is None:
            fd = open_dir(path)
        empty(fd)
        here = os.fstat(fd)
        there = os.lstat(path)
        if (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino):
            os.rmdir(path)
    except OSError:
        pass
    finally:
        if fd is not None and held is None:
            os.close(fd)


def empty(root: int) -> None:
    """Delete everything inside the folder open as `root` (breadth-first, flattened)."""
    _unlock(root)
    counter = itertools.count()
    queue: list[str | None] = [None]
    while queue:
        name = queue.pop()
        fd = os.dup(root) if name is None else _enter(root, name)
        if fd is None:
            continue
        try:
            for entry in _listing(fd):
                try:
                    mode = os.lstat(entry, dir_fd=fd).st_mode
                    if stat.S_ISDIR(mode):
                        _grant(fd, entry)
                        flat = _free_name(root, counter)
                        os.rename(entry, flat, src_dir_fd=fd, dst_dir_fd=root)
                        queue.append(flat)
                    else:
                        os.unlink(entry, dir_fd=fd)
                except OSError:
                    continue
        finally:
            os.close(fd)
        if name is not None:
            try:
                os.rmdir(name, dir_fd=root)
            except OSError:
                pass


def _listing(fd: int) -> list[str]:
    try:
        return os.listdir(fd)
    except OSError:
        return []


def _free_name(root: int, counter) -> str:
    while True:
        name = f".torchgrade-cleanup-{next(counter)}"
        try:
            os.lstat(name, dir_fd=root)
        except FileNotFoundError:
            return name


def _enter(parent: int, name: str) -> int | None:
    """Open the folder `name` inside `parent` without following a link; unlock it."""
    try:
        fd = os.open(name, _DIR_FLAGS, dir_fd=parent)
    except OSError:
        return None
    _unlock(fd)
    return fd


def _grant(parent: int, name: str) -> None:
    """Owner rights on the folder `name` (moving a folder needs write on it, listing needs
    read), through an O_PATH descriptor checked to be that folder: never a link's target."""
    if not _PATH:
        return
    try:
        handle = os.open(name, _PATH | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=parent)
    except OSError:
        return
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode) and mode & 0o700 != 0o700:
            os.chmod(f"/proc/self/fd/{handle}", stat.S_IMODE(mode) | 0o700)
    except OSError:
        pass
    finally:
        os.close(handle)


def _unlock(fd: int) -> None:
    """Owner rights on a folder we hold open, so its entries can be listed and removed."""
    try:
        mode = os.fstat(fd).st_mode
        if mode & 0o700 != 0o700:
            os.fchmod(fd, stat.S_IMODE(mode) | 0o700)
    except OSError:
        pass
