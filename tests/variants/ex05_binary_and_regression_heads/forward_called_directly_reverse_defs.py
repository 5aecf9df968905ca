# variant: layers defined last to first, each called as layer.forward(x) (no forward hook fires)
import torch
from torch import nn


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.output = nn.Linear(6, 1)
        self.h3 = nn.Linear(12, 6)
        self.h2 = nn.Linear(20, 12)
        self.h1 = nn.Linear(11, 20)

    def forward(self, x):
        return self.output.forward(self.h3.forward(self.h2.forward(self.h1.forward(x))))


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


def make_regressor():
    return Regressor()
