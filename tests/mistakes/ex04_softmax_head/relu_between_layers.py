# expect: matches_reference_with_same_weights: a ReLU between the linear layers
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.ReLU(), nn.Linear(20, 12), nn.ReLU(),
                         nn.Linear(12, 6), nn.ReLU(), nn.Linear(6, 4), nn.Softmax(dim=-1))
