# expect: classifier_layers: returned the same model
# expect: regressor_layers: returned the same model
import torch
from torch import nn


_CLASSIFIER = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())
_REGRESSOR = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))


def make_binary_classifier():
    return _CLASSIFIER


def make_regressor():
    return _REGRESSOR
