# expect: layer_widths_match_spec: have widths 11 -> 20 -> 10 -> 6 -> 4
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 10), nn.Linear(10, 6),
                         nn.Linear(6, 4), nn.Softmax(dim=-1))
