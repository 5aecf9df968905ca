# expect: regressor_matches_with_same_weights: there is a ReLU between the linear layers
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.ReLU(), nn.Linear(20, 12), nn.ReLU(),
                         nn.Linear(12, 6), nn.ReLU(), nn.Linear(6, 1))
