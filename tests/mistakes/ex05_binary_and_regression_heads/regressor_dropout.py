# expect: regressor_matches_with_same_weights: acts only while training
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Dropout(0.1), nn.Linear(20, 12), nn.Linear(12, 6),
                         nn.Linear(6, 1))
