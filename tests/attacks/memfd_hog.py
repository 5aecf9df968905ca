"""Hold 1.5 GB in memfd files (written, never mapped: RLIMIT_AS would not see them), then
return a correct model."""
import os

from torch import nn

HELD = []


def make_model():
    chunk = b"x" * (32 << 20)
    for i in range(48):
        fd = os.memfd_create(f"hoard{i}")
        os.write(fd, chunk)
        HELD.append(fd)
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 4),
                         nn.Softmax(dim=-1))
