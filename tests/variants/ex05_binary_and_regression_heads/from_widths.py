"""The regressor built in a loop from a list of widths."""
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(in_features=8, out_features=1), nn.Sigmoid())


def make_regressor():
    widths = [11, 20, 12, 6, 1]
    layers = [nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:])]
    return nn.Sequential(*layers)
