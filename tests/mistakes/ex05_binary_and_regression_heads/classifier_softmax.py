# expect: classifier_outputs_probabilities: a softmax over a single output is always 1.0
# expect: classifier_matches_with_same_weights: it ends with a softmax
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Softmax(dim=-1))


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
