# expect: any_leading_shape: should sum to 1
# expect: any_leading_shape: without `dim` picks dimension 0
# note: without `dim` guesses
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                         nn.Linear(6, 4), nn.Softmax())
