"""`torch.special.expit` (the sigmoid's other name); the regressor's layers folded with reduce."""
from functools import reduce
from itertools import pairwise

import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.score = nn.Linear(8, 1)

    def forward(self, x):
        return torch.special.expit(self.score(x))


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise([11, 20, 12, 6, 1]))

    def forward(self, x):
        return reduce(lambda h, layer: layer(h), self.layers, x)


def make_binary_classifier():
    return Classifier()


def make_regressor():
    return Regressor()
