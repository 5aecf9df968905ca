# expect: matches_reference_with_same_weights: a sigmoid where a softmax
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                         nn.Linear(6, 4), nn.Sigmoid())
