# expect: regressor_output_unbounded: an activation at the end (a ReLU, a softplus) keeps predictions at or above 0
# expect: regressor_matches_with_same_weights: it ends with a ReLU, which clips every negative
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1),
                         nn.ReLU())
