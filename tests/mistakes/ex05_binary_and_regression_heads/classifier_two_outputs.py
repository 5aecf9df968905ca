# expect: classifier_layers: layer 1 is 8 -> 2 where the spec has 8 -> 1
# expect: classifier_matches_with_same_weights: which do not match the spec's layers
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 2), nn.Softmax(dim=-1))   # two classes, two outputs


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
