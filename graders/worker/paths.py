"""The worker's filesystem policy: which paths Landlock lets it read, write or use as devices.

Computed by the trusted side (it knows what to hide: the course, the class, the output) and
applied by the worker to itself in `confine`; kept here, next to that code, so the whole
policy reads in one place.
"""
from __future__ import annotations

import os
import site
import sys
import sysconfig
from pathlib import Path

from graders.worker import confine


def landlock_rules(hidden: list[Path], readable: list[str], device: str,
                   private_shm: bool) -> list[list]:
    """[path, rights] pairs: the interpreter and libraries minus hidden paths, the course's
    data, the devices torch needs on `device`, and a CUDA worker's own /dev/shm."""
    rules = [[p, confine.READ] for p in readable_roots(hidden) + list(readable)]
    rules += [[p, confine.DEVICE] for p in _devices(device)]
    rules += [[p, confine.WRITE] for p in _shm(device, private_shm)]
    return rules


def _is_within(path: Path, parent: Path) -> bool:
    try:
        path.relative_to(parent)
        return True
    except ValueError:
        return False


def readable_roots(hidden: list[Path]) -> list[str]:
    """Paths a worker may read: the interpreter, its packages and system libraries.

    A root that holds a hidden path (the course, the class, the output) is replaced by its
    children, recursively, minus the branch that leads to the hidden path.
    """
    roots = {"/usr", "/lib", "/lib64", "/bin", "/etc", "/opt", "/proc", "/sys"}
    roots.update({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix})
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        roots.add(sysconfig.get_paths().get(key, ""))
    try:
        roots.update(site.getsitepackages())
        roots.add(site.getusersitepackages())
    except AttributeError:
        pass
    for entry in sys.path:                           # e.g. a .pth-added vendor dir
        if entry and os.path.isdir(entry) and "site-packages" in entry:
            roots.add(entry)
    hidden = [h.resolve() for h in hidden]
    out: list[str] = []
    for root in sorted(r for r in roots if r and os.path.exists(r)):
        out.extend(_expand(Path(root).resolve(), hidden))
    return sorted(set(out))


def _expand(root: Path, hidden: list[Path], depth: int = 0) -> list[str]:
    """`root`, or its children minus the branches that lead to a hidden path.

    A root inside a hidden folder (a virtualenv in the course folder) stays readable: an
    allow-rule on it exposes nothing beside it.
    """
    if not any(h == root or _is_within(h, root) for h in hidden):
        return [str(root)]
    if any(h == root for h in hidden):
        return []
    if depth > 12 or not root.is_dir():
        return []
    out = []
    try:
        for child in root.iterdir():
            out.extend(_expand(child, hidden, depth + 1))
    except OSError:
        pass
    return out


def _devices(device: str) -> list[str]:
    paths = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"]
    if device.startswith("cuda"):
        try:
            paths += [f"/dev/{n}" for n in os.listdir("/dev") if n.startswith("nvidia")]
        except OSError:
            pass
        paths.append("/dev/dri")
    return paths


def _shm(device: str, private_shm: bool) -> list[str]:
    """A CUDA worker's own /dev/shm (a private tmpfs); the machine's shared one never."""
    return ["/dev/shm"] if device.startswith("cuda") and private_shm else []
