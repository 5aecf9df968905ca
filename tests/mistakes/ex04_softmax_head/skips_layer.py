# expect: layer_widths_match_spec: layer 3 is 12 -> 4 where the spec has 12 -> 6
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 4),
                         nn.Softmax(dim=-1))
