# expect: layer_widths_match_spec: (11 -> 20), (20 -> 10), (10 -> 6), (6 -> 4)
# expect: layer_widths_match_spec: layer 2 is 20 -> 10
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 10), nn.Linear(10, 6),
                         nn.Linear(6, 4), nn.Softmax(dim=-1))
