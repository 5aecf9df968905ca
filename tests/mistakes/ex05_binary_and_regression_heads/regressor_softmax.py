# expect: regressor_output_unbounded: a softmax over a single output is always 1.0
# expect: regressor_matches_with_same_weights: a softmax over a single output is always 1.0
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1),
                         nn.Softmax(dim=1))
