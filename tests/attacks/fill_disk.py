"""Write 1 GiB into the worker's folder in files under the per-file limit, then return a
correct model: the folder's size cap must stop it."""
from torch import nn


def make_model():
    chunk = b"\0" * (32 << 20)
    for i in range(32):
        with open(f"fill{i}.bin", "wb") as fh:
            fh.write(chunk)
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 4),
                         nn.Softmax(dim=-1))
