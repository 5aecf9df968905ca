# expect: single_sample: Dimension out of range
# expect: any_leading_shape: over dimension 1
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                         nn.Linear(6, 4), nn.Softmax(dim=1))
