# expect: regressor_layers: `nn.ModuleList`
import torch
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1)]

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def make_regressor():
    return Regressor()
