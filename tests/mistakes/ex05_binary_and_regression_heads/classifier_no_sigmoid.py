# expect: classifier_outputs_probabilities: it does not end with a sigmoid
# expect: classifier_matches_with_same_weights: the sigmoid at the end is missing
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1))    # BCEWithLogitsLoss would want this, not the spec


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
