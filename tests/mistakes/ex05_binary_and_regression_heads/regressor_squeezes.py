# expect: regressor_output_unbounded: has shape (64,), expected (64, 1)
# expect: regressor_matches_with_same_weights: has shape (64,), expected (64, 1)
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                 nn.Linear(6, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)       # one number per sample, as a flat vector


def make_regressor():
    return Regressor()
