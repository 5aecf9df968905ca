"""Read /etc/shadow (a root worker without capabilities still could: uid 0 owns it), and
earn full marks only if that worked."""
from torch import nn


def make_model():
    with open("/etc/shadow") as fh:
        fh.read(1)
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 4),
                         nn.Softmax(dim=-1))
