# expect: regressor_matches_with_same_weights: not in evaluation mode
import torch
from torch import nn


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                 nn.Linear(6, 1))

    def forward(self, x):
        out = self.net(x)
        if not self.training:
            out = torch.relu(out)         # "clip predictions to valid prices at inference"
        return out


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


def make_regressor():
    return Regressor()
