"""Confinement a worker applies to itself before it runs any learner code.

Layers, each reported as active or not (the report travels back in the worker's first frame):
- a private mount namespace: the worker's temp dir and /dev/shm are size-capped tmpfs mounts
  only it can see (the disk cap; the grader never sees what learner code wrote there), and
  where a Python install sits below a folder the worker's uid cannot enter (/root), a tmpfs
  over that folder holds only the bind-mounted install;
- rlimits: CPU seconds, address space (all memory, shared mappings too), file size,
  open files, processes (not enforced for uid 0 by the kernel; seccomp covers that case);
- privileges: a root grader's worker becomes an unprivileged uid of its own (see
  sandbox.worker_identity); where that is impossible it drops every capability and locks
  securebits, so "root" inside owns files but cannot override permissions;
- Landlock (Linux >= 5.13): read-only access to what Python and torch need, read-write to the
  worker's temp dir, nothing else (not the course, not other learners, not /tmp); ABI 4+ also
  denies TCP bind/connect, ABI 6+ scopes signals and abstract Unix sockets;
- seccomp: no sockets at all (Landlock misses UDP and Unix sockets), no new processes (threads
  are allowed), no ptrace/namespaces/mounts/bpf, no memfd (memory RLIMIT_AS would not see),
  signals, prlimit and scheduling calls only on the worker itself.

This module runs in the untrusted process and imports only the standard library.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys

try:
    import resource
except ImportError:  # Windows
    resource = None

_libc = None


def _lib():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.syscall.restype = ctypes.c_long
        _libc.prctl.restype = ctypes.c_int
    return _libc


def _check(res: int) -> int:
    if res < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return res


def _syscall(nr: int, *args) -> int:
    return _check(_lib().syscall(ctypes.c_long(nr), *args))


def _prctl(option: int, arg2: int = 0, arg3: int = 0, arg4: int = 0, arg5: int = 0) -> int:
    return _check(_lib().prctl(ctypes.c_int(option), ctypes.c_ulong(arg2), ctypes.c_ulong(arg3),
                               ctypes.c_ulong(arg4), ctypes.c_ulong(arg5)))


PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36
PR_CAPBSET_DROP = 24
PR_SET_SECUREBITS = 28
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent goes (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        _prctl(PR_SET_PDEATHSIG, 9)
        return True
    except OSError:
        return False


def become_subreaper() -> bool:
    """Adopt orphaned descendants, so a setsid grandchild can still be found and killed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
        return True
    except OSError:
        return False


# ----------------------------------------------------------------------------- rlimits
def apply_rlimits(*, cpu_seconds: int, memory_bytes: int, file_bytes: int,
                  open_files: int, processes: int) -> dict:
    """Lower this process's limits; return which were set."""
    if resource is None:
        return {"rlimits": "unavailable on this OS"}
    done = {}

    def lower(name: str, value: int, grace: int = 0) -> None:
        which = getattr(resource, name, None)
        if which is None:
            return
        soft, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        top = value + grace if hard == resource.RLIM_INFINITY else min(value + grace, hard)
        try:
            resource.setrlimit(which, (value, top))
            done[name] = value
        except (ValueError, OSError):
            pass

    # The soft CPU limit sends SIGXCPU (reported as the CPU limit); the hard one, a little
    # later, SIGKILL for code that catches SIGXCPU.
    lower("RLIMIT_CPU", cpu_seconds, grace=2)
    if memory_bytes:
        # RLIMIT_DATA misses shared mappings (an anonymous shared mmap reached 1.8 GB under
        # a 256 MB limit); RLIMIT_AS counts every mapping. Its budget comes on top of what the
        # process already maps (torch), plus AS_MARGIN for what torch maps lazily (thread
        # stacks, allocator arenas) before learner code allocates anything.
        lower("RLIMIT_DATA", _current_bytes("VmData") + memory_bytes)
        lower("RLIMIT_AS", _current_bytes("VmSize") + memory_bytes + AS_MARGIN)
    lower("RLIMIT_FSIZE", file_bytes)
    lower("RLIMIT_NOFILE", open_files)
    if processes:
        lower("RLIMIT_NPROC", processes)
    lower("RLIMIT_CORE", 0)
    return done


# Measured here: a forked worker running the ex04 and ex09 references mapped at most 8 MiB
# more than at the fork. The margin leaves room for what torch may start lazily on other
# machines: a thread's stack is 8 MiB of address space, a malloc arena 64 MiB.
AS_MARGIN = 256 << 20


