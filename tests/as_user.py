"""Run a command as an unprivileged uid, with this Python install still importable.

`python tests/as_user.py UID CMD...`, as root. The install may sit below a folder that uid
cannot enter (/root here), so the command runs in a private mount namespace where that
folder is covered by a tmpfs holding only the install (graders.worker.privatefs), the way a
root grader's workers see it. The tests use it to run the grader itself as an ordinary user.
"""
from __future__ import annotations

import ctypes
import os
import sys
import sysconfig

from graders.worker import confine, privatefs


def main() -> None:
    uid, command = int(sys.argv[1]), sys.argv[2:]
    # The install, and this checkout (a clone in `mktemp -d` sits in a 0700 folder).
    paths = {sys.prefix, sys.base_prefix, sysconfig.get_paths()["purelib"],
             os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}
    confine._check(confine._lib().unshare(ctypes.c_int(privatefs.CLONE_NEWNS)))
    privatefs._mount(None, "/", None, privatefs.MS_REC | privatefs.MS_PRIVATE)
    for cover, found in privatefs.plan_bridges(sorted(paths), uid, uid):
        privatefs._bridge(cover, found)
    confine.become_user(uid, uid)
    os.environ.update(HOME="/tmp", USER="nobody")
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
