# expect: rows_are_probabilities: it does not end with a softmax
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                         nn.Softmax(dim=-1), nn.Linear(6, 4))