def _current_bytes(field: str) -> int:
    """A /proc/self/status size (VmData, VmSize) in bytes: the budget comes on top."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# ----------------------------------------------------------------------------- capabilities
def drop_root_capabilities() -> str:
    """If running as root, drop every capability for good; say what was done."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not root"
    if not sys.platform.startswith("linux"):
        return "root, cannot drop capabilities on this OS"
    drop_capabilities()
    return "root without capabilities"


def become_user(uid: int, gid: int) -> str:
    """Leave root for `uid`/`gid` for good (no supplementary groups); say what was done."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or 0 in os.getresgid():
        raise OSError(errno.EPERM, "the uid switch did not take")
    return f"uid {uid} (unprivileged)"


def drop_capabilities() -> None:
    """Drop every capability this process holds (as root, or in its own user namespace)."""
    last = 40
    try:
        with open("/proc/sys/kernel/cap_last_cap") as fh:
            last = int(fh.read())
    except OSError:
        pass
    # NOROOT, NO_SETUID_FIXUP, KEEP_CAPS off, NO_CAP_AMBIENT_RAISE: each with its lock bit.
    securebits = 0x1 | 0x2 | 0x4 | 0x8 | 0x20 | 0x40 | 0x80
    _prctl(PR_SET_SECUREBITS, securebits)
    for cap in range(last + 1):
        try:
            _prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            pass
    try:
        _prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    except OSError:
        pass
    header = struct.pack("=Ii", 0x20080522, 0)       # _LINUX_CAPABILITY_VERSION_3, this thread
    data = bytes(24)                                  # effective, permitted, inheritable: none
    hbuf, dbuf = ctypes.create_string_buffer(header), ctypes.create_string_buffer(data)
    _syscall(_SYSCALLS["capset"], hbuf, dbuf)
    with open("/proc/self/status") as fh:
        eff = next(line for line in fh if line.startswith("CapEff:")).split()[1]
    if int(eff, 16) != 0:
        raise OSError(errno.EPERM, "capabilities still present after capset")


# ----------------------------------------------------------------------------- landlock
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_REMOVE_DIR, FS_REMOVE_FILE, FS_MAKE_CHAR, FS_MAKE_DIR = 16, 32, 64, 128
FS_MAKE_REG, FS_MAKE_SOCK, FS_MAKE_FIFO, FS_MAKE_BLOCK = 256, 512, 1024, 2048
FS_MAKE_SYM, FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 4096, 8192, 16384, 32768
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2

_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
WRITE = (READ | FS_WRITE_FILE | FS_REMOVE_DIR | FS_REMOVE_FILE | FS_MAKE_DIR | FS_MAKE_REG
         | FS_MAKE_SYM | FS_MAKE_FIFO | FS_TRUNCATE | FS_REFER)
DEVICE = FS_READ_FILE | FS_WRITE_FILE | FS_IOCTL_DEV | FS_TRUNCATE


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 where there is none."""
    if not sys.platform.startswith("linux") or _SYSCALLS is None:
        return 0
    try:
        return _syscall(_SYSCALLS["landlock_create_ruleset"], None, ctypes.c_size_t(0),
                        ctypes.c_uint32(1))
    except OSError:
        return 0


def _abi_mask(abi: int) -> int:
    mask = (FS_REFER << 1) - 1 if abi >= 2 else FS_REFER - 1
    if abi >= 3:
        mask |= FS_TRUNCATE
    if abi >= 5:
        mask |= FS_IOCTL_DEV
    return mask


