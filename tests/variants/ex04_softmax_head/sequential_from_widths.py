"""Layers built in a loop from the widths, with an OrderedDict of names."""
from collections import OrderedDict

from torch import nn

WIDTHS = [11, 20, 12, 6, 4]


def make_model():
    layers = OrderedDict(
        (f"fc{i}", nn.Linear(a, b)) for i, (a, b) in enumerate(zip(WIDTHS, WIDTHS[1:])))
    layers["probs"] = nn.Softmax(dim=len(WIDTHS) - 6)   # -1
    return nn.Sequential(layers)
