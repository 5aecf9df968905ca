"""Take 1.8 GB through a shared anonymous mapping, which RLIMIT_DATA does not count, touch
every page, then return a correct model: the memory limit must stop it first."""
import mmap

from torch import nn

HOARD = []


def make_model():
    size = 1800 << 20
    area = mmap.mmap(-1, size)
    for offset in range(0, size, mmap.PAGESIZE):
        area[offset] = 1
    HOARD.append(area)
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 4),
                         nn.Softmax(dim=-1))