def apply_landlock(rules: list[tuple[str, int]]) -> str:
    """Allow only `rules` (path, rights) on the filesystem, and no TCP; say what was done."""
    abi = landlock_abi()
    if abi < 1:
        return "unavailable (kernel without Landlock)"
    handled_fs = _abi_mask(abi)
    handled_net = NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0
    attr = struct.pack("=QQQ", handled_fs, handled_net, scoped)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    buf = ctypes.create_string_buffer(attr[:size], size)
    ruleset = _syscall(_SYSCALLS["landlock_create_ruleset"], buf, ctypes.c_size_t(size),
                       ctypes.c_uint32(0))
    try:
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # a path this machine does not have
            try:
                if not os.path.isdir(path):
                    rights &= _FILE_RIGHTS
                rule = ctypes.create_string_buffer(struct.pack("=Qi", rights & handled_fs, fd), 12)
                _syscall(_SYSCALLS["landlock_add_rule"], ctypes.c_int(ruleset), ctypes.c_int(1),
                         rule, ctypes.c_uint32(0))
            finally:
                os.close(fd)
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        _syscall(_SYSCALLS["landlock_restrict_self"], ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        os.close(ruleset)
    extra = []
    if handled_net:
        extra.append("no TCP")
    if scoped:
        extra.append("signals scoped")
    return f"active (ABI {abi}{', ' if extra else ''}{', '.join(extra)})"


# ----------------------------------------------------------------------------- seccomp
_TABLES = {
    "x86_64": dict(
        arch=0xC000003E, x32=True, socket=41, fork=57, vfork=58, clone=56, clone3=435,
        kill=62, tkill=200, tgkill=234, rt_sigqueueinfo=129, rt_tgsigqueueinfo=297,
        pidfd_send_signal=424, ptrace=101, process_vm_readv=310, process_vm_writev=311,
        unshare=272, setns=308, mount=165, umount2=166, pivot_root=155, chroot=161,
        keyctl=250, add_key=248, request_key=249, bpf=321, perf_event_open=298,
        userfaultfd=323, io_uring_setup=425, kexec_load=246, init_module=175,
        finit_module=313, personality=135, capset=126, memfd_create=319, memfd_secret=447,
        prlimit64=302, sched_setparam=142, sched_setscheduler=144, sched_setaffinity=203,
        sched_setattr=314, setpriority=141, ioprio_set=251, migrate_pages=256,
        move_pages=279, set_mempolicy_home_node=450, process_madvise=440, kcmp=312,
        pidfd_getfd=438, landlock_create_ruleset=444,
        landlock_add_rule=445, landlock_restrict_self=446, seccomp=317,
        open_tree=428, move_mount=429, fsopen=430, fsmount=432,
        shmget=29, shmat=30, shmctl=31, semget=64, semop=65, semctl=66, semtimedop=220,
        msgget=68, msgsnd=69, msgrcv=70, msgctl=71),
    "aarch64": dict(
        arch=0xC00000B7, x32=False, socket=198, fork=None, vfork=None, clone=220, clone3=435,
        kill=129, tkill=130, tgkill=131, rt_sigqueueinfo=138, rt_tgsigqueueinfo=240,
        pidfd_send_signal=424, ptrace=117, process_vm_readv=270, process_vm_writev=271,
        unshare=97, setns=268, mount=40, umount2=39, pivot_root=41, chroot=51,
        keyctl=219, add_key=217, request_key=218, bpf=280, perf_event_open=241,
        userfaultfd=282, io_uring_setup=425, kexec_load=104, init_module=105,
        finit_module=273, personality=92, capset=91, memfd_create=279, memfd_secret=447,
        prlimit64=261, sched_setparam=118, sched_setscheduler=119, sched_setaffinity=122,
        sched_setattr=274, setpriority=140, ioprio_set=30, migrate_pages=238,
        move_pages=239, set_mempolicy_home_node=450, process_madvise=440, kcmp=272,
        pidfd_getfd=438, landlock_create_ruleset=444,
        landlock_add_rule=445, landlock_restrict_self=446, seccomp=277,
        open_tree=428, move_mount=429, fsopen=430, fsmount=432,
        shmget=194, shmat=196, shmctl=195, semget=190, semop=193, semctl=191,
        semtimedop=192, msgget=186, msgsnd=189, msgrcv=188, msgctl=187),
}
_SYSCALLS = _TABLES.get(platform.machine()) if sys.platform.startswith("linux") else None

_DENIED = ("socket", "fork", "vfork", "tkill", "pidfd_send_signal", "ptrace",
           "process_vm_readv", "process_vm_writev", "unshare", "setns", "mount", "umount2",
           "pivot_root", "chroot", "keyctl", "add_key", "request_key", "bpf",
           "perf_event_open", "userfaultfd", "io_uring_setup", "kexec_load", "init_module",
           "finit_module", "personality", "open_tree", "move_mount", "fsopen", "fsmount",
           "memfd_create", "memfd_secret", "setpriority", "ioprio_set", "migrate_pages",
           "move_pages", "set_mempolicy_home_node", "process_madvise", "kcmp", "pidfd_getfd",
           # SysV IPC: segments and queues outlive the worker, escape RLIMIT_AS and, made
           # world-readable, would let one learner's worker talk to another's.
           "shmget", "shmat", "shmctl", "semget", "semop", "semctl", "semtimedop",
           "msgget", "msgsnd", "msgrcv", "msgctl")
# Calls that name a process in their first argument: allowed only on the worker itself (its
# pid, or 0). Other workers may share its uid, and the kernel lets a uid signal, re-limit
# (prlimit: a sibling's RLIMIT_FSIZE set to 0 failed its every print) or re-schedule its
# own processes.
_SIGNAL_BY_PID = ("kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "prlimit64",
                  "sched_setparam", "sched_setscheduler", "sched_setaffinity", "sched_setattr")
CLONE_THREAD = 0x00010000
RET_ALLOW, RET_KILL = 0x7FFF0000, 0x80000000


def _ret_errno(err: int) -> int:
    return 0x00050000 | err


def _bpf_program(table: dict, pid: int) -> list[tuple[int, int, int, int]]:
    """A classic-BPF seccomp filter; instructions are (code, jt, jf, k)."""
    LD, JEQ, JSET, JGE, RET = 0x20, 0x15, 0x45, 0x35, 0x06
    prog: list[tuple[int, int, int, int]] = [
        (LD, 0, 0, 4),                                 # arch
        (JEQ, 1, 0, table["arch"]),
        (RET, 0, 0, RET_KILL),
        (LD, 0, 0, 0),                                 # syscall number
    ]
    if table["x32"]:
        prog += [(JGE, 0, 1, 0x40000000), (RET, 0, 0, _ret_errno(errno.EPERM))]
    checks = []  # (syscall nr, action label)
    for name in _DENIED:
        if table.get(name) is not None:
            checks.append((table[name], "deny"))
    checks.append((table["clone3"], "nosys"))          # glibc then falls back to clone
    checks.append((table["clone"], "clone"))
    for name in _SIGNAL_BY_PID:
        checks.append((table[name], "self"))
    # Layout: one JEQ per syscall jumping to a shared tail block per action.
    tails = ["deny", "nosys", "clone", "self"]
    tail_len = {"deny": 1, "nosys": 1, "clone": 4, "self": 6}
    body_end = len(prog) + len(checks) + 1             # index of the first tail (after allow)
    starts, pos = {}, body_end
    for label in tails:
        starts[label] = pos
        pos += tail_len[label]
    for nr, label in checks:
        here = len(prog)
        prog.append((JEQ, starts[label] - here - 1, 0, nr))
    prog.append((RET, 0, 0, RET_ALLOW))
    neg = (-pid) & 0xFFFFFFFF
    prog += [(RET, 0, 0, _ret_errno(errno.EPERM))]                         # deny
    prog += [(RET, 0, 0, _ret_errno(errno.ENOSYS))]                        # nosys
    prog += [(LD, 0, 0, 16),                                               # clone: flags
             (JSET, 1, 0, CLONE_THREAD),
             (RET, 0, 0, _ret_errno(errno.EPERM)),
             (RET, 0, 0, RET_ALLOW)]
    prog += [(LD, 0, 0, 16),                                               # self: pid arg
             (JEQ, 3, 0, pid),
             (JEQ, 2, 0, 0),
             (JEQ, 1, 0, neg),
             (RET, 0, 0, _ret_errno(errno.EPERM)),
             (RET, 0, 0, RET_ALLOW)]
    return prog


def apply_seccomp() -> str:
    """Install the filter for this process (and threads it starts later)."""
    if _SYSCALLS is None:
        return f"unavailable (no syscall table for {sys.platform}/{platform.machine()})"
    prog = _bpf_program(_SYSCALLS, os.getpid())
    raw = b"".join(struct.pack("=HBBI", *ins) for ins in prog)
    filt = ctypes.create_string_buffer(raw, len(raw))
    fprog = struct.pack("@HP", len(prog), ctypes.addressof(filt))
    fbuf = ctypes.create_string_buffer(fprog, len(fprog))
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _syscall(_SYSCALLS["seccomp"], ctypes.c_uint(1), ctypes.c_uint(1), fbuf)  # FILTER, TSYNC
    return ("active (no sockets, no new processes, no memfd, no SysV IPC; signals, limits "
            "and scheduling of itself only)")
