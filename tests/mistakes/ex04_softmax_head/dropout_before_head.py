# expect: matches_reference_with_same_weights: acts only while training
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Dropout(0.2), nn.Linear(12, 6),
                         nn.Linear(6, 4), nn.Softmax(dim=-1))
