"""Hold 1.5 GB in SysV shared-memory segments, made world-readable (they would outlive the
worker, escape RLIMIT_AS and let another learner's worker read them), then return a correct
model."""
import ctypes
import os

from torch import nn

IPC_PRIVATE, IPC_CREAT = 0, 0o1000


def make_model():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    for _ in range(24):
        seg = libc.shmget(IPC_PRIVATE, 64 << 20, IPC_CREAT | 0o666)
        if seg < 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        addr = libc.shmat(seg, None, 0)
        ctypes.memset(addr, 1, 64 << 20)
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 4),
                         nn.Softmax(dim=-1))
